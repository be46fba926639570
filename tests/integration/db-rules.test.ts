/**
 * Rules the database enforces whoever writes: status transitions, value constraints, uniqueness,
 * trigger-kept counters and the primary-speaker rule. Each refusal is matched by its constraint name or
 * SQLSTATE, so removing the rule makes the test fail. Rows come from the factories; nothing is shared.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asServiceRole, sql, withRls } from '../../web/lib/server/db/index.ts';
import { closeOwnerPool, dbError, ownerPool } from './support/db.ts';
import {
  createConsultant,
  createConsultantLogin,
  createRegistration,
  createSession,
  createTopic,
  createUser,
  ownerTransaction,
  unique,
  type RegistrationStatus,
  type SessionStatus,
  type TestUser
} from './support/factories.ts';

let admin: TestUser;
let speaker: string;
let topic: string;

// Idle pool clients would otherwise keep the worker alive past the run.
afterAll(closeOwnerPool);

beforeAll(async () => {
  [admin, speaker, topic] = await Promise.all([createUser({ role: 'admin' }), createConsultant(), createTopic()]);
});

const owner = () => ownerPool();
const primary = () => [{ consultantId: speaker, role: 'primary' as const }];
const newSession = (status: SessionStatus = 'published', columns: Record<string, unknown> = {}) =>
  createSession({ topicId: topic, speakers: primary(), status, ...columns });

/** Expects a refusal by the named constraint (check, unique or trigger-raised) with its SQLSTATE. */
async function expectViolation(promise: Promise<unknown>, constraint: string, code = '23514') {
  const error = await dbError(promise);
  expect({ code: error.code, constraint: error.constraint }).toEqual({ code, constraint });
}

const setSessionStatus = (id: string, status: string) =>
  owner().query('update public.sessions set status = $2 where id = $1', [id, status]);
const setRegistrationStatus = (id: string, status: string) =>
  owner().query('update public.registrations set status = $2 where id = $1', [id, status]);

async function counters(sessionId: string) {
  const { rows } = await owner().query(
    `select confirmed_count, pending_approval_count, pending_payment_count, waitlist_count, attended_count, pending_count, seats_left
     from public.sessions where id = $1`,
    [sessionId]
  );
  return rows[0];
}

describe('session status transitions', () => {
  it.each([
    ['draft', 'published'],
    ['draft', 'cancelled'],
    ['published', 'live'],
    ['published', 'cancelled'],
    ['published', 'draft'],
    ['live', 'completed'],
    ['live', 'cancelled']
  ] as [SessionStatus, SessionStatus][])('allows %s → %s', async (from, to) => {
    const id = await newSession(from);
    await setSessionStatus(id, to);
    const { rows } = await owner().query('select status from public.sessions where id = $1', [id]);
    expect(rows[0].status).toBe(to);
  });

  it.each([
    ['completed', 'draft'],
    ['completed', 'published'],
    ['cancelled', 'published'],
    ['cancelled', 'draft'],
    ['live', 'published'],
    ['draft', 'live'],
    ['draft', 'completed']
  ] as [SessionStatus, SessionStatus][])('refuses %s → %s', async (from, to) => {
    const id = await newSession(from);
    await expectViolation(setSessionStatus(id, to), 'sessions_status_transition');
  });

  it.each(['live', 'completed', 'cancelled'])('refuses to create a session as %s', async (status) => {
    await expectViolation(
      owner().query(
        `insert into public.sessions (slug, topic_id, starts_at, status) values ($1, $2, now() + interval '1 day', $3)`,
        [`s-${unique()}`, topic, status]
      ),
      'sessions_status_transition'
    );
  });

  it('refuses to unpublish a session that has registrations', async () => {
    const id = await newSession('published');
    await createRegistration({ sessionId: id });
    await expectViolation(setSessionStatus(id, 'draft'), 'sessions_status_transition');
  });

  it('stamps published_at and cancelled_at and derives ends_at', async () => {
    const id = await newSession('cancelled', { duration_minutes: 90 });
    const { rows } = await owner().query(
      `select published_at is not null as published, cancelled_at is not null as cancelled, ends_at - starts_at as length
       from public.sessions where id = $1`,
      [id]
    );
    expect(rows[0]).toMatchObject({ published: true, cancelled: true, length: { hours: 1, minutes: 30 } });
  });
});

describe('registration status transitions', () => {
  it.each([
    ['pending_approval', 'confirmed'],
    ['pending_approval', 'waitlisted'],
    ['pending_payment', 'confirmed'],
    ['waitlisted', 'confirmed'],
    ['waitlisted', 'cancelled'],
    ['confirmed', 'cancelled'],
    ['confirmed', 'attended'],
    ['confirmed', 'no_show'],
    ['attended', 'no_show'],
    ['no_show', 'attended']
  ] as [RegistrationStatus, RegistrationStatus][])('allows %s → %s', async (from, to) => {
    const id = await createRegistration({ sessionId: await newSession(), status: from });
    await setRegistrationStatus(id, to);
    const { rows } = await owner().query('select status from public.registrations where id = $1', [id]);
    expect(rows[0].status).toBe(to);
  });

  it.each([
    ['cancelled', 'confirmed'],
    ['cancelled', 'waitlisted'],
    ['waitlisted', 'attended'],
    ['pending_payment', 'attended'],
    ['confirmed', 'pending_approval'],
    ['attended', 'cancelled'],
    ['no_show', 'confirmed']
  ] as [RegistrationStatus, RegistrationStatus][])('refuses %s → %s', async (from, to) => {
    const id = await createRegistration({ sessionId: await newSession(), status: from });
    await expectViolation(setRegistrationStatus(id, to), 'registrations_status_transition');
  });

  it.each(['cancelled', 'attended', 'no_show'] as RegistrationStatus[])(
    'refuses to create a registration as %s',
    async (status) => {
      const sessionId = await newSession();
      await expectViolation(
        ownerTransaction((client) =>
          client.query(
            `insert into public.registrations (session_id, first_name, last_name, email, status, terms_accepted, privacy_consent, manage_token_hash)
           values ($1, 'Ada', 'Attendee', $2, $3, true, true, extensions.gen_random_bytes(32))`,
            [sessionId, `a-${unique()}@example.com`, status]
          )
        ),
        'registrations_status_transition'
      );
    }
  );

  it('refuses to move a registration to another session', async () => {
    const [from, to] = await Promise.all([newSession(), newSession()]);
    const id = await createRegistration({ sessionId: from });
    await expectViolation(
      owner().query('update public.registrations set session_id = $2 where id = $1', [id, to]),
      'registrations_session_immutable'
    );
  });

  it('records every status change in the history', async () => {
    const id = await createRegistration({ sessionId: await newSession(), status: 'attended' });
    const { rows } = await owner().query(
      'select from_status, to_status from public.registration_status_history where registration_id = $1 order by id',
      [id]
    );
    expect(rows).toEqual([
      { from_status: null, to_status: 'confirmed' },
      { from_status: 'confirmed', to_status: 'attended' }
    ]);
  });
});

describe('constraints on bad values', () => {
  const topicWith = (columns: Record<string, unknown>) => createTopic(columns);
  const sessionWith = (columns: Record<string, unknown>) => newSession('draft', columns);
  const registrationWith = async (columns: Record<string, unknown>) =>
    createRegistration({ sessionId: await newSession(), ...columns });

  describe('topics', () => {
    it.each([
      ['a missing en key', { de: 'Nur Deutsch' }],
      ['an unknown language key', { en: 'Title', fr: 'Titre' }],
      ['an upper-case key', { EN: 'Title' }],
      ['a blank en text', { en: '   ' }],
      ['a non-string en value', { en: 42 }]
    ])('refuse a title with %s', async (_case, title) => {
      await expectViolation(topicWith({ title }), 'topics_title_translated');
    });

    it('accept a title with en only, or en and de', async () => {
      await expect(topicWith({ title: { en: 'Only English' } })).resolves.toBeTruthy();
      await expect(topicWith({ title: { en: 'Both', de: 'Beide' } })).resolves.toBeTruthy();
    });

    it('refuse a negative default price', async () => {
      await expectViolation(topicWith({ default_price: -1 }), 'topics_default_price_non_negative');
    });

    it('refuse a learning objective without English text', async () => {
      await expectViolation(
        topicWith({ learning_objectives: JSON.stringify([{ de: 'Nur Deutsch' }]) }),
        'topics_learning_objectives_translated'
      );
    });

    it('refuse an unknown status and a malformed slug', async () => {
      await expectViolation(topicWith({ status: 'published' }), 'topics_status_valid');
      await expectViolation(topicWith({ slug: 'Not A Slug' }), 'topics_slug_format');
    });
  });

  describe('sessions', () => {
    it.each([
      ['a negative price', { price: -0.01 }, 'sessions_price_non_negative'],
      ['capacity 0', { capacity: 0 }, 'sessions_capacity_positive'],
      ['a negative capacity', { capacity: -5 }, 'sessions_capacity_positive'],
      [
        'an early-bird price above the price',
        { price: 100, early_bird_price: 150, early_bird_deadline: new Date(Date.now() + 86_400_000) },
        'sessions_early_bird_price_range'
      ],
      ['an early-bird price without a deadline', { price: 100, early_bird_price: 50 }, 'sessions_early_bird_complete'],
      [
        'registration closing before it opens',
        {
          registration_opens_at: new Date(Date.now() + 2 * 86_400_000),
          registration_closes_at: new Date(Date.now() + 86_400_000)
        },
        'sessions_registration_closes_after_opens'
      ],
      ['a duration of 10 minutes', { duration_minutes: 10 }, 'sessions_duration_range'],
      ['a title override without en', { title: { de: 'Nur Deutsch' } }, 'sessions_title_translated'],
      ['an unknown language', { language: 'fr' }, 'sessions_language_valid'],
      ['a lower-case currency', { currency: 'eur' }, 'sessions_currency_format'],
      ['an unknown session type', { session_type: 'lecture' }, 'sessions_type_valid']
    ])('refuse %s', async (_case, columns, constraint) => {
      await expectViolation(sessionWith(columns), constraint);
    });

    it.each(['Mars/Olympus_Mons', 'CET', 'UTC+3', 'posix/Europe/Berlin', 'europe/berlin'])(
      'refuse the time zone %s',
      async (timezone) => {
        await expectViolation(sessionWith({ timezone }), 'sessions_timezone_iana');
      }
    );

    it('accept an IANA time zone', async () => {
      await expect(sessionWith({ timezone: 'America/New_York' })).resolves.toBeTruthy();
    });
  });

  describe('registrations', () => {
    it.each([
      ['a first name of 1 character', { first_name: 'A' }, 'registrations_first_name_length'],
      ['a first name of 51 characters', { first_name: 'A'.repeat(51) }, 'registrations_first_name_length'],
      ['a last name of blanks', { last_name: '    ' }, 'registrations_last_name_length'],
      ['an email without a domain', { email: 'not-an-email' }, 'registrations_email_format'],
      ['an email with spaces', { email: 'a b@example.com' }, 'registrations_email_format'],
      ['a rating of 6', { rating: 6 }, 'registrations_rating_range'],
      ['a rating of 0', { rating: 0 }, 'registrations_rating_range'],
      [
        'special requirements over 500 characters',
        { special_requirements: 'x'.repeat(501) },
        'registrations_special_requirements_length'
      ],
      ['terms not accepted', { terms_accepted: false }, 'registrations_required_consents'],
      ['a negative payment amount', { payment_amount: -5 }, 'registrations_payment_amount_non_negative'],
      ['an unknown language', { language: 'fr' }, 'registrations_language_valid'],
      ['a malformed phone number', { phone: 'call me' }, 'registrations_phone_format']
    ])('refuse %s', async (_case, columns, constraint) => {
      await expectViolation(registrationWith(columns), constraint);
    });

    it('accept the boundary values (2 and 50 characters, rating 1 and 5, 500 characters)', async () => {
      await expect(
        registrationWith({ first_name: 'Al', last_name: 'B'.repeat(50), rating: 5, special_requirements: 'x'.repeat(500) })
      ).resolves.toBeTruthy();
      await expect(registrationWith({ rating: 1 })).resolves.toBeTruthy();
    });
  });

  describe('consultants', () => {
    it.each([
      ['a first name of 51 characters', { first_name: 'A'.repeat(51) }, 'consultants_first_name_length'],
      ['a bad email', { email: 'nobody' }, 'consultants_email_format'],
      ['a revenue share above 100 %', { revenue_share_percent: 101 }, 'consultants_revenue_share_range'],
      ['a negative hourly rate', { hourly_rate: -1 }, 'consultants_hourly_rate_non_negative'],
      ['a biography without en', { biography: { de: 'Nur Deutsch' } }, 'consultants_biography_translated'],
      ['an unknown consultant type', { consultant_type: 'freelancer' }, 'consultants_type_valid']
    ])('refuse %s', async (_case, columns, constraint) => {
      await expectViolation(createConsultant(columns), constraint);
    });

    it('refuse a time zone that is not an IANA name', async () => {
      await expectViolation(createConsultant({ timezone: 'CEST' }), 'consultants_timezone_iana');
    });
  });
});

describe('one live registration per person and session', () => {
  it('refuses a second registration with the same email, ignoring case and spaces', async () => {
    const sessionId = await newSession();
    const email = `dup-${unique()}@example.com`;
    await createRegistration({ sessionId, email });
    await expectViolation(
      createRegistration({ sessionId, email: `  ${email.toUpperCase()} ` }),
      'registrations_session_email_key',
      '23505'
    );
  });

  it('refuses a duplicate while the first is waitlisted or pending', async () => {
    const sessionId = await newSession();
    const email = `dup-${unique()}@example.com`;
    await createRegistration({ sessionId, email, status: 'waitlisted' });
    await expectViolation(
      createRegistration({ sessionId, email, status: 'pending_approval' }),
      'registrations_session_email_key',
      '23505'
    );
  });

  it('allows registering again once the earlier registration is cancelled', async () => {
    const sessionId = await newSession();
    const email = `dup-${unique()}@example.com`;
    await createRegistration({ sessionId, email, status: 'cancelled' });
    await expect(createRegistration({ sessionId, email })).resolves.toBeTruthy();
  });

  it('allows the same person in two different sessions', async () => {
    const email = `dup-${unique()}@example.com`;
    await createRegistration({ sessionId: await newSession(), email });
    await expect(createRegistration({ sessionId: await newSession(), email })).resolves.toBeTruthy();
  });
});

describe('trigger-kept session counters', () => {
  it('follow inserts and status changes', async () => {
    const sessionId = await newSession('published', { capacity: 10 });
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 0, seats_left: 10 });

    const confirmed = await createRegistration({ sessionId, status: 'confirmed' });
    const paying = await createRegistration({ sessionId, status: 'pending_payment' });
    const approving = await createRegistration({ sessionId, status: 'pending_approval' });
    const waiting = await createRegistration({ sessionId, status: 'waitlisted' });
    expect(await counters(sessionId)).toEqual({
      confirmed_count: 1,
      pending_approval_count: 1,
      pending_payment_count: 1,
      waitlist_count: 1,
      attended_count: 0,
      pending_count: 2,
      seats_left: 8
    });

    await setRegistrationStatus(paying, 'confirmed');
    await setRegistrationStatus(waiting, 'confirmed');
    await setRegistrationStatus(approving, 'cancelled');
    await setRegistrationStatus(confirmed, 'attended');
    expect(await counters(sessionId)).toEqual({
      confirmed_count: 3,
      pending_approval_count: 0,
      pending_payment_count: 0,
      waitlist_count: 0,
      attended_count: 1,
      pending_count: 0,
      seats_left: 7
    });

    await setRegistrationStatus(confirmed, 'no_show');
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 3, attended_count: 0 });
  });

  it('follow deletes by the service role', async () => {
    const sessionId = await newSession();
    const id = await createRegistration({ sessionId });
    await asServiceRole('test: delete a registration', (tx) => tx.deleteFrom('registrations').where('id', '=', id).execute());
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 0 });
  });

  it('cannot be written directly by an admin: the write is ignored', async () => {
    const sessionId = await newSession();
    await createRegistration({ sessionId });
    const [row] = await withRls(admin.claims, (tx) =>
      tx
        .updateTable('sessions')
        .set({ confirmed_count: 99, waitlist_count: 5, capacity: 50 })
        .where('id', '=', sessionId)
        .returning(['confirmed_count', 'waitlist_count', 'capacity'])
        .execute()
    );
    expect(row).toEqual({ confirmed_count: 1, waitlist_count: 0, capacity: 50 });
  });

  // KNOWN BUG (migration 20261124100300, app.sessions_before_write): on a connection where the setting
  // app.recounting_sessions was never set, current_setting(..., true) is NULL, so
  // `not (app.is_system() and NULL = 'on')` is NULL for system callers and the counter reset is skipped:
  // the service role and the owner can write counters directly. Remove `.fails` once the trigger uses
  // coalesce(current_setting('app.recounting_sessions', true), '') = 'on'.
  it('cannot be written directly by the service role or the owner either (fresh connections)', async () => {
    const sessionId = await newSession();
    for (const role of ['service_role', null]) {
      const client = new pg.Client({ connectionString: inject('databaseUrl') });
      await client.connect();
      try {
        await client.query('begin');
        if (role) await client.query(`set local role ${role}`);
        await client.query('update public.sessions set confirmed_count = 42, attended_count = 7 where id = $1', [sessionId]);
        await client.query('commit');
      } finally {
        await client.end();
      }
    }
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 0, attended_count: 0 });
  });

  it('start at zero whatever an insert says', async () => {
    const sessionId = await newSession('draft', { confirmed_count: 5, waitlist_count: 3 });
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 0, waitlist_count: 0 });
  });

  it('can be repaired by the service role with app.recount_session_counters, and only by it', async () => {
    const sessionId = await newSession();
    await createRegistration({ sessionId });
    await createRegistration({ sessionId, status: 'waitlisted' });
    await ownerTransaction(async (client) => {
      // Simulate drift as the recount itself would write, then repair it.
      await client.query(`select set_config('app.recounting_sessions', 'on', true)`);
      await client.query('update public.sessions set confirmed_count = 0, waitlist_count = 0 where id = $1', [sessionId]);
    });
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 0, waitlist_count: 0 });
    await asServiceRole('test: repair counters', (tx) => sql`select app.recount_session_counters(${sessionId})`.execute(tx));
    expect(await counters(sessionId)).toMatchObject({ confirmed_count: 1, waitlist_count: 1 });

    const error = await dbError(
      withRls(admin.claims, (tx) => sql`select app.recount_session_counters(${sessionId})`.execute(tx))
    );
    expect(error.code).toBe('42501');
  });

  it('never let a session exceed its capacity', async () => {
    const sessionId = await newSession('published', { capacity: 1 });
    await createRegistration({ sessionId });
    await expectViolation(createRegistration({ sessionId }), 'sessions_not_overbooked');
    await expectViolation(createRegistration({ sessionId, status: 'pending_payment' }), 'sessions_not_overbooked');
    // Waiting and pending approval hold no seat.
    await expect(createRegistration({ sessionId, status: 'waitlisted' })).resolves.toBeTruthy();
    await expect(createRegistration({ sessionId, status: 'pending_approval' })).resolves.toBeTruthy();
  });

  it('refuse cutting capacity below the seats already given', async () => {
    const sessionId = await newSession('published', { capacity: 5 });
    await createRegistration({ sessionId });
    await createRegistration({ sessionId });
    await expectViolation(
      owner().query('update public.sessions set capacity = 1 where id = $1', [sessionId]),
      'sessions_not_overbooked'
    );
  });
});

describe('speakers of a session', () => {
  it('refuses a second primary speaker', async () => {
    const sessionId = await newSession();
    await expectViolation(
      owner().query(`insert into public.session_speakers (session_id, consultant_id, role) values ($1, $2, 'primary')`, [
        sessionId,
        await createConsultant()
      ]),
      'session_speakers_one_primary_key',
      '23505'
    );
  });

  it('refuses a second moderator', async () => {
    const [m1, m2] = await Promise.all([createConsultant(), createConsultant()]);
    await expectViolation(
      createSession({
        topicId: topic,
        speakers: [
          { consultantId: speaker, role: 'primary' },
          { consultantId: m1, role: 'moderator' },
          { consultantId: m2, role: 'moderator' }
        ]
      }),
      'session_speakers_one_moderator_key',
      '23505'
    );
  });

  it('refuses to create a published session without a primary speaker (checked at commit)', async () => {
    await expectViolation(
      createSession({ topicId: topic, status: 'published', speakers: [{ consultantId: speaker, role: 'panelist' }] }),
      'sessions_primary_speaker_required'
    );
  });

  it('allows a draft without speakers but refuses to publish it', async () => {
    const sessionId = await createSession({ topicId: topic, status: 'draft' });
    await expectViolation(setSessionStatus(sessionId, 'published'), 'sessions_primary_speaker_required');
  });

  it('refuses to remove or demote the primary speaker of a published session', async () => {
    const sessionId = await newSession();
    await expectViolation(
      owner().query('delete from public.session_speakers where session_id = $1', [sessionId]),
      'sessions_primary_speaker_required'
    );
    await expectViolation(
      owner().query(`update public.session_speakers set role = 'panelist' where session_id = $1`, [sessionId]),
      'sessions_primary_speaker_required'
    );
  });

  it('allows swapping the primary speaker inside one transaction', async () => {
    const sessionId = await newSession();
    const next = await createConsultant();
    await ownerTransaction(async (client) => {
      await client.query(`update public.session_speakers set role = 'panelist' where session_id = $1`, [sessionId]);
      await client.query(`insert into public.session_speakers (session_id, consultant_id, role) values ($1, $2, 'primary')`, [
        sessionId,
        next
      ]);
    });
    const { rows } = await owner().query(
      `select consultant_id from public.session_speakers where session_id = $1 and role = 'primary'`,
      [sessionId]
    );
    expect(rows).toEqual([{ consultant_id: next }]);
  });
});

describe('consultant self-service guard', () => {
  it('stamps who edited a profile and bumps its version', async () => {
    const a = await createConsultantLogin();
    const [row] = await withRls(a.claims, (tx) =>
      tx
        .updateTable('consultants')
        .set({ position: 'Principal' })
        .where('id', '=', a.consultantId)
        .returning(['version', 'updated_by'])
        .execute()
    );
    expect(row).toEqual({ version: 2, updated_by: a.id });
  });
});

describe('topic version history', () => {
  it('keeps one snapshot per version, written by the trigger', async () => {
    const id = await createTopic();
    await owner().query(`update public.topics set title = '{"en": "Renamed"}' where id = $1`, [id]);
    const { rows } = await owner().query(
      `select version, snapshot -> 'title' ->> 'en' as title from public.topic_versions where topic_id = $1 order by version`,
      [id]
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual({ version: 2, title: 'Renamed' });
  });
});

describe('session search columns', () => {
  const searchable = async (id: string, word: string) => {
    const { rows } = await owner().query(
      `select search_vector @@ plainto_tsquery('simple', $2) as plain,
              search_stemmed @@ plainto_tsquery('english', $2) as stemmed,
              search_text ilike '%' || $2 || '%' as trigram_text
       from public.sessions where id = $1`,
      [id, word]
    );
    return rows[0];
  };

  it('are rebuilt when the texts change', async () => {
    const id = await newSession('published', { title: { en: 'Quarterly planning basics' } });
    expect(await searchable(id, 'zeppelin')).toEqual({ plain: false, stemmed: false, trigram_text: false });
    await owner().query(`update public.sessions set title = '{"en": "Zeppelin logistics"}' where id = $1`, [id]);
    expect(await searchable(id, 'zeppelin')).toEqual({ plain: true, stemmed: true, trigram_text: true });
  });
});
