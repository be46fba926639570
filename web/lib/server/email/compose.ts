/**
 * Turns "registration X changed (kind)" into one row in public.email_outbox: the rendered message,
 * its calendar invite and a fresh manage link, all in ONE transaction.
 *
 * Idempotency: the registration row is locked first, so two runs of the same job serialise; the
 * second finds the outbox row (unique on registration, kind, version) and returns it without
 * rotating the token again. A crash before commit leaves neither a row nor a rotated token.
 */
import { sql } from 'kysely';
import { type RegistrationEmailKind } from '../../../../emails/i18n.ts';
import {
  MANAGE_LINK_KINDS,
  renderRegistrationEmail,
  type RegistrationEmailProps
} from '../../../../emails/registration.email.tsx';
import { asServiceRole, type Tx } from '../db/index.ts';
import { landingUrl, loadRegistrationEmailData, localizedUrl, type RegistrationEmailData } from './data.ts';
import { registrationInvite, type IcsMethod } from './ics.ts';

/** The calendar attachment: an invitation once a seat is held, an update or a cancellation when it moves or goes. */
function calendarMethod(
  kind: RegistrationEmailKind,
  status: string
): { method: IcsMethod; note: 'request' | 'update' | 'cancel' } | null {
  switch (kind) {
    case 'confirmation':
    case 'promoted':
    case 'approved':
      return { method: 'REQUEST', note: 'request' };
    // Same UID, SEQUENCE = the session's new version: calendars move the event instead of adding one.
    case 'rescheduled':
      return status === 'confirmed' ? { method: 'REQUEST', note: 'update' } : null;
    case 'cancelled':
    case 'session_cancelled':
      return { method: 'CANCEL', note: 'cancel' };
    default:
      return null;
  }
}

/**
 * The statuses in which each email is still true. Jobs can run late or out of order (retries), so
 * a "you're on the waitlist" job that runs after the promotion is dropped rather than sent.
 * pending_payment will join confirmation/approved when payments arrive.
 */
const ACTIVE = ['confirmed', 'pending_approval', 'pending_payment', 'waitlisted'];
const VALID_STATUSES: Record<RegistrationEmailKind, readonly string[]> = {
  confirmation: ['confirmed'],
  promoted: ['confirmed'],
  approved: ['confirmed'],
  waitlisted: ['waitlisted'],
  pending_approval: ['pending_approval'],
  rejected: ['cancelled'],
  cancelled: ['cancelled'],
  rescheduled: ACTIVE,
  // The session's cancellation closes the registrations in the same transaction.
  session_cancelled: [...ACTIVE, 'cancelled'],
  reminder: ['confirmed'],
  meeting_details: ['confirmed'],
  message: [...ACTIVE, 'attended', 'no_show']
};

/** Kinds that show the join link (to seated people only). */
const MEETING_KINDS: ReadonlySet<RegistrationEmailKind> = new Set(['reminder', 'meeting_details', 'rescheduled']);

export interface OutboxAttachment {
  filename: string;
  content_type: string;
  /** utf8 text (calendar files) or base64 (binary). */
  encoding: 'utf8' | 'base64';
  content: string;
}

export type ComposeResult =
  | { outcome: 'queued'; outboxId: string }
  | { outcome: 'existing'; outboxId: string }
  | { outcome: 'skipped'; reason: 'not_found' | 'erased' | 'stale_status' | 'no_meeting_url' };

/** Outbox dedupe key; the (registration, kind, version) unique index says the same. */
export function dedupeKey(registrationId: string, kind: RegistrationEmailKind, version: number): string {
  return `registration:${registrationId}:${kind}:v${version}`;
}

export function composeRegistrationEmail(
  registrationId: string,
  kind: RegistrationEmailKind,
  version = 1
): Promise<ComposeResult> {
  return asServiceRole('worker: compose a registration email into the outbox', (tx) =>
    composeInTransaction(tx, registrationId, kind, version)
  );
}

async function composeInTransaction(
  tx: Tx,
  registrationId: string,
  kind: RegistrationEmailKind,
  version: number
): Promise<ComposeResult> {
  // Serialises composers of this registration (and waits for an engine transaction still moving it).
  const locked = await sql<{ id: string }>`
    select id from public.registrations where id = ${registrationId} for no key update`.execute(tx);
  if (locked.rows.length === 0) return { outcome: 'skipped', reason: 'not_found' };

  const existing = await tx
    .selectFrom('email_outbox')
    .select('id')
    .where('registration_id', '=', registrationId)
    .where('kind', '=', kind)
    .where('version', '=', version)
    .executeTakeFirst();
  if (existing) return { outcome: 'existing', outboxId: existing.id };

  const data = await loadRegistrationEmailData(tx, registrationId);
  if (!data) return { outcome: 'skipped', reason: 'not_found' };
  if (data.erased) return { outcome: 'skipped', reason: 'erased' };
  if (!VALID_STATUSES[kind].includes(data.status)) return { outcome: 'skipped', reason: 'stale_status' };
  const showMeeting = MEETING_KINDS.has(kind) && data.status === 'confirmed' && data.meeting !== null;
  // Access details without a link to give would be an empty promise; the admin UI says so first.
  if (kind === 'meeting_details' && !showMeeting) return { outcome: 'skipped', reason: 'no_meeting_url' };
  // A message's text is its own row; its id is the job's version (one email per message and person).
  const texts = kind === 'message' ? await loadMessageTexts(tx, version) : data.emailTexts[kind];
  if (kind === 'message' && !texts) return { outcome: 'skipped', reason: 'not_found' };

  let manageUrl: string | null = null;
  if (MANAGE_LINK_KINDS.has(kind)) {
    // The engine's function (one definition of the token format and hash): 256 random bits,
    // base64url, only the SHA-256 stored. Rotated in this transaction, so exactly once per message.
    const rotated = await sql<{ token: string | null }>`select app.rotate_manage_token(${registrationId}) as token`.execute(tx);
    const token = rotated.rows[0]?.token;
    if (!token) return { outcome: 'skipped', reason: 'erased' };
    manageUrl = localizedUrl(`/registrations/${token}`, data.language);
  }

  const calendar = calendarMethod(kind, data.status);
  const rendered = await renderRegistrationEmail({
    ...toProps(data, kind, manageUrl, calendar?.note ?? null),
    meeting: showMeeting ? data.meeting : null,
    texts: texts ?? undefined
  });
  const attachments: OutboxAttachment[] = calendar
    ? [
        {
          filename: 'invite.ics',
          content_type: `text/calendar; charset=utf-8; method=${calendar.method}`,
          encoding: 'utf8',
          content: registrationInvite(data, calendar.method)
        }
      ]
    : [];

  const inserted = await tx
    .insertInto('email_outbox')
    .values({
      registration_id: registrationId,
      session_id: data.session.id,
      kind,
      version,
      dedupe_key: dedupeKey(registrationId, kind, version),
      to_address: data.email,
      language: data.language,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments: JSON.stringify(attachments)
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  // Unreachable while the row lock above holds; if it ever happens, roll back the token rotation
  // rather than commit a link that no email carries.
  if (!inserted) throw new Error(`outbox row for ${dedupeKey(registrationId, kind, version)} appeared concurrently`);
  return { outcome: 'queued', outboxId: inserted.id };
}

/** The subject and body of a message to registrants (`registration_messages`), by id. */
async function loadMessageTexts(tx: Tx, messageId: number): Promise<{ subject: string; intro: string } | null> {
  const row = await tx
    .selectFrom('registration_messages')
    .select(['subject', 'body'])
    .where('id', '=', messageId)
    .executeTakeFirst();
  return row ? { subject: row.subject, intro: row.body } : null;
}

function toProps(
  data: RegistrationEmailData,
  kind: RegistrationEmailKind,
  manageUrl: string | null,
  calendar: RegistrationEmailProps['calendar']
): RegistrationEmailProps {
  return {
    kind,
    locale: data.language,
    firstName: data.firstName,
    session: {
      title: data.session.title,
      startsAt: data.session.startsAt.toISOString(),
      endsAt: data.session.endsAt.toISOString(),
      timeZone: data.session.timeZone,
      durationMinutes: data.session.durationMinutes,
      landingUrl: landingUrl(data),
      platform: data.session.platform,
      prerequisites: data.session.prerequisites,
      materialsUrl: data.session.materialsUrl
    },
    speakers: data.speakers,
    manageUrl,
    waitlistPosition: data.waitlistPosition,
    cancellationReason: data.cancellationReason,
    calendar,
    meeting: null,
    supportEmail: data.supportEmail
  };
}
