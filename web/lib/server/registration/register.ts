/**
 * registerAttendee: one call of app.register_attendee (which does every check and the insert under the
 * session row lock, see docs/REGISTRATION.md) plus the email job, in one transaction.
 */
import { sql, withRls, type JwtClaims, type Tx } from '../db/index.ts';
import { sendInTransaction } from '../jobs/index.ts';
import { emailJob } from './emails.ts';
import { invalidInputDetail, isDuplicateRace, isUuid } from './errors.ts';
import type { RegistrationInput, RegistrationOutcome, RegistrationRefusal, RegistrationStatus } from './types.ts';

interface RegisterRow {
  outcome: 'registered' | 'waitlisted' | 'already_registered' | 'refused';
  registration_id: string | null;
  status: RegistrationStatus | null;
  waitlist_position: number | null;
  refusal: RegistrationRefusal | null;
}

/** The attendee as the database function reads it: the registrations table's column names. */
/** The registrations columns of the attendee's details (also used by manage-link updates). */
export function attendeeColumns(a: Partial<RegistrationInput['attendee']>): Record<string, unknown> {
  return {
    first_name: a.firstName,
    last_name: a.lastName,
    email: a.email,
    phone: a.phone,
    company: a.company,
    position: a.position,
    website: a.website,
    industry_vertical: a.industryVertical,
    current_challenges: a.currentChallenges,
    expertise_interest: a.expertiseInterest,
    consultation_interest: a.consultationInterest,
    specific_questions: a.specificQuestions,
    learning_objectives: a.learningObjectives,
    follow_up_preference: a.followUpPreference,
    interested_one_on_one_consultation: a.interestedServices?.oneOnOneConsultation,
    interested_workshop_series: a.interestedServices?.workshopSeries,
    interested_whitepaper_downloads: a.interestedServices?.whitepaperDownloads,
    interested_ongoing_mentorship: a.interestedServices?.ongoingMentorship,
    special_requirements: a.specialRequirements,
    accessibility_needs: a.accessibilityNeeds
  };
}

function consentColumns(c: RegistrationInput['consents']): Record<string, unknown> {
  return {
    terms_accepted: c.termsAccepted === true,
    privacy_consent: c.privacyConsent === true,
    marketing_consent: c.marketingConsent === true,
    consultant_follow_up_consent: c.consultantFollowUpConsent === true,
    data_processing_consent: c.dataProcessingConsent === true,
    text_version: c.textVersion
  };
}

async function registerInTransaction(tx: Tx, input: RegistrationInput): Promise<RegistrationOutcome> {
  const { rows } = await sql<RegisterRow>`select * from app.register_attendee(
      ${input.sessionId}::uuid, ${JSON.stringify(attendeeColumns(input.attendee))}::jsonb,
      ${JSON.stringify(consentColumns(input.consents))}::jsonb, ${input.language}, ${input.source ?? 'website'},
      ${JSON.stringify(input.utm ?? {})}::jsonb, ${input.registrationSessionId ?? null}::uuid)`.execute(tx);
  const row = rows[0];
  switch (row.outcome) {
    case 'refused':
      return { kind: 'refused', reason: row.refusal! };
    case 'already_registered':
      // No second email: the first one is on its way (rate limits stop anyone using this to spam).
      return {
        kind: 'already_registered',
        registrationId: row.registration_id!,
        status: row.status!,
        position: row.waitlist_position
      };
    case 'waitlisted':
      // `last`: nothing follows before COMMIT (registerInTransaction is the whole transaction).
      await sendInTransaction(tx, [emailJob(row.registration_id!, 'waitlisted')], { last: true });
      return { kind: 'waitlisted', registrationId: row.registration_id!, position: row.waitlist_position! };
    case 'registered': {
      const status = row.status as 'confirmed' | 'pending_approval' | 'pending_payment';
      // pending_payment gets its email from the payments flow (checkout link), not from here.
      if (status !== 'pending_payment') {
        await sendInTransaction(
          tx,
          [emailJob(row.registration_id!, status === 'confirmed' ? 'confirmation' : 'pending_approval')],
          {
            last: true
          }
        );
      }
      return { kind: 'registered', registrationId: row.registration_id!, status };
    }
  }
}

/**
 * At most this many registrations per session hold a database connection at once in this process; the
 * rest wait here, in arrival order, without one. The session row lock lets only one of them decide at
 * a time anyway, and every connection queued on that lock is one the rest of the site (other sessions,
 * the form's other queries) cannot use: with 1,000 concurrent form posts for one session the whole pool
 * sat in the lock queue and everything else stalled behind it. A few in flight keep the lock busy (the
 * next call is already waiting when one commits). Correctness never depends on this: the lock in the
 * database serialises across processes (see registration-concurrency.test.ts).
 */
const IN_FLIGHT_PER_SESSION = 3;
const sessionGates = new Map<string, { active: number; waiting: (() => void)[] }>();

async function throughSessionGate<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
  let gate = sessionGates.get(sessionId);
  if (!gate) sessionGates.set(sessionId, (gate = { active: 0, waiting: [] }));
  if (gate.active >= IN_FLIGHT_PER_SESSION) await new Promise<void>((resolve) => gate.waiting.push(resolve));
  else gate.active++;
  try {
    return await fn();
  } finally {
    // The slot passes straight to the next caller, so arrival order is kept.
    const next = gate.waiting.shift();
    if (next) next();
    else if (--gate.active === 0) sessionGates.delete(sessionId);
  }
}

/**
 * Registers one attendee for one session: confirmed, pending approval/payment, waitlisted, the existing
 * registration for a repeated email, or a refusal. Never throws for a business refusal or bad input.
 */
export async function registerAttendee(claims: JwtClaims | null, input: RegistrationInput): Promise<RegistrationOutcome> {
  if (!isUuid(input.sessionId)) return { kind: 'refused', reason: 'session_not_found' };
  for (let attempt = 0; ; attempt++) {
    try {
      // The seats lane: the seat decision does not queue for a connection behind the rest of the site.
      return await throughSessionGate(input.sessionId, () =>
        withRls(claims, (tx) => registerInTransaction(tx, input), { lane: 'seats' })
      );
    } catch (error) {
      if (isDuplicateRace(error) && attempt === 0) continue;
      const detail = invalidInputDetail(error);
      if (detail) return { kind: 'refused', reason: 'invalid_input', detail };
      throw error;
    }
  }
}
