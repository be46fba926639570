/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * "You have been invited to sign in": sent to a consultant whose profile an admin gave a login. The
 * link sets the password once and expires; the strings live here (EN and DE) rather than in i18n.ts,
 * which holds the registration emails' texts.
 */
import { Button, Heading, Text, render } from '@react-email/components';
import type { EmailLocale } from './i18n.ts';
import { Layout, styles } from './layout.tsx';

export interface InvitationEmailProps {
  locale: EmailLocale;
  firstName: string;
  link: string;
  expiresAt: Date;
  supportEmail: string;
}

const STRINGS: Record<
  EmailLocale,
  {
    subject: string;
    greeting: (name: string) => string;
    intro: string;
    button: string;
    expires: (when: string) => string;
    ignore: string;
    fallback: string;
  }
> = {
  en: {
    subject: 'Your sign-in for Magnetiq Webinars',
    greeting: (name) => `Hello ${name},`,
    intro:
      'the webinar program team has created a sign-in for you. In the consultant portal you see your sessions, the people registered for them and your figures, and you keep your profile up to date.',
    button: 'Set your password',
    expires: (when) => `The link works once and until ${when} (UTC). If it has expired, ask the program team for a new one.`,
    ignore: 'If you did not expect this email, you can ignore it: nothing happens until the link is used.',
    fallback: 'If the button does not work, copy this address into your browser:'
  },
  de: {
    subject: 'Ihr Zugang zu Magnetiq Webinars',
    greeting: (name) => `Hallo ${name},`,
    intro:
      'das Webinar-Team hat einen Zugang für Sie angelegt. Im Berater-Portal sehen Sie Ihre Termine, die Anmeldungen dazu und Ihre Kennzahlen und pflegen Ihr Profil.',
    button: 'Passwort festlegen',
    expires: (when) =>
      `Der Link funktioniert einmal und bis ${when} (UTC). Ist er abgelaufen, bitten Sie das Webinar-Team um einen neuen.`,
    ignore: 'Falls Sie diese E-Mail nicht erwartet haben, können Sie sie ignorieren: Ohne den Link geschieht nichts.',
    fallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:'
  }
};

function formatExpiry(date: Date, locale: EmailLocale): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC'
  }).format(date);
}

export function InvitationEmail({ locale, firstName, link, expiresAt, supportEmail }: InvitationEmailProps) {
  const t = STRINGS[locale];
  return (
    <Layout locale={locale} preview={t.subject} supportEmail={supportEmail}>
      <Heading as="h1" style={styles.h1}>
        {t.subject}
      </Heading>
      <Text style={styles.text}>{t.greeting(firstName)}</Text>
      <Text style={styles.text}>{t.intro}</Text>
      <Button href={link} style={styles.button}>
        {t.button}
      </Button>
      <Text style={styles.muted}>{t.expires(formatExpiry(expiresAt, locale))}</Text>
      <Text style={styles.muted}>
        {t.fallback} {link}
      </Text>
      <Text style={styles.muted}>{t.ignore}</Text>
    </Layout>
  );
}

/** Subject, HTML and plain text of the invitation email. */
export async function renderInvitationEmail(props: InvitationEmailProps) {
  const element = <InvitationEmail {...props} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: STRINGS[props.locale].subject, html, text };
}
