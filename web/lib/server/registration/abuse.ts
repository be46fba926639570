/**
 * Abuse protection for registration (issue 4 part 9): per-IP and per-email limits with state in
 * Postgres (so every web process shares the budget), the form's honeypot, and Cloudflare Turnstile
 * when TURNSTILE_SECRET_KEY is set. Limits are configurable per deployment:
 *   REGISTRATION_LIMIT_PER_IP     "<attempts>/<seconds>" (default 30/600), or "off"
 *   REGISTRATION_LIMIT_PER_EMAIL  "<attempts>/<seconds>" (default 10/3600), or "off"
 *   TURNSTILE_SECRET_KEY, PUBLIC_TURNSTILE_SITE_KEY, TURNSTILE_VERIFY_URL (tests point it at a stand-in)
 */
import { consume, consumeInOrder, hashKey, type LimitPolicy } from '../security/rate-limit.ts';

const SITEVERIFY = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
const TURNSTILE_TIMEOUT_MS = 5000;
/** The form field Cloudflare's widget fills in. */
export const TURNSTILE_FIELD = 'cf-turnstile-response';
/** The honeypot's form field (see the schema): people never see it, bots fill it. */
export const HONEYPOT_FIELD = 'fax';

export type AbuseDecision =
  | { allowed: true }
  | { allowed: false; status: 429; retryAfterSeconds: number }
  | { allowed: false; status: 400; reason: 'honeypot' | 'turnstile_failed' }
  | { allowed: false; status: 503; reason: 'turnstile_unavailable' };

/** Parses "30/600" (attempts per seconds); "off" disables; anything malformed falls back to the default. */
export function parseLimit(name: string, value: string | undefined, fallback: LimitPolicy): LimitPolicy | null {
  if (value === undefined || value.trim() === '') return fallback;
  if (value.trim().toLowerCase() === 'off') return null;
  const match = /^\s*(\d{1,7})\s*\/\s*(\d{1,7})\s*$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) return fallback;
  return { name, points: Number(match[1]), durationSeconds: Number(match[2]) };
}

export function registrationLimits(env: Record<string, string | undefined> = process.env) {
  return {
    perIp: parseLimit('register-ip', env.REGISTRATION_LIMIT_PER_IP, { name: 'register-ip', points: 30, durationSeconds: 600 }),
    perEmail: parseLimit('register-email', env.REGISTRATION_LIMIT_PER_EMAIL, {
      name: 'register-email',
      points: 10,
      durationSeconds: 3600
    })
  };
}

/** True when the honeypot field holds anything. */
export function honeypotTripped(data: FormData): boolean {
  const value = data.get(HONEYPOT_FIELD);
  return value !== null && value !== '';
}

/** The Turnstile site key for the page, or null when Turnstile is not configured. */
export function turnstileSiteKey(env: Record<string, string | undefined> = process.env): string | null {
  return env.TURNSTILE_SECRET_KEY && env.PUBLIC_TURNSTILE_SITE_KEY ? env.PUBLIC_TURNSTILE_SITE_KEY : null;
}

/**
 * Asks Cloudflare (or TURNSTILE_VERIFY_URL) whether the widget's token is good. Fails closed: an
 * unreachable or broken verifier refuses the registration (503) rather than letting bots through.
 */
export async function verifyTurnstile(
  token: string | null,
  ip: string,
  env: Record<string, string | undefined> = process.env
): Promise<AbuseDecision> {
  const secret = env.TURNSTILE_SECRET_KEY;
  if (!secret) return { allowed: true };
  // Tokens are at most 2048 characters (Cloudflare's documented limit); no need to ask about others.
  if (!token || token.length > 2048) return { allowed: false, status: 400, reason: 'turnstile_failed' };
  try {
    const response = await fetch(env.TURNSTILE_VERIFY_URL || SITEVERIFY, {
      method: 'POST',
      body: new URLSearchParams({ secret, response: token, remoteip: ip }),
      signal: AbortSignal.timeout(TURNSTILE_TIMEOUT_MS)
    });
    if (!response.ok) return { allowed: false, status: 503, reason: 'turnstile_unavailable' };
    const result = (await response.json()) as { success?: unknown; 'error-codes'?: unknown };
    if (result.success === true) return { allowed: true };
    const codes = Array.isArray(result['error-codes']) ? result['error-codes'] : [];
    // Our own secret being wrong or Cloudflare failing is not the visitor's fault.
    if (codes.some((c) => c === 'missing-input-secret' || c === 'invalid-input-secret' || c === 'internal-error')) {
      return { allowed: false, status: 503, reason: 'turnstile_unavailable' };
    }
    return { allowed: false, status: 400, reason: 'turnstile_failed' };
  } catch {
    return { allowed: false, status: 503, reason: 'turnstile_unavailable' };
  }
}

/**
 * Counts one registration submission against the client's IP and the email's budget, in that order
 * (the email is only counted when the IP is within its budget), in one database round trip.
 */
export async function consumeRegistrationLimits(ip: string, email: string): Promise<AbuseDecision> {
  const { perIp, perEmail } = registrationLimits();
  const checks = [];
  if (perIp) checks.push({ policy: perIp, key: ip });
  if (perEmail) checks.push({ policy: perEmail, key: hashKey(email) });
  const decision = await consumeInOrder(checks);
  if (!decision.allowed) return { allowed: false, status: 429, retryAfterSeconds: decision.retryAfterSeconds };
  return { allowed: true };
}

/** Every check in order, cheapest first: honeypot, rate limits, then the human check. */
export async function checkRegistration(data: FormData, ip: string, email: string): Promise<AbuseDecision> {
  if (honeypotTripped(data)) return { allowed: false, status: 400, reason: 'honeypot' };
  const limits = await consumeRegistrationLimits(ip, email);
  if (!limits.allowed) return limits;
  const token = data.get(TURNSTILE_FIELD);
  return verifyTurnstile(typeof token === 'string' ? token : null, ip);
}

/** Live draft saves (JavaScript, debounced): generous, but bounded so nobody fills the table. */
const DRAFT_PER_IP: LimitPolicy = { name: 'register-draft-ip', points: 600, durationSeconds: 600 };

export async function consumeDraftLimit(ip: string) {
  return consume(DRAFT_PER_IP, ip);
}
