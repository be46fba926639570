/** Template previews for the admin mailbox: every kind rendered with sample props, in EN or DE. */
import { REGISTRATION_EMAIL_KINDS, type EmailLocale, type RegistrationEmailKind } from '../../../../emails/i18n.ts';
import { renderRegistrationEmail, sampleRegistrationProps, type RenderedEmail } from '../../../../emails/registration.email.tsx';

export const PREVIEW_TEMPLATES: readonly RegistrationEmailKind[] = REGISTRATION_EMAIL_KINDS;

export function isPreviewTemplate(name: string): name is RegistrationEmailKind {
  return (PREVIEW_TEMPLATES as readonly string[]).includes(name);
}

export function renderPreview(template: RegistrationEmailKind, locale: EmailLocale): Promise<RenderedEmail> {
  return renderRegistrationEmail(sampleRegistrationProps(template, locale));
}
