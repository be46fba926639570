/**
 * GoTrue-shaped HS256 access tokens (same claims Supabase Auth issues), so RLS policies and
 * `auth.uid()`/`auth.jwt()` behave identically with the local adapter and with Supabase.
 */
import { SignJWT, jwtVerify, errors } from 'jose';
import type { JwtClaims } from '../db/index.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 8 * 60 * 60;

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export interface TokenUser {
  id: string;
  email: string;
  appMetadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
}

/** Signs an access token for `user`, valid for `ttlSeconds`. */
export async function signAccessToken(
  user: TokenUser,
  secret: string,
  issuer: string,
  ttlSeconds = ACCESS_TOKEN_TTL_SECONDS
): Promise<string> {
  return new SignJWT({
    role: 'authenticated',
    email: user.email,
    app_metadata: user.appMetadata,
    user_metadata: user.userMetadata,
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: Math.floor(Date.now() / 1000) }],
    session_id: crypto.randomUUID()
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setAudience('authenticated')
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(secret));
}

/** Verified claims, or null for a missing, expired, tampered or foreign token. */
export async function verifyAccessToken(token: string | undefined, secret: string): Promise<JwtClaims | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], audience: 'authenticated' });
    if (payload.role !== 'authenticated' || typeof payload.sub !== 'string' || typeof payload.email !== 'string') return null;
    return payload as unknown as JwtClaims;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
