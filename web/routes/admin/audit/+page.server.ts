import { AUDIT_PAGE_SIZE, parseAuditFilters } from '#lib/schemas/audit-filters.ts';
import { listAuditEntries } from '#server/audit/index.ts';
import { withRls } from '#server/db/index.ts';
import type { PageServerLoad } from './$types';

// The hooks guard limits /admin to admins; RLS lets only admins read audit_log as well.
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
  const parsed = parseAuditFilters(url.searchParams);
  setHeaders({ 'cache-control': 'private, no-store' });
  if (!parsed.ok) return { filters: null, errors: parsed.errors, entries: [], hasNext: false };
  const { entries, hasNext } = await withRls(locals.claims, (tx) => listAuditEntries(tx, parsed.filters, AUDIT_PAGE_SIZE));
  return { filters: parsed.filters, errors: [], entries, hasNext };
};
