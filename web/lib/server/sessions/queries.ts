/** Typed reads of sessions for the public pages and portals. Every function runs inside withRls. */
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { TranslatedText } from '../../i18n/text.ts';
import type { Tx } from '../db/index.ts';

/** Statuses a visitor may see on the public pages (drafts never appear). */
export const PUBLIC_STATUSES = ['published', 'live', 'completed', 'cancelled'] as const;

export interface SpeakerSummary {
  slug: string;
  first_name: string;
  last_name: string;
  title: string | null;
  position: string | null;
  company: string | null;
  photo_url: string | null;
  role: 'primary' | 'panelist' | 'moderator';
}

function sessionCard(tx: Tx) {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .select([
      's.id',
      's.slug',
      's.status',
      's.session_type',
      's.language',
      's.starts_at',
      's.ends_at',
      's.timezone',
      's.duration_minutes',
      's.price',
      's.currency',
      's.capacity',
      's.seats_left',
      's.allow_waitlist',
      't.category',
      't.difficulty'
    ])
    .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
    .select(sql<TranslatedText>`coalesce(s.description, t.description)`.as('description'))
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('session_speakers as ss')
          .innerJoin('public_consultants as c', 'c.id', 'ss.consultant_id')
          .select(['c.slug', 'c.first_name', 'c.last_name', 'c.title', 'c.position', 'c.company', 'c.photo_url', 'ss.role'])
          .whereRef('ss.session_id', '=', 's.id')
          // Primary first, then panelists, then the moderator, each in their set order.
          .orderBy(sql`case ss.role when 'primary' then 0 when 'panelist' then 1 else 2 end`)
          .orderBy('ss.position')
      )
        .$castTo<SpeakerSummary[]>()
        .as('speakers')
    );
}

export type SessionCard = Awaited<ReturnType<typeof listUpcomingSessions>>[number];

/** Published sessions that have not ended yet (live ones included), soonest first. */
export async function listUpcomingSessions(tx: Tx, options: { limit?: number } = {}) {
  return sessionCard(tx)
    .where('s.status', 'in', ['published', 'live'])
    .where('s.ends_at', '>', sql<Date>`now()`)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .limit(options.limit ?? 60)
    .execute();
}

/** One public session by slug with its topic texts; undefined for drafts and unknown slugs. */
export async function getPublicSession(tx: Tx, slug: string) {
  return sessionCard(tx)
    .select([
      't.learning_objectives',
      't.prerequisites',
      't.target_audience',
      't.tags',
      's.agenda',
      's.cancellation_reason',
      's.recording_url'
    ])
    .where('s.slug', '=', slug)
    .where('s.status', 'in', [...PUBLIC_STATUSES])
    .executeTakeFirst();
}

/** The signed-in consultant's own profile (RLS returns only their row). */
export async function getOwnConsultant(tx: Tx, userId: string) {
  return tx
    .selectFrom('consultants')
    .select(['id', 'slug', 'first_name', 'last_name'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Sessions the consultant speaks at, any status, newest first. */
export async function listConsultantSessions(tx: Tx, consultantId: string) {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .innerJoin('session_speakers as ss', 'ss.session_id', 's.id')
    .select([
      's.id',
      's.slug',
      's.status',
      's.starts_at',
      's.timezone',
      's.confirmed_count',
      's.waitlist_count',
      's.capacity',
      'ss.role'
    ])
    .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
    .where('ss.consultant_id', '=', consultantId)
    .orderBy('s.starts_at', 'desc')
    .execute();
}
