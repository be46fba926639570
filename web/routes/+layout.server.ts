import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
  user: locals.claims ? { email: locals.claims.email, role: locals.role } : null
});
