/** The values each step form starts with, from the session as it is stored. */
import type { SessionStep, StepForms } from '../../schemas/session-steps.ts';
import type { SessionEditorData } from './list.ts';

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const lang = (value: unknown, code: 'en' | 'de') => text((value as Record<string, string> | null)?.[code]);

/** Form values of `step` for the session in `data`. */
export function stepFormValues<S extends SessionStep>(step: S, data: SessionEditorData): StepForms[S] {
  const s = data.session;
  const version = s.version;
  const byStep: { [K in SessionStep]: () => StepForms[K] } = {
    topic: () => ({
      version,
      topic_id: text(s.topic_id),
      language: s.language === 'de' ? 'de' : 'en',
      title_en: lang(s.title, 'en'),
      title_de: lang(s.title, 'de'),
      description_en: lang(s.description, 'en'),
      description_de: lang(s.description, 'de')
    }),
    consultants: () => ({
      version,
      primary: data.speakers.find((x) => x.role === 'primary')?.consultant_id ?? '',
      moderator: data.speakers.find((x) => x.role === 'moderator')?.consultant_id ?? '',
      panelists: data.speakers.filter((x) => x.role === 'panelist').map((x) => x.consultant_id)
    }),
    schedule: () => ({
      version,
      date: data.local.date,
      time: data.local.time,
      timezone: s.timezone,
      duration_minutes: Number(s.duration_minutes)
    }),
    registration: () => ({
      version,
      registration_opens_at: data.local.registration_opens_at,
      registration_closes_at: data.local.registration_closes_at,
      capacity: s.capacity === null ? null : Number(s.capacity),
      requires_approval: Boolean(s.requires_approval),
      allow_waitlist: Boolean(s.allow_waitlist)
    }),
    pricing: () => ({
      version,
      price: text(s.price),
      currency: text(s.currency),
      early_bird_price: text(s.early_bird_price),
      early_bird_deadline: data.local.early_bird_deadline
    }),
    platform: () => ({
      version,
      platform: (s.platform as StepForms['platform']['platform']) ?? 'zoom',
      meeting_url: text(data.meeting?.meeting_url),
      meeting_password: text(data.meeting?.meeting_password)
    }),
    content: () => ({
      version,
      materials_url: text(s.materials_url),
      slides_url: text(s.slides_url),
      recording_enabled: Boolean(s.recording_enabled),
      certificate_template: text(s.certificate_template)
    }),
    marketing: () => ({
      version,
      promotional_image_url: text(s.promotional_image_url),
      social_copy_en: lang(s.social_copy, 'en'),
      social_copy_de: lang(s.social_copy, 'de')
    }),
    integrations: () => ({
      version,
      create_odoo_event: Boolean(s.create_odoo_event),
      create_calendar_event: Boolean(s.create_calendar_event)
    }),
    review: () => ({
      version,
      mode: s.status === 'draft' ? 'now' : s.publish_at && data.local.publish_at ? 'scheduled' : 'now',
      publish_at: data.local.publish_at
    })
  };
  return byStep[step]() as StepForms[S];
}
