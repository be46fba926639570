/**
 * The audit page's filter query string. One schema for the page, the service and the tests; messages
 * are built per request so they come out in the page language.
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_MAX_PAGE = 1000;

export const AUDIT_PARAMS = ['action', 'actor', 'entity', 'entityId', 'from', 'to', 'page'] as const;
type Key = (typeof AUDIT_PARAMS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (value: string) => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

export const auditFiltersSchema = () =>
  v.pipe(
    v.object({
      action: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z_.]{1,100}$/, m.audit_error_action()))),
      actor: v.optional(v.pipe(v.string(), v.trim(), v.regex(UUID, m.audit_error_actor()))),
      entity: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z_]{1,50}$/, m.audit_error_entity()))),
      entityId: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, m.audit_error_entity_id()))),
      from: v.optional(v.pipe(v.string(), v.check(validDate, m.audit_error_date({ field: 'from' })))),
      to: v.optional(v.pipe(v.string(), v.check(validDate, m.audit_error_date({ field: 'to' })))),
      page: v.optional(
        v.pipe(
          v.string(),
          v.regex(/^\d{1,4}$/, m.audit_error_page({ max: AUDIT_MAX_PAGE })),
          v.transform(Number),
          v.minValue(1, m.audit_error_page({ max: AUDIT_MAX_PAGE })),
          v.maxValue(AUDIT_MAX_PAGE, m.audit_error_page({ max: AUDIT_MAX_PAGE }))
        ),
        '1'
      )
    }),
    v.check((f) => !f.from || !f.to || f.from <= f.to, m.audit_error_range())
  );

export type AuditFilters = v.InferOutput<ReturnType<typeof auditFiltersSchema>>;

export type AuditFilterResult = { ok: true; filters: AuditFilters } | { ok: false; errors: string[] };

/** Reads the filters from a query string; empty values count as absent. */
export function parseAuditFilters(params: URLSearchParams): AuditFilterResult {
  const raw: Record<string, string> = {};
  for (const key of AUDIT_PARAMS) {
    const value = params.get(key);
    if (value !== null && value.trim() !== '') raw[key] = value;
  }
  const result = v.safeParse(auditFiltersSchema(), raw);
  if (!result.success) return { ok: false, errors: [...new Set(result.issues.map((issue) => issue.message))] };
  return { ok: true, filters: result.output };
}

/** The query string for `filters` with `changes` applied (page 1 left out). */
export function auditFiltersToSearch(filters: Partial<AuditFilters>, changes: Partial<AuditFilters> = {}): string {
  const merged = { ...filters, ...changes };
  const out = new URLSearchParams();
  for (const key of AUDIT_PARAMS as readonly Key[]) {
    const value = merged[key];
    if (value === undefined || value === '' || (key === 'page' && value === 1)) continue;
    out.set(key, String(value));
  }
  const text = out.toString();
  return text ? `?${text}` : '';
}
