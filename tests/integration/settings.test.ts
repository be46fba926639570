/**
 * The program settings services against the real, migrated database: saving the settings and the
 * email text overrides, validation (bad zone, reminders, unknown placeholders; EN and DE messages),
 * optimistic concurrency, the `settings.updated` audit entry, the preview, and RLS refusing a
 * consultant and an anonymous caller who call the services directly. The single settings row is
 * shared, so every test puts back what it changed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { getLocale, overwriteGetLocale } from '../../web/lib/paraglide/runtime.js';
import {
  emailTextsSchema,
  programSettingsSchema,
  type EmailTextsForm,
  type ProgramSettingsForm
} from '../../web/lib/schemas/program-settings.ts';
import { getSettings, previewEmailTexts, saveEmailTexts, saveSettings } from '../../web/lib/server/settings/index.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import { createConsultant, createConsultantLogin } from './support/factories.ts';

const originalGetLocale = getLocale;
afterEach(() => overwriteGetLocale(originalGetLocale));

let original: Record<string, unknown>;
const COLUMNS = `program_manager_consultant_id, notify_new_registrations, registration_window_days, reminder_days,
  default_timezone, default_capacity, allow_waitlist, odoo_event_creation, email_templates`;

async function row() {
  const { rows } = await ownerPool().query(`select ${COLUMNS}, version from public.program_settings`);
  return rows[0] as Record<string, unknown> & { version: number };
}

beforeAll(async () => {
  original = await row();
});

afterAll(async () => {
  const o = original;
  await ownerPool().query(
    `update public.program_settings set program_manager_consultant_id = $1, notify_new_registrations = $2,
       registration_window_days = $3, reminder_days = $4, default_timezone = $5, default_capacity = $6,
       allow_waitlist = $7, odoo_event_creation = $8, email_templates = $9`,
    [
      o.program_manager_consultant_id,
      o.notify_new_registrations,
      o.registration_window_days,
      o.reminder_days,
      o.default_timezone,
      o.default_capacity,
      o.allow_waitlist,
      o.odoo_event_creation,
      JSON.stringify(o.email_templates)
    ]
  );
});

async function currentForm(): Promise<ProgramSettingsForm> {
  const view = await getSettings(adminClaims());
  if (!view) throw new Error('admin cannot read the settings');
  return view.form;
}

async function auditFor(version: number) {
  const { rows } = await ownerPool().query(
    `select actor_user_id, entity, data from public.audit_log
      where action = 'settings.updated' and (data ->> 'version')::int = $1 order by id desc limit 1`,
    [version]
  );
  return rows[0] as { actor_user_id: string; entity: string; data: Record<string, Record<string, unknown>> } | undefined;
}

const issues = (schema: v.GenericSchema, input: unknown) => {
  const result = v.safeParse(schema, input);
  return result.success ? {} : (v.flatten(result.issues).nested ?? {});
};

describe('program settings', () => {
  it('an admin saves the settings; the row, its version and a settings.updated entry with only the changed fields', async () => {
    const manager = await createConsultant();
    const form = await currentForm();
    const capacity = form.default_capacity === 250 ? 251 : 250;
    const outcome = await saveSettings(adminClaims(), {
      ...form,
      program_manager_consultant_id: manager,
      default_capacity: capacity,
      reminder_days: '1, 14 ,3',
      odoo_event_creation: !form.odoo_event_creation
    });
    expect(outcome).toMatchObject({ kind: 'saved', version: form.version + 1 });
    const saved = await row();
    expect(saved).toMatchObject({
      version: form.version + 1,
      default_capacity: capacity,
      reminder_days: [14, 3, 1],
      program_manager_consultant_id: manager,
      odoo_event_creation: !form.odoo_event_creation,
      default_timezone: form.default_timezone
    });
    const entry = await auditFor(form.version + 1);
    expect(entry?.entity).toBe('program_settings');
    expect(entry?.actor_user_id).toBe(adminClaims().sub);
    expect(entry?.data.after).toEqual({
      program_manager_consultant_id: manager,
      default_capacity: capacity,
      reminder_days: [14, 3, 1],
      odoo_event_creation: !form.odoo_event_creation
    });
    expect(entry?.data.before.default_capacity).toBe(form.default_capacity);
    expect(entry?.data.before).not.toHaveProperty('default_timezone');

    // Saving the same values again changes nothing and writes nothing.
    const again = await saveSettings(adminClaims(), { ...(await currentForm()) });
    expect(again).toMatchObject({ kind: 'saved', changed: [] });
    expect((await row()).version).toBe(form.version + 1);
  });

  it('a stale version is refused and nothing is stored', async () => {
    const form = await currentForm();
    expect(await saveSettings(adminClaims(), { ...form, default_capacity: form.default_capacity + 1 })).toMatchObject({
      kind: 'saved'
    });
    const stale = await saveSettings(adminClaims(), { ...form, default_capacity: 7 });
    expect(stale).toEqual({ kind: 'stale', currentVersion: form.version + 1 });
    expect((await row()).default_capacity).toBe(form.default_capacity + 1);
  });

  it('an inactive consultant cannot become program manager', async () => {
    const inactive = await createConsultant({ isActive: false });
    const form = await currentForm();
    expect(await saveSettings(adminClaims(), { ...form, program_manager_consultant_id: inactive })).toEqual({
      kind: 'invalid_manager'
    });
    expect((await row()).version).toBe(form.version);
  });

  it('refuses a zone that is not IANA, bad reminders and capacities with messages naming the field (EN and DE)', async () => {
    const form = await currentForm();
    const bad = { ...form, default_timezone: 'Mars/Olympus', reminder_days: '7, soon', default_capacity: 0 };
    const en = issues(programSettingsSchema(), bad);
    expect(en.default_timezone?.[0]).toContain('Default time zone');
    expect(en.reminder_days?.[0]).toContain('Reminder schedule');
    expect(en.default_capacity?.[0]).toBe('Default capacity must be between 1 and 100000.');
    // The scheduling buffer the session planner's conflict check uses (database range 0–240).
    expect(form.conflict_buffer_minutes).toEqual(expect.any(Number));
    expect(issues(programSettingsSchema(), { ...form, conflict_buffer_minutes: 241 }).conflict_buffer_minutes?.[0]).toBe(
      "Buffer between a consultant's sessions (minutes) must be between 0 and 240."
    );
    expect(issues(programSettingsSchema(), { ...form, default_timezone: 'europe/berlin' })).toHaveProperty('default_timezone');
    expect(issues(programSettingsSchema(), { ...form, default_timezone: 'America/New_York', reminder_days: '' })).toEqual({});
    overwriteGetLocale(() => 'de');
    expect(issues(programSettingsSchema(), bad).default_timezone?.[0]).toContain('Standard-Zeitzone');
  });

  it('a consultant and an anonymous caller can neither read nor change the settings', async () => {
    const consultant = await createConsultantLogin();
    const form = await currentForm();
    for (const claims of [consultant.claims, null]) {
      expect(await getSettings(claims)).toBeNull();
      expect(await saveSettings(claims, { ...form, default_capacity: 3 })).toEqual({ kind: 'forbidden' });
      expect(
        await saveEmailTexts(claims, {
          version: form.version,
          kind: 'confirmation',
          en_subject: 'x',
          en_body: '',
          de_subject: '',
          de_body: ''
        })
      ).toEqual({ kind: 'forbidden' });
    }
    expect((await row()).version).toBe(form.version);
  });
});

describe('email text overrides', () => {
  const texts = (overrides: Partial<EmailTextsForm> = {}): Omit<EmailTextsForm, 'version'> => ({
    kind: 'approved',
    en_subject: 'Approved: {title}',
    en_body: 'Hi {firstName}, see you on {date} at {time}.',
    de_subject: '',
    de_body: '',
    ...overrides
  });

  it('refuses unknown placeholders with a message naming them and the field', () => {
    const found = issues(emailTextsSchema(), { version: 1, ...texts({ en_subject: 'Hi {name} {title} {when}' }) });
    expect(found.en_subject?.[0]).toBe(
      'Subject (English) uses unknown placeholders: {name}, {when}. Allowed: {title}, {firstName}, {date}, {time}.'
    );
    expect(issues(emailTextsSchema(), { version: 1, ...texts() })).toEqual({});
  });

  it('saves the texts of one kind in the stored shape, audits them, and empty texts drop the override', async () => {
    const { version } = await currentForm();
    const outcome = await saveEmailTexts(adminClaims(), { version, ...texts() });
    expect(outcome).toMatchObject({ kind: 'saved', version: version + 1 });
    expect(((await row()).email_templates as Record<string, unknown>).approved).toEqual({
      en: { subject: 'Approved: {title}', body: 'Hi {firstName}, see you on {date} at {time}.' }
    });
    const entry = await auditFor(version + 1);
    expect(entry?.data.after['email_templates.approved']).toEqual({
      en: { subject: 'Approved: {title}', body: 'Hi {firstName}, see you on {date} at {time}.' }
    });

    const stale = await saveEmailTexts(adminClaims(), { version, ...texts({ en_subject: 'Lost' }) });
    expect(stale).toEqual({ kind: 'stale', currentVersion: version + 1 });

    const cleared = await saveEmailTexts(adminClaims(), { version: version + 1, ...texts({ en_subject: '', en_body: '' }) });
    expect(cleared).toMatchObject({ kind: 'saved' });
    expect((await row()).email_templates).not.toHaveProperty('approved');
  });

  it('previews the typed texts with sample data in both languages, built-in text where empty', async () => {
    const preview = await previewEmailTexts({ version: 1, ...texts() }, 'en');
    const en = preview.find((p) => p.lang === 'en');
    const de = preview.find((p) => p.lang === 'de');
    expect(en?.subject).toBe('Approved: AI strategy for mid-sized companies');
    expect(en?.intro).toMatch(/^Hi Ada, see you on .*2026 at .*14:00/);
    expect(en?.html).toContain('Hi Ada, see you on');
    expect(de?.subject).toBe('Ihre Anmeldung wurde angenommen: KI-Strategie für den Mittelstand');
  });
});
