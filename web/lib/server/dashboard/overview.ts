/** Figures for the admin overview. Runs under the admin's RLS (admins read everything). */
import { sql } from 'kysely';
import type { TranslatedText } from '../../i18n/text.ts';
import type { Tx } from '../db/index.ts';

export async function programOverview(tx: Tx) {
  const totals = await tx
    .selectNoFrom((eb) => [
      eb.selectFrom('sessions').select(eb.fn.countAll<number>().as('n')).as('sessions'),
      eb
        .selectFrom('sessions')
        .select(eb.fn.countAll<number>().as('n'))
        .where('status', 'in', ['published', 'live'])
        .where('starts_at', '>', sql<Date>`now()`)
        .as('upcoming'),
      eb.selectFrom('registrations').select(eb.fn.countAll<number>().as('n')).as('registrations'),
      eb.selectFrom('consultants').select(eb.fn.countAll<number>().as('n')).where('is_active', '=', true).as('consultants')
    ])
    .executeTakeFirstOrThrow();
  const nextSessions = await tx
    .selectFrom('sessions as s')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .select(['s.id', 's.slug', 's.status', 's.starts_at', 's.timezone', 's.confirmed_count', 's.capacity'])
    .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
    .where('s.starts_at', '>', sql<Date>`now()`)
    .where('s.status', '<>', 'cancelled')
    .orderBy('s.starts_at')
    .limit(10)
    .execute();
  return {
    totals: {
      sessions: Number(totals.sessions),
      upcoming: Number(totals.upcoming),
      registrations: Number(totals.registrations),
      consultants: Number(totals.consultants)
    },
    nextSessions
  };
}
