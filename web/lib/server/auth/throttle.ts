/**
 * Brute-force protection for sign-in: every attempt counts against the client's IP, and failed
 * attempts count against the account, so neither guessing one password from many IPs nor many
 * accounts from one IP gets far.
 */
import { consume, hashKey, peek, reset, type LimitDecision, type LimitPolicy } from '../security/rate-limit.ts';

export const SIGN_IN_PER_IP: LimitPolicy = { name: 'signin-ip', points: 50, durationSeconds: 15 * 60 };
export const SIGN_IN_FAILURES_PER_ACCOUNT: LimitPolicy = { name: 'signin-account', points: 10, durationSeconds: 15 * 60 };

/** Call before checking a password. */
export async function beforeSignIn(ip: string, email: string): Promise<LimitDecision> {
  const perIp = await consume(SIGN_IN_PER_IP, ip);
  if (!perIp.allowed) return perIp;
  return peek(SIGN_IN_FAILURES_PER_ACCOUNT, hashKey(email));
}

/** Call after the password check. */
export async function afterSignIn(email: string, succeeded: boolean): Promise<void> {
  if (succeeded) await reset(SIGN_IN_FAILURES_PER_ACCOUNT, hashKey(email));
  else await consume(SIGN_IN_FAILURES_PER_ACCOUNT, hashKey(email));
}
