/**
 * Admin actions on registrations, single and bulk. Approve, reject and cancel are the registration
 * engine's functions; attendance goes through app.mark_attendance (security definer, checks
 * app.is_admin() and that the session has started); resending the confirmation queues a
 * `registration.email` job with a higher version. The database refuses non-admins (SQLSTATE 42501).
 */
import type { BulkAction } from '../../schemas/admin-registrations.ts';
import { sql, withRls, type JwtClaims } from '../db/index.ts';
import { sendInTransaction } from '../jobs/index.ts';
import { approveRegistration, cancelRegistration, rejectRegistration } from '../registration/index.ts';
import { AdminOnlyError, asAdmin } from './access.ts';

/** What happened to one registration; `reason` is the engine's refusal code. */
export type ActionResult = { id: string; ok: true; outcome: string } | { id: string; ok: false; reason: string };

export async function markAttendance(
  claims: JwtClaims | null,
  registrationId: string,
  status: 'attended' | 'no_show'
): Promise<ActionResult> {
  if (!claims) throw new AdminOnlyError();
  return withRls(claims, async (tx) => {
    const { rows } = await sql<{ outcome: string }>`
      select outcome from app.mark_attendance(${registrationId}::uuid, ${status})`.execute(tx);
    const outcome = rows[0]?.outcome ?? 'not_found';
    return outcome === 'marked' || outcome === 'unchanged'
      ? { id: registrationId, ok: true, outcome: status }
      : { id: registrationId, ok: false, reason: outcome };
  });
}

/** One action on one registration; refusals come back as results, permission errors are thrown. */
export async function applyAction(
  claims: JwtClaims | null,
  action: BulkAction,
  registrationId: string,
  reason?: string | null
): Promise<ActionResult> {
  // Anonymous callers never reach the database functions (they are not granted to anon anyway).
  if (!claims) throw new AdminOnlyError();
  switch (action) {
    case 'approve': {
      const r = await approveRegistration(claims, registrationId);
      return r.kind === 'refused'
        ? { id: registrationId, ok: false, reason: r.reason }
        : { id: registrationId, ok: true, outcome: r.kind };
    }
    case 'reject': {
      const r = await rejectRegistration(claims, registrationId, reason || null);
      return r.kind === 'refused'
        ? { id: registrationId, ok: false, reason: r.reason }
        : { id: registrationId, ok: true, outcome: r.kind };
    }
    case 'cancel': {
      const r = await cancelRegistration(claims, registrationId, reason || null);
      return r.kind === 'refused'
        ? { id: registrationId, ok: false, reason: r.reason }
        : { id: registrationId, ok: true, outcome: r.kind };
    }
    case 'attended':
    case 'no_show':
      return markAttendance(claims, registrationId, action);
  }
}

/**
 * The same action on each selected registration, each in its own transaction (one refusal, e.g. a
 * sold-out session on approval, does not undo the others). Permission errors stop the whole batch.
 */
export async function applyBulkAction(
  claims: JwtClaims | null,
  action: BulkAction,
  ids: string[],
  reason?: string | null
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const id of [...new Set(ids)]) results.push(await applyAction(claims, action, id, reason));
  return results;
}

/** Emails an admin may send again to one person. */
export const RESENDABLE_KINDS = ['confirmation', 'reminder', 'meeting_details'] as const;
export type ResendableKind = (typeof RESENDABLE_KINDS)[number];

/**
 * Sends an email again (confirmation, reminder, access details): a `registration.email` job with a
 * version above every earlier one of that kind (the outbox keeps one message per registration, kind
 * and version). Only for confirmed registrations; access details only once the session has a
 * meeting link. Audited as registration.<kind>_resent.
 */
export async function resendEmail(claims: JwtClaims | null, registrationId: string, kind: ResendableKind): Promise<ActionResult> {
  return asAdmin(claims, async (tx) => {
    // Two resends of one registration at once queue two versions, not one twice (clients cannot lock rows).
    await sql`select pg_advisory_xact_lock(hashtextextended(${`resend-${kind}:${registrationId}`}, 0))`.execute(tx);
    const reg = await tx
      .selectFrom('registrations as r')
      .leftJoin('session_meetings as m', 'm.session_id', 'r.session_id')
      .select(['r.id', 'r.status', 'r.erased_at', 'm.meeting_url'])
      .where('r.id', '=', registrationId)
      .executeTakeFirst();
    if (!reg || reg.erased_at) return { id: registrationId, ok: false, reason: 'not_found' };
    if (reg.status !== 'confirmed') return { id: registrationId, ok: false, reason: 'not_confirmed' };
    if (kind === 'meeting_details' && !reg.meeting_url) return { id: registrationId, ok: false, reason: 'no_meeting_url' };
    const action = `registration.${kind}_resent`;
    const sent = await tx
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.max<number>('version').as('v'))
      .where('registration_id', '=', registrationId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    // Earlier resends whose job the worker has not turned into an outbox row yet still count.
    const resends = await tx
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max(sql<number>`(data ->> 'version')::int`).as('v'))
      .where('entity', '=', 'registration')
      .where('entity_id', '=', registrationId)
      .where('action', '=', action)
      .executeTakeFirst();
    // Version 1 of a confirmation is the engine's own; reminders and access details start at 1.
    const floor = kind === 'confirmation' ? 1 : 0;
    const version = Math.max(Number(sent?.v ?? floor), Number(resends?.v ?? floor)) + 1;
    await sendInTransaction(tx, [{ name: 'registration.email', data: { registrationId, kind, version } }]);
    await tx
      .insertInto('audit_log')
      .values({
        action,
        entity: 'registration',
        entity_id: registrationId,
        actor_user_id: claims!.sub,
        data: JSON.stringify({ version })
      })
      .execute();
    return { id: registrationId, ok: true, outcome: 'resent' };
  });
}

/** Registrations a message can reach: everyone not cancelled or erased. */
const MESSAGE_STATUSES = ['confirmed', 'pending_approval', 'pending_payment', 'waitlisted', 'attended', 'no_show'] as const;

export interface MessageOutcome {
  messageId: number;
  /** Registrations that get the message. */
  sent: string[];
  /** Selected registrations left out (cancelled, erased or unknown). */
  skipped: string[];
}

/**
 * Stores one message and queues one `registration.email` job of kind 'message' per reachable
 * selected registration, all in one transaction: either everyone selected is queued or no one is.
 * Returns null when nobody selected can be reached (nothing is stored).
 */
export async function sendMessage(
  claims: JwtClaims | null,
  input: { ids: string[]; subject: string; body: string }
): Promise<MessageOutcome | null> {
  return asAdmin(claims, async (tx) => {
    const wanted = [...new Set(input.ids)];
    const reachable = wanted.length
      ? await tx
          .selectFrom('registrations')
          .select(['id', 'session_id'])
          .where('id', 'in', wanted)
          .where('erased_at', 'is', null)
          .where('status', 'in', MESSAGE_STATUSES)
          .execute()
      : [];
    if (reachable.length === 0) return null;
    const sessions = new Set(reachable.map((r) => r.session_id));
    const message = await tx
      .insertInto('registration_messages')
      .values({
        session_id: sessions.size === 1 ? reachable[0].session_id : null,
        subject: input.subject,
        body: input.body,
        recipient_count: reachable.length
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sendInTransaction(
      tx,
      reachable.map((r) => ({ name: 'registration.email', data: { registrationId: r.id, kind: 'message', version: message.id } }))
    );
    const sent = reachable.map((r) => r.id);
    await tx
      .insertInto('audit_log')
      .values({
        action: 'registration.message_sent',
        entity: 'registration_message',
        entity_id: String(message.id),
        actor_user_id: claims!.sub,
        data: JSON.stringify({ subject: input.subject, recipients: sent.length })
      })
      .execute();
    return { messageId: message.id, sent, skipped: wanted.filter((id) => !sent.includes(id)) };
  });
}
