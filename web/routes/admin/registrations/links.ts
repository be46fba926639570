import type { RegistrationFilters } from '#lib/schemas/admin-registrations.ts';

/** The list filters (never the page) as a query string with `extra` on top: '' or '?a=b&…'. */
export function filterQuery(filters: RegistrationFilters, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const key of ['session', 'status', 'q', 'marketing'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
