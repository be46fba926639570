/**
 * The program settings form and the email text overrides form (one row, `public.program_settings`).
 * Messages are built per request so they come out in the page language. Both forms carry the row's
 * `version` for optimistic concurrency.
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';
import { REGISTRATION_EMAIL_KINDS, type RegistrationEmailKind } from '../../../emails/i18n.ts';
import { EMAIL_PLACEHOLDERS, fillPlaceholders, unknownPlaceholders } from '../../../emails/placeholders.ts';
import { knownPlaceholders } from './placeholders.ts';

export const SETTINGS_LIMITS = {
  windowDays: { min: 1, max: 365 },
  reminderDay: { min: 0, max: 60 },
  reminders: 10,
  capacity: { min: 1, max: 100_000 },
  bufferMinutes: { min: 0, max: 240 },
  subject: 200,
  body: 2000
} as const;

export { EMAIL_PLACEHOLDERS, fillPlaceholders, unknownPlaceholders };

/** Kinds whose texts the settings page overrides; a message to registrants brings its own text. */
export type EditableEmailKind = Exclude<RegistrationEmailKind, 'message'>;
export const EMAIL_KINDS = REGISTRATION_EMAIL_KINDS.filter((kind): kind is EditableEmailKind => kind !== 'message');
export const EMAIL_LANGS = ['en', 'de'] as const;
export type EmailLang = (typeof EMAIL_LANGS)[number];

const ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/** True for an IANA zone name such as `Europe/Berlin` (exact spelling, as the database checks it). */
export const isIanaZone = (zone: string) => ZONES.has(zone);

/** "7, 2, 1" → [7, 2, 1]; null when an entry is not a whole number. Empty input is an empty list. */
export function parseReminderDays(text: string): number[] | null {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  return [...new Set(parts.map(Number))].sort((a, b) => b - a);
}

const remindersValid = (text: string) => {
  const days = parseReminderDays(text);
  return (
    days !== null &&
    days.length <= SETTINGS_LIMITS.reminders &&
    days.every((d) => d >= SETTINGS_LIMITS.reminderDay.min && d <= SETTINGS_LIMITS.reminderDay.max)
  );
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const programSettingsSchema = () => {
  const whole = (label: string, min: number, max: number) =>
    v.pipe(
      v.number(m.settings_error_number({ field: label })),
      v.integer(m.settings_error_number({ field: label })),
      v.minValue(min, m.settings_error_range({ field: label, min, max })),
      v.maxValue(max, m.settings_error_range({ field: label, min, max }))
    );
  return v.object({
    version: v.pipe(v.number(), v.integer(), v.minValue(0)),
    program_manager_consultant_id: v.pipe(
      v.string(),
      v.trim(),
      v.check((id) => id === '' || UUID.test(id), m.settings_error_manager())
    ),
    notify_new_registrations: v.boolean(),
    notify_session_reminders: v.boolean(),
    notify_performance_reports: v.boolean(),
    registration_window_days: whole(
      m.settings_field_window_days(),
      SETTINGS_LIMITS.windowDays.min,
      SETTINGS_LIMITS.windowDays.max
    ),
    reminder_days: v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(100, m.settings_error_reminders()),
      v.check(remindersValid, m.settings_error_reminders())
    ),
    default_timezone: v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, m.settings_error_zone()),
      v.check(isIanaZone, m.settings_error_zone())
    ),
    default_capacity: whole(m.settings_field_capacity(), SETTINGS_LIMITS.capacity.min, SETTINGS_LIMITS.capacity.max),
    allow_waitlist: v.boolean(),
    conflict_buffer_minutes: whole(
      m.settings_field_buffer(),
      SETTINGS_LIMITS.bufferMinutes.min,
      SETTINGS_LIMITS.bufferMinutes.max
    ),
    odoo_event_creation: v.boolean(),
    calendar_integration: v.boolean(),
    auto_sync_registrations: v.boolean(),
    payments_enabled: v.boolean()
  });
};

export type ProgramSettingsForm = v.InferOutput<ReturnType<typeof programSettingsSchema>>;

export type EmailTextField = `${EmailLang}_${'subject' | 'body'}`;

export const emailTextFieldLabel = (field: EmailTextField) => {
  const [lang, part] = field.split('_') as [EmailLang, 'subject' | 'body'];
  const language = lang === 'de' ? m.settings_lang_de() : m.settings_lang_en();
  return part === 'subject' ? m.settings_email_subject_label({ language }) : m.settings_email_body_label({ language });
};

/** The email texts form: one kind, subject and intro in EN and DE; empty means "use the built-in text". */
export const emailTextsSchema = () => {
  const text = (field: EmailTextField, max: number) => {
    const label = emailTextFieldLabel(field);
    return v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(max, m.settings_error_too_long({ field: label, max })),
      knownPlaceholders((names, allowed) => m.settings_error_placeholders({ field: label, names, allowed }))
    );
  };
  return v.object({
    version: v.pipe(v.number(), v.integer(), v.minValue(0)),
    kind: v.picklist(EMAIL_KINDS),
    en_subject: text('en_subject', SETTINGS_LIMITS.subject),
    en_body: text('en_body', SETTINGS_LIMITS.body),
    de_subject: text('de_subject', SETTINGS_LIMITS.subject),
    de_body: text('de_body', SETTINGS_LIMITS.body)
  });
};

export type EmailTextsForm = v.InferOutput<ReturnType<typeof emailTextsSchema>>;

export const isEmailKind = (value: string): value is EditableEmailKind => (EMAIL_KINDS as readonly string[]).includes(value);

export interface SettingsMessage {
  type: 'success' | 'error';
  text: string;
}
