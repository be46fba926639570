/**
 * Admin and system actions on registrations: approval, rejection, cancellation, promotion and the
 * periodic waitlist sweep. The database checks app.is_admin() (or service-role claims) again.
 */
import { asServiceRole, sql, withRls, type JwtClaims, type Tx } from '../db/index.ts';
import { sendInTransaction } from '../jobs/index.ts';
import { emailJob, parsePromotions, promotionJobs } from './emails.ts';
import type { ApprovalOutcome, CancelOutcome, Promotion, RejectionOutcome } from './types.ts';

interface ChangeRow {
  outcome: string;
  registration_id: string | null;
  session_id: string | null;
  promoted: unknown;
}

/** Approves a pending registration: a free seat confirms it, a full session waitlists it (or refuses 'sold_out'). */
export async function approveRegistration(claims: JwtClaims, registrationId: string): Promise<ApprovalOutcome> {
  return withRls(claims, async (tx) => {
    const { rows } = await sql<{ outcome: string; registration_id: string; status: string; waitlist_position: number | null }>`
      select * from app.approve_registration(${registrationId}::uuid)`.execute(tx);
    const row = rows[0];
    if (row.outcome === 'approved') {
      const status = row.status as 'confirmed' | 'pending_payment';
      if (status === 'confirmed') await sendInTransaction(tx, [emailJob(row.registration_id, 'approved')]);
      return { kind: 'approved', registrationId: row.registration_id, status };
    }
    if (row.outcome === 'waitlisted') {
      await sendInTransaction(tx, [emailJob(row.registration_id, 'waitlisted')]);
      return { kind: 'waitlisted', registrationId: row.registration_id, position: row.waitlist_position! };
    }
    return { kind: 'refused', reason: row.outcome as Extract<ApprovalOutcome, { kind: 'refused' }>['reason'] };
  });
}

/** Rejects a pending registration (tells the person); may let the next waitlisted person into review. */
export async function rejectRegistration(
  claims: JwtClaims,
  registrationId: string,
  reason?: string | null
): Promise<RejectionOutcome> {
  return withRls(claims, async (tx) => {
    const { rows } =
      await sql<ChangeRow>`select * from app.reject_registration(${registrationId}::uuid, ${reason ?? null})`.execute(tx);
    const row = rows[0];
    if (row.outcome !== 'rejected') return { kind: 'refused', reason: row.outcome as 'not_found' | 'not_pending' };
    const promoted = parsePromotions(row.promoted);
    await sendInTransaction(tx, [emailJob(row.registration_id!, 'rejected'), ...promotionJobs(promoted)]);
    return { kind: 'rejected', registrationId: row.registration_id!, promoted };
  });
}

/** Cancels any registration as an admin (also after the start); the freed seat goes to the waitlist. */
export async function cancelRegistration(
  claims: JwtClaims,
  registrationId: string,
  reason?: string | null
): Promise<CancelOutcome> {
  return withRls(claims, async (tx) => {
    const { rows } =
      await sql<ChangeRow>`select * from app.cancel_registration(${registrationId}::uuid, ${reason ?? null})`.execute(tx);
    const row = rows[0];
    if (row.outcome !== 'cancelled')
      return { kind: 'refused', reason: row.outcome as 'not_found' | 'already_cancelled' | 'session_started' };
    const promoted = parsePromotions(row.promoted);
    await sendInTransaction(tx, [emailJob(row.registration_id!, 'cancelled'), ...promotionJobs(promoted)]);
    return { kind: 'cancelled', registrationId: row.registration_id!, sessionId: row.session_id!, promoted };
  });
}

async function promoteIn(tx: Tx, sessionId: string): Promise<Promotion[]> {
  const { rows } = await sql<{ registration_id: string; status: Promotion['status'] }>`
    select * from app.promote_from_waitlist(${sessionId}::uuid)`.execute(tx);
  const promoted = rows.map((r) => ({ registrationId: r.registration_id, status: r.status }));
  await sendInTransaction(tx, promotionJobs(promoted));
  return promoted;
}

/** Fills the session's free seats from its waitlist (FIFO) and emails the promoted; admins only. */
export async function promoteFromWaitlist(claims: JwtClaims, sessionId: string): Promise<Promotion[]> {
  return withRls(claims, (tx) => promoteIn(tx, sessionId));
}

/**
 * For the session editor: call inside the transaction that raised a session's capacity. The database
 * trigger has already promoted people ('id:status' pairs in app.promoted_registrations); this sends their emails
 * before commit. Safe to call when nothing was promoted.
 */
export async function queuePromotionEmails(tx: Tx): Promise<number> {
  const { rows } = await sql<{ ids: string | null }>`
    select nullif(current_setting('app.promoted_registrations', true), '') as ids,
           set_config('app.promoted_registrations', '', true)`.execute(tx);
  const promoted = (rows[0]?.ids?.split(',') ?? []).map((pair) => {
    const [registrationId, status] = pair.split(':');
    return { registrationId, status: status as Promotion['status'] };
  });
  await sendInTransaction(tx, promotionJobs(promoted));
  return promoted.length;
}

/** How far back the sweep re-sends promotion emails of trigger promotions (sweep runs every 2 h). */
const RESEND_WINDOW = '3 hours';

/**
 * The periodic sweep (pg-boss cron every 2 hours): promotes wherever seats are free and people wait,
 * and re-sends promotion emails for recent capacity-increase promotions whose transaction may not have
 * queued them (the outbox's unique key makes a repeat harmless). `sessionIds` limits it (tools, tests).
 */
export async function sweepWaitlists(options: { sessionIds?: string[] } = {}): Promise<{ promoted: number; resent: number }> {
  if (options.sessionIds?.length === 0) return { promoted: 0, resent: 0 };
  return asServiceRole('waitlist sweep: promote into free seats, catch up promotion emails', async (tx) => {
    const { rows } = await sql<{ session_id: string; registration_id: string; status: Promotion['status'] }>`
      select * from app.sweep_waitlists(${options.sessionIds ?? null}::uuid[])`.execute(tx);
    const promoted = rows.map((r) => ({ registrationId: r.registration_id, status: r.status }));
    const recent = await tx
      .selectFrom('registration_status_history as h')
      .innerJoin('registrations as r', 'r.id', 'h.registration_id')
      .select(['h.registration_id', 'h.to_status'])
      .where('h.reason', '=', 'promoted from waitlist: capacity increased')
      .where('h.from_status', '=', 'waitlisted')
      .where('h.changed_at', '>', sql<Date>`now() - ${RESEND_WINDOW}::interval`)
      .where('r.status', '=', sql<string>`h.to_status`)
      .$if(options.sessionIds !== undefined, (q) => q.where('r.session_id', 'in', options.sessionIds!))
      .execute();
    const resend = recent.map((r) => ({ registrationId: r.registration_id, status: r.to_status as Promotion['status'] }));
    await sendInTransaction(tx, promotionJobs([...promoted, ...resend]));
    return { promoted: promoted.length, resent: resend.length };
  });
}

/** A fresh manage link for a registration (the old one stops working); null if unknown or erased. */
export async function rotateManageToken(registrationId: string): Promise<string | null> {
  return asServiceRole('issue a new manage link for a registration', async (tx) => {
    const { rows } = await sql<{
      token: string | null;
    }>`select app.rotate_manage_token(${registrationId}::uuid) as token`.execute(tx);
    return rows[0]?.token ?? null;
  });
}
