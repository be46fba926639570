/**
 * Reading for the admin session pages: the filtered list, one session with everything the step forms
 * show (dates as wall-clock values in the session's zone), the topics to pick from, and consultant
 * suggestions ranked by expertise overlap with the topic and free time at the session's slot.
 * Runs under RLS: admins see every session, anyone else only what the public (or their own role) may.
 */
import { sql, withRls, type JwtClaims, type Tx } from '../db/index.ts';
import { SESSION_PAGE_SIZE, type SessionFilters } from '../../schemas/session-list.ts';
import { findScheduleConflicts } from './conflicts.ts';
import { isUuid } from '../registration/errors.ts';

export interface SessionListItem {
  id: string;
  slug: string;
  status: string;
  title: { en?: string; de?: string };
  local_start: string;
  timezone: string;
  primary_name: string | null;
  capacity: number | null;
  confirmed_count: number;
  waitlist_count: number;
  pending_count: number;
}

/** The filtered page of sessions (upcoming soonest first, past latest first); one extra row tells if there is a next page. */
export async function listSessions(
  claims: JwtClaims | null,
  filters: SessionFilters
): Promise<{ items: SessionListItem[]; hasNext: boolean }> {
  return withRls(claims, async (tx) => {
    let query = tx
      .selectFrom('sessions as s')
      .innerJoin('topics as t', 't.id', 's.topic_id')
      .leftJoin('session_speakers as sp', (join) => join.onRef('sp.session_id', '=', 's.id').on('sp.role', '=', 'primary'))
      .leftJoin('consultants as c', 'c.id', 'sp.consultant_id')
      .select(['s.id', 's.slug', 's.status', 's.timezone', 's.capacity', 's.confirmed_count', 's.waitlist_count'])
      .select(sql<number>`s.pending_approval_count + s.pending_payment_count`.as('pending_count'))
      .select(sql<{ en?: string; de?: string }>`coalesce(s.title, t.title)`.as('title'))
      .select(sql<string>`to_char(s.starts_at at time zone s.timezone, 'YYYY-MM-DD HH24:MI')`.as('local_start'))
      .select(sql<string | null>`nullif(concat_ws(' ', c.first_name, c.last_name), '')`.as('primary_name'));
    if (filters.status) query = query.where('s.status', '=', filters.status);
    if (filters.when === 'upcoming') query = query.where('s.ends_at', '>=', sql<Date>`now()`);
    if (filters.when === 'past') query = query.where('s.ends_at', '<', sql<Date>`now()`);
    if (filters.q) {
      const like = `%${filters.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb(sql`coalesce(s.title, t.title)::text`, 'ilike', like),
          eb('s.slug', 'ilike', like),
          eb(sql`concat_ws(' ', c.first_name, c.last_name)`, 'ilike', like)
        ])
      );
    }
    const rows = await query
      .orderBy('s.starts_at', filters.when === 'past' ? 'desc' : 'asc')
      .orderBy('s.id')
      .limit(SESSION_PAGE_SIZE + 1)
      .offset((filters.page - 1) * SESSION_PAGE_SIZE)
      .execute();
    return { hasNext: rows.length > SESSION_PAGE_SIZE, items: rows.slice(0, SESSION_PAGE_SIZE) as SessionListItem[] };
  });
}

export interface SessionEditorData {
  session: Record<string, unknown> & { id: string; version: number; status: string; slug: string; timezone: string };
  local: Record<
    'date' | 'time' | 'registration_opens_at' | 'registration_closes_at' | 'early_bird_deadline' | 'publish_at',
    string
  >;
  topic: {
    id: string;
    title: { en?: string; de?: string };
    description: { en?: string; de?: string };
    tags: string[];
    category: string;
  };
  speakers: { consultant_id: string; role: string; name: string }[];
  meeting: { meeting_url: string | null; meeting_password: string | null } | null;
}

const localText = (column: string) =>
  sql<string>`coalesce(to_char(${sql.ref(column)} at time zone s.timezone, 'YYYY-MM-DD"T"HH24:MI'), '')`;

/** Everything the step forms of session `id` show, or null when the caller cannot see it. */
export async function getSessionEditor(claims: JwtClaims | null, id: string): Promise<SessionEditorData | null> {
  if (!isUuid(id)) return null;
  return withRls(claims, async (tx) => {
    const session = await tx
      .selectFrom('sessions as s')
      .selectAll('s')
      .select(sql<string>`to_char(s.starts_at at time zone s.timezone, 'YYYY-MM-DD')`.as('local_date'))
      .select(sql<string>`to_char(s.starts_at at time zone s.timezone, 'HH24:MI')`.as('local_time'))
      .select(localText('s.registration_opens_at').as('local_opens'))
      .select(localText('s.registration_closes_at').as('local_closes'))
      .select(localText('s.early_bird_deadline').as('local_early_bird'))
      .select(localText('s.publish_at').as('local_publish_at'))
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!session) return null;
    const topic = await tx
      .selectFrom('topics')
      .select(['id', 'title', 'description', 'tags', 'category'])
      .where('id', '=', session.topic_id)
      .executeTakeFirstOrThrow();
    const speakers = await tx
      .selectFrom('session_speakers as sp')
      .innerJoin('consultants as c', 'c.id', 'sp.consultant_id')
      .select(['sp.consultant_id', 'sp.role'])
      .select(sql<string>`concat_ws(' ', c.first_name, c.last_name)`.as('name'))
      .where('sp.session_id', '=', id)
      .orderBy('sp.position')
      .execute();
    const meeting = await tx
      .selectFrom('session_meetings')
      .select(['meeting_url', 'meeting_password'])
      .where('session_id', '=', id)
      .executeTakeFirst();
    return {
      session: session as unknown as SessionEditorData['session'],
      local: {
        date: session.local_date,
        time: session.local_time,
        registration_opens_at: session.local_opens,
        registration_closes_at: session.local_closes,
        early_bird_deadline: session.local_early_bird,
        publish_at: session.local_publish_at
      },
      topic: topic as unknown as SessionEditorData['topic'],
      speakers,
      meeting: meeting ?? null
    };
  });
}

/** Topics an admin can plan a session from (not archived), by English title. */
export async function listTopicOptions(claims: JwtClaims | null): Promise<{ id: string; title: { en?: string; de?: string } }[]> {
  return withRls(
    claims,
    (tx) =>
      tx
        .selectFrom('topics')
        .select(['id', 'title'])
        .where('status', '<>', 'archived')
        .orderBy(sql`title ->> 'en'`)
        .limit(500)
        .execute() as Promise<{ id: string; title: { en?: string; de?: string } }[]>
  );
}

export interface ConsultantSuggestion {
  id: string;
  name: string;
  expertise: string[];
  matches: string[];
  available: boolean;
  conflict: string | null;
}

/**
 * Active consultants ranked for a session: first those free at its time (no overlapping session
 * within the buffer, no unavailable period), then by how many of the topic's tags and category
 * their expertise covers (case-insensitive), then by name.
 */
export async function suggestConsultants(claims: JwtClaims | null, sessionId: string): Promise<ConsultantSuggestion[]> {
  return withRls(claims, async (tx) => suggestIn(tx, sessionId));
}

async function suggestIn(tx: Tx, sessionId: string): Promise<ConsultantSuggestion[]> {
  const session = await tx
    .selectFrom('sessions as s')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .select(['s.starts_at', 's.duration_minutes', 't.tags', 't.category'])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!session) return [];
  const consultants = await tx
    .selectFrom('consultants')
    .select(['id', 'expertise'])
    .select(sql<string>`concat_ws(' ', first_name, last_name)`.as('name'))
    .where('is_active', '=', true)
    .orderBy('last_name')
    .orderBy('first_name')
    .limit(500)
    .execute();
  const conflicts = await findScheduleConflicts(tx, {
    sessionId,
    startsAt: new Date(session.starts_at),
    durationMinutes: session.duration_minutes,
    consultantIds: consultants.map((c) => c.id),
    lock: false
  });
  const wanted = new Set([...session.tags, session.category].map((t) => t.toLowerCase()));
  return consultants
    .map((c) => {
      const conflict = conflicts.find((x) => x.consultantId === c.id);
      return {
        id: c.id,
        name: c.name,
        expertise: c.expertise,
        matches: c.expertise.filter((e) => wanted.has(e.toLowerCase())),
        available: !conflict,
        conflict: conflict ? (conflict.kind === 'session' ? (conflict.title?.en ?? '') : (conflict.reason ?? '')) : null
      };
    })
    .sort(
      (a, b) => Number(b.available) - Number(a.available) || b.matches.length - a.matches.length || a.name.localeCompare(b.name)
    );
}
