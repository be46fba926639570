/** The sessions the registration pages show, read as the visitor (RLS) through the catalogue's queries. */
import { sql } from 'kysely';
import { cardQuery } from '../catalogue/cards.ts';
import { getLandingPage } from '../catalogue/landing.ts';
import { withState } from '../catalogue/state.ts';
import { withRls, type JwtClaims } from '../db/index.ts';
import { isSlug } from '../../slug.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/** The landing page data of one public session, or undefined (unknown slugs skip the query). */
export async function sessionBySlug(claims: JwtClaims | null, slug: string) {
  if (!isSlug(slug)) return undefined;
  return withRls(claims, (tx) => getLandingPage(tx, slug));
}

/** Statuses whose landing page is public (as getLandingPage filters them). */
const PUBLIC_STATUSES = ['published', 'live', 'completed', 'cancelled'] as const;

/**
 * Id and slug of the public session behind a slug, for the form's POST: the same visibility as the
 * landing page (RLS, public statuses, a visible topic) in one small statement. The full landing page
 * (speakers, ratings, related sessions: six statements) is only needed to render the form; the engine
 * re-checks everything that decides a registration under the session row lock anyway.
 */
export async function registrationTargetBySlug(claims: JwtClaims | null, slug: string) {
  if (!isSlug(slug)) return undefined;
  return withRls(claims, (tx) =>
    tx
      .selectFrom('sessions as s')
      .innerJoin('topics as t', 't.id', 's.topic_id')
      .select(['s.id', 's.slug'])
      .where('s.slug', '=', slug)
      .where('s.status', 'in', [...PUBLIC_STATUSES])
      .executeTakeFirst()
  );
}

/** States in which the form is offered (a full session with a waitlist still takes registrations). */
export const REGISTRABLE = ['open', 'full-waitlist'] as const;

/** Upcoming sessions that take registrations now, soonest first (the multi-registration list). */
export async function registrableSessions(claims: JwtClaims | null, limit = 60) {
  const rows = await withRls(claims, (tx) =>
    cardQuery(tx)
      .where('s.status', '=', 'published')
      .where('s.starts_at', '>', sql<Date>`now()`)
      .orderBy('s.starts_at')
      .orderBy('s.id')
      .limit(limit)
      .execute()
  );
  return rows.map((row) => withState(row)).filter((row) => (REGISTRABLE as readonly string[]).includes(row.state));
}

/** Titles and times of the given public sessions (for reporting outcomes), in the given order. */
export async function sessionsByIds(claims: JwtClaims | null, ids: string[]) {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  const rows = await withRls(claims, (tx) => cardQuery(tx).where('s.id', 'in', valid).execute());
  return valid.flatMap((id) => rows.filter((r) => r.id === id));
}
