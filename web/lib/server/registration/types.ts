/**
 * The contract between the registration engine (service + database functions) and its callers (form
 * actions, multi-registration, admin tools). Inputs are already validated by the shared valibot
 * schema; the database checks the same rules again.
 */

export type RegistrationStatus =
  'pending_approval' | 'pending_payment' | 'confirmed' | 'waitlisted' | 'cancelled' | 'attended' | 'no_show';

export interface AttendeeDetails {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  company: string;
  position?: string | null;
  website?: string | null;
  industryVertical?: string | null;
  currentChallenges?: string[];
  expertiseInterest?: string[];
  consultationInterest?: boolean;
  specificQuestions?: string | null;
  learningObjectives?: string | null;
  followUpPreference?: 'email' | 'consultation' | 'resources' | 'none' | null;
  interestedServices?: {
    oneOnOneConsultation?: boolean;
    workshopSeries?: boolean;
    whitepaperDownloads?: boolean;
    ongoingMentorship?: boolean;
  };
  specialRequirements?: string | null;
  accessibilityNeeds?: string | null;
}

export interface Consents {
  termsAccepted: boolean;
  privacyConsent: boolean;
  marketingConsent: boolean;
  consultantFollowUpConsent: boolean;
  dataProcessingConsent: boolean;
  /** Version of the consent texts the attendee saw (e.g. '2026-11'). */
  textVersion: string;
}

export interface RegistrationInput {
  sessionId: string;
  attendee: AttendeeDetails;
  consents: Consents;
  language: 'en' | 'de';
  source?: string;
  utm?: { source?: string; medium?: string; campaign?: string; term?: string; content?: string };
  /** Server-side registration session (spec "Session Retention"), when the form used one. */
  registrationSessionId?: string | null;
}

/** What happened, in terms the thank-you page can explain. */
export type RegistrationOutcome =
  | { kind: 'registered'; registrationId: string; status: 'confirmed' | 'pending_approval' | 'pending_payment' }
  | { kind: 'waitlisted'; registrationId: string; position: number }
  | { kind: 'already_registered'; registrationId: string; status: RegistrationStatus; position: number | null }
  | { kind: 'refused'; reason: RegistrationRefusal };

export type RegistrationRefusal =
  | 'session_not_found'
  | 'session_not_open_yet'
  | 'registration_closed'
  | 'session_started'
  | 'session_cancelled'
  | 'sold_out'
  | 'consent_missing';
