/**
 * Program settings (the single `program_settings` row) and the email text overrides stored in its
 * `email_templates` column. Every call runs as the caller under RLS: only admins can read or change
 * the row, so anyone else gets `forbidden`. Saves check the version the form loaded (a stale save is
 * refused, never applied) and append a `settings.updated` audit entry with the changed fields.
 */
import { withRls, type JwtClaims, type Tx } from '../db/index.ts';
import type { StoredOverrides } from '../email/data.ts';
import { diffFields, hasChanges, recordAudit } from '../audit/index.ts';
import { EMAIL_LANGS, parseReminderDays, type EmailTextsForm, type ProgramSettingsForm } from '../../schemas/program-settings.ts';
import type { EmailLocale, RegistrationEmailKind } from '../../../../emails/i18n.ts';
import { emailIntro, renderRegistrationEmail, sampleRegistrationProps } from '../../../../emails/registration.email.tsx';

export type SaveOutcome =
  | { kind: 'saved'; version: number; changed: string[] }
  | { kind: 'stale'; currentVersion: number }
  | { kind: 'invalid_manager' }
  | { kind: 'forbidden' };

type Overrides = StoredOverrides;

const FIELDS = [
  'program_manager_consultant_id',
  'notify_new_registrations',
  'notify_session_reminders',
  'notify_performance_reports',
  'registration_window_days',
  'reminder_days',
  'default_timezone',
  'default_capacity',
  'allow_waitlist',
  'conflict_buffer_minutes',
  'odoo_event_creation',
  'calendar_integration',
  'auto_sync_registrations',
  'payments_enabled'
] as const;

export interface ConsultantOption {
  id: string;
  name: string;
}

export interface SettingsView {
  form: ProgramSettingsForm;
  consultants: ConsultantOption[];
  emailTemplates: Overrides;
  updatedAt: Date;
}

const pick = (row: Record<string, unknown>) => Object.fromEntries(FIELDS.map((f) => [f, row[f] ?? null]));

/** Runs `fn` as the caller; `denied` when the database refuses the table outright (anonymous callers have no grant). */
async function asCaller<T>(claims: JwtClaims | null, denied: T, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await withRls(claims, fn);
  } catch (error) {
    if ((error as { code?: string })?.code === '42501') return denied;
    throw error;
  }
}

async function readRow(tx: Tx) {
  return tx.selectFrom('program_settings').selectAll().executeTakeFirst();
}

/** The settings as the form shows them, plus the active consultants to pick the manager from; null when not allowed. */
export async function getSettings(claims: JwtClaims | null): Promise<SettingsView | null> {
  return asCaller(claims, null, async (tx) => {
    const row = await readRow(tx);
    if (!row) return null;
    const consultants = await tx
      .selectFrom('consultants')
      .select(['id', 'first_name', 'last_name'])
      .where((eb) => eb.or([eb('is_active', '=', true), eb('id', '=', row.program_manager_consultant_id ?? '')]))
      .orderBy('last_name')
      .orderBy('first_name')
      .execute();
    return {
      form: {
        version: row.version,
        program_manager_consultant_id: row.program_manager_consultant_id ?? '',
        notify_new_registrations: row.notify_new_registrations,
        notify_session_reminders: row.notify_session_reminders,
        notify_performance_reports: row.notify_performance_reports,
        registration_window_days: row.registration_window_days,
        reminder_days: row.reminder_days.join(', '),
        default_timezone: row.default_timezone,
        default_capacity: row.default_capacity,
        allow_waitlist: row.allow_waitlist,
        conflict_buffer_minutes: row.conflict_buffer_minutes,
        odoo_event_creation: row.odoo_event_creation,
        calendar_integration: row.calendar_integration,
        auto_sync_registrations: row.auto_sync_registrations,
        payments_enabled: row.payments_enabled
      },
      consultants: consultants.map((c) => ({ id: c.id, name: `${c.first_name} ${c.last_name}` })),
      emailTemplates: (row.email_templates ?? {}) as Overrides,
      updatedAt: new Date(row.updated_at as unknown as string)
    };
  });
}

/**
 * Updates the row if it is still at `expectedVersion`; writes nothing when nothing changed. `values`
 * are column values; the audit entry holds the before/after of the changed ones.
 */
async function writeSettings(
  tx: Tx,
  expectedVersion: number,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  set: Record<string, unknown>
): Promise<SaveOutcome> {
  const change = diffFields(before, after);
  if (!hasChanges(change)) return { kind: 'saved', version: expectedVersion, changed: [] };
  const updated = await tx
    .updateTable('program_settings')
    .set(set as never)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  if (!updated) {
    const now = await tx.selectFrom('program_settings').select('version').executeTakeFirst();
    if (now && now.version !== expectedVersion) return { kind: 'stale', currentVersion: now.version };
    return { kind: 'forbidden' };
  }
  await recordAudit(tx, {
    action: 'settings.updated',
    entity: 'program_settings',
    data: { version: updated.version, ...change }
  });
  return { kind: 'saved', version: updated.version, changed: Object.keys(change.after) };
}

/** Saves the settings form, which was loaded at `form.version`. */
export async function saveSettings(claims: JwtClaims | null, form: ProgramSettingsForm): Promise<SaveOutcome> {
  return asCaller<SaveOutcome>(claims, { kind: 'forbidden' }, async (tx) => {
    const row = await readRow(tx);
    if (!row) return { kind: 'forbidden' };
    if (row.version !== form.version) return { kind: 'stale', currentVersion: row.version };
    const managerId = form.program_manager_consultant_id || null;
    if (managerId && managerId !== row.program_manager_consultant_id) {
      const manager = await tx
        .selectFrom('consultants')
        .select('id')
        .where('id', '=', managerId)
        .where('is_active', '=', true)
        .executeTakeFirst();
      if (!manager) return { kind: 'invalid_manager' };
    }
    const values: Record<string, unknown> = {
      ...form,
      program_manager_consultant_id: managerId,
      reminder_days: parseReminderDays(form.reminder_days) ?? []
    };
    const after = pick(values);
    const change = diffFields(pick(row), after);
    return writeSettings(tx, form.version, pick(row), after, change.after);
  });
}

/** The texts the form shows for one kind: the overrides, or empty (built-in text). */
export function emailTextsFor(templates: Overrides, kind: RegistrationEmailKind) {
  const entry = templates[kind] ?? {};
  return {
    en_subject: entry.en?.subject ?? '',
    en_body: entry.en?.body ?? '',
    de_subject: entry.de?.subject ?? '',
    de_body: entry.de?.body ?? ''
  };
}

/** Saves the EN/DE subject and intro of one kind; empty texts drop the override (the built-in text applies). */
export async function saveEmailTexts(claims: JwtClaims | null, form: EmailTextsForm): Promise<SaveOutcome> {
  return asCaller<SaveOutcome>(claims, { kind: 'forbidden' }, async (tx) => {
    const row = await readRow(tx);
    if (!row) return { kind: 'forbidden' };
    if (row.version !== form.version) return { kind: 'stale', currentVersion: row.version };
    const templates = { ...((row.email_templates ?? {}) as Overrides) };
    const entry: Partial<Record<EmailLocale, { subject?: string; body?: string }>> = {};
    for (const lang of EMAIL_LANGS) {
      const texts: { subject?: string; body?: string } = {};
      if (form[`${lang}_subject`]) texts.subject = form[`${lang}_subject`];
      if (form[`${lang}_body`]) texts.body = form[`${lang}_body`];
      if (Object.keys(texts).length) entry[lang] = texts;
    }
    if (Object.keys(entry).length) templates[form.kind] = entry;
    else delete templates[form.kind];
    const key = `email_templates.${form.kind}`;
    const before = { [key]: (row.email_templates as Overrides)?.[form.kind] ?? null };
    const after = { [key]: templates[form.kind] ?? null };
    return writeSettings(tx, form.version, before, after, { email_templates: JSON.stringify(templates) });
  });
}

export interface EmailPreview {
  lang: EmailLocale;
  subject: string;
  intro: string;
  html: string;
}

/**
 * The email of `kind` rendered with sample data and the given (unsaved) texts, through the same
 * renderer the worker uses (so the preview is what gets sent); an empty text shows the built-in one.
 */
export async function previewEmailTexts(form: EmailTextsForm, locale: EmailLocale): Promise<EmailPreview[]> {
  return Promise.all(
    EMAIL_LANGS.map(async (lang) => {
      const props = {
        ...sampleRegistrationProps(form.kind, lang),
        texts: { subject: form[`${lang}_subject`], intro: form[`${lang}_body`] }
      };
      const rendered = await renderRegistrationEmail(props);
      return { lang, subject: rendered.subject, intro: emailIntro(props), html: rendered.html };
    })
  ).then((list) => list.sort((a) => (a.lang === locale ? -1 : 1)));
}
