/**
 * THE registration form (spec "Registration Modal" + "Validation Rules"): one valibot schema for the
 * browser (live validation), the form action and the manage page. Limits mirror the database checks
 * in supabase/migrations/20261124100400_create_registrations.sql, so anything that passes here also
 * passes there. Built per request so messages come out in the page language, each naming its field.
 *
 * The form is flat (no nested objects) so it posts as plain HTML without JavaScript; the mapper turns
 * it into the engine's RegistrationInput.
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';
import { perLocale } from './per-locale.ts';
// Types only (erased at build time), so this file stays safe for the browser bundle.
import type { AttendeeDetails, RegistrationInput, RegistrationUpdate } from '../server/registration/types.ts';

export const FOLLOW_UP_PREFERENCES = ['email', 'consultation', 'resources', 'none'] as const;
export type FollowUpPreference = (typeof FOLLOW_UP_PREFERENCES)[number];

/** Same shape the database accepts (app.is_phone). */
const PHONE = /^\+?[0-9][0-9 ()./-]{3,28}[0-9]$/;
/** Same shape the database accepts (app.is_http_url). */
const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
/** Letters (any script), combining marks, spaces, apostrophes, hyphens and dots: real names, no code. */
const PERSON_NAME = /^[\p{L}\p{M}][\p{L}\p{M}'’ .-]*$/u;
/** Control characters other than tab and line breaks (which only multi-line fields accept). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\t\r\n]/;
/** Anything that looks like an HTML/XML tag or comment. Plain "<" in prose ("< 10 people") stays fine. */
const MARKUP = /<\s*[a-z!/?]/i;

/** U+FFFD is what the request decoder makes of bytes that are not UTF-8; lone surrogates likewise. */
const readable = (s: string) => !s.includes('\uFFFD') && s.isWellFormed();

export const MAX = {
  name: 50,
  company: 200,
  position: 200,
  email: 254,
  website: 2048,
  industryVertical: 100,
  challenges: 20,
  challenge: 200,
  expertiseItems: 20,
  expertiseItem: 100,
  longText: 2000,
  specialRequirements: 500,
  accessibilityNeeds: 500
} as const;

type Field =
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'company'
  | 'position'
  | 'website'
  | 'industryVertical'
  | 'currentChallenges'
  | 'expertiseInterest'
  | 'specificQuestions'
  | 'learningObjectives'
  | 'followUpPreference'
  | 'specialRequirements'
  | 'accessibilityNeeds';

/** The visible label of each field, in the page language (also used in error messages). */
export function fieldLabel(field: Field): string {
  const labels: Record<Field, () => string> = {
    firstName: m.register_field_first_name,
    lastName: m.register_field_last_name,
    email: m.register_field_email,
    phone: m.register_field_phone,
    company: m.register_field_company,
    position: m.register_field_position,
    website: m.register_field_website,
    industryVertical: m.register_field_industry,
    currentChallenges: m.register_field_challenges,
    expertiseInterest: m.register_field_expertise,
    specificQuestions: m.register_field_questions,
    learningObjectives: m.register_field_objectives,
    followUpPreference: m.register_field_follow_up,
    specialRequirements: m.register_field_special_requirements,
    accessibilityNeeds: m.register_field_accessibility
  };
  return labels[field]();
}

/** Checks every free-text field shares: readable characters, no control characters, no markup. */
function cleanText(field: Field, multiline: boolean) {
  const label = fieldLabel(field);
  return [
    v.check<string, string>(readable, m.register_error_unreadable({ field: label })),
    v.check<string, string>(
      (s) => !CONTROL.test(s) && (multiline || !LINE_BREAK.test(s)),
      m.register_error_control({ field: label })
    ),
    v.check<string, string>((s) => !MARKUP.test(s), m.register_error_markup({ field: label }))
  ] as const;
}

/** Optional text: '' means "not given". */
function optionalText(field: Field, max: number, multiline = false) {
  const label = fieldLabel(field);
  return v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(max, m.register_error_too_long({ field: label, max })),
    ...cleanText(field, multiline)
  );
}

/** A missing key reads as '' (superforms always posts every key; other callers may not). */
function orEmpty<T extends v.GenericSchema<string, string>>(schema: T) {
  return v.optional(schema, '');
}

function requiredText(field: Field, min: number, max: number) {
  const label = fieldLabel(field);
  return v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, m.register_error_required({ field: label })),
    v.minLength(min, m.register_error_length({ field: label, min, max })),
    v.maxLength(max, m.register_error_length({ field: label, min, max })),
    ...cleanText(field, false)
  );
}

function personName(field: 'firstName' | 'lastName') {
  return v.pipe(requiredText(field, 2, MAX.name), v.regex(PERSON_NAME, m.register_error_name({ field: fieldLabel(field) })));
}

/** The attendee's details: everything the manage page may change too (except the email). */
function detailEntries() {
  return {
    firstName: orEmpty(personName('firstName')),
    lastName: orEmpty(personName('lastName')),
    phone: orEmpty(
      v.pipe(
        optionalText('phone', 30),
        v.check((s) => s === '' || PHONE.test(s), m.register_error_phone({ field: fieldLabel('phone') }))
      )
    ),
    company: orEmpty(requiredText('company', 2, MAX.company)),
    position: orEmpty(optionalText('position', MAX.position)),
    website: orEmpty(
      v.pipe(
        optionalText('website', MAX.website),
        v.check((s) => s === '' || HTTP_URL.test(s), m.register_error_url({ field: fieldLabel('website') }))
      )
    ),
    industryVertical: orEmpty(optionalText('industryVertical', MAX.industryVertical)),
    // One challenge per line: a textarea works without JavaScript; the mapper splits it.
    currentChallenges: orEmpty(
      v.pipe(
        optionalText('currentChallenges', MAX.challenges * (MAX.challenge + 2), true),
        v.check(
          (s) => splitLines(s).length <= MAX.challenges,
          m.register_error_too_many_lines({ field: fieldLabel('currentChallenges'), max: MAX.challenges })
        ),
        v.check(
          (s) => splitLines(s).every((line) => line.length <= MAX.challenge),
          m.register_error_line_too_long({ field: fieldLabel('currentChallenges'), max: MAX.challenge })
        )
      )
    ),
    expertiseInterest: v.optional(
      v.pipe(
        v.array(optionalText('expertiseInterest', MAX.expertiseItem)),
        v.maxLength(
          MAX.expertiseItems,
          m.register_error_too_many({ field: fieldLabel('expertiseInterest'), max: MAX.expertiseItems })
        )
      ),
      []
    ),
    consultationInterest: v.optional(v.boolean(), false),
    specificQuestions: orEmpty(optionalText('specificQuestions', MAX.longText, true)),
    learningObjectives: orEmpty(optionalText('learningObjectives', MAX.longText, true)),
    followUpPreference: v.optional(
      v.picklist(['', ...FOLLOW_UP_PREFERENCES], m.register_error_choice({ field: fieldLabel('followUpPreference') })),
      ''
    ),
    interestedOneOnOneConsultation: v.optional(v.boolean(), false),
    interestedWorkshopSeries: v.optional(v.boolean(), false),
    interestedWhitepaperDownloads: v.optional(v.boolean(), false),
    interestedOngoingMentorship: v.optional(v.boolean(), false),
    specialRequirements: orEmpty(optionalText('specialRequirements', MAX.specialRequirements, true)),
    accessibilityNeeds: orEmpty(optionalText('accessibilityNeeds', MAX.accessibilityNeeds, true))
  };
}

const mustAccept = (message: string) =>
  v.optional(
    v.pipe(
      v.boolean(),
      v.check((b) => b === true, message)
    ),
    false
  );

/** The whole registration form, messages in the current page language. */
export const registrationSchema = perLocale(() =>
  v.object({
    ...detailEntries(),
    email: orEmpty(
      v.pipe(
        v.string(),
        v.trim(),
        v.minLength(1, m.register_error_required({ field: fieldLabel('email') })),
        v.maxLength(MAX.email, m.register_error_email({ field: fieldLabel('email') })),
        v.email(m.register_error_email({ field: fieldLabel('email') })),
        v.check(readable, m.register_error_email({ field: fieldLabel('email') }))
      )
    ),
    termsAccepted: mustAccept(m.register_error_terms()),
    privacyConsent: mustAccept(m.register_error_privacy()),
    // Optional consents are never pre-ticked (GDPR: consent must be an active choice).
    marketingConsent: v.optional(v.boolean(), false),
    consultantFollowUpConsent: v.optional(v.boolean(), false),
    dataProcessingConsent: v.optional(v.boolean(), false),
    // Honeypot: hidden from people (and assistive technology); bots that fill every field trip it.
    fax: v.optional(v.pipe(v.string(), v.maxLength(0, m.register_error_honeypot())), '')
  })
);

/** Changes from the manage page: the same rules, minus the email, the honeypot and the required consents. */
export const registrationUpdateSchema = perLocale(() =>
  v.object({
    ...detailEntries(),
    marketingConsent: v.optional(v.boolean(), false),
    consultantFollowUpConsent: v.optional(v.boolean(), false),
    dataProcessingConsent: v.optional(v.boolean(), false)
  })
);

export type RegistrationForm = v.InferOutput<ReturnType<typeof registrationSchema>>;
export type RegistrationUpdateForm = v.InferOutput<ReturnType<typeof registrationUpdateSchema>>;

/** Non-empty, trimmed lines. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The form's field names that are kept for auto-fill (never consents, never the honeypot). */
export const AUTOFILL_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'position',
  'website',
  'industryVertical',
  'currentChallenges',
  'specialRequirements',
  'accessibilityNeeds',
  'followUpPreference'
] as const satisfies readonly (keyof RegistrationForm)[];

/** '' → null: the engine stores "not given" as SQL null. */
const orNull = (s: string) => (s === '' ? null : s);

function attendeeDetails(form: RegistrationUpdateForm): Omit<AttendeeDetails, 'email'> {
  return {
    firstName: form.firstName,
    lastName: form.lastName,
    phone: orNull(form.phone),
    company: form.company,
    position: orNull(form.position),
    website: orNull(form.website),
    industryVertical: orNull(form.industryVertical),
    currentChallenges: splitLines(form.currentChallenges),
    expertiseInterest: [...new Set(form.expertiseInterest.filter(Boolean))],
    consultationInterest: form.consultationInterest,
    specificQuestions: orNull(form.specificQuestions),
    learningObjectives: orNull(form.learningObjectives),
    followUpPreference: form.followUpPreference === '' ? null : form.followUpPreference,
    interestedServices: {
      oneOnOneConsultation: form.interestedOneOnOneConsultation,
      workshopSeries: form.interestedWorkshopSeries,
      whitepaperDownloads: form.interestedWhitepaperDownloads,
      ongoingMentorship: form.interestedOngoingMentorship
    },
    specialRequirements: orNull(form.specialRequirements),
    accessibilityNeeds: orNull(form.accessibilityNeeds)
  };
}

export interface RegistrationContext {
  sessionId: string;
  language: 'en' | 'de';
  source?: string;
  utm?: RegistrationInput['utm'];
  registrationSessionId?: string | null;
  /** Empty: the engine records the program's current consent text version. */
  consentTextVersion?: string;
}

/** The validated form as the engine's input. */
export function toRegistrationInput(form: RegistrationForm, context: RegistrationContext): RegistrationInput {
  return {
    sessionId: context.sessionId,
    attendee: { ...attendeeDetails(form), email: form.email },
    consents: {
      termsAccepted: form.termsAccepted,
      privacyConsent: form.privacyConsent,
      marketingConsent: form.marketingConsent,
      consultantFollowUpConsent: form.consultantFollowUpConsent,
      dataProcessingConsent: form.dataProcessingConsent,
      textVersion: context.consentTextVersion ?? ''
    },
    language: context.language,
    source: context.source,
    utm: context.utm,
    registrationSessionId: context.registrationSessionId ?? null
  };
}

/** The validated manage-page form as the engine's update. */
export function toRegistrationUpdate(form: RegistrationUpdateForm): RegistrationUpdate {
  return {
    attendee: attendeeDetails(form),
    consents: {
      marketingConsent: form.marketingConsent,
      consultantFollowUpConsent: form.consultantFollowUpConsent,
      dataProcessingConsent: form.dataProcessingConsent
    }
  };
}

type Row = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: unknown) => (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []);

/** The manage page's form, filled from the stored registration (column names, see ManagedRegistration). */
export function updateFormFromRegistration(a: Row, consents: Row): RegistrationUpdateForm {
  const follow = text(a.follow_up_preference);
  return {
    firstName: text(a.first_name),
    lastName: text(a.last_name),
    phone: text(a.phone),
    company: text(a.company),
    position: text(a.position),
    website: text(a.website),
    industryVertical: text(a.industry_vertical),
    currentChallenges: list(a.current_challenges).join('\n'),
    expertiseInterest: list(a.expertise_interest),
    consultationInterest: a.consultation_interest === true,
    specificQuestions: text(a.specific_questions),
    learningObjectives: text(a.learning_objectives),
    followUpPreference: (FOLLOW_UP_PREFERENCES as readonly string[]).includes(follow) ? (follow as FollowUpPreference) : '',
    interestedOneOnOneConsultation: a.interested_one_on_one_consultation === true,
    interestedWorkshopSeries: a.interested_workshop_series === true,
    interestedWhitepaperDownloads: a.interested_whitepaper_downloads === true,
    interestedOngoingMentorship: a.interested_ongoing_mentorship === true,
    specialRequirements: text(a.special_requirements),
    accessibilityNeeds: text(a.accessibility_needs),
    marketingConsent: consents.marketing_consent === true,
    consultantFollowUpConsent: consents.consultant_follow_up_consent === true,
    dataProcessingConsent: consents.data_processing_consent === true
  };
}

/** At most this many sessions in one multi-registration (the registration session keeps up to 20). */
export const MAX_SESSIONS_AT_ONCE = 10;

/** The multi-registration form: the registration form plus the chosen sessions. */
export const multiRegistrationSchema = perLocale(() =>
  v.object({
    ...registrationSchema().entries,
    sessionIds: v.pipe(
      v.array(v.pipe(v.string(), v.uuid(m.register_multi_error_none()))),
      v.minLength(1, m.register_multi_error_none()),
      v.maxLength(MAX_SESSIONS_AT_ONCE, m.register_multi_error_too_many({ max: MAX_SESSIONS_AT_ONCE }))
    )
  })
);
