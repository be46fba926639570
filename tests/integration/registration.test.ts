/**
 * The registration engine against the real, migrated database: windows, statuses, duplicates,
 * approval, waitlist order and promotion, manage-by-token (view, update, cancel, export, erase), and
 * bad input. Every test builds its own sessions with the factories and looks only at its own rows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getPool, sql, withRls } from '../../web/lib/server/db/index.ts';
import { closeJobClient } from '../../web/lib/server/jobs/index.ts';
import {
  approveRegistration,
  cancelByToken,
  cancelRegistration,
  eraseByToken,
  exportByToken,
  promoteFromWaitlist,
  queuePromotionEmails,
  registerAttendee,
  registrationByToken,
  rejectRegistration,
  rotateManageToken,
  sweepWaitlists,
  updateByToken,
  type RegistrationInput,
  type RegistrationOutcome
} from '../../web/lib/server/registration/index.ts';
import { adminClaims, dbError, ownerPool } from './support/db.ts';
import { createConsultant, createConsultantLogin, createRegistration, createSession, unique } from './support/factories.ts';

afterAll(async () => {
  await closeJobClient();
});

const DAY = 86_400_000;

/** A published session with a primary speaker (required once published). */
async function session(columns: Record<string, unknown> = {}): Promise<string> {
  const consultantId = await createConsultant();
  return createSession({ speakers: [{ consultantId, role: 'primary' }], ...columns });
}

function input(
  sessionId: string,
  overrides: Partial<RegistrationInput> = {},
  attendee: Partial<RegistrationInput['attendee']> = {}
): RegistrationInput {
  return {
    sessionId,
    attendee: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: `ada-${unique()}@example.com`,
      company: 'Analytical Engines Ltd',
      ...attendee
    },
    consents: {
      termsAccepted: true,
      privacyConsent: true,
      marketingConsent: false,
      consultantFollowUpConsent: true,
      dataProcessingConsent: false,
      textVersion: '2026-11-01'
    },
    language: 'en',
    ...overrides
  };
}

const register = (
  sessionId: string,
  overrides: Partial<RegistrationInput> = {},
  attendee: Partial<RegistrationInput['attendee']> = {}
) => registerAttendee(null, input(sessionId, overrides, attendee));

function idOf(outcome: RegistrationOutcome): string {
  if (outcome.kind === 'refused') throw new Error(`refused: ${outcome.reason}`);
  return outcome.registrationId;
}

async function rows(sessionId: string) {
  const { rows } = await ownerPool().query(
    `select id, status, email, first_name, erased_at, waitlisted_at from public.registrations where session_id = $1 order by registered_at, id`,
    [sessionId]
  );
  return rows as { id: string; status: string; email: string; first_name: string; erased_at: Date | null }[];
}

async function registration(id: string) {
  const { rows } = await ownerPool().query('select * from public.registrations where id = $1', [id]);
  return rows[0];
}

async function counters(sessionId: string) {
  const { rows } = await ownerPool().query(
    `select confirmed_count, pending_approval_count, pending_payment_count, waitlist_count, attended_count from public.sessions where id = $1`,
    [sessionId]
  );
  return rows[0];
}

/** The kinds of the registration.email jobs queued for a registration. */
async function emailKinds(registrationId: string): Promise<string[]> {
  const { rows } = await ownerPool().query(
    `select data ->> 'kind' as kind from pgboss.job where name = 'registration.email' and data ->> 'registrationId' = $1 order by created_on`,
    [registrationId]
  );
  return rows.map((r) => r.kind);
}

async function auditActions(registrationId: string): Promise<string[]> {
  const { rows } = await ownerPool().query(
    `select action from public.audit_log where entity = 'registration' and entity_id = $1 order by id`,
    [registrationId]
  );
  return rows.map((r) => r.action);
}

async function tokenFor(registrationId: string): Promise<string> {
  const token = await rotateManageToken(registrationId);
  if (!token) throw new Error('no token');
  return token;
}

describe('registration window and session state', () => {
  it.each([
    ['a draft session', { status: 'draft' }, 'session_not_found'],
    ['a session published only later', { publish_at: new Date(Date.now() + DAY) }, 'session_not_found'],
    ['a cancelled session', { status: 'cancelled' }, 'session_cancelled'],
    ['a session that has started', { startsAt: new Date(Date.now() - 60_000) }, 'session_started'],
    ['a live session', { status: 'live' }, 'session_started'],
    ['registration not open yet', { registration_opens_at: new Date(Date.now() + DAY) }, 'session_not_open_yet'],
    [
      'registration closed',
      { registration_opens_at: new Date(Date.now() - 2 * DAY), registration_closes_at: new Date(Date.now() - DAY) },
      'registration_closed'
    ]
  ])('refuses %s and stores nothing', async (_name, columns, reason) => {
    const sessionId = await session(columns);
    expect(await register(sessionId)).toEqual({ kind: 'refused', reason });
    expect(await rows(sessionId)).toEqual([]);
  });

  it('refuses unknown and malformed session ids', async () => {
    expect(await register('00000000-0000-4000-8000-00000000dead')).toEqual({ kind: 'refused', reason: 'session_not_found' });
    expect(await register("1' or '1'='1")).toEqual({ kind: 'refused', reason: 'session_not_found' });
  });

  it('accepts registrations inside an open window', async () => {
    const sessionId = await session({
      registration_opens_at: new Date(Date.now() - DAY),
      registration_closes_at: new Date(Date.now() + DAY)
    });
    expect(await register(sessionId)).toMatchObject({ kind: 'registered', status: 'confirmed' });
  });
});

describe('statuses', () => {
  it('confirms with a free seat, records consents, attribution and language, and queues the confirmation', async () => {
    const sessionId = await session({ capacity: 10 });
    const outcome = await register(sessionId, {
      language: 'de',
      source: 'LinkedIn',
      utm: { source: 'linkedin', medium: 'social', campaign: 'q4', term: 'x'.repeat(300) }
    });
    expect(outcome).toMatchObject({ kind: 'registered', status: 'confirmed' });
    const id = idOf(outcome);
    const row = await registration(id);
    expect(row).toMatchObject({
      language: 'de',
      source: 'linkedin',
      utm_source: 'linkedin',
      utm_medium: 'social',
      utm_campaign: 'q4',
      terms_accepted: true,
      privacy_consent: true,
      marketing_consent: false,
      consultant_follow_up_consent: true,
      payment_status: 'not_required'
    });
    expect(row.utm_term).toHaveLength(200);
    expect(row.manage_token_hash).toHaveLength(32);
    const { rows: consents } = await ownerPool().query(
      'select kind, granted, text_version, method from public.consent_records where registration_id = $1 order by kind',
      [id]
    );
    expect(consents).toEqual([
      { kind: 'consultant_follow_up', granted: true, text_version: '2026-11-01', method: 'web-form' },
      { kind: 'data_processing', granted: false, text_version: '2026-11-01', method: 'web-form' },
      { kind: 'marketing', granted: false, text_version: '2026-11-01', method: 'web-form' },
      { kind: 'privacy', granted: true, text_version: '2026-11-01', method: 'web-form' },
      { kind: 'terms', granted: true, text_version: '2026-11-01', method: 'web-form' }
    ]);
    expect(await emailKinds(id)).toEqual(['confirmation']);
    expect(await auditActions(id)).toEqual(['registration.created']);
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 1, waitlist_count: 0 });
  });

  it("writes the email job with pg-boss's queue policy, committed with the registration, as the caller", async () => {
    const sessionId = await session({ capacity: 1 });
    const first = idOf(await register(sessionId, {}, { email: `job-${unique()}@example.com` }));
    const second = idOf(await register(sessionId, {}, { email: `job-${unique()}@example.com` }));
    const { rows } = await ownerPool().query(
      `select data, retry_limit, retry_backoff, state from pgboss.job
       where name = 'registration.email' and data ->> 'registrationId' = any($1::text[]) order by data ->> 'kind'`,
      [[first, second]]
    );
    // The queue's retry policy (jobs/queues.ts) applies to the job sent in the registration's transaction.
    expect(rows).toEqual([
      { data: { registrationId: first, kind: 'confirmation' }, retry_limit: 8, retry_backoff: true, state: 'created' },
      { data: { registrationId: second, kind: 'waitlisted' }, retry_limit: 8, retry_backoff: true, state: 'created' }
    ]);
    // The audit trail names the caller (from the claims).
    const { rows: audit } = await ownerPool().query(
      `select actor_role from public.audit_log where entity = 'registration' and entity_id = $1`,
      [first]
    );
    expect(audit).toEqual([{ actor_role: 'anon' }]);
  });

  it('falls back to source "website" for a malformed source instead of refusing', async () => {
    const id = idOf(await register(await session(), { source: 'not a source!' }));
    expect((await registration(id)).source).toBe('website');
  });

  it('puts requires-approval sessions into pending_approval', async () => {
    const sessionId = await session({ requires_approval: true });
    const outcome = await register(sessionId);
    expect(outcome).toMatchObject({ kind: 'registered', status: 'pending_approval' });
    expect(await emailKinds(idOf(outcome))).toEqual(['pending_approval']);
    expect(await counters(sessionId)).toMatchObject({ pending_approval_count: 1, confirmed_count: 0 });
  });

  it('waitlists when full, with positions, and refuses "sold_out" without a waitlist', async () => {
    const sessionId = await session({ capacity: 1 });
    expect(await register(sessionId)).toMatchObject({ kind: 'registered', status: 'confirmed' });
    const second = await register(sessionId);
    expect(second).toMatchObject({ kind: 'waitlisted', position: 1 });
    expect(await register(sessionId)).toMatchObject({ kind: 'waitlisted', position: 2 });
    expect(await emailKinds(idOf(second))).toEqual(['waitlisted']);

    const noWaitlist = await session({ capacity: 1, allow_waitlist: false });
    await register(noWaitlist);
    expect(await register(noWaitlist)).toEqual({ kind: 'refused', reason: 'sold_out' });
    expect(await rows(noWaitlist)).toHaveLength(1);
  });

  it('confirms paid sessions while payments are off (amount recorded as pending), pending_payment when on', async () => {
    const sessionId = await session({ price: 49, capacity: 5 });
    const id = idOf(await register(sessionId));
    expect(await registration(id)).toMatchObject({
      status: 'confirmed',
      payment_status: 'pending',
      payment_amount: '49.00',
      payment_currency: 'EUR'
    });

    // The switch is program-wide, so it is flipped inside one owner transaction that is rolled back.
    const client = await ownerPool().connect();
    let status: unknown;
    try {
      await client.query('begin');
      await client.query('update public.program_settings set payments_enabled = true');
      await client.query(`select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true)`);
      const { rows } = await client.query(
        `select * from app.register_attendee($1, $2, '{"terms_accepted": true, "privacy_consent": true}', 'en')`,
        [sessionId, JSON.stringify({ first_name: 'Paying', last_name: 'Person', email: `pay-${unique()}@example.com` })]
      );
      status = rows[0];
    } finally {
      await client.query('rollback');
      client.release();
    }
    expect(status).toMatchObject({ outcome: 'registered', status: 'pending_payment' });
  });

  it('uses the early-bird price before its deadline', async () => {
    const sessionId = await session({ price: 100, early_bird_price: 60, early_bird_deadline: new Date(Date.now() + DAY) });
    expect((await registration(idOf(await register(sessionId)))).payment_amount).toBe('60.00');
  });
});

describe('duplicates', () => {
  it('returns the existing registration for case and whitespace variants of the email', async () => {
    const sessionId = await session();
    const local = `grace-${unique()}`;
    const first = await register(sessionId, {}, { email: `${local}@Example.com` });
    const id = idOf(first);
    for (const email of [`${local}@example.com`, `  ${local.toUpperCase()}@EXAMPLE.COM  `, `\t${local}@example.COM\n`]) {
      expect(await register(sessionId, {}, { email })).toEqual({
        kind: 'already_registered',
        registrationId: id,
        status: 'confirmed',
        position: null
      });
    }
    expect(await rows(sessionId)).toHaveLength(1);
    expect(await emailKinds(id)).toEqual(['confirmation']);
  });

  it('reports the waitlist position of an existing waitlisted registration', async () => {
    const sessionId = await session({ capacity: 1 });
    await register(sessionId);
    const email = `wait-${unique()}@example.com`;
    const first = await register(sessionId, {}, { email });
    expect(await register(sessionId, {}, { email })).toEqual({
      kind: 'already_registered',
      registrationId: idOf(first),
      status: 'waitlisted',
      position: 1
    });
  });

  it('allows registering again after cancelling', async () => {
    const sessionId = await session();
    const email = `again-${unique()}@example.com`;
    const first = idOf(await register(sessionId, {}, { email }));
    await cancelByToken(await tokenFor(first));
    const second = await register(sessionId, {}, { email });
    expect(second).toMatchObject({ kind: 'registered', status: 'confirmed' });
    expect(idOf(second)).not.toBe(first);
  });
});

describe('approval', () => {
  it('approves into a free seat and queues the approval email', async () => {
    const sessionId = await session({ requires_approval: true, capacity: 2 });
    const id = idOf(await register(sessionId));
    expect(await approveRegistration(adminClaims(), id)).toEqual({ kind: 'approved', registrationId: id, status: 'confirmed' });
    expect(await emailKinds(id)).toEqual(['pending_approval', 'approved']);
    expect(await auditActions(id)).toEqual(['registration.created', 'registration.approved']);
    expect(await approveRegistration(adminClaims(), id)).toEqual({ kind: 'refused', reason: 'not_pending' });
  });

  it('waitlists an approval when the session is full, and refuses it when there is no waitlist', async () => {
    const withWaitlist = await session({ requires_approval: true, capacity: 1 });
    const [a, b] = [idOf(await register(withWaitlist)), idOf(await register(withWaitlist))];
    await approveRegistration(adminClaims(), a);
    expect(await approveRegistration(adminClaims(), b)).toEqual({ kind: 'waitlisted', registrationId: b, position: 1 });

    const noWaitlist = await session({ requires_approval: true, capacity: 1, allow_waitlist: false });
    const [c, d] = [idOf(await register(noWaitlist)), idOf(await register(noWaitlist))];
    await approveRegistration(adminClaims(), c);
    expect(await approveRegistration(adminClaims(), d)).toEqual({ kind: 'refused', reason: 'sold_out' });
    expect((await registration(d)).status).toBe('pending_approval');
  });

  it('rejects with the rejection email; only admins may approve or reject', async () => {
    const sessionId = await session({ requires_approval: true });
    const id = idOf(await register(sessionId));
    const consultant = await createConsultantLogin();
    expect((await dbError(approveRegistration(consultant.claims, id))).code).toBe('42501');
    expect(
      (await dbError(withRls(null, (tx) => sql`select * from app.approve_registration(${id}::uuid)`.execute(tx)))).code
    ).toBe('42501');
    expect(await rejectRegistration(adminClaims(), id, 'Not a fit')).toMatchObject({
      kind: 'rejected',
      registrationId: id,
      promoted: []
    });
    expect(await registration(id)).toMatchObject({ status: 'cancelled', cancellation_reason: 'Not a fit' });
    expect(await emailKinds(id)).toEqual(['pending_approval', 'rejected']);
  });
});

describe('waitlist', () => {
  it('promotes FIFO on cancellation, in the same transaction, and tells the promoted person', async () => {
    const sessionId = await session({ capacity: 1 });
    const first = idOf(await register(sessionId));
    const waiting = [idOf(await register(sessionId)), idOf(await register(sessionId)), idOf(await register(sessionId))];
    const token = await tokenFor(waiting[1]);
    expect(await registrationByToken(token)).toMatchObject({ status: 'waitlisted', waitlist_position: 2 });

    const outcome = await cancelByToken(await tokenFor(first), 'Cannot make it');
    expect(outcome).toEqual({
      kind: 'cancelled',
      registrationId: first,
      sessionId,
      promoted: [{ registrationId: waiting[0], status: 'confirmed' }]
    });
    expect(await emailKinds(first)).toEqual(['confirmation', 'cancelled']);
    expect(await emailKinds(waiting[0])).toEqual(['waitlisted', 'promoted']);
    expect(await registrationByToken(token)).toMatchObject({ status: 'waitlisted', waitlist_position: 1 });
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 1, waitlist_count: 2 });
    expect(await auditActions(waiting[0])).toEqual(['registration.created', 'registration.promoted']);
    expect(await cancelByToken(await tokenFor(first))).toEqual({ kind: 'refused', reason: 'already_cancelled' });
  });

  it('promotes on a capacity increase (trigger) and the editor queues the emails in its transaction', async () => {
    const sessionId = await session({ capacity: 1 });
    await register(sessionId);
    const waiting = [idOf(await register(sessionId)), idOf(await register(sessionId)), idOf(await register(sessionId))];
    const queued = await withRls(adminClaims(), async (tx) => {
      await tx.updateTable('sessions').set({ capacity: 3 }).where('id', '=', sessionId).execute();
      return queuePromotionEmails(tx);
    });
    expect(queued).toBe(2);
    expect((await rows(sessionId)).map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted']);
    expect(await emailKinds(waiting[1])).toEqual(['waitlisted', 'promoted']);

    // Removing the limit promotes everyone left.
    await ownerPool().query('update public.sessions set capacity = null where id = $1', [sessionId]);
    expect((await registration(waiting[2])).status).toBe('confirmed');
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 4, waitlist_count: 0 });
  });

  it('stops promoting once the session has started; attendees can no longer cancel, admins can', async () => {
    const sessionId = await session({ capacity: 1 });
    const first = idOf(await register(sessionId));
    const waiting = idOf(await register(sessionId));
    await ownerPool().query("update public.sessions set starts_at = now() - interval '5 minutes' where id = $1", [sessionId]);
    expect(await cancelByToken(await tokenFor(first))).toEqual({ kind: 'refused', reason: 'session_started' });
    expect(await cancelRegistration(adminClaims(), first)).toEqual({
      kind: 'cancelled',
      registrationId: first,
      sessionId,
      promoted: []
    });
    expect((await registration(waiting)).status).toBe('waitlisted');
    expect(await promoteFromWaitlist(adminClaims(), sessionId)).toEqual([]);
    expect(await sweepWaitlists({ sessionIds: [sessionId] })).toEqual({ promoted: 0, resent: 0 });
  });

  it('sweeps free seats that nobody filled, FIFO', async () => {
    const sessionId = await session({ capacity: 3 });
    // Rows written around the engine (as a repair or import might) leave seats free while people wait.
    const early = await createRegistration({ sessionId, status: 'waitlisted', waitlisted_at: new Date(Date.now() - 3_600_000) });
    const later = await createRegistration({ sessionId, status: 'waitlisted' });
    await createRegistration({ sessionId, status: 'confirmed' });
    await createRegistration({ sessionId, status: 'waitlisted' });
    const result = await sweepWaitlists({ sessionIds: [sessionId] });
    expect(result.promoted).toBe(2);
    expect((await registration(early)).status).toBe('confirmed');
    expect((await registration(later)).status).toBe('confirmed');
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 3, waitlist_count: 1 });
    expect(await emailKinds(early)).toEqual(['promoted']);
  });

  it('in approval sessions promotes into review, no further than the free seats allow', async () => {
    const sessionId = await session({ capacity: 2, requires_approval: true });
    const pending = idOf(await register(sessionId));
    const confirmed = idOf(await register(sessionId));
    await approveRegistration(adminClaims(), confirmed);
    const waiting = [
      await createRegistration({ sessionId, status: 'waitlisted' }),
      await createRegistration({ sessionId, status: 'waitlisted' })
    ];
    // One seat left and one pending approval claiming it: nobody moves up yet.
    expect(await promoteFromWaitlist(adminClaims(), sessionId)).toEqual([]);
    expect(await rejectRegistration(adminClaims(), pending)).toMatchObject({
      kind: 'rejected',
      promoted: [{ registrationId: waiting[0], status: 'pending_approval' }]
    });
    expect(await emailKinds(waiting[0])).toEqual(['pending_approval']);
    expect((await registration(waiting[1])).status).toBe('waitlisted');
  });
});

describe('manage by token', () => {
  it('shows the registration, its session and attendee fields; unknown or malformed tokens see nothing', async () => {
    const sessionId = await session({ title: { en: 'Engine talk', de: 'Motorengespräch' } });
    const id = idOf(await register(sessionId, {}, { phone: '+49 30 123456', currentChallenges: ['scale', 'hiring'] }));
    const view = await registrationByToken(await tokenFor(id));
    expect(view).toMatchObject({
      id,
      status: 'confirmed',
      waitlist_position: null,
      attendee: { first_name: 'Ada', phone: '+49 30 123456', current_challenges: ['scale', 'hiring'] },
      session: { id: sessionId, title: { en: 'Engine talk', de: 'Motorengespräch' }, timezone: 'Europe/Berlin' }
    });
    expect(await registrationByToken('A'.repeat(43))).toBeNull();
    expect(await registrationByToken("' or 1=1 --")).toBeNull();
  });

  it('a rotated token replaces the old one', async () => {
    const id = idOf(await register(await session()));
    const old = await tokenFor(id);
    await tokenFor(id);
    expect(await registrationByToken(old)).toBeNull();
  });

  it('updates only the given fields (never the email), records consent switches, refuses bad values', async () => {
    const id = idOf(await register(await session()));
    const token = await tokenFor(id);
    const before = await registration(id);
    expect(
      await updateByToken(token, {
        attendee: { company: 'New Co', specialRequirements: 'Captions' },
        consents: { marketingConsent: true }
      })
    ).toEqual({ kind: 'updated', registrationId: id });
    const after = await registration(id);
    expect(after).toMatchObject({
      company: 'New Co',
      special_requirements: 'Captions',
      first_name: 'Ada',
      email: before.email,
      marketing_consent: true
    });
    const { rows } = await ownerPool().query(
      `select kind, granted, method from public.consent_records where registration_id = $1 and method = 'manage-link'`,
      [id]
    );
    expect(rows).toEqual([{ kind: 'marketing', granted: true, method: 'manage-link' }]);
    const { rows: audit } = await ownerPool().query(
      `select data from public.audit_log where entity_id = $1 and action = 'registration.updated'`,
      [id]
    );
    expect(audit[0].data.fields.sort()).toEqual(['company', 'marketing_consent', 'special_requirements']);

    expect(await updateByToken(token, { attendee: { website: 'javascript:alert(1)' } })).toEqual({
      kind: 'refused',
      reason: 'invalid_input',
      detail: 'registrations_website_format'
    });
    expect((await registration(id)).website).toBeNull();
  });

  it('exports all personal data with the consent evidence and history, and audits the export', async () => {
    const email = `export-${unique()}@example.com`;
    const id = idOf(await register(await session(), {}, { email, specialRequirements: 'Sign language' }));
    const data = (await exportByToken(await tokenFor(id))) as {
      attendee: Record<string, unknown>;
      registration: Record<string, unknown>;
      consent_records: Record<string, unknown>[];
      status_history: Record<string, unknown>[];
      session: Record<string, unknown>;
    };
    expect(data.attendee).toMatchObject({ email, first_name: 'Ada', special_requirements: 'Sign language' });
    expect(data.registration).toMatchObject({ id, status: 'confirmed', language: 'en' });
    expect(data.consent_records).toHaveLength(5);
    expect(data.consent_records[0]).toHaveProperty('text_version', '2026-11-01');
    expect(data.status_history).toEqual([expect.objectContaining({ from: null, to: 'confirmed' })]);
    expect(data.session).toHaveProperty('starts_at');
    expect(await auditActions(id)).toContain('registration.exported');
    expect(await exportByToken('B'.repeat(43))).toBeNull();
  });

  it('erasure of a past registration anonymises it and keeps counts, consents and audit facts', async () => {
    const sessionId = await session({ capacity: 5 });
    const id = await createRegistration({
      sessionId,
      status: 'attended',
      marketing_consent: true,
      feedback: 'Loved it, call me at +49 170'
    });
    await ownerPool().query(
      `insert into public.consent_records (registration_id, kind, granted, text_version) values ($1, 'marketing', true, 'v1')`,
      [id]
    );
    await ownerPool().query(`update public.sessions set starts_at = now() - interval '2 days' where id = $1`, [sessionId]);
    const token = await tokenFor(id);
    const countsBefore = await counters(sessionId);

    expect(await eraseByToken(token)).toEqual({ kind: 'erased', registrationId: id, promoted: [] });
    const row = await registration(id);
    expect(row).toMatchObject({
      status: 'attended',
      first_name: 'Erased',
      last_name: 'Erased',
      email: `erased-${id}@erased.invalid`,
      phone: null,
      company: null,
      feedback: null,
      marketing_consent: false,
      terms_accepted: false
    });
    expect(row.erased_at).not.toBeNull();
    expect(await counters(sessionId)).toEqual(countsBefore);
    const { rows } = await ownerPool().query(
      'select kind, granted from public.consent_records where registration_id = $1 order by recorded_at, granted desc',
      [id]
    );
    expect(rows).toEqual([
      { kind: 'marketing', granted: true },
      { kind: 'marketing', granted: false }
    ]);
    expect(await auditActions(id)).toContain('registration.erased');
    expect(await registrationByToken(token)).toBeNull();
    expect(await exportByToken(token)).toBeNull();
    expect(await eraseByToken(token)).toEqual({ kind: 'refused', reason: 'not_found' });
  });

  it('erasure of an upcoming registration cancels it, hands the seat on and blanks its emails', async () => {
    const sessionId = await session({ capacity: 1 });
    const id = idOf(await register(sessionId));
    const waiting = idOf(await register(sessionId));
    await ownerPool().query(
      `insert into public.email_outbox (registration_id, kind, dedupe_key, to_address, subject, html, text)
       values ($1, 'confirmation', $2, 'ada@example.com', 'Welcome Ada', '<p>Hi Ada</p>', 'Hi Ada')`,
      [id, `test-${unique()}`]
    );
    const outcome = await eraseByToken(await tokenFor(id));
    expect(outcome).toEqual({ kind: 'erased', registrationId: id, promoted: [{ registrationId: waiting, status: 'confirmed' }] });
    expect(await rows(sessionId)).toHaveLength(2);
    expect((await registration(id)).status).toBe('cancelled');
    const { rows: outbox } = await ownerPool().query(
      'select to_address, subject, html, status from public.email_outbox where registration_id = $1',
      [id]
    );
    expect(outbox).toEqual([{ to_address: 'erased@erased.invalid', subject: '[erased]', html: '', status: 'failed' }]);
    expect(await emailKinds(waiting)).toEqual(['waitlisted', 'promoted']);
  });
});

describe('bad input', () => {
  it.each([
    ['a missing terms consent', { consents: { termsAccepted: false } }, 'consent_missing'],
    ['a missing privacy consent', { consents: { privacyConsent: false } }, 'consent_missing']
  ])('refuses %s and stores nothing', async (_name, { consents }, reason) => {
    const sessionId = await session();
    const base = input(sessionId);
    expect(await registerAttendee(null, { ...base, consents: { ...base.consents, ...consents } })).toEqual({
      kind: 'refused',
      reason
    });
    expect(await rows(sessionId)).toEqual([]);
  });

  it.each([
    ['a first name of 51 characters', { firstName: 'A'.repeat(51) }, 'registrations_first_name_length'],
    ['a one-letter last name', { lastName: 'B' }, 'registrations_last_name_length'],
    ['an invalid email', { email: 'not-an-email' }, 'registrations_email_format'],
    [
      'special requirements over 500 characters',
      { specialRequirements: 'x'.repeat(501) },
      'registrations_special_requirements_length'
    ],
    ['a website that is not http(s)', { website: 'javascript:alert(1)' }, 'registrations_website_format'],
    ['an unknown follow-up preference', { followUpPreference: 'pigeon' as never }, 'registrations_follow_up_preference_valid'],
    ['a NUL byte', { company: 'Evil\u0000Corp' }, '22P05'],
    ['an unpaired surrogate (invalid UTF-8)', { firstName: 'Ad\ud800a' }, '22P02']
  ])('refuses %s as invalid_input and stores nothing', async (_name, attendee, detail) => {
    const sessionId = await session();
    const outcome = await register(sessionId, {}, attendee);
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'invalid_input' });
    expect(outcome.kind === 'refused' && outcome.detail).toBe(detail);
    expect(await rows(sessionId)).toEqual([]);
    const { rows: audit } = await ownerPool().query(`select 1 from public.audit_log where data ->> 'session_id' = $1`, [
      sessionId
    ]);
    expect(audit).toEqual([]);
  });

  it('stores script tags and SQL fragments as inert text', async () => {
    const sessionId = await session();
    const id = idOf(
      await register(sessionId, {}, { firstName: '<script>x</script>', company: "Robert'); drop table public.registrations; --" })
    );
    expect(await registration(id)).toMatchObject({
      first_name: '<script>x</script>',
      company: "Robert'); drop table public.registrations; --"
    });
  });

  it('anon can call the engine but still cannot write the tables directly', async () => {
    const sessionId = await session();
    const error = await dbError(
      withRls(null, (tx) => sql`update public.registrations set status = 'cancelled' where session_id = ${sessionId}`.execute(tx))
    );
    expect(error.code).toBe('42501');
    const sweep = await dbError(withRls(null, (tx) => sql`select * from app.sweep_waitlists()`.execute(tx)));
    expect(sweep.code).toBe('42501');
  });
});

describe('connections for seat decisions', () => {
  it('decides a seat while every connection of the main pool is busy (its own lane)', async () => {
    const sessionId = await session({ capacity: 5 });
    let release = () => {};
    const busy = new Promise<void>((resolve) => (release = resolve));
    const size = getPool().options.max;
    // Take every main connection and keep it inside a transaction until released.
    const holders = Array.from({ length: size }, () =>
      withRls(null, async (tx) => {
        await sql`select 1`.execute(tx);
        await busy;
      })
    );
    try {
      await expect.poll(() => getPool().totalCount - getPool().idleCount).toBe(size);
      const outcome = await Promise.race([
        register(sessionId),
        new Promise<'waited for the main pool'>((resolve) => setTimeout(() => resolve('waited for the main pool'), 5000))
      ]);
      expect(outcome).toMatchObject({ kind: 'registered', status: 'confirmed' });
      expect(getPool().waitingCount).toBe(0); // it never asked the main pool
    } finally {
      release();
      await Promise.all(holders);
    }
  });
});
