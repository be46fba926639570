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

/**
 * Sends the confirmation email again: a `registration.email` job of kind confirmation with a version
 * above every earlier one (the outbox keeps one message per registration, kind and version). Only for
 * confirmed registrations. Audited as registration.confirmation_resent.
 */
export async function resendConfirmation(claims: JwtClaims | null, registrationId: string): Promise<ActionResult> {
  return asAdmin(claims, async (tx) => {
    // Two resends of one registration at once queue two versions, not one twice (clients cannot lock rows).
    await sql`select pg_advisory_xact_lock(hashtextextended(${`resend-confirmation:${registrationId}`}, 0))`.execute(tx);
    const reg = await tx
      .selectFrom('registrations')
      .select(['id', 'status', 'erased_at'])
      .where('id', '=', registrationId)
      .executeTakeFirst();
    if (!reg || reg.erased_at) return { id: registrationId, ok: false, reason: 'not_found' };
    if (reg.status !== 'confirmed') return { id: registrationId, ok: false, reason: 'not_confirmed' };
    const sent = await tx
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.max<number>('version').as('v'))
      .where('registration_id', '=', registrationId)
      .where('kind', '=', 'confirmation')
      .executeTakeFirst();
    // Earlier resends whose job the worker has not turned into an outbox row yet still count.
    const resends = await tx
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max(sql<number>`(data ->> 'version')::int`).as('v'))
      .where('entity', '=', 'registration')
      .where('entity_id', '=', registrationId)
      .where('action', '=', 'registration.confirmation_resent')
      .executeTakeFirst();
    const version = Math.max(Number(sent?.v ?? 1), Number(resends?.v ?? 1)) + 1;
    await sendInTransaction(tx, [{ name: 'registration.email', data: { registrationId, kind: 'confirmation', version } }]);
    await tx
      .insertInto('audit_log')
      .values({
        action: 'registration.confirmation_resent',
        entity: 'registration',
        entity_id: registrationId,
        actor_user_id: claims!.sub,
        data: JSON.stringify({ version })
      })
      .execute();
    return { id: registrationId, ok: true, outcome: 'resent' };
  });
}
