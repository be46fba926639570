import { withRls } from '#server/db/index.ts';
import { listUpcomingSessions } from '#server/sessions/queries.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
  sessions: await withRls(locals.claims, (tx) => listUpcomingSessions(tx))
});
