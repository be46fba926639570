/** The admin form's fields as consultant columns and back; one place for the mapping. */
import { splitLines, type ConsultantAdminForm } from '../../schemas/consultant-admin.ts';

/** Columns the admin form writes (audit diffs are taken over these). */
export const ADMIN_FIELDS = [
  'first_name',
  'last_name',
  'title',
  'email',
  'phone',
  'company',
  'position',
  'slug',
  'biography',
  'expertise',
  'certifications',
  'education',
  'publications',
  'speaking_experience_years',
  'consultant_type',
  'linkedin_url',
  'website_url',
  'photo_url',
  'hourly_rate',
  'hourly_rate_currency',
  'revenue_share_percent',
  'preferred_payment_terms',
  'available_for_consultations',
  'availability_status',
  'next_available_date'
] as const;

export type AdminField = (typeof ADMIN_FIELDS)[number];
export type AdminValues = Record<AdminField, unknown>;

const orNull = (value: string) => (value === '' ? null : value);
/** numeric columns come back from pg as strings like "40.00"; compare and store them in that shape. */
const money = (value: string) => (value === '' ? null : Number(value.replace(',', '.')).toFixed(2));

/** Column values from the form (slug as typed; the service fills an empty one). */
export function formToValues(form: ConsultantAdminForm): AdminValues {
  return {
    first_name: form.first_name,
    last_name: form.last_name,
    title: orNull(form.title),
    email: form.email.toLowerCase(),
    phone: orNull(form.phone),
    company: orNull(form.company),
    position: orNull(form.position),
    slug: form.slug,
    biography: form.biography_de ? { en: form.biography_en, de: form.biography_de } : { en: form.biography_en },
    expertise: splitLines(form.expertise),
    certifications: splitLines(form.certifications),
    education: splitLines(form.education),
    publications: splitLines(form.publications),
    speaking_experience_years: form.speaking_experience_years,
    consultant_type: form.consultant_type,
    linkedin_url: orNull(form.linkedin_url),
    website_url: orNull(form.website_url),
    photo_url: orNull(form.photo_url),
    hourly_rate: money(form.hourly_rate),
    hourly_rate_currency: form.hourly_rate_currency,
    revenue_share_percent: money(form.revenue_share_percent) ?? '0.00',
    preferred_payment_terms: orNull(form.preferred_payment_terms),
    available_for_consultations: form.available_for_consultations,
    availability_status: form.availability_status,
    next_available_date: orNull(form.next_available_date)
  };
}

/** The stored row as comparable values (dates as YYYY-MM-DD, like the form sends them). */
export function rowToValues(row: Record<string, unknown>): AdminValues {
  const values = Object.fromEntries(ADMIN_FIELDS.map((field) => [field, row[field] ?? null])) as AdminValues;
  const date = row.next_available_date;
  values.next_available_date = date instanceof Date ? date.toISOString().slice(0, 10) : (date ?? null);
  return values;
}

/** The form's starting values from a stored row. */
export function valuesToForm(values: AdminValues, version: number): ConsultantAdminForm {
  const text = (key: AdminField) => (values[key] as string | null) ?? '';
  const list = (key: AdminField) => ((values[key] as string[] | null) ?? []).join('\n');
  const bio = (values.biography ?? {}) as { en?: string; de?: string };
  return {
    version,
    first_name: text('first_name'),
    last_name: text('last_name'),
    title: text('title'),
    email: text('email'),
    phone: text('phone'),
    company: text('company'),
    position: text('position'),
    slug: text('slug'),
    biography_en: bio.en ?? '',
    biography_de: bio.de ?? '',
    expertise: list('expertise'),
    certifications: list('certifications'),
    education: list('education'),
    publications: list('publications'),
    speaking_experience_years: Number(values.speaking_experience_years ?? 0),
    consultant_type: values.consultant_type as ConsultantAdminForm['consultant_type'],
    linkedin_url: text('linkedin_url'),
    website_url: text('website_url'),
    photo_url: text('photo_url'),
    hourly_rate: text('hourly_rate'),
    hourly_rate_currency: text('hourly_rate_currency') || 'EUR',
    revenue_share_percent: text('revenue_share_percent') || '0',
    preferred_payment_terms: text('preferred_payment_terms'),
    available_for_consultations: Boolean(values.available_for_consultations),
    availability_status: values.availability_status as ConsultantAdminForm['availability_status'],
    next_available_date: text('next_available_date')
  };
}

/** Values as a row for insert/update (jsonb as JSON text). */
export function toRow(values: Partial<AdminValues>): Record<string, unknown> {
  const row: Record<string, unknown> = { ...values };
  if ('biography' in row) row.biography = JSON.stringify(row.biography);
  return row;
}
