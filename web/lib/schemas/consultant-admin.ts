/**
 * Admin inputs for consultants: the directory's filter query string and the profile form (the spec's
 * SpeakerProfileForm / WebinarSpeaker fields that exist in public.consultants, including what only the
 * program manager may set: type, business terms, active flag, email, slug). Limits mirror the checks
 * in supabase/migrations/20261124100100_create_consultants.sql. The form is flat (lists one item per
 * line) so it posts as plain HTML without JavaScript. Messages are built per request (page language).
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '../slug.ts';
import { AVAILABILITY_STATUSES } from './consultant-profile.ts';

export { AVAILABILITY_STATUSES };
export const CONSULTANT_TYPES = ['internal', 'external', 'partner'] as const;
export type ConsultantType = (typeof CONSULTANT_TYPES)[number];
export const ACTIVE_FILTERS = ['all', 'active', 'inactive'] as const;
export const CONSULTANT_PAGE_SIZE = 25;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9][0-9 ()./-]{3,28}[0-9]$/;
const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const IMAGE_URL = /^(https?:\/\/[^\s/$.?#][^\s]*|\/[^\s]*)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Lines of a textarea as a list: trimmed, empty lines dropped, duplicates removed. */
export const splitLines = (value: string) => [
  ...new Set(
    value
      .split(/\r?\n/)
      .map((item) => item.trim())
      .filter(Boolean)
  )
];

/** The directory's query string; unknown values fall back to "all" rather than failing the page. */
export const consultantFiltersSchema = () =>
  v.object({
    q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), ''),
    type: v.optional(v.fallback(v.picklist(['', ...CONSULTANT_TYPES]), ''), ''),
    active: v.optional(v.fallback(v.picklist(ACTIVE_FILTERS), 'all'), 'all'),
    availability: v.optional(v.fallback(v.picklist(['', ...AVAILABILITY_STATUSES]), ''), '')
  });

export type ConsultantFilters = v.InferOutput<ReturnType<typeof consultantFiltersSchema>>;

const optionalText = (max: number, message: string) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, message)), '');
const optionalPattern = (pattern: RegExp, max: number, message: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(max, message),
      v.check((value) => value === '' || pattern.test(value), message)
    ),
    ''
  );
const lines = (maxItems: number, maxLength: number, message: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.check((value) => {
        const items = splitLines(value);
        return items.length <= maxItems && items.every((item) => item.length <= maxLength);
      }, message)
    ),
    ''
  );
const name = (message: string) => v.pipe(v.string(), v.trim(), v.minLength(2, message), v.maxLength(50, message));
/** A number typed into a text box: '' means none; otherwise within [min, max]. */
const decimal = (min: number, max: number, message: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check((value) => {
        if (value === '') return true;
        const n = Number(value.replace(',', '.'));
        return /^\d+([.,]\d{1,2})?$/.test(value) && n >= min && n <= max;
      }, message)
    ),
    ''
  );

export const consultantAdminSchema = () =>
  v.object({
    version: v.pipe(v.number(), v.integer(), v.minValue(0)),
    first_name: name(m.adminconsultant_error_first_name()),
    last_name: name(m.adminconsultant_error_last_name()),
    title: optionalText(50, m.adminconsultant_error_title()),
    email: v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(254, m.adminconsultant_error_email()),
      v.regex(EMAIL, m.adminconsultant_error_email())
    ),
    phone: optionalPattern(PHONE, 30, m.adminconsultant_error_phone()),
    company: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.check((value) => value === '' || (value.length >= 2 && value.length <= 200), m.adminconsultant_error_company())
      ),
      ''
    ),
    position: optionalText(200, m.adminconsultant_error_position()),
    slug: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.toLowerCase(),
        v.maxLength(MAX_SLUG_LENGTH, m.adminconsultant_error_slug()),
        v.check((value) => value === '' || SLUG_PATTERN.test(value), m.adminconsultant_error_slug())
      ),
      ''
    ),
    biography_en: v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, m.adminconsultant_error_biography_en()),
      v.maxLength(10000, m.adminconsultant_error_biography_length())
    ),
    biography_de: optionalText(10000, m.adminconsultant_error_biography_length()),
    expertise: lines(30, 100, m.adminconsultant_error_expertise()),
    certifications: lines(50, 300, m.adminconsultant_error_credentials()),
    education: lines(50, 300, m.adminconsultant_error_credentials()),
    publications: lines(100, 500, m.adminconsultant_error_credentials()),
    speaking_experience_years: v.optional(
      v.pipe(
        v.number(m.adminconsultant_error_experience()),
        v.integer(m.adminconsultant_error_experience()),
        v.minValue(0, m.adminconsultant_error_experience()),
        v.maxValue(80, m.adminconsultant_error_experience())
      ),
      0
    ),
    consultant_type: v.picklist(CONSULTANT_TYPES, m.adminconsultant_error_type()),
    linkedin_url: optionalPattern(HTTP_URL, 2048, m.adminconsultant_error_url()),
    website_url: optionalPattern(HTTP_URL, 2048, m.adminconsultant_error_url()),
    photo_url: optionalPattern(IMAGE_URL, 2048, m.adminconsultant_error_url()),
    hourly_rate: decimal(0, 99999999, m.adminconsultant_error_hourly_rate()),
    hourly_rate_currency: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(CURRENCY, m.adminconsultant_error_currency())),
    revenue_share_percent: v.pipe(
      v.string(),
      v.trim(),
      v.check((value) => {
        const n = Number(value.replace(',', '.'));
        return /^\d+([.,]\d{1,2})?$/.test(value) && n >= 0 && n <= 100;
      }, m.adminconsultant_error_revenue_share())
    ),
    preferred_payment_terms: optionalText(200, m.adminconsultant_error_payment_terms()),
    available_for_consultations: v.optional(v.boolean(), false),
    availability_status: v.picklist(AVAILABILITY_STATUSES, m.adminconsultant_error_availability()),
    next_available_date: optionalPattern(DATE, 10, m.adminconsultant_error_date())
  });

export type ConsultantAdminForm = v.InferOutput<ReturnType<typeof consultantAdminSchema>>;

/** Starting values of the "new consultant" form. */
export function newConsultantForm(): ConsultantAdminForm {
  return {
    version: 0,
    first_name: '',
    last_name: '',
    title: '',
    email: '',
    phone: '',
    company: '',
    position: '',
    slug: '',
    biography_en: '',
    biography_de: '',
    expertise: '',
    certifications: '',
    education: '',
    publications: '',
    speaking_experience_years: 0,
    consultant_type: 'internal',
    linkedin_url: '',
    website_url: '',
    photo_url: '',
    hourly_rate: '',
    hourly_rate_currency: 'EUR',
    revenue_share_percent: '0',
    preferred_payment_terms: '',
    available_for_consultations: false,
    availability_status: 'available',
    next_available_date: ''
  };
}

const GERMAN_FOLDS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };

/** Slug from a name: lower-case ASCII words joined by hyphens (German umlauts as ae/oe/ue, ß as ss). */
export function slugifyName(text: string): string {
  const slug = text
    .replace(/[äöüÄÖÜß]/g, (ch) => GERMAN_FOLDS[ch])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '');
  return slug.length >= 2 ? slug : 'consultant';
}

/** Deactivate / reactivate: the version the admin saw, so a change in between is not overridden unseen. */
export const consultantLifecycleSchema = () =>
  v.object({
    version: v.pipe(
      v.string(),
      v.regex(/^\d{1,9}$/, m.adminconsultant_error_form()),
      v.transform((value) => Number(value))
    )
  });
