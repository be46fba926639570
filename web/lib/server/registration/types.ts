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
  | {
      kind: 'refused';
      reason: RegistrationRefusal;
      /** For 'invalid_input': the database constraint that refused it. */ detail?: string;
    };

export type RegistrationRefusal =
  | 'session_not_found'
  | 'session_not_open_yet'
  | 'registration_closed'
  | 'session_started'
  | 'session_cancelled'
  | 'sold_out'
  | 'consent_missing'
  /** Added by the engine: the database refused a value the form schema should have caught (nothing stored). */
  | 'invalid_input';

/** Someone moved up from the waitlist (to pending_approval in sessions that need approval). */
export interface Promotion {
  registrationId: string;
  status: 'confirmed' | 'pending_payment' | 'pending_approval';
}

export type CancelOutcome =
  | { kind: 'cancelled'; registrationId: string; sessionId: string; promoted: Promotion[] }
  | { kind: 'refused'; reason: 'not_found' | 'already_cancelled' | 'session_started' };

export type ApprovalOutcome =
  | { kind: 'approved'; registrationId: string; status: 'confirmed' | 'pending_payment' }
  | { kind: 'waitlisted'; registrationId: string; position: number }
  | { kind: 'refused'; reason: 'not_found' | 'not_pending' | 'sold_out' | 'session_started' | 'session_cancelled' };

export type RejectionOutcome =
  { kind: 'rejected'; registrationId: string; promoted: Promotion[] } | { kind: 'refused'; reason: 'not_found' | 'not_pending' };

export type UpdateOutcome =
  | { kind: 'updated'; registrationId: string }
  | { kind: 'refused'; reason: 'not_found' | 'cancelled' | 'invalid_input'; detail?: string };

export type EraseOutcome =
  { kind: 'erased'; registrationId: string; promoted: Promotion[] } | { kind: 'refused'; reason: 'not_found' };

/** What the manage page shows (`registrationByToken`). Attendee keys are the registration's column names. */
export interface ManagedRegistration {
  id: string;
  status: RegistrationStatus;
  /** 1-based; null unless waitlisted. */
  waitlist_position: number | null;
  language: 'en' | 'de';
  registered_at: string;
  cancelled_at: string | null;
  payment_status: string;
  payment_amount: string | number | null;
  payment_currency: string | null;
  consents: {
    terms_accepted: boolean;
    privacy_consent: boolean;
    marketing_consent: boolean;
    consultant_follow_up_consent: boolean;
    data_processing_consent: boolean;
  };
  attendee: Record<string, unknown> & { first_name: string; last_name: string; email: string };
  session: {
    id: string;
    slug: string;
    title: { en: string; de?: string };
    starts_at: string;
    ends_at: string;
    timezone: string;
    duration_minutes: number;
    status: string;
    platform: string;
    language: 'en' | 'de';
  };
}

/** Changes from the manage page: only the fields given change; the email cannot change. */
export interface RegistrationUpdate {
  attendee: Partial<Omit<AttendeeDetails, 'email'>>;
  consents?: {
    marketingConsent?: boolean;
    consultantFollowUpConsent?: boolean;
    dataProcessingConsent?: boolean;
    textVersion?: string;
  };
}
