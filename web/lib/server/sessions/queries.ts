/** Typed reads of sessions for the portals (the public catalogue lives in ../catalogue). Every function runs inside withRls. */
import { sql } from 'kysely';
import type { TranslatedText } from '../../i18n/text.ts';
import type { Tx } from '../db/index.ts';

/** Statuses a visitor may see on the public pages (drafts never appear). */
export const PUBLIC_STATUSES = ['published', 'live', 'completed', 'cancelled'] as const;

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
