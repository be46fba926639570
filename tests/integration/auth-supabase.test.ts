/**
 * The Supabase adapter (@supabase/ssr + auth-js) against a GoTrue stand-in that speaks Supabase
 * Auth's wire format and checks passwords against the real auth.users table.
 */
import type { Cookies } from '@sveltejs/kit';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSupabaseAuth } from '../../web/lib/server/auth/supabase.ts';
import { appRole, type AuthAdapter } from '../../web/lib/server/auth/types.ts';
import { config } from '../../web/lib/server/config.ts';
import { closeOwnerPool, DEMO } from './support/db.ts';
import { startGoTrueStandin, type GoTrueStandin } from './support/gotrue-standin.ts';

const ANON_KEY = 'standin-anon-key-0123456789abcdefghijklmn'; // 40 characters
// @supabase/supabase-js names the storage key after the first label of the project host (127.0.0.1).
const SESSION_COOKIE = 'sb-127-auth-token';

type Jar = Cookies & { options: Record<string, Record<string, unknown> | undefined>; raw: Map<string, string> };

/** A cookie jar with SvelteKit's Cookies interface that behaves like a browser (maxAge 0 deletes). */
function cookieJar(): Jar {
  const raw = new Map<string, string>();
  const options: Jar['options'] = {};
  return {
    raw,
    options,
    get: (name) => raw.get(name),
    getAll: () => [...raw].map(([name, value]) => ({ name, value })),
    set: (name, value, opts) => {
      options[name] = opts as Record<string, unknown>;
      if (opts?.maxAge === 0 || value === '') raw.delete(name);
      else raw.set(name, value);
    },
    delete: (name) => void raw.delete(name),
    serialize: () => '',
    parse: () => ({ name: '', value: '' })
  };
}

/** The session object @supabase/ssr keeps in the (possibly chunked) `base64-` cookie. */
function readSession(jar: Jar): Record<string, unknown> & { access_token: string; refresh_token: string } {
  const chunks = [...jar.raw].filter(([name]) => name === SESSION_COOKIE || name.startsWith(`${SESSION_COOKIE}.`));
  chunks.sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  const value = chunks.map(([, v]) => v).join('');
  expect(value.startsWith('base64-')).toBe(true);
  return JSON.parse(Buffer.from(value.slice('base64-'.length), 'base64url').toString('utf8'));
}

/** A jar holding a session cookie whose access token was replaced by `accessToken`. */
function jarWithAccessToken(source: Jar, accessToken: string): Jar {
  const session = { ...readSession(source), access_token: accessToken };
  const jar = cookieJar();
  jar.raw.set(SESSION_COOKIE, `base64-${Buffer.from(JSON.stringify(session)).toString('base64url')}`);
  return jar;
}

let standin: GoTrueStandin;
let auth: AuthAdapter;

async function signedIn(user: { email: string; password: string } = DEMO.admin): Promise<Jar> {
  const jar = cookieJar();
  const result = await auth.signIn(jar, user.email, user.password);
  expect(result.ok).toBe(true);
  return jar;
}

beforeAll(async () => {
  const jwtSecret = process.env.SUPABASE_JWT_SECRET!; // setup-env.ts provides a test secret
  standin = await startGoTrueStandin({ jwtSecret, anonKey: ANON_KEY });
  // config() is parsed once per process (each test file runs in its own worker): set these first.
  process.env.AUTH_PROVIDER = 'supabase';
  process.env.PUBLIC_SUPABASE_URL = standin.url;
  process.env.PUBLIC_SUPABASE_ANON_KEY = ANON_KEY;
  expect(config()).toMatchObject({ AUTH_PROVIDER: 'supabase', PUBLIC_SUPABASE_URL: standin.url });
  auth = createSupabaseAuth();
});

beforeEach(() => {
  standin.requests.length = 0;
  standin.setAccessTokenTtl(3600);
});

afterAll(async () => {
  await standin?.close();
  await closeOwnerPool();
});

describe('Supabase sign-in', () => {
  it('signs in the demo admin through GoTrue and keeps the session in an httpOnly cookie', async () => {
    const jar = cookieJar();
    const result = await auth.signIn(jar, ` ${DEMO.admin.email.toUpperCase()} `, DEMO.admin.password);
    expect(result).toMatchObject({
      ok: true,
      claims: { sub: DEMO.admin.id, email: DEMO.admin.email, role: 'authenticated', aud: 'authenticated' }
    });
    expect(standin.requests).toEqual(['POST /auth/v1/token?grant_type=password', 'GET /auth/v1/user']);

    const session = readSession(jar);
    expect(session).toMatchObject({ token_type: 'bearer', expires_in: 3600, user: { id: DEMO.admin.id } });
    expect(jar.options[SESSION_COOKIE]).toMatchObject({ path: '/', sameSite: 'lax', httpOnly: true });

    const claims = await auth.getClaims(jar);
    expect(claims).toMatchObject({
      sub: DEMO.admin.id,
      email: DEMO.admin.email,
      role: 'authenticated',
      aud: 'authenticated',
      iss: `${standin.url}/auth/v1`,
      app_metadata: { role: 'admin', provider: 'email' }
    });
    expect(appRole(claims)).toBe('admin');
    // Symmetric (HS256) tokens are verified by a round trip to GoTrue, not trusted from the cookie.
    expect(standin.requests.at(-1)).toBe('GET /auth/v1/user');
  });

  it('gives consultants the consultant role', async () => {
    const jar = await signedIn(DEMO.anna);
    expect(appRole(await auth.getClaims(jar))).toBe('consultant');
  });

  it('refuses a wrong password, an unknown user and an empty password alike, setting no cookie', async () => {
    for (const [email, password] of [
      [DEMO.admin.email, 'wrong-password'],
      ['nobody@magnetiq.local', DEMO.admin.password],
      [DEMO.admin.email, '']
    ]) {
      const jar = cookieJar();
      expect(await auth.signIn(jar, email, password)).toEqual({ ok: false, reason: 'invalid_credentials' });
      expect(jar.raw.size).toBe(0);
    }
  });

  it('reports an Auth outage (503, dropped connection) as a failed sign-in instead of throwing', async () => {
    for (const failure of [503, 'reset'] as const) {
      standin.failNext(failure);
      const jar = cookieJar();
      expect(await auth.signIn(jar, DEMO.admin.email, DEMO.admin.password)).toEqual({
        ok: false,
        reason: 'invalid_credentials'
      });
      expect(jar.raw.size).toBe(0);
    }
  });
});

describe('Supabase session checks', () => {
  it('is signed out without a cookie, without calling Auth', async () => {
    expect(await auth.getClaims(cookieJar())).toBeNull();
    expect(standin.requests).toEqual([]);
  });

  it('refuses a tampered token (role escalated in the payload)', async () => {
    const jar = await signedIn(DEMO.anna);
    const [header, payload, signature] = readSession(jar).access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.app_metadata.role = 'admin';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(await auth.getClaims(jarWithAccessToken(jar, forged))).toBeNull();
  });

  it('refuses a token signed with another secret', async () => {
    const jar = await signedIn();
    const foreign = await new SignJWT({
      role: 'authenticated',
      email: DEMO.admin.email,
      app_metadata: { role: 'admin' },
      session_id: crypto.randomUUID()
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(DEMO.admin.id)
      .setAudience('authenticated')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    expect(await auth.getClaims(jarWithAccessToken(jar, foreign))).toBeNull();
  });

  it('treats a malformed token or a garbled cookie as signed out instead of throwing', async () => {
    const jar = await signedIn();
    for (const token of ['not-a-jwt', 'aaaa.bbbb.cccc']) {
      expect(await auth.getClaims(jarWithAccessToken(jar, token))).toBeNull();
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const garbled = cookieJar();
      garbled.raw.set(SESSION_COOKIE, 'base64-%%%not-base64%%%');
      expect(await auth.getClaims(garbled)).toBeNull();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('@supabase/ssr'), expect.anything());
    } finally {
      warn.mockRestore();
    }
  });

  it('refreshes an expired access token with the refresh token and rewrites the cookie', async () => {
    standin.setAccessTokenTtl(30); // inside auth-js's expiry margin, so the next read refreshes
    const jar = await signedIn();
    const before = readSession(jar);
    standin.requests.length = 0;
    expect(appRole(await auth.getClaims(jar))).toBe('admin');
    expect(standin.requests[0]).toBe('POST /auth/v1/token?grant_type=refresh_token');
    const after = readSession(jar);
    expect(after.refresh_token).not.toBe(before.refresh_token); // rotated, and the cookie rewritten
  });

  it('treats an Auth outage during a session check as signed out, keeping the cookie', async () => {
    const jar = await signedIn();
    standin.failNext(503);
    expect(await auth.getClaims(jar)).toBeNull();
    expect(jar.get(SESSION_COOKIE)).toBeDefined();
    expect(appRole(await auth.getClaims(jar))).toBe('admin'); // back once Auth is
  });
});

describe('Supabase sign-out', () => {
  it('revokes the session at GoTrue and clears the cookie', async () => {
    const jar = await signedIn();
    const stolen = jarWithAccessToken(jar, readSession(jar).access_token);
    const sessionsBefore = standin.activeSessions().length;
    await auth.signOut(jar);
    expect(standin.requests.at(-1)).toMatch(/^POST \/auth\/v1\/logout\?scope=/);
    expect(jar.raw.size).toBe(0);
    expect(await auth.getClaims(jar)).toBeNull();
    // The access token itself is still unexpired, but GoTrue no longer knows its session.
    expect(standin.activeSessions().length).toBeLessThan(sessionsBefore);
    expect(await auth.getClaims(stolen)).toBeNull();
  });

  it('clears the cookie even when Auth is down', async () => {
    const jar = await signedIn();
    standin.failNext(503);
    await expect(auth.signOut(jar)).resolves.toBeUndefined();
    expect(jar.raw.size).toBe(0);
    expect(await auth.getClaims(jar)).toBeNull();
  });
});
