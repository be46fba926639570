/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The pragmas make every runner (tsx, Vite, vitest) use the automatic React runtime, even where
// tsconfig.json is not read (it extends the generated $app/tsconfig).
/**
 * The frame every email shares: branded header, content, support contact and legal footer. Inline
 * styles only, because many mail clients strip <style> blocks.
 */
import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import { EMAIL_STRINGS, type EmailLocale } from './i18n.ts';

export const BRAND_COLOR = '#1d3a8a';

export const styles = {
  body: { backgroundColor: '#f4f5f7', fontFamily: 'Helvetica, Arial, sans-serif', color: '#1f2328', margin: 0 },
  container: { backgroundColor: '#ffffff', maxWidth: '600px', margin: '24px auto', borderRadius: '6px', overflow: 'hidden' },
  header: { backgroundColor: BRAND_COLOR, padding: '20px 32px' },
  brand: { color: '#ffffff', fontSize: '20px', fontWeight: 700, margin: 0 },
  tagline: { color: '#c9d4f5', fontSize: '13px', margin: '4px 0 0' },
  content: { padding: '8px 32px 24px' },
  h1: { fontSize: '22px', lineHeight: '28px', margin: '16px 0 8px' },
  h2: { fontSize: '16px', lineHeight: '22px', margin: '24px 0 8px' },
  text: { fontSize: '15px', lineHeight: '22px', margin: '8px 0' },
  muted: { fontSize: '13px', lineHeight: '19px', color: '#57606a', margin: '8px 0' },
  button: {
    backgroundColor: BRAND_COLOR,
    color: '#ffffff',
    padding: '12px 20px',
    borderRadius: '4px',
    fontSize: '15px',
    fontWeight: 600,
    textDecoration: 'none',
    display: 'inline-block'
  },
  footer: { padding: '16px 32px 24px', backgroundColor: '#f9fafb' }
} as const;

export interface LayoutProps {
  locale: EmailLocale;
  preview: string;
  supportEmail: string;
  children: ReactNode;
}

export function Layout({ locale, preview, supportEmail, children }: LayoutProps) {
  const t = EMAIL_STRINGS[locale];
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section style={styles.header}>
            <Text style={styles.brand}>{t.brand}</Text>
            <Text style={styles.tagline}>{t.tagline}</Text>
          </Section>
          <Section style={styles.content}>{children}</Section>
          <Section style={styles.footer}>
            <Text style={{ ...styles.text, fontWeight: 600 }}>{t.supportHeading}</Text>
            <Text style={styles.muted}>
              {t.support}{' '}
              <Link href={`mailto:${supportEmail}`} style={{ color: BRAND_COLOR }}>
                {supportEmail}
              </Link>
            </Text>
            <Hr />
            <Text style={styles.muted}>{t.footerReason}</Text>
            <Text style={styles.muted}>{t.legal}</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
