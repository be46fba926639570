/**
 * One submission of the registration form, for one session or several: abuse checks first, then one
 * engine call per session (each atomic on its own), then the outcomes are remembered for the
 * thank-you page. Routes only map the result to HTTP.
 */
import type { Cookies } from '@sveltejs/kit';
import { toRegistrationInput, type RegistrationContext, type RegistrationForm } from '../../schemas/registration.ts';
import type { JwtClaims } from '../db/index.ts';
import { checkRegistration, type AbuseDecision } from '../registration/abuse.ts';
import { registerAttendee } from '../registration/register.ts';
import type { RegistrationOutcome } from '../registration/types.ts';
import { draftFromFormData, rememberFields, rememberOutcomes, type StoredOutcome } from './index.ts';

export interface Target {
  sessionId: string;
  slug: string;
}

export type SubmitResult =
  { kind: 'blocked'; decision: Exclude<AbuseDecision, { allowed: true }> } | { kind: 'done'; outcomes: StoredOutcome[] };

export interface Submission {
  cookies: Cookies;
  formData: FormData;
  form: RegistrationForm;
  targets: Target[];
  ip: string;
  claims?: JwtClaims | null;
  context: Omit<RegistrationContext, 'sessionId' | 'registrationSessionId'>;
}

function stored(target: Target, outcome: RegistrationOutcome): StoredOutcome {
  const base = { sessionId: target.sessionId, slug: target.slug, at: new Date().toISOString() };
  switch (outcome.kind) {
    case 'registered':
      return {
        ...base,
        kind: 'registered',
        registrationId: outcome.registrationId,
        status: outcome.status,
        position: null,
        reason: null
      };
    case 'waitlisted':
      return {
        ...base,
        kind: 'waitlisted',
        registrationId: outcome.registrationId,
        status: 'waitlisted',
        position: outcome.position,
        reason: null
      };
    case 'already_registered':
      return {
        ...base,
        kind: 'already_registered',
        registrationId: outcome.registrationId,
        status: outcome.status,
        position: outcome.position,
        reason: null
      };
    case 'refused':
      return { ...base, kind: 'refused', registrationId: null, status: null, position: null, reason: outcome.reason };
  }
}

/** Registers a validated form for every target, in order, and reports each one. */
export async function submitRegistration(s: Submission): Promise<SubmitResult> {
  const decision = await checkRegistration(s.formData, s.ip, s.form.email);
  if (!decision.allowed) return { kind: 'blocked', decision };
  const session = await rememberFields(
    s.cookies,
    draftFromFormData(s.formData),
    s.targets.map((t) => t.sessionId)
  );
  const outcomes: StoredOutcome[] = [];
  for (const target of s.targets) {
    const input = toRegistrationInput(s.form, { ...s.context, sessionId: target.sessionId, registrationSessionId: session.id });
    // Registrations are anonymous: an admin trying the form registers like anyone else.
    outcomes.push(stored(target, await registerAttendee(s.claims ?? null, input)));
  }
  // Every outcome, refusals included: the thank-you and multi-registration pages report each one.
  await rememberOutcomes(session, outcomes);
  return { kind: 'done', outcomes };
}
