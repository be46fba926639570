/**
 * Registration session behind an httpOnly, SameSite=Lax cookie (spec "Session Retention"): auto-fill
 * for 4 hours after the last change, resume after a reload, several registrations in one go, and the
 * outcomes the thank-you pages report. The cookie holds only a random 256-bit value; the server keeps
 * its hash (see store.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { config } from '../config.ts';
import { toDraft, type DraftFields } from './draft.ts';
import {
  LIFETIME_MS,
  WARN_BEFORE_MS,
  addOutcomes,
  create,
  findByToken,
  remove,
  saveFields,
  type RegistrationSessionRecord,
  type StoredOutcome
} from './store.ts';

export { draftFromFormData, toDraft, type DraftFields } from './draft.ts';
export { LIFETIME_MS, WARN_BEFORE_MS, type RegistrationSessionRecord, type StoredOutcome } from './store.ts';

export const REGISTRATION_COOKIE = 'magnetiq-registration';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function tokenOf(cookies: Cookies): string | null {
  const value = cookies.get(REGISTRATION_COOKIE);
  return value && TOKEN.test(value) ? value : null;
}

function setCookie(cookies: Cookies, token: string, expiresAt: Date) {
  cookies.set(REGISTRATION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config().secureCookies,
    // The browser drops it when the server-side record expires anyway.
    maxAge: Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000))
  });
}

/** The visitor's live registration session, or null (no cookie, unknown or expired). */
export async function currentRegistrationSession(cookies: Cookies): Promise<RegistrationSessionRecord | null> {
  const token = tokenOf(cookies);
  return token ? findByToken(token) : null;
}

/** Saves the draft fields, creating the session (and its cookie) when there is none; returns it. */
export async function rememberFields(
  cookies: Cookies,
  fields: DraftFields,
  sessionIds?: string[]
): Promise<RegistrationSessionRecord> {
  const clean = toDraft(fields);
  const token = tokenOf(cookies);
  const existing = token ? await findByToken(token) : null;
  if (token && existing) {
    const expiresAt = (await saveFields(existing.id, clean, sessionIds)) ?? existing.expiresAt;
    setCookie(cookies, token, expiresAt);
    return { ...existing, fields: clean, sessionIds: sessionIds ?? existing.sessionIds, expiresAt };
  }
  const fresh = randomBytes(32).toString('base64url');
  const created = await create(fresh, clean, sessionIds);
  setCookie(cookies, fresh, created.expiresAt);
  return created;
}

/** Records what happened to each registration of this submission. */
export async function rememberOutcomes(session: RegistrationSessionRecord, outcomes: StoredOutcome[]): Promise<void> {
  await addOutcomes(session.id, outcomes);
}

/** "Forget my details": deletes the record and the cookie. */
export async function forgetRegistrationSession(cookies: Cookies): Promise<void> {
  const token = tokenOf(cookies);
  if (token) await remove(token);
  cookies.delete(REGISTRATION_COOKIE, { path: '/', secure: config().secureCookies });
}

/** What the page needs to show the expiry note and run the warning timer. */
export function expiryInfo(session: RegistrationSessionRecord | null, now = Date.now()) {
  if (!session) return null;
  const msLeft = session.expiresAt.getTime() - now;
  return {
    expiresAt: session.expiresAt.toISOString(),
    minutesLeft: Math.max(0, Math.ceil(msLeft / 60_000)),
    warn: msLeft <= WARN_BEFORE_MS,
    lifetimeMs: LIFETIME_MS,
    warnBeforeMs: WARN_BEFORE_MS
  };
}
