import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { afterSignIn, beforeSignIn, SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_PER_IP } from '../../web/lib/server/auth/throttle.ts';
import { ownerPool } from './support/db.ts';

const unique = () => crypto.randomBytes(6).toString('hex');
const ip = () => `10.${crypto.randomInt(255)}.${crypto.randomInt(255)}.${crypto.randomInt(255)}-${unique()}`;

describe('sign-in throttling (state in Postgres)', () => {
  it('locks an account after repeated failures, from any IP, and says for how long', async () => {
    const email = `victim-${unique()}@example.com`;
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT.points; i++) {
      expect(await beforeSignIn(ip(), email)).toEqual({ allowed: true });
      await afterSignIn(email, false);
    }
    const blocked = await beforeSignIn(ip(), email.toUpperCase());
    expect(blocked.allowed).toBe(false);
    if (!blocked.allowed) expect(blocked.retryAfterSeconds).toBeGreaterThan(SIGN_IN_FAILURES_PER_ACCOUNT.durationSeconds - 60);
    // Another account is unaffected.
    expect(await beforeSignIn(ip(), `other-${unique()}@example.com`)).toEqual({ allowed: true });
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const email = `forgetful-${unique()}@example.com`;
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT.points - 1; i++) await afterSignIn(email, false);
    await afterSignIn(email, true);
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT.points - 1; i++) await afterSignIn(email, false);
    expect(await beforeSignIn(ip(), email)).toEqual({ allowed: true });
  });

  it('limits attempts per IP across accounts', async () => {
    const address = ip();
    for (let i = 0; i < SIGN_IN_PER_IP.points; i++) {
      expect((await beforeSignIn(address, `spray-${i}-${unique()}@example.com`)).allowed).toBe(true);
    }
    expect((await beforeSignIn(address, `spray-last-${unique()}@example.com`)).allowed).toBe(false);
  });

  it('keeps counters in the shared table, without raw email addresses', async () => {
    const email = `stored-${unique()}@example.com`;
    await afterSignIn(email, false);
    const { rows } = await ownerPool().query<{ key: string }>(
      `select key from app.rate_limits where key like 'signin-account:%'`
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.key.includes('@'))).toBe(false);
  });
});
