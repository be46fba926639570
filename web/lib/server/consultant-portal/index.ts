/**
 * The consultant portal: a signed-in consultant's own sessions, figures, attendees and profile. Every
 * function runs as the caller through withRls; the database decides what "own" means
 * (app.current_consultant_id(), RLS on consultants, the consultant_registrations view), so passing
 * another consultant's ids returns nothing rather than their data.
 */
import { sql, withRls, type JwtClaims, type Tx } from '../db/index.ts';
import { diffFields, hasChanges, recordAudit } from '../audit/index.ts';
import type { TranslatedText } from '../../i18n/text.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PortalFigures {
  completedSessions: number;
  /** attended / (confirmed + attended + no_show) over completed sessions; null without any. */
  attendanceRate: number | null;
  averageRating: number | null;
  ratingCount: number;
  followUpRequests: number;
}

async function ownConsultant(tx: Tx) {
  return tx
    .selectFrom('consultants')
    .select(['id', 'first_name', 'last_name'])
    .where('id', '=', sql<string>`app.current_consultant_id()`)
    .executeTakeFirst();
}

function ownSessions(tx: Tx, consultantId: string) {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .innerJoin('session_speakers as ss', 'ss.session_id', 's.id')
    .select([
      's.id',
      's.status',
      's.starts_at',
      's.ends_at',
      's.timezone',
      's.confirmed_count',
      's.waitlist_count',
      's.capacity',
      'ss.role'
    ])
    .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
    .where('ss.consultant_id', '=', consultantId);
}

/** Figures over the consultant's own registrations, computed from the view RLS-free callers cannot widen. */
async function figures(tx: Tx): Promise<PortalFigures> {
  const { rows } = await sql<{
    completed_sessions: number;
    attended: number;
    expected: number;
    average_rating: string | null;
    rating_count: number;
    follow_up: number;
  }>`
    select
      (select count(*) from public.sessions s
         join public.session_speakers ss on ss.session_id = s.id
        where ss.consultant_id = app.current_consultant_id() and s.status = 'completed') as completed_sessions,
      count(*) filter (where s.status = 'completed' and r.status = 'attended') as attended,
      count(*) filter (where s.status = 'completed' and r.status in ('confirmed', 'attended', 'no_show')) as expected,
      round(avg(r.rating), 2)::text as average_rating,
      count(r.rating) as rating_count,
      count(*) filter (where r.consultation_interest or r.consultant_follow_up_consent) as follow_up
    from public.consultant_registrations r
    join public.sessions s on s.id = r.session_id`.execute(tx);
  const row = rows[0];
  return {
    completedSessions: Number(row.completed_sessions),
    attendanceRate: Number(row.expected) > 0 ? Number(row.attended) / Number(row.expected) : null,
    averageRating: row.average_rating === null ? null : Number(row.average_rating),
    ratingCount: Number(row.rating_count),
    followUpRequests: Number(row.follow_up)
  };
}

/** The portal's start page: who the consultant is, upcoming and past sessions, figures. */
export async function portalOverview(claims: JwtClaims) {
  return withRls(claims, async (tx) => {
    const consultant = await ownConsultant(tx);
    if (!consultant) return { consultant: null, upcoming: [], past: [], figures: null };
    const now = new Date();
    const [upcoming, past, stats] = [
      await ownSessions(tx, consultant.id).where('s.ends_at', '>=', now).orderBy('s.starts_at', 'asc').execute(),
      await ownSessions(tx, consultant.id).where('s.ends_at', '<', now).orderBy('s.starts_at', 'desc').execute(),
      await figures(tx)
    ];
    return { consultant, upcoming, past, figures: stats };
  });
}

/**
 * One of the consultant's own sessions with its registrations (contact details only where the person
 * consented, as the view decides). Null when the session is not theirs or does not exist.
 */
export async function ownSessionRegistrations(claims: JwtClaims, sessionId: string) {
  if (!UUID.test(sessionId)) return null;
  return withRls(claims, async (tx) => {
    const consultant = await ownConsultant(tx);
    if (!consultant) return null;
    const session = await ownSessions(tx, consultant.id).where('s.id', '=', sessionId).executeTakeFirst();
    if (!session) return null;
    const registrations = await tx
      .selectFrom('consultant_registrations')
      .select([
        'id',
        'status',
        'first_name',
        'last_name',
        'company',
        'position',
        'email',
        'phone',
        'specific_questions',
        'consultation_interest',
        'consultant_follow_up_consent',
        'rating',
        'registered_at'
      ])
      .where('session_id', '=', sessionId)
      .orderBy('registered_at', 'asc')
      .execute();
    return { session, registrations };
  });
}

/** Columns a consultant may edit on their own profile; everything else is the program manager's. */
export const PROFILE_FIELDS = [
  'title',
  'position',
  'company',
  'biography',
  'expertise',
  'photo_url',
  'linkedin_url',
  'website_url',
  'availability_status',
  'available_for_consultations'
] as const;

export interface ProfileInput {
  version: number;
  title: string | null;
  position: string | null;
  company: string | null;
  biography: TranslatedText;
  expertise: string[];
  photo_url: string | null;
  linkedin_url: string | null;
  website_url: string | null;
  availability_status: 'available' | 'busy' | 'unavailable';
  available_for_consultations: boolean;
}

/** The consultant's own profile (editable fields, version, unavailable periods), or null without a linked profile. */
export async function ownProfile(claims: JwtClaims) {
  return withRls(claims, async (tx) => {
    const profile = await tx
      .selectFrom('consultants')
      .select(['id', 'first_name', 'last_name', 'timezone', 'version', ...PROFILE_FIELDS])
      .where('id', '=', sql<string>`app.current_consultant_id()`)
      .executeTakeFirst();
    if (!profile) return null;
    const periods = await tx
      .selectFrom('consultant_unavailable_periods')
      .select(['id', 'starts_at', 'ends_at', 'reason'])
      .where('consultant_id', '=', profile.id)
      .where('ends_at', '>', new Date())
      .orderBy('starts_at')
      .execute();
    return { ...profile, periods };
  });
}

/**
 * Adds a period the consultant cannot speak: whole days `from`..`to` (inclusive) in the consultant's
 * own time zone. RLS lets a consultant write only their own periods.
 */
export async function addOwnUnavailablePeriod(
  claims: JwtClaims,
  period: { from: string; to: string; reason: string | null }
): Promise<{ kind: 'added'; id: string } | { kind: 'not_found' }> {
  return withRls(claims, async (tx) => {
    const consultant = await tx
      .selectFrom('consultants')
      .select(['id', 'timezone'])
      .where('id', '=', sql<string>`app.current_consultant_id()`)
      .executeTakeFirst();
    if (!consultant) return { kind: 'not_found' };
    const row = await tx
      .insertInto('consultant_unavailable_periods')
      .values({
        consultant_id: consultant.id,
        starts_at: sql<Date>`(${period.from}::date)::timestamp at time zone ${consultant.timezone}`,
        ends_at: sql<Date>`(${period.to}::date + 1)::timestamp at time zone ${consultant.timezone}`,
        reason: period.reason
      })
      .returning(['id', 'starts_at', 'ends_at', 'reason'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'consultant.unavailable_period_added',
      entity: 'consultant',
      entityId: consultant.id,
      data: { before: {}, after: { period_id: row.id, starts_at: row.starts_at, ends_at: row.ends_at, reason: row.reason } }
    });
    return { kind: 'added', id: row.id };
  });
}

/** Removes one of the consultant's own periods; another consultant's id finds nothing. */
export async function removeOwnUnavailablePeriod(
  claims: JwtClaims,
  periodId: string
): Promise<{ kind: 'removed' } | { kind: 'not_found' }> {
  if (!UUID.test(periodId)) return { kind: 'not_found' };
  return withRls(claims, async (tx) => {
    const row = await tx
      .deleteFrom('consultant_unavailable_periods')
      .where('id', '=', periodId)
      .where('consultant_id', '=', sql<string>`app.current_consultant_id()`)
      .returning(['id', 'consultant_id', 'starts_at', 'ends_at', 'reason'])
      .executeTakeFirst();
    if (!row) return { kind: 'not_found' };
    await recordAudit(tx, {
      action: 'consultant.unavailable_period_removed',
      entity: 'consultant',
      entityId: row.consultant_id,
      data: { before: { period_id: row.id, starts_at: row.starts_at, ends_at: row.ends_at, reason: row.reason }, after: {} }
    });
    return { kind: 'removed' };
  });
}

export type ProfileUpdateOutcome =
  { kind: 'saved'; version: number; changed: string[] } | { kind: 'stale' } | { kind: 'not_found' };

/**
 * Saves the editable fields of the caller's own profile if nobody saved it since `version`, and
 * records `consultant.profile_updated` with the changed fields. Only PROFILE_FIELDS are written,
 * whatever else `input` carries; the database trigger refuses protected columns anyway.
 */
export async function updateOwnProfile(claims: JwtClaims, input: ProfileInput): Promise<ProfileUpdateOutcome> {
  return withRls(claims, async (tx) => {
    const current = await tx
      .selectFrom('consultants')
      .select(['id', 'version', ...PROFILE_FIELDS])
      .where('id', '=', sql<string>`app.current_consultant_id()`)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return { kind: 'not_found' };
    if (current.version !== input.version) return { kind: 'stale' };
    const next = Object.fromEntries(PROFILE_FIELDS.map((field) => [field, input[field]])) as Pick<
      ProfileInput,
      (typeof PROFILE_FIELDS)[number]
    >;
    const change = diffFields(current, next);
    if (!hasChanges(change)) return { kind: 'saved', version: current.version, changed: [] };
    const updated = await tx
      .updateTable('consultants')
      .set({ ...next, biography: JSON.stringify(next.biography) })
      .where('id', '=', current.id)
      .where('version', '=', input.version)
      .returning('version')
      .executeTakeFirst();
    if (!updated) return { kind: 'stale' };
    await recordAudit(tx, {
      action: 'consultant.profile_updated',
      entity: 'consultant',
      entityId: current.id,
      data: { ...change }
    });
    return { kind: 'saved', version: updated.version, changed: Object.keys(change.after) };
  });
}
