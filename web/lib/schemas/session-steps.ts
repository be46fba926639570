/**
 * The guided session flow: one flat form per step (so each posts as plain HTML without JavaScript),
 * shared by the step pages, the services and the tests. Limits mirror the checks in
 * supabase/migrations/20261124100300_create_sessions.sql, so what passes here also passes there.
 * Messages are built per request so they come out in the page language, each naming its field.
 * Dates and times are wall-clock values in the session's time zone; the service turns them into
 * instants in SQL (`timestamp at time zone`), so daylight-saving rules come from Postgres.
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';

export const SESSION_STEPS = [
  'topic',
  'consultants',
  'schedule',
  'registration',
  'pricing',
  'platform',
  'content',
  'marketing',
  'integrations',
  'review'
] as const;
export type SessionStep = (typeof SESSION_STEPS)[number];
export const isSessionStep = (value: string): value is SessionStep => (SESSION_STEPS as readonly string[]).includes(value);

export const SESSION_PLATFORMS = ['zoom', 'teams', 'webex', 'custom'] as const;
export const SESSION_LANGUAGES = ['en', 'de'] as const;
export const PUBLISH_MODES = ['now', 'scheduled', 'draft'] as const;

const ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const IMAGE_URL = /^(https?:\/\/[^\s/$.?#][^\s]*|\/[^\s]*)$/i;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The label of a field, as the form shows it (errors name the field the way the admin sees it). */
export function fieldLabel(name: string): string {
  const key = `adminsession_field_${name}` as keyof typeof m;
  const label = m[key] as unknown as (() => string) | undefined;
  return typeof label === 'function' ? label() : name;
}

const text = (name: string, max: number, required = false) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => !required || s.length > 0, m.adminsession_error_required({ field: fieldLabel(name) })),
    v.maxLength(max, m.adminsession_error_too_long({ field: fieldLabel(name), max }))
  );
const pattern = (name: string, re: RegExp, optional = true) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => (optional && s === '') || re.test(s), m.adminsession_error_invalid({ field: fieldLabel(name) }))
  );
const url = (name: string, re = HTTP_URL) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(2048, m.adminsession_error_too_long({ field: fieldLabel(name), max: 2048 })),
    v.check((s) => s === '' || re.test(s), m.adminsession_error_url({ field: fieldLabel(name) }))
  );
const whole = (name: string, min: number, max: number) =>
  v.pipe(
    v.number(m.adminsession_error_number({ field: fieldLabel(name), min, max })),
    v.integer(m.adminsession_error_number({ field: fieldLabel(name), min, max })),
    v.minValue(min, m.adminsession_error_number({ field: fieldLabel(name), min, max })),
    v.maxValue(max, m.adminsession_error_number({ field: fieldLabel(name), min, max }))
  );
const money = (name: string, optional: boolean) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check(
      (s) => (optional && s === '') || (/^\d{1,8}([.,]\d{1,2})?$/.test(s) && Number(s.replace(',', '.')) >= 0),
      m.adminsession_error_money({ field: fieldLabel(name) })
    )
  );
const version = () => v.pipe(v.number(), v.integer(), v.minValue(0));
const zone = () =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => ZONES.has(s), m.adminsession_error_timezone({ field: fieldLabel('timezone') }))
  );
const uuid = (name: string, optional = false) => pattern(name, UUID, optional);
const localDateTime = (name: string) => pattern(name, LOCAL_DATE_TIME);

/** Step 1: the topic (required) and optional title/description overrides in EN and DE. */
export const topicStepSchema = () =>
  v.object({
    version: version(),
    topic_id: uuid('topic_id'),
    language: v.picklist(SESSION_LANGUAGES, m.adminsession_error_invalid({ field: fieldLabel('language') })),
    title_en: text('title_en', 200),
    title_de: text('title_de', 200),
    description_en: text('description_en', 20000),
    description_de: text('description_de', 20000)
  });

/** Step 2: who speaks. A primary speaker, optional moderator and panelists (distinct people). */
export const consultantsStepSchema = () =>
  v.pipe(
    v.object({
      version: version(),
      primary: uuid('primary'),
      moderator: uuid('moderator', true),
      panelists: v.pipe(
        v.array(uuid('panelists')),
        v.maxLength(10, m.adminsession_error_too_many({ field: fieldLabel('panelists'), max: 10 }))
      )
    }),
    v.forward(
      v.check(
        (f) =>
          new Set([f.primary, f.moderator, ...f.panelists].filter(Boolean)).size ===
          [f.primary, f.moderator, ...f.panelists].filter(Boolean).length,
        m.adminsession_error_speaker_twice()
      ),
      ['panelists']
    )
  );

/** Step 3: when. Date and time in the session's zone; duration in minutes. */
export const scheduleStepSchema = () =>
  v.object({
    version: version(),
    date: pattern('date', /^\d{4}-\d{2}-\d{2}$/, false),
    time: pattern('time', /^\d{2}:\d{2}$/, false),
    timezone: zone(),
    duration_minutes: whole('duration_minutes', 15, 600)
  });

/** Step 4: registration window (wall-clock in the session zone), capacity (empty = unlimited), approval, waitlist. */
export const registrationStepSchema = () =>
  v.pipe(
    v.object({
      version: version(),
      registration_opens_at: localDateTime('registration_opens_at'),
      registration_closes_at: localDateTime('registration_closes_at'),
      capacity: v.optional(v.nullable(whole('capacity', 1, 100000))),
      requires_approval: v.boolean(),
      allow_waitlist: v.boolean()
    }),
    v.forward(
      v.check(
        (f) => !f.registration_opens_at || !f.registration_closes_at || f.registration_closes_at > f.registration_opens_at,
        m.adminsession_error_window()
      ),
      ['registration_closes_at']
    )
  );

/** Step 5: price and currency; early-bird price and deadline come together. */
export const pricingStepSchema = () =>
  v.pipe(
    v.object({
      version: version(),
      price: money('price', false),
      currency: pattern('currency', /^[A-Z]{3}$/, false),
      early_bird_price: money('early_bird_price', true),
      early_bird_deadline: localDateTime('early_bird_deadline')
    }),
    v.forward(
      v.check((f) => (f.early_bird_price === '') === (f.early_bird_deadline === ''), m.adminsession_error_early_bird()),
      ['early_bird_deadline']
    ),
    v.forward(
      v.check(
        (f) => f.early_bird_price === '' || Number(f.early_bird_price.replace(',', '.')) <= Number(f.price.replace(',', '.')),
        m.adminsession_error_early_bird_price()
      ),
      ['early_bird_price']
    )
  );

/** Step 6: the meeting platform; join link and password are stored apart from the public row. */
export const platformStepSchema = () =>
  v.object({
    version: version(),
    platform: v.picklist(SESSION_PLATFORMS, m.adminsession_error_invalid({ field: fieldLabel('platform') })),
    meeting_url: url('meeting_url'),
    meeting_password: text('meeting_password', 100)
  });

/** Step 7: content. */
export const contentStepSchema = () =>
  v.object({
    version: version(),
    materials_url: url('materials_url'),
    slides_url: url('slides_url'),
    recording_enabled: v.boolean(),
    certificate_template: text('certificate_template', 200)
  });

/** Step 8: marketing. */
export const marketingStepSchema = () =>
  v.object({
    version: version(),
    promotional_image_url: url('promotional_image_url', IMAGE_URL),
    social_copy_en: text('social_copy_en', 3000),
    social_copy_de: text('social_copy_de', 3000)
  });

/** Step 9: integrations. */
export const integrationsStepSchema = () =>
  v.object({
    version: version(),
    create_odoo_event: v.boolean(),
    create_calendar_event: v.boolean()
  });

/** Step 10: publish now, schedule publishing, or keep as draft. */
export const reviewStepSchema = () =>
  v.pipe(
    v.object({
      version: version(),
      mode: v.picklist(PUBLISH_MODES, m.adminsession_error_invalid({ field: fieldLabel('mode') })),
      publish_at: localDateTime('publish_at')
    }),
    v.forward(
      v.check((f) => f.mode !== 'scheduled' || f.publish_at !== '', m.adminsession_error_publish_at()),
      ['publish_at']
    )
  );

export const STEP_SCHEMAS = {
  topic: topicStepSchema,
  consultants: consultantsStepSchema,
  schedule: scheduleStepSchema,
  registration: registrationStepSchema,
  pricing: pricingStepSchema,
  platform: platformStepSchema,
  content: contentStepSchema,
  marketing: marketingStepSchema,
  integrations: integrationsStepSchema,
  review: reviewStepSchema
} as const;

export type StepForms = { [K in SessionStep]: v.InferOutput<ReturnType<(typeof STEP_SCHEMAS)[K]>> };
export type StepForm = StepForms[SessionStep];
export type SessionMessage = { type: 'error' | 'notice'; text: string; conflicts?: string[] };

/** Step 1 when creating: only the topic is needed; texts default from the topic. */
export const newSessionSchema = () => v.object({ topic_id: uuid('topic_id') });

/** Cancelling a published session: a reason the registrants will read. */
export const cancelSessionSchema = () => v.object({ version: version(), reason: text('reason', 500, true) });

/** Actions on the review page without fields of their own (publish toggles, duplicate). */
export const versionOnlySchema = () => v.object({ version: version() });
