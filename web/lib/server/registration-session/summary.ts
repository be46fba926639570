/** What the registration pages say about a session: title, time in its zone, speakers, expertise. */
import { formatDateTime } from '../../format.ts';
import { pickText, type Locale } from '../../i18n/text.ts';
import type { LandingPage } from '../catalogue/landing.ts';
import { REGISTRABLE } from './sessions.ts';

export function sessionSummary(page: LandingPage, locale: Locale) {
  const s = page.session;
  const speakers = page.speakers.map((p) => ({
    name: `${p.first_name} ${p.last_name}`,
    slug: p.slug,
    role: p.role,
    expertise: p.expertise ?? [],
    linkedinUrl: p.linkedin_url,
    availableForConsultations: p.available_for_consultations
  }));
  // The expertise a visitor can say they are interested in: the session's and its speakers'.
  const expertise = [
    ...new Set([s.primary_expertise, ...speakers.flatMap((p) => p.expertise)].filter((x): x is string => !!x))
  ].slice(0, 20);
  return {
    id: s.id,
    slug: s.slug,
    title: pickText(s.title, locale).text,
    when: formatDateTime(s.starts_at, s.timezone, locale),
    zone: s.timezone,
    minutes: s.duration_minutes,
    speakers,
    expertise,
    state: s.state,
    registrable: (REGISTRABLE as readonly string[]).includes(s.state),
    requiresApproval: s.requires_approval,
    materialsUrl: s.materials_url
  };
}

export type SessionSummary = ReturnType<typeof sessionSummary>;
