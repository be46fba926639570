/**
 * Local identity provider: passwords are bcrypt hashes in auth.users.encrypted_password (pgcrypto's
 * crypt, as GoTrue stores them); the session is a GoTrue-shaped JWT in an httpOnly cookie.
 */
import type { Cookies } from '@sveltejs/kit';
import { asServiceRole, sql } from '../db/index.ts';
import { config } from '../config.ts';
import type { AuthAdapter, SignInResult } from './types.ts';
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken, verifyAccessToken } from './tokens.ts';

export const SESSION_COOKIE = 'magnetiq-access-token';
// Compared against when the email is unknown, so a miss costs the same bcrypt work as a hit and
// response time does not reveal which emails have accounts.
const DUMMY_HASH = '$2a$10$CwTycUXWue0Thq9StjUM0uJ8.hVdJ8E1d2x5oMuf0Kq1hXzN2YQ6W';

interface UserRow {
  id: string | null;
  email: string | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  password_ok: boolean;
}

async function findUserByPassword(email: string, password: string): Promise<UserRow | undefined> {
  return asServiceRole('local sign-in reads auth.users to check a password', async (tx) => {
    const { rows } = await sql<UserRow>`
      select u.id, u.email, u.raw_app_meta_data, u.raw_user_meta_data,
             coalesce(extensions.crypt(${password}, coalesce(u.encrypted_password, ${DUMMY_HASH})) = u.encrypted_password, false) as password_ok
      from (select 1) as one
      left join auth.users u
        on lower(u.email) = lower(${email}) and u.deleted_at is null
       and (u.banned_until is null or u.banned_until < now())`.execute(tx);
    const row = rows[0];
    if (row?.password_ok && row.id) {
      await sql`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${row.id}`.execute(tx);
    }
    return row;
  });
}

export function createLocalAuth(): AuthAdapter {
  return {
    name: 'local',
    async signIn(cookies: Cookies, email: string, password: string): Promise<SignInResult> {
      const user = await findUserByPassword(email.trim(), password);
      if (!user?.password_ok || !user.id || !user.email) return { ok: false, reason: 'invalid_credentials' };
      const { jwtSecret, baseUrl, secureCookies } = config();
      const token = await signAccessToken(
        {
          id: user.id,
          email: user.email,
          appMetadata: user.raw_app_meta_data ?? {},
          userMetadata: user.raw_user_meta_data ?? {}
        },
        jwtSecret,
        `${baseUrl}/auth/v1`
      );
      cookies.set(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        maxAge: ACCESS_TOKEN_TTL_SECONDS
      });
      const claims = await verifyAccessToken(token, jwtSecret);
      if (!claims) throw new Error('freshly signed token failed verification');
      return { ok: true, claims };
    },
    async getClaims(cookies: Cookies) {
      return verifyAccessToken(cookies.get(SESSION_COOKIE), config().jwtSecret);
    },
    async signOut(cookies: Cookies) {
      cookies.delete(SESSION_COOKIE, { path: '/', secure: config().secureCookies });
    }
  };
}
