/** Time zone helpers for the catalogue: the viewer's zone and calendar-week/month boundaries. */
import { sql, type RawBuilder } from 'kysely';

export const DEFAULT_ZONE = 'Europe/Berlin';
export const ZONE_COOKIE = 'tz';

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));
ZONES.add('UTC');

/** True for IANA zone names this runtime knows (the cookie is visitor input). */
export function isKnownZone(zone: string | undefined | null): zone is string {
  return !!zone && zone.length <= 64 && ZONES.has(zone);
}

/** Every zone for the picker, sorted. */
export function allZones(): string[] {
  return [...ZONES].sort();
}

/**
 * End of "this week" (Monday-based) or "this month" in the viewer's zone, as an instant. Computed in
 * Postgres from local midnight, so a DST change inside the range cannot shift it by an hour.
 */
export function periodEnd(period: 'week' | 'month', zone: string): RawBuilder<Date> {
  const unit = period === 'week' ? sql.lit('week') : sql.lit('month');
  const length = period === 'week' ? sql`interval '7 days'` : sql`interval '1 month'`;
  return sql<Date>`((date_trunc(${unit}, now() at time zone ${zone}) + ${length}) at time zone ${zone})`;
}
