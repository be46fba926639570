/** Localised labels shared by the session pages (browser-safe). */
import { m } from '#lib/paraglide/messages.js';

const STATUS_LABELS: Record<string, () => string> = {
  draft: m.adminsession_status_draft,
  published: m.adminsession_status_published,
  live: m.adminsession_status_live,
  completed: m.adminsession_status_completed,
  cancelled: m.adminsession_status_cancelled
};

export const statusLabel = (status: string) => STATUS_LABELS[status]?.() ?? status;

const STEP_LABELS: Record<string, () => string> = {
  topic: m.adminsession_step_topic,
  consultants: m.adminsession_step_consultants,
  schedule: m.adminsession_step_schedule,
  registration: m.adminsession_step_registration,
  pricing: m.adminsession_step_pricing,
  platform: m.adminsession_step_platform,
  content: m.adminsession_step_content,
  marketing: m.adminsession_step_marketing,
  integrations: m.adminsession_step_integrations,
  review: m.adminsession_step_review
};

export const stepLabel = (step: string) => STEP_LABELS[step]?.() ?? step;
