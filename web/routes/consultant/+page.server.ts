import { withRls } from '#server/db/index.ts';
import { getOwnConsultant, listConsultantSessions } from '#server/sessions/queries.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const claims = locals.claims!; // the hooks guard admits only signed-in consultants here
  return withRls(claims, async (tx) => {
    const consultant = await getOwnConsultant(tx, claims.sub);
    return { consultant: consultant ?? null, sessions: consultant ? await listConsultantSessions(tx, consultant.id) : [] };
  });
};
