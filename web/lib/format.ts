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
