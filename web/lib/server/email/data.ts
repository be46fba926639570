/**
 * Everything a registration email (and its calendar invite) needs, read in the caller's
 * transaction. Runs as service_role: the worker has no user, and attendees have no account.
 */
import { sql } from 'kysely';
import type { EmailSpeaker } from '../../../../emails/registration.email.tsx';
import type { EmailLocale, RegistrationEmailKind } from '../../../../emails/i18n.ts';
import { pickText, type TranslatedText } from '../../i18n/text.ts';
import { config } from '../config.ts';
import type { Tx } from '../db/index.ts';

export interface RegistrationEmailData {
  registrationId: string;
  status: string;
  language: EmailLocale;
  email: string;
  firstName: string;
  lastName: string;
  erased: boolean;
  cancellationReason: string | null;
  /** 1-based FIFO position while waitlisted, else null. */
  waitlistPosition: number | null;
  session: {
    id: string;
    slug: string;
    title: string;
    startsAt: Date;
    endsAt: Date;
    timeZone: string;
    durationMinutes: number;
    platform: string;
    prerequisites: string | null;
    materialsUrl: string | null;
    /** Bumped on every edit: the invite's SEQUENCE. */
    version: number;
  };
  speakers: EmailSpeaker[];
  supportEmail: string;
  /** Join details, when the organisers have set them. */
  meeting: { url: string; password: string | null } | null;
  /** The settings' text overrides in the attendee's language, per kind (placeholders unfilled). */
  emailTexts: Partial<Record<RegistrationEmailKind, { subject?: string; intro?: string }>>;
}

/** `program_settings.email_templates`: per kind and language, the admin's subject and intro ("body"). */
export type StoredOverrides = Partial<Record<string, Partial<Record<EmailLocale, { subject?: string; body?: string }>>>>;

/** An absolute URL in the attendee's language (German pages live under /de). */
export function localizedUrl(path: string, language: EmailLocale): string {
  return `${config().baseUrl}${language === 'de' ? '/de' : ''}${path}`;
}

export function landingUrl(data: Pick<RegistrationEmailData, 'session' | 'language'>): string {
  return localizedUrl(`/webinars/${data.session.slug}`, data.language);
}

/** Loads one registration with its session, speakers and the support address; null if it is gone. */
export async function loadRegistrationEmailData(tx: Tx, registrationId: string): Promise<RegistrationEmailData | null> {
  const row = await tx
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .select([
      'r.id',
      'r.status',
      'r.language',
      'r.email',
      'r.first_name',
      'r.last_name',
      'r.erased_at',
      'r.cancellation_reason',
      's.id as session_id',
      's.slug',
      's.starts_at',
      's.ends_at',
      's.timezone',
      's.duration_minutes',
      's.platform',
      's.materials_url',
      's.version'
    ])
    .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
    .select('t.prerequisites')
    // FIFO position: rows that joined earlier (ties broken by id, as the engine orders them).
    .select(
      sql<number | null>`case when r.status = 'waitlisted' then (
        select count(*)::int from public.registrations w
        where w.session_id = r.session_id and w.status = 'waitlisted'
          and (w.waitlisted_at, w.id) <= (r.waitlisted_at, r.id)) end`.as('waitlist_position')
    )
    .where('r.id', '=', registrationId)
    .executeTakeFirst();
  if (!row) return null;

  const language: EmailLocale = row.language === 'de' ? 'de' : 'en';
  const speakers = await tx
    .selectFrom('session_speakers as ss')
    .innerJoin('consultants as c', 'c.id', 'ss.consultant_id')
    .select(['c.title', 'c.first_name', 'c.last_name', 'c.position', 'c.company', 'c.expertise', 'ss.role'])
    .where('ss.session_id', '=', row.session_id)
    .orderBy(sql`case ss.role when 'primary' then 0 when 'panelist' then 1 else 2 end`)
    .orderBy('ss.position')
    .execute();
  const settings = await tx.selectFrom('program_settings').select(['support_email', 'email_templates']).executeTakeFirst();
  const meeting = await tx
    .selectFrom('session_meetings')
    .select(['meeting_url', 'meeting_password'])
    .where('session_id', '=', row.session_id)
    .executeTakeFirst();
  const overrides = (settings?.email_templates ?? {}) as StoredOverrides;
  const emailTexts: RegistrationEmailData['emailTexts'] = {};
  for (const [kind, byLanguage] of Object.entries(overrides)) {
    const texts = byLanguage?.[language];
    if (texts) emailTexts[kind as RegistrationEmailKind] = { subject: texts.subject, intro: texts.body };
  }
  const prerequisites = row.prerequisites ? pickText(row.prerequisites, language).text || null : null;

  return {
    registrationId: row.id,
    status: row.status,
    language,
    email: row.email.trim(),
    firstName: row.first_name.trim(),
    lastName: row.last_name.trim(),
    erased: row.erased_at !== null,
    cancellationReason: row.cancellation_reason,
    waitlistPosition: row.waitlist_position,
    session: {
      id: row.session_id,
      slug: row.slug,
      title: pickText(row.title, language).text,
      startsAt: new Date(row.starts_at),
      endsAt: new Date(row.ends_at),
      timeZone: row.timezone,
      durationMinutes: row.duration_minutes,
      platform: row.platform,
      prerequisites,
      materialsUrl: row.materials_url,
      version: row.version
    },
    speakers: speakers.map((s) => ({
      name: [s.title, s.first_name, s.last_name].filter(Boolean).join(' '),
      role: s.role as EmailSpeaker['role'],
      headline: [s.position, s.company].filter(Boolean).join(', ') || null,
      expertise: s.expertise
    })),
    supportEmail: settings?.support_email ?? config().MAIL_FROM,
    meeting: meeting?.meeting_url ? { url: meeting.meeting_url, password: meeting.meeting_password } : null,
    emailTexts
  };
}
