/** The plain fields of each step form (the consultants and review steps add their own parts). */
import type { SessionStep } from '#lib/schemas/session-steps.ts';
import { SESSION_LANGUAGES, SESSION_PLATFORMS } from '#lib/schemas/session-steps.ts';

export type FieldType =
  'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'date' | 'time' | 'datetime-local' | 'url' | 'password';
export interface Field {
  name: string;
  type: FieldType;
  options?: readonly string[];
  max?: number;
  hint?: 'override' | 'capacity' | 'window' | 'schedule';
}

export const STEP_FIELDS: Record<SessionStep, Field[]> = {
  topic: [
    { name: 'language', type: 'select', options: SESSION_LANGUAGES },
    { name: 'title_en', type: 'text', max: 200, hint: 'override' },
    { name: 'title_de', type: 'text', max: 200 },
    { name: 'description_en', type: 'textarea', max: 20000 },
    { name: 'description_de', type: 'textarea', max: 20000 }
  ],
  consultants: [],
  schedule: [
    { name: 'date', type: 'date', hint: 'schedule' },
    { name: 'time', type: 'time' },
    { name: 'timezone', type: 'text', max: 64 },
    { name: 'duration_minutes', type: 'number' }
  ],
  registration: [
    { name: 'registration_opens_at', type: 'datetime-local', hint: 'window' },
    { name: 'registration_closes_at', type: 'datetime-local' },
    { name: 'capacity', type: 'number', hint: 'capacity' },
    { name: 'requires_approval', type: 'checkbox' },
    { name: 'allow_waitlist', type: 'checkbox' }
  ],
  pricing: [
    { name: 'price', type: 'text', max: 12 },
    { name: 'currency', type: 'text', max: 3 },
    { name: 'early_bird_price', type: 'text', max: 12 },
    { name: 'early_bird_deadline', type: 'datetime-local' }
  ],
  platform: [
    { name: 'platform', type: 'select', options: SESSION_PLATFORMS },
    { name: 'meeting_url', type: 'url', max: 2048 },
    { name: 'meeting_password', type: 'text', max: 100 }
  ],
  content: [
    { name: 'materials_url', type: 'url', max: 2048 },
    { name: 'slides_url', type: 'url', max: 2048 },
    { name: 'recording_enabled', type: 'checkbox' },
    { name: 'certificate_template', type: 'text', max: 200 }
  ],
  marketing: [
    { name: 'promotional_image_url', type: 'text', max: 2048 },
    { name: 'social_copy_en', type: 'textarea', max: 3000 },
    { name: 'social_copy_de', type: 'textarea', max: 3000 }
  ],
  integrations: [
    { name: 'create_odoo_event', type: 'checkbox' },
    { name: 'create_calendar_event', type: 'checkbox' }
  ],
  review: []
};
