/** The admin session list's filters (query string): status, upcoming/past, search, page. */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';

export const SESSION_STATUSES = ['draft', 'published', 'live', 'completed', 'cancelled'] as const;
export const SESSION_WHEN = ['upcoming', 'past', 'all'] as const;
export const SESSION_PAGE_SIZE = 25;
export const SESSION_FILTER_PARAMS = ['status', 'when', 'q', 'page'] as const;

const schema = () =>
  v.object({
    status: v.optional(v.picklist(SESSION_STATUSES, m.adminsession_error_filter({ param: 'status' }))),
    when: v.optional(v.picklist(SESSION_WHEN, m.adminsession_error_filter({ param: 'when' })), 'upcoming'),
    q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, m.adminsession_error_filter({ param: 'q' })))),
    page: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^\d{1,4}$/, m.adminsession_error_filter({ param: 'page' })),
        v.transform(Number),
        v.minValue(1, m.adminsession_error_filter({ param: 'page' }))
      ),
      '1'
    )
  });

export type SessionFilters = v.InferOutput<ReturnType<typeof schema>>;

/** Reads the filters from a URL; empty values count as absent. */
export function parseSessionFilters(
  params: URLSearchParams
): { ok: true; filters: SessionFilters } | { ok: false; errors: string[] } {
  const raw: Record<string, string> = {};
  for (const param of SESSION_FILTER_PARAMS) {
    const value = params.get(param);
    if (value && value.trim() !== '') raw[param] = value;
  }
  const result = v.safeParse(schema(), raw);
  return result.success ? { ok: true, filters: result.output } : { ok: false, errors: result.issues.map((i) => i.message) };
}

/** The query string for `filters` with `changes` applied (defaults left out). */
export function sessionFiltersToSearch(filters: Partial<SessionFilters>, changes: Partial<SessionFilters> = {}): string {
  const merged = { ...filters, ...changes };
  const out = new URLSearchParams();
  for (const param of SESSION_FILTER_PARAMS) {
    const value = merged[param];
    if (value === undefined || value === '' || (param === 'page' && value === 1) || (param === 'when' && value === 'upcoming'))
      continue;
    out.set(param, String(value));
  }
  const text = out.toString();
  return text ? `?${text}` : '';
}
