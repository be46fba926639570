/**
 * The consultant's own profile form. Only the fields a consultant may edit exist here: revenue share,
 * type, active flag, email and slug are the program manager's (and guarded by a database trigger).
 * Messages are built per request so they come out in the page language.
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';

export const AVAILABILITY_STATUSES = ['available', 'busy', 'unavailable'] as const;
export const MAX_EXPERTISE_ITEMS = 30;

const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const IMAGE_URL = /^(https?:\/\/[^\s/$.?#][^\s]*|\/[^\s]*)$/i;

const text = (max: number, message: string) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, message)), '');
const url = (pattern: RegExp, message: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(2048, message),
      v.check((value) => value === '' || pattern.test(value), message)
    ),
    ''
  );

/** Expertise is edited one item per line. */
export const splitExpertise = (value: string) => [
  ...new Set(
    value
      .split(/\r?\n/)
      .map((item) => item.trim())
      .filter(Boolean)
  )
];

export const consultantProfileSchema = () =>
  v.object({
    version: v.pipe(v.number(), v.integer(), v.minValue(1)),
    title: text(50, m.portal_error_title()),
    position: text(200, m.portal_error_position()),
    company: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.check((value) => value === '' || (value.length >= 2 && value.length <= 200), m.portal_error_company())
      ),
      ''
    ),
    biography_en: v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, m.portal_error_biography_en()),
      v.maxLength(10000, m.portal_error_biography_too_long())
    ),
    biography_de: text(10000, m.portal_error_biography_too_long()),
    expertise: v.optional(
      v.pipe(
        v.string(),
        v.check(
          (value) => splitExpertise(value).length <= MAX_EXPERTISE_ITEMS,
          m.portal_error_expertise({ max: MAX_EXPERTISE_ITEMS })
        ),
        v.check(
          (value) => splitExpertise(value).every((item) => item.length <= 100),
          m.portal_error_expertise({ max: MAX_EXPERTISE_ITEMS })
        )
      ),
      ''
    ),
    photo_url: url(IMAGE_URL, m.portal_error_url()),
    linkedin_url: url(HTTP_URL, m.portal_error_url()),
    website_url: url(HTTP_URL, m.portal_error_url()),
    availability_status: v.picklist(AVAILABILITY_STATUSES, m.portal_error_availability()),
    available_for_consultations: v.optional(v.boolean(), false)
  });

export type ConsultantProfileForm = v.InferOutput<ReturnType<typeof consultantProfileSchema>>;

const orNull = (value: string) => (value === '' ? null : value);

/** The form's values as the profile service takes them. */
export function toProfileInput(form: ConsultantProfileForm) {
  return {
    version: form.version,
    title: orNull(form.title),
    position: orNull(form.position),
    company: orNull(form.company),
    biography: form.biography_de ? { en: form.biography_en, de: form.biography_de } : { en: form.biography_en },
    expertise: splitExpertise(form.expertise),
    photo_url: orNull(form.photo_url),
    linkedin_url: orNull(form.linkedin_url),
    website_url: orNull(form.website_url),
    availability_status: form.availability_status,
    available_for_consultations: form.available_for_consultations
  };
}

/** The form's starting values from a stored profile. */
export function fromProfile(profile: {
  version: number;
  title: string | null;
  position: string | null;
  company: string | null;
  biography: unknown;
  expertise: string[];
  photo_url: string | null;
  linkedin_url: string | null;
  website_url: string | null;
  availability_status: string;
  available_for_consultations: boolean;
}): ConsultantProfileForm {
  const bio = (profile.biography ?? {}) as { en?: string; de?: string | null };
  return {
    version: profile.version,
    title: profile.title ?? '',
    position: profile.position ?? '',
    company: profile.company ?? '',
    biography_en: bio.en ?? '',
    biography_de: bio.de ?? '',
    expertise: profile.expertise.join('\n'),
    photo_url: profile.photo_url ?? '',
    linkedin_url: profile.linkedin_url ?? '',
    website_url: profile.website_url ?? '',
    availability_status: profile.availability_status as ConsultantProfileForm['availability_status'],
    available_for_consultations: profile.available_for_consultations
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: string) => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** A period the consultant cannot speak: whole days from..to (inclusive) in their own time zone. */
export const unavailablePeriodSchema = () =>
  v.pipe(
    v.object({
      from: v.pipe(v.string(), v.check(isDate, m.portal_error_period_from())),
      to: v.pipe(v.string(), v.check(isDate, m.portal_error_period_to())),
      reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, m.portal_error_period_reason())), '')
    }),
    v.forward(
      v.check((input) => !isDate(input.from) || !isDate(input.to) || input.from <= input.to, m.portal_error_period_order()),
      ['to']
    )
  );

export type UnavailablePeriodForm = v.InferOutput<ReturnType<typeof unavailablePeriodSchema>>;
