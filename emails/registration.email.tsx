/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The pragmas make every runner (tsx, Vite, vitest) use the automatic React runtime, even where
// tsconfig.json is not read (it extends the generated $app/tsconfig).
/**
 * Every email about a registration (confirmation, waitlist, approval, promotion, rejection,
 * cancellation). One template with per-kind sections, because they share the session block and
 * differ only in the headline, a status note and whether the manage link and invite belong in them.
 */
import { Button, Heading, Hr, Link, Section, Text } from '@react-email/components';
import { render } from '@react-email/render';
import {
  EMAIL_STRINGS,
  formatEmailDate,
  formatEmailTimeRange,
  platformName,
  type EmailLocale,
  type RegistrationEmailKind
} from './i18n.ts';
import { fillPlaceholders, type PlaceholderValues } from './placeholders.ts';
import { BRAND_COLOR, Layout, styles } from './layout.tsx';

export interface EmailSpeaker {
  name: string;
  role: 'primary' | 'panelist' | 'moderator';
  /** Title and position, e.g. "Dr. · Partner, Magnetiq Consulting". */
  headline: string | null;
  expertise: string[];
}

export interface RegistrationEmailProps {
  kind: RegistrationEmailKind;
  locale: EmailLocale;
  firstName: string;
  session: {
    title: string;
    /** ISO instants; shown in `timeZone`. */
    startsAt: string;
    endsAt: string;
    timeZone: string;
    durationMinutes: number;
    landingUrl: string;
    platform: string;
    prerequisites: string | null;
    materialsUrl: string | null;
  };
  speakers: EmailSpeaker[];
  /** Present for kinds that carry the personal link (see MANAGE_LINK_KINDS in the service). */
  manageUrl: string | null;
  waitlistPosition: number | null;
  cancellationReason: string | null;
  /** What the attached invite.ics does: a first invitation, an update (same UID, higher SEQUENCE) or a cancellation. */
  calendar: 'request' | 'update' | 'cancel' | null;
  /** Join details, only for people holding a seat and only in the kinds that carry them. */
  meeting: { url: string; password: string | null } | null;
  supportEmail: string;
  /**
   * Admin-written subject and intro (settings overrides, or the text of a message to registrants),
   * with {placeholders} still in them; empty or absent means the built-in text.
   */
  texts?: { subject?: string; intro?: string };
}

/** Kinds after which the attendee holds a seat: they get preparation notes. */
const SEATED: ReadonlySet<RegistrationEmailKind> = new Set(['confirmation', 'promoted', 'approved', 'reminder']);

export default function RegistrationEmail(props: RegistrationEmailProps) {
  const { kind, locale, session } = props;
  const t = EMAIL_STRINGS[locale];
  const k = t.kinds[kind];
  const seated = SEATED.has(kind);
  return (
    <Layout locale={locale} preview={k.preview(session.title)} supportEmail={props.supportEmail}>
      <Heading as="h1" style={styles.h1}>
        {k.heading}
      </Heading>
      <Text style={styles.text}>{t.greeting(props.firstName)}</Text>
      {paragraphs(emailIntro(props)).map((paragraph, index) => (
        <Text key={index} style={styles.text}>
          {paragraph.split('\n').map((line, i) => (
            <span key={i}>
              {i > 0 && <br />}
              {line}
            </span>
          ))}
        </Text>
      ))}

      {props.meeting && (
        <Section>
          <Heading as="h2" style={styles.h2}>
            {t.meetingHeading}
          </Heading>
          <Button href={props.meeting.url} style={styles.button}>
            {t.joinButton}
          </Button>
          <Text style={styles.muted}>
            <Link href={props.meeting.url} style={{ color: BRAND_COLOR }}>
              {props.meeting.url}
            </Link>
            {props.meeting.password && (
              <>
                <br />
                {t.meetingPassword}: {props.meeting.password}
              </>
            )}
          </Text>
          <Text style={styles.muted}>{t.meetingHint}</Text>
        </Section>
      )}

      {kind === 'waitlisted' && props.waitlistPosition !== null && (
        <Section>
          <Text style={{ ...styles.text, fontWeight: 700 }}>{t.waitlistPosition(props.waitlistPosition)}</Text>
          <Text style={styles.text}>{t.waitlistHint}</Text>
        </Section>
      )}
      {kind === 'pending_approval' && <Text style={styles.text}>{t.pendingHint}</Text>}
      {(kind === 'cancelled' || kind === 'rejected' || kind === 'session_cancelled') && props.cancellationReason && (
        <Text style={styles.text}>
          {t.cancellationReason}: {props.cancellationReason}
        </Text>
      )}

      <Heading as="h2" style={styles.h2}>
        {t.sessionHeading}
      </Heading>
      <Text style={{ ...styles.text, fontWeight: 700 }}>
        <Link href={session.landingUrl} style={{ color: BRAND_COLOR }}>
          {session.title}
        </Link>
      </Text>
      <Text style={styles.text}>
        {t.date}: {formatEmailDate(session.startsAt, session.timeZone, locale)}
        <br />
        {t.time}: {formatEmailTimeRange(session.startsAt, session.endsAt, session.timeZone, locale)} (
        {t.duration(session.durationMinutes)})
      </Text>
      <Text style={styles.muted}>{t.timeZoneNote(session.timeZone)}</Text>

      {props.speakers.length > 0 && (
        <Section>
          <Heading as="h2" style={styles.h2}>
            {t.speakers}
          </Heading>
          {props.speakers.map((speaker) => (
            <Text key={speaker.name} style={styles.text}>
              <strong>{speaker.name}</strong> ({t.roles[speaker.role]})
              {speaker.headline && (
                <>
                  <br />
                  {speaker.headline}
                </>
              )}
              {speaker.expertise.length > 0 && (
                <>
                  <br />
                  {t.expertise}: {speaker.expertise.join(', ')}
                </>
              )}
            </Text>
          ))}
        </Section>
      )}

      {seated && (session.prerequisites || session.materialsUrl) && (
        <Section>
          <Heading as="h2" style={styles.h2}>
            {t.preparationHeading}
          </Heading>
          {session.prerequisites && (
            <Text style={styles.text}>
              {t.prerequisites}: {session.prerequisites}
            </Text>
          )}
          {session.materialsUrl && (
            <Text style={styles.text}>
              <Link href={session.materialsUrl} style={{ color: BRAND_COLOR }}>
                {t.materials}
              </Link>
            </Text>
          )}
        </Section>
      )}
      {seated && (
        <Section>
          <Heading as="h2" style={styles.h2}>
            {t.technicalHeading}
          </Heading>
          <Text style={styles.text}>{t.technicalNotes(platformName(session.platform))}</Text>
        </Section>
      )}

      {props.calendar === 'request' && <Text style={styles.muted}>{t.calendarAttached}</Text>}
      {props.calendar === 'update' && <Text style={styles.muted}>{t.calendarUpdated}</Text>}
      {props.calendar === 'cancel' && <Text style={styles.muted}>{t.calendarRemoved}</Text>}

      {props.manageUrl && (
        <Section>
          <Hr />
          <Heading as="h2" style={styles.h2}>
            {t.manageHeading}
          </Heading>
          <Text style={styles.text}>{t.manageHint}</Text>
          <Button href={props.manageUrl} style={styles.button}>
            {t.manageButton}
          </Button>
          <Text style={styles.muted}>
            <Link href={props.manageUrl} style={{ color: BRAND_COLOR }}>
              {props.manageUrl}
            </Link>
          </Text>
        </Section>
      )}
      <Text style={styles.muted}>
        <Link href={session.landingUrl} style={{ color: BRAND_COLOR }}>
          {t.viewSession}
        </Link>
      </Text>
    </Layout>
  );
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The values of {title}, {firstName}, {date} and {time}, in the email's language and the session's zone. */
export function placeholderValues(props: RegistrationEmailProps): PlaceholderValues {
  const intl = props.locale === 'de' ? 'de-DE' : 'en-GB';
  const start = new Date(props.session.startsAt);
  return {
    title: props.session.title,
    firstName: props.firstName,
    date: start.toLocaleDateString(intl, { dateStyle: 'long', timeZone: props.session.timeZone }),
    time: start.toLocaleTimeString(intl, { timeStyle: 'short', timeZone: props.session.timeZone })
  };
}

/** The intro as sent: the admin's text with placeholders filled, or the built-in one. */
export function emailIntro(props: RegistrationEmailProps): string {
  const custom = props.texts?.intro?.trim();
  return custom ? fillPlaceholders(custom, placeholderValues(props)) : EMAIL_STRINGS[props.locale].kinds[props.kind].intro;
}

/** The subject as sent: the admin's text with placeholders filled, or the built-in one. */
export function emailSubject(props: RegistrationEmailProps): string {
  const custom = props.texts?.subject?.trim();
  return custom
    ? fillPlaceholders(custom, placeholderValues(props))
    : EMAIL_STRINGS[props.locale].kinds[props.kind].subject(props.session.title);
}

/** Blank-line separated paragraphs; empty ones dropped (a message kind with no text shows none). */
function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Subject, HTML and the plain-text alternative (derived from the same tree, so they never disagree). */
export async function renderRegistrationEmail(props: RegistrationEmailProps): Promise<RenderedEmail> {
  const element = <RegistrationEmail {...props} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: emailSubject(props), html, text };
}

/**
 * Kinds whose email carries the personal manage link; each rotates the token, so only the newest
 * such email's link works. Reminders and access details leave it out so they do not kill the link
 * people already have.
 */
export const MANAGE_LINK_KINDS: ReadonlySet<RegistrationEmailKind> = new Set([
  'confirmation',
  'waitlisted',
  'pending_approval',
  'promoted',
  'approved',
  'rescheduled'
]);

const SAMPLE_MESSAGE: Record<EmailLocale, string> = {
  en: 'Dear {firstName},\n\nplease bring your questions about {title}: we will answer them live on {date} at {time}.',
  de: 'Liebe Teilnehmende,\n\nbringen Sie gern Ihre Fragen zu „{title}“ mit: Wir beantworten sie live am {date} um {time}.'
};

/** Realistic props for the preview page, one per kind. */
export function sampleRegistrationProps(kind: RegistrationEmailKind, locale: EmailLocale): RegistrationEmailProps {
  const startsAt = new Date(Date.UTC(2026, 11, 1, 13, 0));
  return {
    kind,
    locale,
    firstName: 'Ada',
    session: {
      title: locale === 'de' ? 'KI-Strategie für den Mittelstand' : 'AI strategy for mid-sized companies',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
      timeZone: 'Europe/Berlin',
      durationMinutes: 60,
      landingUrl: `https://webinars.example.com${locale === 'de' ? '/de' : ''}/webinars/ai-strategy`,
      platform: 'zoom',
      prerequisites:
        locale === 'de' ? 'Bringen Sie eine konkrete Frage aus Ihrem Alltag mit.' : 'Bring one concrete question from your work.',
      materialsUrl: 'https://webinars.example.com/materials/ai-strategy.pdf'
    },
    speakers: [
      {
        name: 'Dr. Anna Schmidt',
        role: 'primary',
        headline: 'Partner, Magnetiq Consulting',
        expertise: ['AI strategy', 'Data governance']
      },
      { name: 'Ben Carter', role: 'moderator', headline: 'Senior Consultant', expertise: ['Change management'] }
    ],
    manageUrl: !MANAGE_LINK_KINDS.has(kind)
      ? null
      : `https://webinars.example.com${locale === 'de' ? '/de' : ''}/registrations/sample-token`,
    waitlistPosition: kind === 'waitlisted' ? 3 : null,
    cancellationReason: null,
    calendar: ['confirmation', 'promoted', 'approved'].includes(kind)
      ? 'request'
      : kind === 'rescheduled'
        ? 'update'
        : kind === 'cancelled' || kind === 'session_cancelled'
          ? 'cancel'
          : null,
    meeting: ['reminder', 'meeting_details', 'rescheduled'].includes(kind)
      ? { url: 'https://zoom.us/j/1234567890', password: 'magnetiq' }
      : null,
    texts: kind === 'message' ? { intro: SAMPLE_MESSAGE[locale] } : undefined,
    supportEmail: 'webinars@magnetiq.local'
  };
}
