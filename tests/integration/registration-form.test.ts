/**
 * The registration UI's server side against the real database: the form actions (register, multi,
 * cancel) called as SvelteKit would call them, the abuse checks (honeypot, rate limits, Turnstile
 * against a local stand-in), and the registration session. Bad input must come back as a clear 4xx
 * with a message naming the field, and leave no registration, consent or email behind.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRedirect, type Cookies } from '@sveltejs/kit';
import { cookieJar as jar } from './support/actions.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Small budgets so the limits are reachable here (read when the limiters are first built).
process.env.REGISTRATION_LIMIT_PER_EMAIL = '3/600';
process.env.REGISTRATION_LIMIT_PER_IP = '5/600';

const { actions: registerActions, load: registerLoad } =
  await import('../../web/routes/webinars/[slug]/register/+page.server.ts');
const { load: thanksLoad } = await import('../../web/routes/webinars/[slug]/registered/+page.server.ts');
const { actions: multiActions } = await import('../../web/routes/registrations/multi/+page.server.ts');
const { actions: cancelActions } = await import('../../web/routes/registrations/[token]/cancel/+page.server.ts');
const { load: manageLayoutLoad } = await import('../../web/routes/registrations/[token]/+layout.server.ts');
const { verifyTurnstile, parseLimit } = await import('../../web/lib/server/registration/abuse.ts');
const { hashKey, peek } = await import('../../web/lib/server/security/rate-limit.ts');
const { rotateManageToken } = await import('../../web/lib/server/registration/index.ts');
const { closeJobClient } = await import('../../web/lib/server/jobs/index.ts');
const { ownerPool } = await import('./support/db.ts');
const { createConsultant, createSession, unique } = await import('./support/factories.ts');

afterAll(async () => {
  await closeJobClient();
});

const DAY = 86_400_000;

/** A published session with a primary speaker; returns its id and slug. */
async function session(columns: Record<string, unknown> = {}) {
  const consultantId = await createConsultant({ expertise: ['MLOps', 'Cloud'] });
  const id = await createSession({ speakers: [{ consultantId, role: 'primary' }], ...columns });
  const { rows } = await ownerPool().query('select slug from public.sessions where id = $1', [id]);
  return { id, slug: rows[0].slug as string };
}

const validFields = () => ({
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: `ada-${unique()}@example.com`,
  company: 'Analytical Engines Ltd',
  termsAccepted: 'on',
  privacyConsent: 'on'
});

let ipCounter = 0;
/** A fresh client address per call unless one is given (the per-IP limit is tested on its own). */
const freshIp = () => `203.0.113.${++ipCounter % 250}-${unique()}`;

interface Call {
  status: number;
  location?: string;
  data?: { form?: { valid: boolean; errors: Record<string, string[] | undefined>; message?: string } };
}

/** Calls an action the way SvelteKit does for a form post; a thrown redirect becomes a 303 result. */
async function call(
  action: (event: never) => unknown,
  {
    body,
    params = {},
    cookies = jar(),
    ip = freshIp(),
    path = '/'
  }: {
    body: string | Record<string, string | string[]>;
    params?: Record<string, string>;
    cookies?: Cookies;
    ip?: string;
    path?: string;
  }
): Promise<Call> {
  const form =
    typeof body === 'string'
      ? body
      : new URLSearchParams(
          Object.entries(body).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
        ).toString();
  const url = new URL(`http://localhost${path}`);
  const request = new Request(url, {
    method: 'POST',
    body: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' }
  });
  const event = {
    request,
    params,
    cookies,
    url,
    locals: { claims: null, role: null },
    getClientAddress: () => ip,
    setHeaders: () => {}
  };
  try {
    const result = (await action(event as never)) as { status?: number; data?: Call['data'] } | undefined;
    return { status: result?.status ?? 200, data: (result?.data ?? result) as Call['data'] };
  } catch (thrown) {
    if (isRedirect(thrown)) return { status: thrown.status, location: thrown.location };
    const status = (thrown as { status?: number }).status;
    if (typeof status === 'number') return { status };
    throw thrown;
  }
}

const register = (
  slug: string,
  body: Call extends never ? never : string | Record<string, string | string[]>,
  options: { cookies?: Cookies; ip?: string } = {}
) => call(registerActions.register as never, { body, params: { slug }, path: `/webinars/${slug}/register`, ...options });

/** Everything a registration leaves behind for this session: rows, consents and email jobs. */
async function traces(sessionId: string) {
  // pg-boss creates its schema on first use; before that there can be no job.
  const { rows: boss } = await ownerPool().query(`select to_regclass('pgboss.job') is not null as ready`);
  const jobs = boss[0].ready
    ? `(select count(*) from pgboss.job j where j.name = 'registration.email'
         and j.data->>'registrationId' in (select id::text from public.registrations where session_id = $1))::int`
    : '0';
  const { rows } = await ownerPool().query(
    `select (select count(*) from public.registrations where session_id = $1)::int as registrations,
            (select count(*) from public.consent_records c join public.registrations r on r.id = c.registration_id
              where r.session_id = $1)::int as consents,
            ${jobs} as jobs`,
    [sessionId]
  );
  return rows[0] as { registrations: number; consents: number; jobs: number };
}
const NOTHING = { registrations: 0, consents: 0, jobs: 0 };

describe('bad input: a clear 4xx naming the field, and nothing stored', () => {
  let open: { id: string; slug: string };
  beforeAll(async () => {
    open = await session({ capacity: 10 });
  });

  it.each([
    ['an oversize first name', { firstName: 'A'.repeat(51) }, 'firstName', 'First name: please enter 2 to 50 characters.'],
    ['an oversize company (1 MB)', { company: 'C'.repeat(1_000_000) }, 'company', 'Company: please enter 2 to 200 characters.'],
    [
      'oversize special requirements',
      { specialRequirements: 's'.repeat(501) },
      'specialRequirements',
      'Special requirements: please keep it to 500 characters.'
    ],
    ['a script tag', { firstName: '<script>alert(1)</script>' }, 'firstName', 'First name: HTML tags are not allowed.'],
    [
      'markup in free text',
      { specificQuestions: 'hi <img src=x onerror=alert(1)>' },
      'specificQuestions',
      'Questions for the speaker: HTML tags are not allowed.'
    ],
    [
      'an SQL fragment in a name',
      { lastName: "Robert'); DROP TABLE registrations;--" },
      'lastName',
      'Last name: please use letters only (spaces, hyphens and apostrophes are fine).'
    ],
    ['an SQL fragment as the email', { email: "x' OR '1'='1" }, 'email', 'Email: please enter a valid email address.'],
    [
      'a NUL byte',
      { company: 'Acme\u0000Ltd' },
      'company',
      'Company: contains invisible control characters or line breaks. Please remove them.'
    ],
    [
      'a javascript: website',
      { website: 'javascript:alert(1)' },
      'website',
      'Website: please enter a web address starting with http:// or https://.'
    ],
    ['no terms consent', { termsAccepted: '' }, 'termsAccepted', 'Terms: please accept the terms of participation to register.'],
    ['no privacy consent', { privacyConsent: '' }, 'privacyConsent', 'Privacy: please agree to the privacy notice to register.']
  ])('%s', async (_, change, field, message) => {
    const body = Object.fromEntries(Object.entries({ ...validFields(), ...change }).filter(([, v]) => v !== ''));
    const result = await register(open.slug, body);
    expect(result.status).toBe(400);
    expect(result.data?.form?.errors[field]).toContain(message);
    expect(await traces(open.id)).toEqual(NOTHING);
  });

  it('invalid UTF-8 in the body is refused as unreadable', async () => {
    const body = new URLSearchParams(validFields()).toString().replace('firstName=Ada', 'firstName=Ad%C3%28a');
    const result = await register(open.slug, body);
    expect(result.status).toBe(400);
    expect(result.data?.form?.errors.firstName).toContain(
      'First name: contains characters that could not be read. Please type it again.'
    );
    expect(await traces(open.id)).toEqual(NOTHING);
  });

  it('a filled honeypot is refused without a registration', async () => {
    const result = await register(open.slug, { ...validFields(), fax: 'http://spam.example' });
    expect(result.status).toBe(400);
    expect(await traces(open.id)).toEqual(NOTHING);
  });

  it('an unknown session answers 404', async () => {
    const slug = `no-such-session-${unique()}`;
    expect((await register(slug, validFields())).status).toBe(404);
    await expect(
      registerLoad({ params: { slug }, locals: { claims: null }, cookies: jar(), url: new URL('http://localhost/') } as never)
    ).rejects.toMatchObject({ status: 404 });
  });

  it('a draft session looks unknown (404); nothing is stored', async () => {
    const draft = await session({ status: 'draft' });
    expect((await register(draft.slug, validFields())).status).toBe(404);
    expect(await traces(draft.id)).toEqual(NOTHING);
  });

  it.each([
    ['a cancelled session', { status: 'cancelled' }, 'This session was cancelled.'],
    [
      'a closed registration window',
      { registration_closes_at: new Date(Date.now() - DAY) },
      'Registration for this session is closed.'
    ],
    [
      'a window not open yet',
      { registration_opens_at: new Date(Date.now() + DAY) },
      'Registration for this session has not opened yet.'
    ],
    ['a sold-out session without waitlist', { capacity: 1, allow_waitlist: false }, null]
  ])('%s answers 409 with the reason', async (_, columns, message) => {
    const s = await session(columns);
    if (message === null) {
      // Fill the one seat first.
      expect((await register(s.slug, validFields())).status).toBe(303);
    }
    const before = await traces(s.id);
    const result = await register(s.slug, validFields());
    expect(result.status).toBe(409);
    expect(result.data?.form?.message).toBe(message ?? 'This session is sold out and has no waitlist.');
    expect(await traces(s.id)).toEqual(before);
  });
});

describe('registering through the form', () => {
  it('registers, remembers the outcome in the registration session, and the thank-you page reports it', async () => {
    const s = await session({ capacity: 5 });
    const cookies = jar();
    const fields = {
      ...validFields(),
      currentChallenges: 'Scaling\nHiring',
      expertiseInterest: ['MLOps'],
      marketingConsent: 'on'
    };
    const result = await register(s.slug, fields, { cookies });
    expect(result).toMatchObject({ status: 303, location: `/webinars/${s.slug}/registered` });
    expect(cookies.values.get('magnetiq-registration')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const { rows } = await ownerPool().query(
      `select r.status, r.marketing_consent, r.consultant_follow_up_consent, r.current_challenges, r.expertise_interest, r.language,
              rs.email as session_email, rs.registration_data
       from public.registrations r join public.registration_sessions rs on rs.id = r.registration_session_id where r.session_id = $1`,
      [s.id]
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'confirmed',
      marketing_consent: true,
      consultant_follow_up_consent: false,
      current_challenges: ['Scaling', 'Hiring'],
      expertise_interest: ['MLOps'],
      language: 'en',
      session_email: fields.email
    });
    // Consents are never kept for auto-fill.
    expect(rows[0].registration_data.fields).not.toHaveProperty('termsAccepted');
    expect(rows[0].registration_data.outcomes[0]).toMatchObject({ sessionId: s.id, kind: 'registered', status: 'confirmed' });

    const thanks = (await thanksLoad({
      params: { slug: s.slug },
      locals: { claims: null },
      cookies,
      url: new URL('http://localhost/'),
      setHeaders: () => {}
    } as never)) as {
      outcome: { kind: string; status: string };
      session: { speakers: { expertise: string[] }[] };
      calendar: { google: string; ics: string };
    };
    expect(thanks.outcome).toMatchObject({ kind: 'registered', status: 'confirmed' });
    expect(thanks.session.speakers[0].expertise).toEqual(['MLOps', 'Cloud']);
    expect(thanks.calendar.google).toContain('calendar.google.com');

    // The thank-you page without the cookie sends the visitor to the form: nothing personal in the URL.
    await expect(
      thanksLoad({
        params: { slug: s.slug },
        locals: { claims: null },
        cookies: jar(),
        url: new URL('http://localhost/'),
        setHeaders: () => {}
      } as never)
    ).rejects.toSatisfy(isRedirect);
  });

  it('a repeated email gets the existing registration back, reported as such', async () => {
    const s = await session({ capacity: 5 });
    const fields = validFields();
    await register(s.slug, fields);
    const cookies = jar();
    expect((await register(s.slug, { ...fields, email: `  ${fields.email.toUpperCase()} ` }, { cookies })).status).toBe(303);
    expect((await traces(s.id)).registrations).toBe(1);
    const thanks = (await thanksLoad({
      params: { slug: s.slug },
      locals: { claims: null },
      cookies,
      url: new URL('http://localhost/'),
      setHeaders: () => {}
    } as never)) as { outcome: { kind: string } };
    expect(thanks.outcome.kind).toBe('already_registered');
  });

  it('auto-fills the next form from the registration session', async () => {
    const s = await session({ capacity: 5 });
    const other = await session({ capacity: 5 });
    const cookies = jar();
    const fields = { ...validFields(), position: 'CTO' };
    await register(s.slug, fields, { cookies });
    const page = (await registerLoad({
      params: { slug: other.slug },
      locals: { claims: null },
      cookies,
      url: new URL('http://localhost/')
    } as never)) as {
      form: { data: Record<string, unknown> };
      autofilled: boolean;
      expiry: { minutesLeft: number; warn: boolean };
    };
    expect(page.autofilled).toBe(true);
    expect(page.form.data).toMatchObject({
      firstName: 'Ada',
      email: fields.email,
      position: 'CTO',
      termsAccepted: false,
      privacyConsent: false
    });
    expect(page.expiry).toMatchObject({ minutesLeft: 240, warn: false });
  });

  it('warns 30 minutes before the registration session expires, and forgets it after', async () => {
    const s = await session({ capacity: 5 });
    const cookies = jar();
    await register(s.slug, validFields(), { cookies });
    const load = () =>
      registerLoad({
        params: { slug: s.slug },
        locals: { claims: null },
        cookies,
        url: new URL('http://localhost/')
      } as never) as Promise<{ autofilled: boolean; expiry: { warn: boolean; minutesLeft: number } | null }>;
    const { rows } = await ownerPool().query(
      `update public.registration_sessions set expires_at = now() + interval '20 minutes' where token_hash = sha256($1::bytea) returning id`,
      [Buffer.from(cookies.values.get('magnetiq-registration')!, 'utf8')]
    );
    expect(rows).toHaveLength(1);
    expect((await load()).expiry).toMatchObject({ warn: true, minutesLeft: 20 });
    await ownerPool().query(
      `update public.registration_sessions set created_at = now() - interval '5 hours', expires_at = now() - interval '1 minute' where id = $1`,
      [rows[0].id]
    );
    expect(await load()).toMatchObject({ autofilled: false, expiry: null });
  });

  it('rate limits per email: the fourth attempt within the window answers 429 and stores nothing', async () => {
    const email = `limited-${unique()}@example.com`;
    const sessions = await Promise.all([1, 2, 3, 4].map(() => session({ capacity: 5 })));
    for (const s of sessions.slice(0, 3)) expect((await register(s.slug, { ...validFields(), email })).status).toBe(303);
    const last = await register(sessions[3].slug, { ...validFields(), email });
    expect(last.status).toBe(429);
    expect(last.data?.form?.message).toMatch(/^Too many registration attempts\. Please try again in \d+ minutes\.$/);
    expect(await traces(sessions[3].id)).toEqual(NOTHING);
  });

  it('rate limits per IP', async () => {
    const s = await session({ capacity: 50 });
    const ip = `198.51.100.${unique()}`;
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await register(s.slug, validFields(), { ip })).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    expect((await traces(s.id)).registrations).toBe(5);
  });

  it('checks the IP before the email, both counted in one statement: an attempt refused for its IP costs the email nothing', async () => {
    const s = await session({ capacity: 50 });
    const ip = `198.51.100.${unique()}`;
    const email = `ip-first-${unique()}@example.com`;
    for (let i = 0; i < 5; i++) expect((await register(s.slug, validFields(), { ip })).status).toBe(303);
    const refused = await register(s.slug, { ...validFields(), email }, { ip });
    expect(refused.status).toBe(429);
    expect(refused.data?.form?.message).toMatch(/^Too many registration attempts\. Please try again in \d+ minutes\.$/);
    // The email's budget (3) is untouched: three attempts from elsewhere pass, the fourth is refused.
    const others = [];
    for (let i = 0; i < 4; i++) {
      const other = await session({ capacity: 5 });
      others.push((await register(other.slug, { ...validFields(), email })).status);
    }
    expect(others).toEqual([303, 303, 303, 429]);
    // Same rows as rate-limiter-flexible's store: its own reader sees the spent budget.
    expect(await peek({ name: 'register-email', points: 3, durationSeconds: 600 }, hashKey(email))).toMatchObject({
      allowed: false
    });
    expect(await peek({ name: 'register-ip', points: 5, durationSeconds: 600 }, ip)).toMatchObject({ allowed: false });
  });
});

describe('multi-registration: several sessions, one submission, each reported on its own', () => {
  it('registers each session atomically and reports confirmed, waitlisted and refused individually', async () => {
    const open = await session({ capacity: 5 });
    const full = await session({ capacity: 1, allow_waitlist: true });
    const soldOut = await session({ capacity: 1, allow_waitlist: false });
    await register(full.slug, validFields());
    await register(soldOut.slug, validFields());
    const cookies = jar();
    const unknownId = '00000000-0000-4000-8000-00000000dead';
    const result = await call(multiActions.default as never, {
      body: { ...validFields(), sessionIds: [open.id, full.id, soldOut.id, unknownId] },
      cookies,
      path: '/registrations/multi'
    });
    expect(result).toMatchObject({ status: 303, location: '/registrations/multi/results' });
    const { rows } = await ownerPool().query(
      `select registration_data->'outcomes' as outcomes from public.registration_sessions where token_hash = sha256($1::bytea)`,
      [Buffer.from(cookies.values.get('magnetiq-registration')!, 'utf8')]
    );
    const outcomes = rows[0].outcomes as { sessionId: string; kind: string; position: number | null; reason: string | null }[];
    expect(outcomes.map((o) => [o.sessionId, o.kind, o.position ?? o.reason])).toEqual([
      [open.id, 'registered', null],
      [full.id, 'waitlisted', 1],
      [soldOut.id, 'refused', 'sold_out'],
      [unknownId, 'refused', 'session_not_found']
    ]);
  });

  it('needs at least one session (400, naming the field)', async () => {
    const result = await call(multiActions.default as never, { body: validFields(), path: '/registrations/multi' });
    expect(result.status).toBe(400);
    expect(result.data?.form?.errors.sessionIds?.[0] ?? JSON.stringify(result.data?.form?.errors.sessionIds)).toContain(
      'Sessions: please choose at least one session.'
    );
  });
});

describe('manage link', () => {
  it('cancels after the confirmation step; unknown tokens are 404; the page is never cached', async () => {
    const s = await session({ capacity: 5 });
    await register(s.slug, validFields());
    const { rows } = await ownerPool().query('select id from public.registrations where session_id = $1', [s.id]);
    const token = (await rotateManageToken(rows[0].id))!;
    const headers: Record<string, string> = {};
    const page = (await manageLayoutLoad({
      params: { token },
      setHeaders: (h: Record<string, string>) => Object.assign(headers, h)
    } as never)) as { registration: { status: string } };
    expect(page.registration.status).toBe('confirmed');
    expect(headers).toEqual({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });

    const tooLong = await call(cancelActions.default as never, { body: { reason: 'x'.repeat(501) }, params: { token } });
    expect(tooLong.status).toBe(400);
    const cancelled = await call(cancelActions.default as never, { body: { reason: 'Double booked' }, params: { token } });
    expect(cancelled).toMatchObject({ status: 303, location: `/registrations/${token}?cancelled` });
    expect((await call(cancelActions.default as never, { body: {}, params: { token } })).status).toBe(409);

    await expect(manageLayoutLoad({ params: { token: 'A'.repeat(43) }, setHeaders: () => {} } as never)).rejects.toMatchObject({
      status: 404
    });
    await expect(manageLayoutLoad({ params: { token: 'short' }, setHeaders: () => {} } as never)).rejects.toMatchObject({
      status: 404
    });
    expect((await call(cancelActions.default as never, { body: {}, params: { token: 'A'.repeat(43) } })).status).toBe(404);
  });
});

describe('abuse settings', () => {
  it('parses limits, falls back on nonsense, and can be switched off', () => {
    const fallback = { name: 'x', points: 1, durationSeconds: 1 };
    expect(parseLimit('x', '20/60', fallback)).toEqual({ name: 'x', points: 20, durationSeconds: 60 });
    expect(parseLimit('x', 'lots', fallback)).toBe(fallback);
    expect(parseLimit('x', '0/60', fallback)).toBe(fallback);
    expect(parseLimit('x', 'off', fallback)).toBeNull();
  });
});

describe('Turnstile against a local stand-in for siteverify', () => {
  let server: http.Server;
  let url: string;
  let mode: 'ok' | 'bad-token' | 'bad-secret' | 'http-500' | 'garbage' | 'slow' = 'ok';
  const received: URLSearchParams[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(new URLSearchParams(body));
        const json = (value: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (mode === 'ok')
          json({ success: true, challenge_ts: new Date().toISOString(), hostname: 'localhost', 'error-codes': [] });
        else if (mode === 'bad-token') json({ success: false, 'error-codes': ['invalid-input-response'] });
        else if (mode === 'bad-secret') json({ success: false, 'error-codes': ['invalid-input-secret'] });
        else if (mode === 'http-500') res.writeHead(500).end('oops');
        else if (mode === 'garbage') res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
        // 'slow': never answers; the client's timeout must give up.
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/turnstile/v0/siteverify`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const env = () => ({ TURNSTILE_SECRET_KEY: '1x0000000000000000000000000000000AA', TURNSTILE_VERIFY_URL: url });

  it('is skipped when not configured', async () => {
    expect(await verifyTurnstile(null, '127.0.0.1', {})).toEqual({ allowed: true });
  });

  it('sends the documented form fields and accepts a good token', async () => {
    mode = 'ok';
    expect(await verifyTurnstile('token-1', '192.0.2.7', env())).toEqual({ allowed: true });
    const last = received.at(-1)!;
    expect(Object.fromEntries(last)).toEqual({ secret: env().TURNSTILE_SECRET_KEY, response: 'token-1', remoteip: '192.0.2.7' });
  });

  it.each([
    ['a missing token', null, 'ok', 400],
    ['a rejected token', 'token-2', 'bad-token', 400],
    ['our secret refused', 'token-3', 'bad-secret', 503],
    ['a 500 from the verifier', 'token-4', 'http-500', 503],
    ['a broken answer', 'token-5', 'garbage', 503]
  ] as const)('%s → %s', async (_, token, nextMode, status) => {
    mode = nextMode;
    expect(await verifyTurnstile(token, '192.0.2.7', env())).toMatchObject({ allowed: false, status });
  });

  it('gives up on a verifier that does not answer (fails closed, 503)', { timeout: 15_000 }, async () => {
    mode = 'slow';
    expect(await verifyTurnstile('token-6', '192.0.2.7', env())).toMatchObject({ allowed: false, status: 503 });
  });

  it('a registration without a passing check is refused with nothing stored', async () => {
    const s = await session({ capacity: 5 });
    Object.assign(process.env, env());
    try {
      mode = 'bad-token';
      const refused = await register(s.slug, { ...validFields(), 'cf-turnstile-response': 'nope' });
      expect(refused.status).toBe(400);
      expect(refused.data?.form?.message).toBe('We could not confirm that you are a person. Please try again.');
      expect(await traces(s.id)).toEqual(NOTHING);
      mode = 'ok';
      expect((await register(s.slug, { ...validFields(), 'cf-turnstile-response': 'good' })).status).toBe(303);
    } finally {
      delete process.env.TURNSTILE_SECRET_KEY;
      delete process.env.TURNSTILE_VERIFY_URL;
    }
  });
});

describe('registration session outcomes (merged in one UPDATE)', () => {
  const store = () => import('../../web/lib/server/registration-session/store.ts');
  const outcome = (sessionId: string, kind: 'registered' | 'refused' = 'registered') => ({
    sessionId,
    slug: `s-${sessionId.slice(0, 8)}`,
    kind,
    registrationId: null,
    status: null,
    position: null,
    reason: null,
    at: new Date().toISOString()
  });
  const ids = (n: number) => Array.from({ length: n }, () => crypto.randomUUID());

  it('appends newest last, replaces the outcome of the same session, keeps the last 20, never loses a concurrent one', async () => {
    const { create, addOutcomes, findByToken } = await store();
    const token = crypto.randomUUID().replaceAll('-', '').padEnd(43, 'x');
    const record = await create(token, { email: 'outcomes@example.com' });
    const [a, b] = ids(2);
    await addOutcomes(record.id, [outcome(a, 'refused')]);
    await addOutcomes(record.id, [outcome(b)]);
    await addOutcomes(record.id, [outcome(a)]);
    expect((await findByToken(token))!.outcomes.map((o) => [o.sessionId, o.kind])).toEqual([
      [b, 'registered'],
      [a, 'registered']
    ]);
    // Concurrent submissions of the same holder: each UPDATE sees the others' committed outcomes.
    const together = ids(10);
    await Promise.all(together.map((id) => addOutcomes(record.id, [outcome(id)])));
    const after = (await findByToken(token))!.outcomes.map((o) => o.sessionId);
    expect(after).toHaveLength(12);
    expect(after.slice(0, 2)).toEqual([b, a]);
    expect(new Set(after.slice(2))).toEqual(new Set(together));
    // Bounded: the newest 20 stay, in order.
    const more = ids(15);
    for (const id of more) await addOutcomes(record.id, [outcome(id)]);
    expect((await findByToken(token))!.outcomes.map((o) => o.sessionId)).toEqual([...after, ...more].slice(-20));
  });
});
