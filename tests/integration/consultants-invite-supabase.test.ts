/**
 * "Invite to sign in" with AUTH_PROVIDER=supabase, against the GoTrue stand-in (GoTrue's wire format,
 * writing the real auth.users of the test database): the admin's invite creates the login with role
 * consultant through the admin API, links it, asks GoTrue to send the invitation, records it; the
 * consultant opens the link (/invite/confirm?token_hash=…&type=invite), sets a password and is signed
 * in. Outages at each step leave nothing half-written and give localised messages.
 */
import type { Cookies } from '@sveltejs/kit';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '../../web/lib/paraglide/runtime.js';
import { guardArea } from '../../web/lib/server/auth/guard.ts';
import { createSupabaseAuth } from '../../web/lib/server/auth/supabase.ts';
import { appRole } from '../../web/lib/server/auth/types.ts';
import { config, parseConfig } from '../../web/lib/server/config.ts';
import { setConsultantActive } from '../../web/lib/server/consultants-admin/index.ts';
import { closeJobClient } from '../../web/lib/server/jobs/index.ts';
import { cookieJar as jar, postAction as post } from './support/actions.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import { createConsultant, createConsultantLogin, createUser } from './support/factories.ts';
import { startGoTrueStandin, type GoTrueStandin } from './support/gotrue-standin.ts';

const ANON_KEY = 'standin-anon-key-0123456789abcdefghijklmn';
const editActions = (await import('../../web/routes/admin/consultants/[id]/+page.server.ts')).actions;
const confirmPage = await import('../../web/routes/invite/confirm/+page.server.ts');

let standin: GoTrueStandin;
const originalGetLocale = getLocale;

beforeAll(async () => {
  const jwtSecret = process.env.SUPABASE_JWT_SECRET!;
  const serviceRoleKey = await new SignJWT({ role: 'service_role' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('supabase')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(jwtSecret));
  standin = await startGoTrueStandin({ jwtSecret, anonKey: ANON_KEY, serviceRoleKey });
  // config() is parsed once per process (each test file runs in its own worker): set these first.
  process.env.AUTH_PROVIDER = 'supabase';
  process.env.PUBLIC_SUPABASE_URL = standin.url;
  process.env.PUBLIC_SUPABASE_ANON_KEY = ANON_KEY;
  process.env.SUPABASE_SERVICE_ROLE_KEY = serviceRoleKey;
  expect(config()).toMatchObject({ AUTH_PROVIDER: 'supabase', SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey });
});
beforeEach(() => {
  standin.requests.length = 0;
});
afterEach(() => overwriteGetLocale(originalGetLocale));
afterAll(async () => {
  await standin?.close();
  await closeJobClient();
});

const invite = (id: string, claims: unknown = adminClaims(), language = 'en') =>
  post(editActions.invite, { body: { language }, params: { id }, claims });

const confirmUrl = (tokenHash: string) => `http://localhost/invite/confirm?token_hash=${tokenHash}&type=invite`;
const accept = (tokenHash: string, cookies: Cookies, password = 'correct horse', confirm = password) =>
  post(confirmPage.actions.default, { body: { password, confirm }, url: confirmUrl(tokenHash), cookies });

async function consultant(id: string) {
  return (await ownerPool().query('select user_id, email, is_active from public.consultants where id = $1', [id])).rows[0];
}
async function authUser(email: string) {
  const { rows } = await ownerPool().query(
    `select id, raw_app_meta_data, email_confirmed_at, encrypted_password, banned_until from auth.users where lower(email) = lower($1)`,
    [email]
  );
  return rows[0];
}
async function invitation(consultantId: string) {
  const { rows } = await ownerPool().query(
    'select provider, user_id, token_hash, sent_count, accepted_at from public.consultant_invitations where consultant_id = $1',
    [consultantId]
  );
  return rows[0];
}
async function audit(consultantId: string) {
  const { rows } = await ownerPool().query(
    `select action, actor_user_id from public.audit_log where entity = 'consultant' and entity_id = $1 order by id`,
    [consultantId]
  );
  return rows as { action: string; actor_user_id: string }[];
}
const lastInvite = (email: string) => standin.invites.filter((i) => i.email === email.toLowerCase()).at(-1)!;

describe('invite with Supabase Auth', () => {
  it('creates the login with role consultant, links it, lets GoTrue send the link, and the link sets the password', async () => {
    const id = await createConsultant();
    const { email } = await consultant(id);

    const sent = await invite(id);
    expect(sent.status).toBe(200);
    expect(sent.data?.notice).toBe(`Supabase Auth sent an invitation to ${email}; the link in it lets them set a password.`);
    expect(standin.requests).toEqual([
      'POST /auth/v1/admin/users',
      `POST /auth/v1/invite?redirect_to=${encodeURIComponent('http://localhost:3000/invite/confirm')}`
    ]);
    const user = await authUser(email);
    expect(user).toMatchObject({ email_confirmed_at: null, encrypted_password: null });
    expect(user.raw_app_meta_data).toMatchObject({ role: 'consultant', provider: 'email' });
    expect((await consultant(id)).user_id).toBe(user.id);
    expect(await invitation(id)).toMatchObject({ provider: 'supabase', user_id: user.id, token_hash: null, sent_count: 1 });
    expect((await audit(id)).map((e) => e.action)).toEqual(['consultant.invited']);
    const mail = lastInvite(email);
    expect(mail).toMatchObject({ userId: user.id, redirectTo: 'http://localhost:3000/invite/confirm' });

    // Opening the page spends nothing; a bad link is refused before any password is asked.
    const page = (await confirmPage.load({
      url: new URL(confirmUrl(mail.tokenHash)),
      setHeaders: () => {}
    } as never)) as { state: string };
    expect(page.state).toBe('valid');
    const noToken = (await confirmPage.load({
      url: new URL('http://localhost/invite/confirm#access_token=abc'),
      setHeaders: () => {}
    } as never)) as { state: string };
    expect(noToken.state).toBe('invalid');

    const cookies = jar();
    const mismatch = await accept(mail.tokenHash, cookies, 'correct horse', 'other horse');
    expect(mismatch.status).toBe(400);
    expect(standin.requests.some((r) => r.startsWith('POST /auth/v1/verify'))).toBe(false);

    const done = await accept(mail.tokenHash, cookies);
    expect(done).toEqual({ status: 303, location: '/consultant' });
    const claims = await createSupabaseAuth().getClaims(cookies);
    expect(claims).toMatchObject({ sub: user.id, email: email.toLowerCase() });
    expect(appRole(claims)).toBe('consultant');
    // The portal lets them in, and the password works for a normal sign-in.
    await expect(
      guardArea({
        route: { id: '/consultant' },
        url: new URL('http://localhost/consultant'),
        locals: { claims, role: 'consultant' }
      })
    ).resolves.toBeUndefined();
    expect((await createSupabaseAuth().signIn(jar(), email, 'correct horse')).ok).toBe(true);
    expect((await invitation(id)).accepted_at).toBeInstanceOf(Date);
    expect(await audit(id)).toEqual([
      { action: 'consultant.invited', actor_user_id: adminClaims().sub },
      { action: 'consultant.invitation_accepted', actor_user_id: user.id }
    ]);

    // The link is spent.
    const replay = await accept(mail.tokenHash, jar());
    expect(replay).toMatchObject({ status: 410, data: { state: 'invalid' } });
    // A confirmed login cannot be invited again.
    expect(await invite(id)).toMatchObject({ status: 409 });
  });

  it('re-invites without a second login (the old link dies), in German with a /de redirect', async () => {
    const id = await createConsultant();
    const { email } = await consultant(id);
    await invite(id);
    const first = lastInvite(email);
    standin.requests.length = 0;
    const again = await invite(id, adminClaims(), 'de');
    expect(again.status).toBe(200);
    expect(standin.requests).toEqual([
      `POST /auth/v1/invite?redirect_to=${encodeURIComponent('http://localhost:3000/de/invite/confirm')}`
    ]);
    expect(await invitation(id)).toMatchObject({ sent_count: 2, accepted_at: null });
    expect((await audit(id)).map((e) => e.action)).toEqual(['consultant.invited', 'consultant.reinvited']);
    expect(await accept(first.tokenHash, jar())).toMatchObject({ status: 410 });

    // The profile's email edited since: the invitation still goes to the linked login, no second login.
    const edited = `edited-${email}`;
    await ownerPool().query('update public.consultants set email = $2 where id = $1', [id, edited]);
    expect(await invite(id)).toMatchObject({ status: 200, data: { notice: expect.stringContaining(email) } });
    expect(lastInvite(email).userId).toBe((await consultant(id)).user_id);
    expect(await authUser(edited)).toBeUndefined();
    expect(await invitation(id)).toMatchObject({ sent_count: 3 });
    expect(await accept(lastInvite(email).tokenHash, jar())).toMatchObject({ status: 303 });
  });

  it('GoTrue down while creating the login: a clear message (EN/DE) and nothing stored', async () => {
    for (const [failure, locale] of [
      [503, 'en'],
      ['reset', 'de']
    ] as const) {
      overwriteGetLocale(() => locale);
      const id = await createConsultant();
      const { email } = await consultant(id);
      standin.failNext(failure, 1, 'POST /auth/v1/admin/users');
      const result = await invite(id);
      expect(result.status).toBe(503);
      expect(result.data?.actionError).toBe(
        locale === 'en'
          ? 'Supabase Auth could not be reached or refused the request, so no invitation was sent. Please try again in a moment.'
          : 'Supabase Auth war nicht erreichbar oder hat die Anfrage abgelehnt; es wurde keine Einladung gesendet. Bitte versuchen Sie es gleich noch einmal.'
      );
      expect((await consultant(id)).user_id).toBeNull();
      expect(await authUser(email)).toBeUndefined();
      expect(await invitation(id)).toBeUndefined();
      expect(await audit(id)).toEqual([]);
    }
  });

  it('GoTrue down while sending: linked to a login that exists, nothing recorded, and a retry sends', async () => {
    const id = await createConsultant();
    const { email } = await consultant(id);
    standin.failNext(503, 1, 'POST /auth/v1/invite');
    expect(await invite(id)).toMatchObject({ status: 503 });
    const user = await authUser(email);
    expect((await consultant(id)).user_id).toBe(user.id);
    expect(await invitation(id)).toBeUndefined();
    expect(await audit(id)).toEqual([]);
    expect(standin.invites.some((i) => i.email === email.toLowerCase())).toBe(false);

    expect(await invite(id)).toMatchObject({ status: 200 });
    expect(await invitation(id)).toMatchObject({ user_id: user.id, sent_count: 1 });
    expect(lastInvite(email).userId).toBe(user.id);
  });

  it('refuses an email another login owns, an inactive consultant, and non-admins, without calling GoTrue for them', async () => {
    const other = await createUser();
    const taken = await createConsultant({ email: other.email });
    expect(await invite(taken)).toMatchObject({ status: 409 });
    expect((await consultant(taken)).user_id).toBeNull();
    expect(await invitation(taken)).toBeUndefined();

    standin.requests.length = 0;
    const inactive = await createConsultant({ is_active: false });
    expect(await invite(inactive)).toMatchObject({ status: 409 });
    const me = await createConsultantLogin();
    expect(await invite(inactive, me.claims)).toMatchObject({ status: 403 });
    expect(await invite(inactive, null)).toMatchObject({ status: 403 });
    expect(standin.requests).toEqual([]);
  });

  it('accepting: Auth down keeps the link usable; a failed password step can be retried with the spent link', async () => {
    const id = await createConsultant();
    const { email } = await consultant(id);
    await invite(id);
    const { tokenHash } = lastInvite(email);

    standin.failNext(503, 1, 'POST /auth/v1/verify');
    const down = await accept(tokenHash, jar());
    expect(down).toMatchObject({
      status: 503,
      data: { actionError: 'The sign-in service is not reachable at the moment. Please try again in a moment.' }
    });
    expect((await authUser(email)).email_confirmed_at).toBeNull();

    const cookies = jar();
    standin.failNext(503, 1, 'PUT /auth/v1/user');
    expect(await accept(tokenHash, cookies)).toMatchObject({ status: 503 });
    expect((await invitation(id)).accepted_at).toBeNull();
    // Same page, same (now spent) link: the session from the first attempt finishes the job.
    expect(await accept(tokenHash, cookies)).toEqual({ status: 303, location: '/consultant' });
    expect((await invitation(id)).accepted_at).toBeInstanceOf(Date);
    expect((await createSupabaseAuth().signIn(jar(), email, 'correct horse')).ok).toBe(true);
    // Another visitor with the spent link and no such session gets nothing.
    expect(await accept(tokenHash, jar())).toMatchObject({ status: 410, data: { state: 'invalid' } });
  });

  it('a consultant deactivated after the invitation cannot use the link', async () => {
    const id = await createConsultant();
    const { email } = await consultant(id);
    await invite(id);
    const version = (await ownerPool().query('select version from public.consultants where id = $1', [id])).rows[0].version;
    expect(await setConsultantActive(adminClaims(), id, false, version)).toMatchObject({ kind: 'saved' });
    expect(await accept(lastInvite(email).tokenHash, jar())).toMatchObject({ status: 410, data: { state: 'inactive' } });
    expect((await authUser(email)).encrypted_password).toBeNull();
  });

  it('checks the service-role key at boot and refuses a malformed link without asking GoTrue', async () => {
    const base = {
      AUTH_PROVIDER: 'supabase',
      PUBLIC_SUPABASE_URL: 'https://project.supabase.co',
      PUBLIC_SUPABASE_ANON_KEY: ANON_KEY,
      SUPABASE_JWT_SECRET: 'x'.repeat(40)
    };
    expect(parseConfig(base).SUPABASE_SERVICE_ROLE_KEY).toBeUndefined();
    expect(() => parseConfig({ ...base, SUPABASE_SERVICE_ROLE_KEY: 'short' })).toThrow(/SUPABASE_SERVICE_ROLE_KEY/);
    expect(() => parseConfig({ ...base, SUPABASE_SERVICE_ROLE_KEY: ANON_KEY })).toThrow(/not the anon key/);
    // A bad link shape is refused without asking GoTrue.
    standin.requests.length = 0;
    expect(await accept('../../etc', jar())).toMatchObject({ status: 410 });
    expect(standin.requests.filter((r) => r.startsWith('POST /auth/v1/verify'))).toEqual([]);
  });
});
