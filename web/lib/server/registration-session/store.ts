/**
 * The server-side registration session (spec "Session Retention"): what the attendee typed, kept for
 * auto-fill, and what happened to each registration, for the thank-you and multi-registration pages.
 * Rows live in public.registration_sessions and are found by the SHA-256 of the cookie value only.
 * Attendees have no account, so access runs as service_role, always keyed by that hash.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { asServiceRole } from '../db/index.ts';
import type { RegistrationRefusal, RegistrationStatus } from '../registration/types.ts';
import type { DraftFields } from './draft.ts';

/** Kept after the last change; the page warns when less than WARN_BEFORE_MS is left. */
export const LIFETIME_MS = 4 * 3600 * 1000;
export const WARN_BEFORE_MS = 30 * 60 * 1000;
const MAX_OUTCOMES = 20;

/** One registration attempt, as the thank-you page reports it. No personal data beyond the ids. */
export interface StoredOutcome {
  sessionId: string;
  slug: string;
  kind: 'registered' | 'waitlisted' | 'already_registered' | 'refused';
  registrationId: string | null;
  status: RegistrationStatus | null;
  position: number | null;
  reason: RegistrationRefusal | null;
  at: string;
}

export interface RegistrationSessionRecord {
  id: string;
  fields: DraftFields;
  outcomes: StoredOutcome[];
  sessionIds: string[];
  expiresAt: Date;
}

interface StoredData {
  fields?: DraftFields;
  outcomes?: StoredOutcome[];
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Same shape the table accepts (app.is_email); anything else is kept in the data only. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The live (unexpired) record behind a cookie value, or null. */
export async function findByToken(token: string): Promise<RegistrationSessionRecord | null> {
  return asServiceRole('registration session: the cookie holder reads their own record', async (tx) => {
    const row = await tx
      .selectFrom('registration_sessions')
      .select(['id', 'registration_data', 'session_ids', 'expires_at'])
      .where('token_hash', '=', hashToken(token))
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (!row) return null;
    const data = (row.registration_data ?? {}) as StoredData;
    return {
      id: row.id,
      fields: data.fields ?? {},
      outcomes: data.outcomes ?? [],
      sessionIds: row.session_ids,
      expiresAt: new Date(row.expires_at)
    };
  });
}

/**
 * Creates a record for a new cookie value (with the chosen sessions, if any, so a submission needs one
 * transaction rather than a create and an update); expired records are cleared on the way (no cron needed).
 */
export async function create(token: string, fields: DraftFields, sessionIds: string[] = []): Promise<RegistrationSessionRecord> {
  return asServiceRole('registration session: a visitor starts a registration', async (tx) => {
    // One statement (a data-modifying CTE), one round trip on the registration's hot path.
    const row = await tx
      .with('expired', (db) =>
        db
          .deleteFrom('registration_sessions')
          .where('expires_at', '<', sql<Date>`now()`)
          .returning('id')
      )
      .insertInto('registration_sessions')
      .values({
        token_hash: hashToken(token),
        email: emailOf(fields),
        registration_data: JSON.stringify({ fields, outcomes: [] }),
        session_ids: sessionIds.slice(0, 20),
        expires_at: sql<Date>`now() + ${`${LIFETIME_MS} milliseconds`}::interval`
      })
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
    return { id: row.id, fields, outcomes: [], sessionIds: sessionIds.slice(0, 20), expiresAt: new Date(row.expires_at) };
  });
}

/** Replaces the saved fields (and optionally the chosen sessions); every change restarts the 4 hours. */
export async function saveFields(id: string, fields: DraftFields, sessionIds?: string[]): Promise<Date | null> {
  return asServiceRole('registration session: the cookie holder saves their own draft', async (tx) => {
    let q = tx
      .updateTable('registration_sessions')
      .set({
        email: emailOf(fields),
        registration_data: sql`jsonb_set(registration_data, '{fields}', ${JSON.stringify(fields)}::jsonb)`,
        expires_at: sql<Date>`now() + ${`${LIFETIME_MS} milliseconds`}::interval`
      })
      .where('id', '=', id)
      .where('expires_at', '>', sql<Date>`now()`);
    if (sessionIds) q = q.set({ session_ids: sessionIds.slice(0, 20) });
    const row = await q.returning('expires_at').executeTakeFirst();
    return row ? new Date(row.expires_at) : null;
  });
}

/**
 * Appends what happened (newest last, bounded; an outcome replaces the earlier one for the same
 * session) and marks the session completed. One UPDATE computes the merge in SQL: it locks the row and,
 * should another submission of the same holder commit first, recomputes on that newer version (read
 * committed), so concurrent submissions never drop each other's outcomes; no SELECT … FOR UPDATE needed.
 */
export async function addOutcomes(id: string, outcomes: StoredOutcome[]): Promise<void> {
  const replaced = outcomes.map((o) => o.sessionId);
  await asServiceRole('registration session: record the outcome of the holder’s registrations', (tx) =>
    tx
      .updateTable('registration_sessions')
      .set({
        registration_data: sql`jsonb_set(coalesce(registration_data, '{}'::jsonb), '{outcomes}', (
          select coalesce(jsonb_agg(kept.o order by kept.n), '[]'::jsonb)
          from (
            select merged.o, merged.n
            from (
              select e.o, e.n
              from jsonb_array_elements(coalesce(registration_data -> 'outcomes', '[]'::jsonb)) with ordinality as e(o, n)
              where not coalesce(e.o ->> 'sessionId' = any (${replaced}::text[]), false)
              union all
              select a.o, 1000000 + a.n
              from jsonb_array_elements(${JSON.stringify(outcomes)}::jsonb) with ordinality as a(o, n)
            ) merged
            order by merged.n desc
            limit ${MAX_OUTCOMES}
          ) kept))`,
        completed_at: sql<Date>`now()`
      })
      .where('id', '=', id)
      .execute()
  );
}

/** Deletes the record ("forget my details"). Registrations keep their rows (the reference is set null). */
export async function remove(token: string): Promise<void> {
  await asServiceRole('registration session: the cookie holder deletes their own record', (tx) =>
    tx.deleteFrom('registration_sessions').where('token_hash', '=', hashToken(token)).execute()
  );
}

function emailOf(fields: DraftFields): string | null {
  const email = fields.email?.trim();
  return email && email.length <= 254 && EMAIL.test(email) ? email : null;
}
