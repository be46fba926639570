/** Small pieces the registration routes share: the request's attribution and messages for refusals. */
import { m } from '../../paraglide/messages.js';
import { getLocale } from '../../paraglide/runtime.js';
import type { AbuseDecision } from '../registration/abuse.ts';
import type { RegistrationContext } from '../../schemas/registration.ts';

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** Language, source and UTM parameters (from the page URL the form posts to; the engine cuts them to size). */
export function registrationContext(url: URL): Omit<RegistrationContext, 'sessionId' | 'registrationSessionId'> {
  const utm: Record<string, string> = {};
  for (const key of UTM_KEYS) {
    const value = url.searchParams.get(`utm_${key}`);
    if (value) utm[key] = value.slice(0, 200);
  }
  return { language: getLocale(), source: 'website', utm };
}

/** The message for a submission the abuse checks stopped. */
export function blockedMessage(decision: Exclude<AbuseDecision, { allowed: true }>): string {
  if (decision.status === 429) return m.register_too_many({ minutes: Math.max(1, Math.ceil(decision.retryAfterSeconds / 60)) });
  if (decision.status === 503) return m.register_turnstile_unavailable();
  return decision.reason === 'honeypot' ? m.register_error_honeypot() : m.register_turnstile_failed();
}
