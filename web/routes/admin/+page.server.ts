import { FUNNEL_DAYS, programOverview } from '#server/dashboard/overview.ts';
import { withRls } from '#server/db/index.ts';
import type { PageServerLoad } from './$types';

// The hooks guard already limits /admin to role admin; RLS enforces it again in the database.
export const load: PageServerLoad = async ({ locals }) => {
  const overview = await withRls(locals.claims, (tx) => programOverview(tx));
  return { overview, funnelDays: FUNNEL_DAYS, zone: overview.zone };
};
