/**
 * Manage-my-registration: everything the secret link allows. The token is the attendee's only
 * credential; the database resolves it by SHA-256 and touches only that registration. All calls run
 * as anon, whoever is signed in.
 */
import { sql, withRls } from '../db/index.ts';
import { sendInTransaction } from '../jobs/index.ts';
import { emailJob, parsePromotions, promotionJobs } from './emails.ts';
import { attendeeColumns } from './register.ts';
import { invalidInputDetail, isManageToken } from './errors.ts';
import type { CancelOutcome, EraseOutcome, ManagedRegistration, RegistrationUpdate, UpdateOutcome } from './types.ts';

interface ChangeRow {
  outcome: string;
  registration_id: string | null;
  session_id: string | null;
  promoted: unknown;
}

/** The registration behind a manage link (status, waitlist position, session, attendee fields), or null. */
export async function registrationByToken(token: string): Promise<ManagedRegistration | null> {
  if (!isManageToken(token)) return null;
  return withRls(null, async (tx) => {
    const { rows } = await sql<{ data: ManagedRegistration | null }>`select app.registration_by_token(${token}) as data`.execute(
      tx
    );
    return rows[0]?.data ?? null;
  });
}

/** Cancels through the link; the first waitlisted person is promoted and told in the same transaction. */
export async function cancelByToken(token: string, reason?: string | null): Promise<CancelOutcome> {
  if (!isManageToken(token)) return { kind: 'refused', reason: 'not_found' };
  return withRls(null, async (tx) => {
    const { rows } = await sql<ChangeRow>`select * from app.cancel_registration_by_token(${token}, ${reason ?? null})`.execute(
      tx
    );
    const row = rows[0];
    if (row.outcome !== 'cancelled')
      return { kind: 'refused', reason: row.outcome as 'not_found' | 'already_cancelled' | 'session_started' };
    const promoted = parsePromotions(row.promoted);
    await sendInTransaction(tx, [emailJob(row.registration_id!, 'cancelled'), ...promotionJobs(promoted)]);
    return { kind: 'cancelled', registrationId: row.registration_id!, sessionId: row.session_id!, promoted };
  });
}

/** Updates the attendee's own details (not the email) and optional consents; only given fields change. */
export async function updateByToken(token: string, update: RegistrationUpdate): Promise<UpdateOutcome> {
  if (!isManageToken(token)) return { kind: 'refused', reason: 'not_found' };
  const a = update.attendee;
  // The email identifies the registration (duplicate rule) and never changes through the link.
  const { email: _email, ...columns } = attendeeColumns(a);
  const changes = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
  const c = update.consents;
  const consents = c
    ? {
        marketing_consent: c.marketingConsent,
        consultant_follow_up_consent: c.consultantFollowUpConsent,
        data_processing_consent: c.dataProcessingConsent,
        text_version: c.textVersion
      }
    : null;
  try {
    return await withRls(null, async (tx) => {
      const { rows } = await sql<{
        outcome: string;
        registration_id: string | null;
      }>`select * from app.update_registration_by_token(
          ${token}, ${JSON.stringify(changes)}::jsonb, ${consents ? JSON.stringify(consents) : null}::jsonb)`.execute(tx);
      const row = rows[0];
      if (row.outcome === 'updated') return { kind: 'updated', registrationId: row.registration_id! };
      return { kind: 'refused', reason: row.outcome as 'not_found' | 'cancelled' };
    });
  } catch (error) {
    const detail = invalidInputDetail(error);
    if (detail) return { kind: 'refused', reason: 'invalid_input', detail };
    throw error;
  }
}

/** All personal data behind the link as JSON (registration, consents with evidence, history), or null. */
export async function exportByToken(token: string): Promise<Record<string, unknown> | null> {
  if (!isManageToken(token)) return null;
  return withRls(null, async (tx) => {
    const { rows } = await sql<{
      data: Record<string, unknown> | null;
    }>`select app.export_registration_by_token(${token}) as data`.execute(tx);
    return rows[0]?.data ?? null;
  });
}

/** Anonymises the registration (cancelling it first if the session is still to come); the link dies. */
export async function eraseByToken(token: string): Promise<EraseOutcome> {
  if (!isManageToken(token)) return { kind: 'refused', reason: 'not_found' };
  return withRls(null, async (tx) => {
    const { rows } = await sql<ChangeRow>`select * from app.erase_registration_by_token(${token})`.execute(tx);
    const row = rows[0];
    if (row.outcome !== 'erased') return { kind: 'refused', reason: 'not_found' };
    // No email to the erased person (the address is gone); the promoted ones hear at once.
    const promoted = parsePromotions(row.promoted);
    await sendInTransaction(tx, promotionJobs(promoted));
    return { kind: 'erased', registrationId: row.registration_id!, promoted };
  });
}
