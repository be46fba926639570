import type { Cookies } from '@sveltejs/kit';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createLocalAuth, SESSION_COOKIE } from '../../web/lib/server/auth/local.ts';
import { signAccessToken, verifyAccessToken } from '../../web/lib/server/auth/tokens.ts';
import { appRole } from '../../web/lib/server/auth/types.ts';
import { config } from '../../web/lib/server/config.ts';
import { DEMO } from './support/db.ts';

/** A cookie jar with SvelteKit's Cookies interface, recording what the adapter sets. */
function cookieJar(): Cookies & { options: Record<string, object | undefined> } {
  const values = new Map<string, string>();
  const options: Record<string, object | undefined> = {};
  return {
    options,
    get: (name) => values.get(name),
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set: (name, value, opts) => {
      values.set(name, value);
      options[name] = opts;
    },
    delete: (name) => void values.delete(name),
    serialize: () => '',
    parse: () => ({ name: '', value: '' })
  };
}

const auth = createLocalAuth();

describe('local sign-in', () => {
  it('signs in the demo admin and issues a GoTrue-shaped token in an httpOnly cookie', async () => {
    const cookies = cookieJar();
    const result = await auth.signIn(cookies, DEMO.admin.email.toUpperCase(), DEMO.admin.password);
    expect(result.ok).toBe(true);
    const claims = await auth.getClaims(cookies);
    expect(claims).toMatchObject({ sub: DEMO.admin.id, role: 'authenticated', email: DEMO.admin.email, aud: 'authenticated' });
    expect(appRole(claims)).toBe('admin');
    expect(cookies.options[SESSION_COOKIE]).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/' });
  });

  it('gives consultants the consultant role', async () => {
    const cookies = cookieJar();
    await auth.signIn(cookies, DEMO.anna.email, DEMO.anna.password);
    expect(appRole(await auth.getClaims(cookies))).toBe('consultant');
  });

  it('refuses a wrong password and an unknown user alike, setting no cookie', async () => {
    for (const [email, password] of [
      [DEMO.admin.email, 'wrong-password'],
      ['nobody@magnetiq.local', DEMO.admin.password],
      [DEMO.admin.email, '']
    ]) {
      const cookies = cookieJar();
      expect(await auth.signIn(cookies, email, password)).toEqual({ ok: false, reason: 'invalid_credentials' });
      expect(cookies.get(SESSION_COOKIE)).toBeUndefined();
    }
  });

  it('signs out by removing the cookie', async () => {
    const cookies = cookieJar();
    await auth.signIn(cookies, DEMO.ben.email, DEMO.ben.password);
    await auth.signOut(cookies);
    expect(await auth.getClaims(cookies)).toBeNull();
  });
});

describe('access tokens', () => {
  const user = { id: DEMO.anna.id, email: DEMO.anna.email, appMetadata: { role: 'consultant' }, userMetadata: {} };

  it('refuses an expired token', async () => {
    const token = await signAccessToken(user, config().jwtSecret, 'test', -10);
    expect(await verifyAccessToken(token, config().jwtSecret)).toBeNull();
  });

  it('refuses a tampered token (role escalated in the payload)', async () => {
    const token = await signAccessToken(user, config().jwtSecret, 'test');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.app_metadata.role = 'admin';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(await verifyAccessToken(forged, config().jwtSecret)).toBeNull();
  });

  it('refuses a token signed with another secret, an unsigned token and garbage', async () => {
    const foreign = await signAccessToken(user, 'another-secret-another-secret-another-secret', 'test');
    expect(await verifyAccessToken(foreign, config().jwtSecret)).toBeNull();
    const unsigned = await new SignJWT({ role: 'authenticated', email: user.email, app_metadata: { role: 'admin' } })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(user.id)
      .setAudience('authenticated')
      .sign(new TextEncoder().encode(config().jwtSecret));
    expect(await verifyAccessToken(unsigned, config().jwtSecret)).toBeNull();
    expect(await verifyAccessToken('not-a-jwt', config().jwtSecret)).toBeNull();
    expect(await verifyAccessToken(undefined, config().jwtSecret)).toBeNull();
  });

  it('accepts a valid token and returns its claims', async () => {
    const token = await signAccessToken(user, config().jwtSecret, 'test');
    expect(await verifyAccessToken(token, config().jwtSecret)).toMatchObject({ sub: DEMO.anna.id, email: DEMO.anna.email });
  });
});
