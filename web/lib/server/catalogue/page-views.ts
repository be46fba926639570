/**
 * Page views for the funnel without cookies or third-party trackers: a visitor is an HMAC of (IP,
 * user agent) keyed by a secret and the UTC date, so the same person counts once per day and cannot
 * be followed across days or recovered from the table. Bots and prefetches are not counted.
 */
import { createHmac } from 'node:crypto';
import type { Tx } from '../db/index.ts';

// Self-declared crawlers, link previews and headless tools; real browsers never send these.
const BOT =
  /bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|headless|lighthouse|curl|wget|python|go-http|node-fetch|axios|autocannon/i;

export function isBot(userAgent: string | null): boolean {
  return !userAgent || BOT.test(userAgent);
}

/** The daily-rotating visitor id (hex). */
export function visitorHash(secret: string, ip: string, userAgent: string, day = new Date()): string {
  const date = day.toISOString().slice(0, 10);
  return createHmac('sha256', `${secret}:${date}`).update(`${ip}\n${userAgent}`).digest('hex').slice(0, 32);
}

export interface PageViewInput {
  sessionId: string | null;
  path: string;
  ip: string;
  userAgent: string | null;
  referrer: string | null;
  url: URL;
  language: 'en' | 'de';
  /** `Sec-Purpose`/`Purpose` header: prefetches are not views. */
  purpose: string | null;
  secret: string;
}

const cut = (value: string | null, max: number) => (value ? value.slice(0, max) : null);

/** Records one view unless it is a bot or a prefetch; never throws into the page. */
export async function recordPageView(tx: Tx, input: PageViewInput): Promise<boolean> {
  if (isBot(input.userAgent) || /prefetch|prerender/i.test(input.purpose ?? '')) return false;
  const utm = (key: string) => cut(input.url.searchParams.get(`utm_${key}`), 200);
  await tx
    .insertInto('page_views')
    .values({
      session_id: input.sessionId,
      path: input.path.slice(0, 2048),
      visitor_hash: visitorHash(input.secret, input.ip, input.userAgent ?? ''),
      referrer: cut(input.referrer, 2048),
      utm_source: utm('source'),
      utm_medium: utm('medium'),
      utm_campaign: utm('campaign'),
      utm_term: utm('term'),
      utm_content: utm('content'),
      language: input.language
    })
    .execute();
  return true;
}
