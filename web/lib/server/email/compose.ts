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
import { renderRegistrationEmail } from '../../../../emails/registration.email.tsx';
import { asServiceRole, type Tx } from '../db/index.ts';
import { landingUrl, loadRegistrationEmailData, localizedUrl, type RegistrationEmailData } from './data.ts';
import { registrationInvite, type IcsMethod } from './ics.ts';

/**
 * Kinds whose email carries the personal manage link. Each of these rotates the token: only the
 * newest email's link works afterwards. Rejection and cancellation do not carry (or rotate) it, so
 * the link from an earlier email keeps working for export and erasure.
 */
export const MANAGE_LINK_KINDS: ReadonlySet<RegistrationEmailKind> = new Set([
  'confirmation',
  'waitlisted',
  'pending_approval',
  'promoted',
  'approved'
]);

/** The calendar attachment per kind: an invitation once a seat is held, a cancellation when it goes. */
const CALENDAR_METHOD: Record<RegistrationEmailKind, IcsMethod | null> = {
  confirmation: 'REQUEST',
  promoted: 'REQUEST',
  approved: 'REQUEST',
  cancelled: 'CANCEL',
  waitlisted: null,
  pending_approval: null,
  rejected: null
};

/**
 * The statuses in which each email is still true. Jobs can run late or out of order (retries), so
 * a "you're on the waitlist" job that runs after the promotion is dropped rather than sent.
 * pending_payment will join confirmation/approved when payments arrive.
 */
const VALID_STATUSES: Record<RegistrationEmailKind, readonly string[]> = {
  confirmation: ['confirmed'],
  promoted: ['confirmed'],
  approved: ['confirmed'],
  waitlisted: ['waitlisted'],
  pending_approval: ['pending_approval'],
  rejected: ['cancelled'],
  cancelled: ['cancelled']
};

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
  | { outcome: 'skipped'; reason: 'not_found' | 'erased' | 'stale_status' };

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

  let manageUrl: string | null = null;
  if (MANAGE_LINK_KINDS.has(kind)) {
    // The engine's function (one definition of the token format and hash): 256 random bits,
    // base64url, only the SHA-256 stored. Rotated in this transaction, so exactly once per message.
    const rotated = await sql<{ token: string | null }>`select app.rotate_manage_token(${registrationId}) as token`.execute(tx);
    const token = rotated.rows[0]?.token;
    if (!token) return { outcome: 'skipped', reason: 'erased' };
    manageUrl = localizedUrl(`/registrations/${token}`, data.language);
  }

  const method = CALENDAR_METHOD[kind];
  const rendered = await renderRegistrationEmail(toProps(data, kind, manageUrl, method));
  const attachments: OutboxAttachment[] = method
    ? [
        {
          filename: 'invite.ics',
          content_type: `text/calendar; charset=utf-8; method=${method}`,
          encoding: 'utf8',
          content: registrationInvite(data, method)
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

function toProps(data: RegistrationEmailData, kind: RegistrationEmailKind, manageUrl: string | null, method: IcsMethod | null) {
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
    calendar: method === 'REQUEST' ? ('request' as const) : method === 'CANCEL' ? ('cancel' as const) : null,
    supportEmail: data.supportEmail
  };
}
