/**
 * What a draft may hold: the auto-fill fields only (never consents or the honeypot), strings cut to
 * the form's limits, and only characters Postgres jsonb can store. Drafts are saved unvalidated while
 * the attendee types, so this is the one place that bounds them.
 */
import { AUTOFILL_FIELDS, FOLLOW_UP_PREFERENCES, MAX, type RegistrationForm } from '../../schemas/registration.ts';

export type DraftField = (typeof AUTOFILL_FIELDS)[number];
export type DraftFields = Partial<Pick<RegistrationForm, DraftField>>;

const LIMIT: Record<DraftField, number> = {
  firstName: MAX.name,
  lastName: MAX.name,
  email: MAX.email,
  phone: 30,
  company: MAX.company,
  position: MAX.position,
  website: MAX.website,
  industryVertical: MAX.industryVertical,
  currentChallenges: MAX.challenges * (MAX.challenge + 2),
  specialRequirements: MAX.specialRequirements,
  accessibilityNeeds: MAX.accessibilityNeeds,
  followUpPreference: 20
};

// \u0000 cannot be stored in jsonb; other control characters are never wanted in a draft either.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Picks and bounds the draft fields from any object (form data, parsed JSON). */
export function toDraft(input: Record<string, unknown>): DraftFields {
  const draft: DraftFields = {};
  for (const field of AUTOFILL_FIELDS) {
    const value = input[field];
    if (typeof value !== 'string') continue;
    const clean = value.toWellFormed().replace(CONTROL, '').slice(0, LIMIT[field]);
    if (field === 'followUpPreference') {
      if ((FOLLOW_UP_PREFERENCES as readonly string[]).includes(clean))
        draft.followUpPreference = clean as RegistrationForm['followUpPreference'];
    } else if (clean.trim() !== '') draft[field] = clean;
  }
  return draft;
}

/** A draft from posted form data (the no-JavaScript path and the live-save fetch). */
export function draftFromFormData(data: FormData): DraftFields {
  const object: Record<string, unknown> = {};
  for (const field of AUTOFILL_FIELDS) {
    const value = data.get(field);
    if (typeof value === 'string') object[field] = value;
  }
  return toDraft(object);
}
