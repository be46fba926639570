import { portalOverview } from '#server/consultant-portal/index.ts';
import type { PageServerLoad } from './$types';

// The hooks guard admits only signed-in consultants here; RLS decides what is theirs.
export const load: PageServerLoad = async ({ locals }) => portalOverview(locals.claims!);
