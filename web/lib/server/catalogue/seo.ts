/** Structured data for search engines and link previews (schema.org Event). */
import type { LandingPage } from './landing.ts';

export interface EventJsonLdInput {
  page: LandingPage;
  title: string;
  description: string;
  url: string;
  imageUrl: string | null;
  organizerName: string;
  organizerUrl: string;
  inLanguage: string;
}

const STATUS: Record<string, string> = {
  cancelled: 'https://schema.org/EventCancelled'
};

/** ISO 8601 with the session zone's offset ("2026-12-01T14:00:00+01:00"), as Google asks for. */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset'
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value])
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** The JSON-LD object; serialise with `jsonLdScript` to embed it safely. */
export function eventJsonLd({
  page,
  title,
  description,
  url,
  imageUrl,
  organizerName,
  organizerUrl,
  inLanguage
}: EventJsonLdInput) {
  const s = page.session;
  const price = s.early_bird && s.early_bird_price !== null ? s.early_bird_price : s.price;
  const availability =
    s.state === 'open'
      ? 'https://schema.org/InStock'
      : s.state === 'full-waitlist' || s.state === 'full'
        ? 'https://schema.org/SoldOut'
        : s.state === 'not-open'
          ? 'https://schema.org/PreOrder'
          : 'https://schema.org/Discontinued';
  const people = page.speakers.map((p) => ({
    '@type': 'Person',
    name: `${p.first_name} ${p.last_name}`,
    jobTitle: p.position ?? undefined
  }));
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: title,
    description,
    url,
    image: imageUrl ? [imageUrl] : undefined,
    inLanguage,
    startDate: isoWithOffset(new Date(s.starts_at), s.timezone),
    endDate: isoWithOffset(new Date(s.ends_at), s.timezone),
    eventStatus: STATUS[s.status] ?? 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
    location: { '@type': 'VirtualLocation', url },
    organizer: { '@type': 'Organization', name: organizerName, url: organizerUrl },
    performer: people,
    offers: {
      '@type': 'Offer',
      url,
      price: Number(price).toFixed(2),
      priceCurrency: s.currency,
      availability,
      validFrom: s.registration_opens_at ? new Date(s.registration_opens_at).toISOString() : undefined
    },
    maximumAttendeeCapacity: s.capacity ?? undefined,
    remainingAttendeeCapacity: s.seats_left ?? undefined
  };
}

/** JSON for a <script type="application/ld+json">: "<" escaped so no text can close the tag. */
export function jsonLdScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
