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

/** Every zone, sorted. */
export function allZones(): string[] {
  return [...ZONES].sort();
}

// What the picker offers by default: the zones most visitors need (every populated UTC offset of the
// DACH/EU audience and the big business hubs). The full list (~420 names) is sent only on request,
// so it is not in every catalogue page's HTML and hydration data.
const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Berlin',
  'Europe/Vienna',
  'Europe/Zurich',
  'Europe/Paris',
  'Europe/Amsterdam',
  'Europe/Brussels',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Stockholm',
  'Europe/Warsaw',
  'Europe/Prague',
  'Europe/Helsinki',
  'Europe/Athens',
  'Europe/Sofia',
  'Europe/Bucharest',
  'Europe/Istanbul',
  'Europe/Kyiv',
  'Europe/Moscow',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Africa/Cairo',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Australia/Perth',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'America/Mexico_City',
  'America/New_York',
  'America/Toronto',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Pacific/Honolulu'
];

/** Query parameter that asks for every zone in the picker (ignored by the catalogue filters). */
export const ALL_ZONES_PARAM = 'all-zones';

/**
 * The picker's zones: the common ones plus the visitor's own pick, or all of them when asked for
 * (`complete`). The server still accepts any known zone, so a pick outside the list keeps working.
 */
export function pickerZones(current: string | null, all: boolean): { zones: string[]; complete: boolean } {
  if (all) return { zones: allZones(), complete: true };
  const zones = COMMON_ZONES.filter((zone) => ZONES.has(zone));
  if (current && !zones.includes(current)) zones.push(current);
  return { zones: zones.sort(), complete: false };
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
