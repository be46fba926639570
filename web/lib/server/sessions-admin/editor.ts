/**
 * The guided session flow and its lifecycle: create a draft from a topic, save each step into it,
 * publish / schedule / unpublish, reschedule, change capacity, cancel, duplicate. Every write runs as
 * the caller under RLS (only admins may write sessions), checks the version the form loaded
 * (optimistic concurrency), re-checks consultant conflicts under the per-consultant lock when who or
 * when changes, and appends an audit entry with the before/after of the changed fields, all in one
 * transaction. Registrants are told about a reschedule or cancellation by `registration.email` jobs
 * sent in the same transaction.
 */
import { sql, withRls, type JwtClaims, type Tx } from '../db/index.ts';
import { diffFields, hasChanges, recordAudit } from '../audit/index.ts';
import { sendInTransaction, type JobRequest } from '../jobs/index.ts';
import { queuePromotionEmails } from '../registration/index.ts';
import { isUuid } from '../registration/errors.ts';
import type { SessionStep, StepForms } from '../../schemas/session-steps.ts';
import { findScheduleConflicts } from './conflicts.ts';
import { ACTIVE_REGISTRATION_STATUSES, type SaveOutcome } from './types.ts';

type Row = Record<string, unknown>;
type SessionRow = Row & {
  id: string;
  version: number;
  status: string;
  starts_at: Date;
  duration_minutes: number;
  timezone: string;
  confirmed_count: number;
  pending_payment_count: number;
  capacity: number | null;
  slug: string;
};

const isAdmin = async (tx: Tx) =>
  Boolean((await sql<{ ok: boolean | null }>`select app.is_admin() as ok`.execute(tx)).rows[0]?.ok);

/** A wall-clock date-time (`YYYY-MM-DDTHH:MM`) in zone `tz` as an instant; Postgres applies the zone's rules. */
async function instant(tx: Tx, local: string, tz: string): Promise<Date | null> {
  if (!local) return null;
  const { rows } = await sql<{ at: Date }>`select (${local}::timestamp at time zone ${tz}) as at`.execute(tx);
  return new Date(rows[0].at);
}

const translated = (en: string, de: string) => (en ? (de ? { en, de } : { en }) : null);
const money = (value: string) => (value === '' ? null : Number(value.replace(',', '.')).toFixed(2));
const JSON_COLUMNS = new Set(['title', 'description', 'social_copy', 'agenda']);
const toRow = (values: Row) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, JSON_COLUMNS.has(k) && v !== null ? JSON.stringify(v) : v]));

async function speakerIds(tx: Tx, sessionId: string): Promise<string[]> {
  const rows = await tx.selectFrom('session_speakers').select('consultant_id').where('session_id', '=', sessionId).execute();
  return rows.map((r) => r.consultant_id);
}

/** Runs `fn` and maps the database's refusals (checks, transitions, privileges) onto outcomes. */
async function guarded(fn: () => Promise<SaveOutcome>): Promise<SaveOutcome> {
  try {
    return await fn();
  } catch (error) {
    const e = error as { code?: string; constraint?: string; message?: string };
    if (e.code === '42501') return { kind: 'forbidden' };
    if (e.constraint === 'sessions_not_overbooked') return { kind: 'capacity_below', taken: -1 };
    if (e.constraint === 'sessions_primary_speaker_required') return { kind: 'needs_primary' };
    if (e.constraint === 'sessions_status_transition' && /registrations/.test(e.message ?? ''))
      return { kind: 'has_registrations' };
    if (e.code === '23514' || e.code === '23505' || e.code === '23503') return { kind: 'rejected', rule: e.constraint ?? e.code };
    if (e.code?.startsWith('22')) return { kind: 'rejected', rule: 'invalid_value' };
    throw error;
  }
}

/** The session row locked for this transaction, or the outcome that stops the write. */
async function lockedSession(tx: Tx, id: string, expectedVersion: number): Promise<SessionRow | SaveOutcome> {
  if (!(await isAdmin(tx))) return { kind: 'forbidden' };
  if (!isUuid(id)) return { kind: 'not_found' };
  const row = (await tx.selectFrom('sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as
    SessionRow | undefined;
  if (!row) return { kind: 'not_found' };
  if (row.version !== expectedVersion) return { kind: 'stale', currentVersion: row.version };
  if (row.status === 'cancelled' || row.status === 'completed') return { kind: 'final', status: row.status };
  return row;
}

const isOutcome = (value: unknown): value is SaveOutcome => typeof (value as SaveOutcome).kind === 'string';

async function activeRegistrationJobs(tx: Tx, sessionId: string, kind: 'rescheduled' | 'session_cancelled', version: number) {
  const rows = await tx
    .selectFrom('registrations')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('status', 'in', [...ACTIVE_REGISTRATION_STATUSES])
    .orderBy('id')
    .execute();
  const jobs: JobRequest[] = rows.map((r) => ({ name: 'registration.email', data: { registrationId: r.id, kind, version } }));
  await sendInTransaction(tx, jobs);
  return jobs.length;
}

/** A free slug: `base`, `base-2`, … */
async function freeSlug(tx: Tx, base: string): Promise<string> {
  const stem = base.slice(0, 180).replace(/-+$/, '');
  for (let n = 1; n < 50; n++) {
    const candidate = n === 1 ? stem : `${stem}-${n}`;
    if (!(await tx.selectFrom('sessions').select('id').where('slug', '=', candidate).executeTakeFirst())) return candidate;
  }
  return `${stem}-${Date.now().toString(36)}`;
}

/**
 * Step 1 of a new session: a draft from topic `topicId`, with the topic's defaults (duration, price,
 * capacity) and the program's (zone, currency, waitlist), two weeks from now at 10:00 in the default
 * zone. Texts stay null, meaning "use the topic's".
 */
export async function createSessionDraft(
  claims: JwtClaims | null,
  topicId: string
): Promise<{ kind: 'created'; id: string } | { kind: 'forbidden' } | { kind: 'not_found' }> {
  return withRls(claims, async (tx) => {
    if (!(await isAdmin(tx))) return { kind: 'forbidden' };
    if (!isUuid(topicId)) return { kind: 'not_found' };
    const topic = await tx
      .selectFrom('topics')
      .select(['id', 'slug', 'default_duration_minutes', 'default_price', 'default_capacity', 'currency', 'status'])
      .where('id', '=', topicId)
      .executeTakeFirst();
    if (!topic || topic.status === 'archived') return { kind: 'not_found' };
    const settings = await tx
      .selectFrom('program_settings')
      .select(['default_timezone', 'default_capacity', 'allow_waitlist'])
      .executeTakeFirst();
    const zone = settings?.default_timezone ?? 'Europe/Berlin';
    const { rows } = await sql<{ at: Date; day: string }>`
      select ((current_date + 14)::timestamp + time '10:00') at time zone ${zone} as at,
             to_char(current_date + 14, 'YYYY-MM-DD') as day`.execute(tx);
    const slug = await freeSlug(tx, `${topic.slug}-${rows[0].day}`);
    const row = await tx
      .insertInto('sessions')
      .values({
        slug,
        topic_id: topic.id,
        status: 'draft',
        starts_at: rows[0].at,
        // Derived by the sessions trigger from start and duration; the insert type still asks for it.
        ends_at: rows[0].at,
        timezone: zone,
        duration_minutes: topic.default_duration_minutes,
        price: topic.default_price,
        currency: topic.currency,
        capacity: topic.default_capacity ?? settings?.default_capacity ?? null,
        allow_waitlist: settings?.allow_waitlist ?? true
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'session.created',
      entity: 'session',
      entityId: row.id,
      data: { version: row.version, before: {}, after: { topic_id: topic.id, slug, status: 'draft' } }
    });
    return { kind: 'created', id: row.id };
  });
}

/** The session columns a step writes, from its form (speakers, meeting and publishing are handled apart). */
async function stepValues<S extends SessionStep>(tx: Tx, step: S, form: StepForms[S], row: SessionRow): Promise<Row> {
  const f = form as unknown as Record<string, never>;
  const tz = row.timezone;
  switch (step) {
    case 'topic':
      return {
        topic_id: f.topic_id,
        language: f.language,
        title: translated(f.title_en, f.title_de),
        description: translated(f.description_en, f.description_de)
      };
    case 'schedule':
      return {
        starts_at: await instant(tx, `${f.date}T${f.time}`, f.timezone),
        timezone: f.timezone,
        duration_minutes: f.duration_minutes
      };
    case 'registration':
      return {
        registration_opens_at: await instant(tx, f.registration_opens_at, tz),
        registration_closes_at: await instant(tx, f.registration_closes_at, tz),
        capacity: f.capacity ?? null,
        requires_approval: f.requires_approval,
        allow_waitlist: f.allow_waitlist
      };
    case 'pricing':
      return {
        price: money(f.price),
        currency: f.currency,
        early_bird_price: money(f.early_bird_price),
        early_bird_deadline: await instant(tx, f.early_bird_deadline, tz)
      };
    case 'platform':
      return { platform: f.platform };
    case 'content':
      return {
        materials_url: f.materials_url || null,
        slides_url: f.slides_url || null,
        recording_enabled: f.recording_enabled,
        certificate_template: f.certificate_template || null
      };
    case 'marketing':
      return {
        promotional_image_url: f.promotional_image_url || null,
        social_copy: translated(f.social_copy_en, f.social_copy_de)
      };
    case 'integrations':
      return { create_odoo_event: f.create_odoo_event, create_calendar_event: f.create_calendar_event };
    case 'review': {
      if (f.mode === 'draft') return { status: 'draft', publish_at: null };
      return {
        status: row.status === 'draft' ? 'published' : row.status,
        publish_at: await instant(tx, f.mode === 'scheduled' ? f.publish_at : '', tz)
      };
    }
    default:
      return {};
  }
}

const pick = (row: Row, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
const comparable = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
const normalise = (values: Row) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, comparable(v)]));

/** Replaces the speakers from the consultants step; returns the before/after lists when they changed. */
async function writeSpeakers(tx: Tx, row: SessionRow, form: StepForms['consultants']) {
  const wanted = [
    { consultant_id: form.primary, role: 'primary' },
    ...(form.moderator ? [{ consultant_id: form.moderator, role: 'moderator' }] : []),
    ...form.panelists.map((id) => ({ consultant_id: id, role: 'panelist' }))
  ].map((s, position) => ({ ...s, position, session_id: row.id }));
  const current = await tx
    .selectFrom('session_speakers')
    .select(['consultant_id', 'role'])
    .where('session_id', '=', row.id)
    .orderBy('position')
    .execute();
  const before = current.map((s) => `${s.role}:${s.consultant_id}`);
  const after = wanted.map((s) => `${s.role}:${s.consultant_id}`);
  if (before.join() === after.join()) return null;
  await tx.deleteFrom('session_speakers').where('session_id', '=', row.id).execute();
  await tx.insertInto('session_speakers').values(wanted).execute();
  // Two or more speakers make a panel; a workshop or Q&A format chosen elsewhere is kept for one speaker.
  const kept = String(row.session_type);
  const sessionType = wanted.length > 1 ? 'panel-discussion' : ['workshop', 'q-and-a'].includes(kept) ? kept : 'single-speaker';
  return { before: { speakers: before }, after: { speakers: after }, sessionType };
}

/** Upserts the meeting details; the password is audited as "changed", never in clear. */
async function writeMeeting(tx: Tx, sessionId: string, form: StepForms['platform']) {
  const current = await tx.selectFrom('session_meetings').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  const url = form.meeting_url || null;
  const password = form.meeting_password || null;
  if ((current?.meeting_url ?? null) === url && (current?.meeting_password ?? null) === password) return null;
  await tx
    .insertInto('session_meetings')
    .values({ session_id: sessionId, meeting_url: url, meeting_password: password })
    .onConflict((oc) => oc.column('session_id').doUpdateSet({ meeting_url: url, meeting_password: password }))
    .execute();
  const change = diffFields({ meeting_url: current?.meeting_url ?? null }, { meeting_url: url });
  if ((current?.meeting_password ?? null) !== password) {
    change.before.meeting_password = current?.meeting_password ? '(set)' : null;
    change.after.meeting_password = password ? '(changed)' : null;
  }
  return change;
}

/**
 * Saves one step of the flow into session `id`, which the form loaded at `form.version`. The
 * consultants and schedule steps (and publishing) re-check conflicts under the consultants' locks;
 * the schedule step on a published session is a reschedule and tells every active registrant; a
 * capacity increase promotes from the waitlist (database trigger) and queues their emails.
 */
export async function saveSessionStep<S extends SessionStep>(
  claims: JwtClaims | null,
  id: string,
  step: S,
  form: StepForms[S]
): Promise<SaveOutcome> {
  return guarded(() =>
    withRls(claims, async (tx) => {
      const row = await lockedSession(tx, id, form.version);
      if (isOutcome(row)) return row;
      const values = await stepValues(tx, step, form, row);
      const audit = diffFields(normalise(pick(row, Object.keys(values))), normalise(values));
      let extra: { before: Row; after: Row } | null = null;

      if (step === 'consultants') {
        const f = form as StepForms['consultants'];
        const ids = [f.primary, f.moderator, ...f.panelists].filter(Boolean);
        const conflicts = await findScheduleConflicts(tx, {
          sessionId: id,
          startsAt: row.starts_at,
          durationMinutes: row.duration_minutes,
          consultantIds: ids
        });
        if (conflicts.length) return { kind: 'conflict', conflicts };
        const speakers = await writeSpeakers(tx, row, f);
        if (speakers) {
          extra = speakers;
          if (speakers.sessionType !== row.session_type) {
            audit.before.session_type = row.session_type;
            audit.after.session_type = speakers.sessionType;
            values.session_type = speakers.sessionType;
          }
        }
      }
      if (step === 'platform') extra = await writeMeeting(tx, id, form as StepForms['platform']);

      const rescheduled = step === 'schedule' && hasChanges(audit);
      const publishing = step === 'review' && values.status === 'published';
      if (rescheduled || publishing) {
        const startsAt = (values.starts_at as Date | undefined) ?? row.starts_at;
        const durationMinutes = (values.duration_minutes as number | undefined) ?? row.duration_minutes;
        const conflicts = await findScheduleConflicts(tx, {
          sessionId: id,
          startsAt,
          durationMinutes,
          consultantIds: await speakerIds(tx, id)
        });
        if (conflicts.length) return { kind: 'conflict', conflicts };
      }
      if (publishing && (await speakerIds(tx, id)).length === 0) return { kind: 'needs_primary' };
      if (step === 'registration' && values.capacity !== null) {
        const taken = row.confirmed_count + row.pending_payment_count;
        if ((values.capacity as number) < taken) return { kind: 'capacity_below', taken };
      }

      if (!hasChanges(audit) && !extra) return { kind: 'saved', id, version: row.version, changed: [], jobs: 0, promoted: 0 };
      const updated = await tx
        .updateTable('sessions')
        .set(hasChanges(audit) ? (toRow(pickChanged(values, audit.after)) as never) : { updated_at: sql`now()` })
        .where('id', '=', id)
        .where('version', '=', form.version)
        .returning(['version', 'status'])
        .executeTakeFirst();
      if (!updated) return { kind: 'forbidden' };
      const promoted = step === 'registration' ? await queuePromotionEmails(tx) : 0;
      const jobs =
        rescheduled && row.status !== 'draft' ? await activeRegistrationJobs(tx, id, 'rescheduled', updated.version) : 0;
      const action =
        step === 'review'
          ? values.status === 'published'
            ? values.publish_at
              ? 'session.publish_scheduled'
              : 'session.published'
            : 'session.unpublished'
          : rescheduled && row.status !== 'draft'
            ? 'session.rescheduled'
            : `session.${step}_updated`;
      await recordAudit(tx, {
        action,
        entity: 'session',
        entityId: id,
        data: {
          version: updated.version,
          before: { ...audit.before, ...extra?.before },
          after: { ...audit.after, ...extra?.after },
          ...(jobs ? { registrants_notified: jobs } : {}),
          ...(promoted ? { promoted_from_waitlist: promoted } : {})
        }
      });
      return {
        kind: 'saved',
        id,
        version: updated.version,
        changed: Object.keys({ ...audit.after, ...extra?.after }),
        jobs,
        promoted
      };
    })
  );
}

/** Only the keys that changed, with the values as they go to the database (Dates stay Dates). */
const pickChanged = (values: Row, changed: Row) => Object.fromEntries(Object.keys(changed).map((k) => [k, values[k]]));

/**
 * Cancels a session with a reason. Registrations keep their status (the record of who had a seat
 * stays for refunds and reporting; the session's status closes registration and every manage link
 * shows the cancellation); each active registrant gets a `session_cancelled` email job.
 */
export async function cancelSession(
  claims: JwtClaims | null,
  id: string,
  form: { version: number; reason: string }
): Promise<SaveOutcome> {
  return guarded(() =>
    withRls(claims, async (tx) => {
      const row = await lockedSession(tx, id, form.version);
      if (isOutcome(row)) return row;
      const updated = await tx
        .updateTable('sessions')
        .set({ status: 'cancelled', cancellation_reason: form.reason })
        .where('id', '=', id)
        .where('version', '=', form.version)
        .returning(['version'])
        .executeTakeFirst();
      if (!updated) return { kind: 'forbidden' };
      const jobs = row.status === 'draft' ? 0 : await activeRegistrationJobs(tx, id, 'session_cancelled', updated.version);
      await recordAudit(tx, {
        action: 'session.cancelled',
        entity: 'session',
        entityId: id,
        data: {
          version: updated.version,
          before: { status: row.status, cancellation_reason: row.cancellation_reason ?? null },
          after: { status: 'cancelled', cancellation_reason: form.reason },
          registrants_notified: jobs
        }
      });
      return { kind: 'saved', id, version: updated.version, changed: ['status', 'cancellation_reason'], jobs, promoted: 0 };
    })
  );
}

const COPIED = [
  'topic_id',
  'title',
  'description',
  'social_copy',
  'agenda',
  'primary_expertise',
  'secondary_topics',
  'language',
  'timezone',
  'duration_minutes',
  'session_type',
  'price',
  'currency',
  'capacity',
  'requires_approval',
  'allow_waitlist',
  'platform',
  'recording_enabled',
  'materials_url',
  'slides_url',
  'certificate_template',
  'promotional_image_url',
  'create_odoo_event',
  'create_calendar_event'
] as const;

/**
 * A draft copy one week later, with a new slug and the same speakers when they are free then (else
 * without speakers: `speakersCopied` says which). Not copied: meeting link and password (a new
 * meeting is needed), registration window and early bird (tied to the old date), counters.
 */
export async function duplicateSession(
  claims: JwtClaims | null,
  id: string
): Promise<{ kind: 'created'; id: string; speakersCopied: boolean } | { kind: 'forbidden' } | { kind: 'not_found' }> {
  return withRls(claims, async (tx) => {
    if (!(await isAdmin(tx))) return { kind: 'forbidden' };
    if (!isUuid(id)) return { kind: 'not_found' };
    const source = (await tx.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()) as
      SessionRow | undefined;
    if (!source) return { kind: 'not_found' };
    const startsAt = new Date(source.starts_at.getTime() + 7 * 86_400_000);
    const values = pick(source, [...COPIED]);
    const row = await tx
      .insertInto('sessions')
      .values({
        ...toRow(values),
        slug: await freeSlug(tx, source.slug.replace(/-copy(-\d+)?$/, '') + '-copy'),
        status: 'draft',
        starts_at: startsAt,
        ends_at: startsAt
      } as never)
      .returning(['id', 'version', 'slug'])
      .executeTakeFirstOrThrow();
    const speakers = await tx
      .selectFrom('session_speakers')
      .select(['consultant_id', 'role', 'position'])
      .where('session_id', '=', id)
      .execute();
    const conflicts = await findScheduleConflicts(tx, {
      sessionId: row.id,
      startsAt,
      durationMinutes: source.duration_minutes,
      consultantIds: speakers.map((s) => s.consultant_id)
    });
    const speakersCopied = speakers.length > 0 && conflicts.length === 0;
    if (speakersCopied)
      await tx
        .insertInto('session_speakers')
        .values(speakers.map((s) => ({ ...s, session_id: row.id })))
        .execute();
    await recordAudit(tx, {
      action: 'session.duplicated',
      entity: 'session',
      entityId: row.id,
      data: {
        version: row.version,
        source_session_id: id,
        before: {},
        after: { slug: row.slug, starts_at: startsAt.toISOString(), speakers_copied: speakersCopied }
      }
    });
    return { kind: 'created', id: row.id, speakersCopied };
  });
}
