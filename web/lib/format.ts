/** Date and money formatting for pages: always explicit about the time zone. */
import type { Locale } from './i18n/text';

const intlLocale = (locale: Locale) => (locale === 'de' ? 'de-DE' : 'en-GB');

/** "Tue, 1 Dec 2026, 14:00 CET" in the given zone. */
export function formatDateTime(instant: Date | string, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short'
  }).format(new Date(instant));
}

/** "€49.00" / "49,00 €". Prices arrive as numeric strings from Postgres to stay exact. */
export function formatPrice(amount: string | number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency }).format(Number(amount));
}

/** "1 Dec 2026" in the given zone. */
export function formatDate(instant: Date | string, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(
    new Date(instant)
  );
}

/** "Europe/Berlin" → "Europe/Berlin", "America/New_York" → "America/New York" (readable, still exact). */
export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, ' ');
}

/** "4.5" / "4,5": one decimal, locale separator. */
export function formatRating(value: number | string, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(value));
}

/** "1,234" / "1.234". */
export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(value);
}

/** "+00:30" style offset of an agenda item, as "0:30". */
export function formatOffset(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
