/** Sessions shown beside a landing page or on a consultant profile. */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import { cardQuery } from './cards.ts';
import { withState } from './state.ts';

const upcoming = (tx: Tx) =>
  cardQuery(tx)
    .where('s.status', 'in', ['published', 'live'])
    .where('s.ends_at', '>', sql<Date>`now()`)
    .orderBy('s.starts_at')
    .orderBy('s.id');

/** Upcoming sessions where the consultant speaks, except `excludeIds`. */
export async function upcomingWithConsultant(tx: Tx, consultantId: string, excludeIds: string[] = [], limit = 3) {
  let q = upcoming(tx).where(
    's.id',
    'in',
    tx.selectFrom('session_speakers').select('session_id').where('consultant_id', '=', consultantId)
  );
  if (excludeIds.length) q = q.where('s.id', 'not in', excludeIds);
  return (await q.limit(limit).execute()).map((c) => withState(c));
}

/** Upcoming sessions in the category, except `excludeIds`. */
export async function upcomingInCategory(tx: Tx, category: string, excludeIds: string[], limit = 3) {
  let q = upcoming(tx).where('t.category', '=', category);
  if (excludeIds.length) q = q.where('s.id', 'not in', excludeIds);
  return (await q.limit(limit).execute()).map((c) => withState(c));
}

/** The consultant's past public sessions, newest first. */
export async function pastWithConsultant(tx: Tx, consultantId: string, limit = 12) {
  const rows = await cardQuery(tx)
    .where('s.status', 'in', ['published', 'live', 'completed'])
    .where('s.ends_at', '<=', sql<Date>`now()`)
    .where('s.id', 'in', tx.selectFrom('session_speakers').select('session_id').where('consultant_id', '=', consultantId))
    .orderBy('s.starts_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((c) => withState(c));
}
