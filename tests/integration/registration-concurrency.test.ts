/**
 * Races against the registration engine with real parallel connections: 500 people for 50 seats and
 * 200 submissions of one email. The negative control runs the same races against a copy of
 * app.register_attendee with the session lock removed, and must see the races the lock prevents, so a
 * green run here means something (pretix's concurrency tests do the same).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { closeJobClient, jobClient } from '../../web/lib/server/jobs/index.ts';
import { registerAttendee, type RegistrationInput, type RegistrationOutcome } from '../../web/lib/server/registration/index.ts';
import { ownerPool } from './support/db.ts';
import { createConsultant, createSession, unique } from './support/factories.ts';

// The service's pool is created lazily from this: 20 connections run truly in parallel while all 500
// requests are in flight at once. More would only deepen the queue on the session's row lock (and the
// cluster's 200 connections are shared with the test file running beside this one).
process.env.DATABASE_POOL_SIZE = '20';
const RAW_CONNECTIONS = 30;

let raw: pg.Pool;
beforeAll(async () => {
  raw = new pg.Pool({ connectionString: inject('databaseUrl'), max: RAW_CONNECTIONS });
  await jobClient();
});
afterAll(async () => {
  await raw?.end();
  await closeJobClient();
});

async function session(capacity: number): Promise<string> {
  const consultantId = await createConsultant();
  return createSession({ capacity, speakers: [{ consultantId, role: 'primary' }] });
}

function input(sessionId: string, email: string): RegistrationInput {
  return {
    sessionId,
    attendee: { firstName: 'Race', lastName: 'Runner', email, company: 'Concurrency AG' },
    consents: {
      termsAccepted: true,
      privacyConsent: true,
      marketingConsent: false,
      consultantFollowUpConsent: false,
      dataProcessingConsent: false,
      textVersion: 'test'
    },
    language: 'en'
  };
}

async function statusCounts(sessionId: string) {
  const { rows } = await ownerPool().query(
    `select
       (select count(*)::int from public.registrations where session_id = $1 and status = 'confirmed') as confirmed_rows,
       (select count(*)::int from public.registrations where session_id = $1 and status = 'waitlisted') as waitlisted_rows,
       (select count(*)::int from public.registrations where session_id = $1) as all_rows,
       (select count(distinct email_normalized)::int from public.registrations where session_id = $1) as distinct_emails,
       s.confirmed_count, s.waitlist_count, s.pending_approval_count, s.pending_payment_count
     from public.sessions s where s.id = $1`,
    [sessionId]
  );
  return rows[0];
}

const ATTENDEE = (email: string) => JSON.stringify({ first_name: 'Race', last_name: 'Runner', email });
const CONSENTS = '{"terms_accepted": true, "privacy_consent": true}';

/** One call of a register function over a raw connection, as anon, like the service does. */
async function rawRegister(
  fn: string,
  sessionId: string,
  email: string
): Promise<{ ok: boolean; code?: string; constraint?: string }> {
  const client = await raw.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true)`);
    await client.query(`select * from ${fn}($1, $2, $3, 'en')`, [sessionId, ATTENDEE(email), CONSENTS]);
    await client.query('commit');
    return { ok: true };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    const e = error as { code?: string; constraint?: string };
    return { ok: false, code: e.code, constraint: e.constraint };
  } finally {
    client.release();
  }
}

describe('the real engine under concurrency', () => {
  it('500 simultaneous registrations (20 connections) for 50 seats: exactly 50 confirmed, 450 waitlisted in order, counters equal rows', async () => {
    const sessionId = await session(50);
    const outcomes: RegistrationOutcome[] = await Promise.all(
      Array.from({ length: 500 }, (_, i) => registerAttendee(null, input(sessionId, `racer-${i}-${unique()}@example.com`)))
    );
    const kinds = outcomes.map((o) => (o.kind === 'registered' ? o.status : o.kind));
    expect(kinds.filter((k) => k === 'confirmed')).toHaveLength(50);
    expect(kinds.filter((k) => k === 'waitlisted')).toHaveLength(450);

    // Each waitlisted caller was told a distinct place, and the queue order agrees with what they were told.
    const told = new Map(outcomes.flatMap((o) => (o.kind === 'waitlisted' ? [[o.registrationId, o.position] as const] : [])));
    expect([...told.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    const { rows: queue } = await ownerPool().query(
      `select id from public.registrations where session_id = $1 and status = 'waitlisted' order by waitlisted_at, id`,
      [sessionId]
    );
    expect(queue.map((r) => told.get(r.id))).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));

    expect(await statusCounts(sessionId)).toEqual({
      confirmed_rows: 50,
      waitlisted_rows: 450,
      all_rows: 500,
      distinct_emails: 500,
      confirmed_count: 50,
      waitlist_count: 450,
      pending_approval_count: 0,
      pending_payment_count: 0
    });
  }, 120_000);

  it('200 simultaneous submissions of one email (case and space variants) give one registration', async () => {
    const sessionId = await session(50);
    const local = `same-${unique()}`;
    const variants = [`${local}@example.com`, `${local.toUpperCase()}@EXAMPLE.COM`, `  ${local}@Example.com `];
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => registerAttendee(null, input(sessionId, variants[i % 3])))
    );
    expect(outcomes.filter((o) => o.kind === 'registered')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already_registered')).toHaveLength(199);
    const ids = new Set(outcomes.map((o) => (o.kind === 'refused' ? o.reason : o.registrationId)));
    expect(ids.size).toBe(1);
    expect(await statusCounts(sessionId)).toMatchObject({ all_rows: 1, confirmed_rows: 1, confirmed_count: 1 });
  }, 120_000);
});

describe('negative control: the same races without the session lock', () => {
  const schema = `negative_control_${unique()}`;
  const unlocked = `${schema}.register_attendee_unlocked`;

  beforeAll(async () => {
    // The real function's current text, with only the row lock removed, so the control never drifts.
    const { rows } = await ownerPool().query(
      `select pg_get_functiondef('app.register_attendee(uuid, jsonb, jsonb, text, text, jsonb, uuid)'::regprocedure) as def`
    );
    const original: string = rows[0].def;
    const withoutLock = original
      .replace('FUNCTION app.register_attendee(', `FUNCTION ${unlocked}(`)
      .replace(/where id = p_session_id for no key update;/, 'where id = p_session_id;');
    expect(withoutLock).not.toContain('for no key update');
    expect(withoutLock).toContain(unlocked);
    await ownerPool().query(`create schema ${schema}`);
    await ownerPool().query(`grant usage on schema ${schema} to anon`);
    await ownerPool().query(withoutLock);
    await ownerPool().query(`grant execute on function ${unlocked}(uuid, jsonb, jsonb, text, text, jsonb, uuid) to anon`);
  });

  afterAll(async () => {
    await ownerPool().query(`drop schema if exists ${schema} cascade`);
  });

  it('the locked function under the raw harness: no errors, exactly 50 confirmed', async () => {
    const sessionId = await session(50);
    const results = await Promise.all(
      Array.from({ length: 500 }, () => rawRegister('app.register_attendee', sessionId, `${randomUUID()}@example.com`))
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(await statusCounts(sessionId)).toMatchObject({ confirmed_rows: 50, waitlisted_rows: 450, confirmed_count: 50 });
  }, 120_000);

  it('without the lock, callers take seats that are gone: only the last-line check stops the overbooking', async () => {
    const sessionId = await session(50);
    const results = await Promise.all(
      Array.from({ length: 500 }, () => rawRegister(unlocked, sessionId, `${randomUUID()}@example.com`))
    );
    const overbooked = results.filter((r) => r.constraint === 'sessions_not_overbooked');
    console.log(`[negative control] unlocked: ${overbooked.length} of 500 callers tried to take a seat that was gone`);
    expect(overbooked.length).toBeGreaterThan(0);
    // Every failure is an overbooking attempt, and the decision logic alone would have confirmed more than 50.
    expect(results.filter((r) => !r.ok)).toHaveLength(overbooked.length);
    const counts = await statusCounts(sessionId);
    expect(counts.confirmed_rows + overbooked.length).toBeGreaterThan(50);
  }, 120_000);

  it('without the lock, one email submitted 200 times races past the duplicate check', async () => {
    const sessionId = await session(500);
    const email = `dup-${unique()}@example.com`;
    const results = await Promise.all(Array.from({ length: 200 }, () => rawRegister(unlocked, sessionId, email)));
    const duplicates = results.filter((r) => r.constraint === 'registrations_session_email_key');
    console.log(
      `[negative control] unlocked: ${duplicates.length} of 200 submissions inserted a duplicate (stopped by the unique index)`
    );
    expect(duplicates.length).toBeGreaterThan(0);
    expect(await statusCounts(sessionId)).toMatchObject({ all_rows: 1 });
  }, 120_000);
});
