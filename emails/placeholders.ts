/**
 * Placeholders in admin-written email texts (the settings' per-kind overrides and messages to
 * registrants). One list and one filler, used by the form validation, the live preview and the
 * composer, so what the preview shows is what gets sent.
 */
export const EMAIL_PLACEHOLDERS = ['title', 'firstName', 'date', 'time'] as const;
export type EmailPlaceholder = (typeof EMAIL_PLACEHOLDERS)[number];
export type PlaceholderValues = Record<EmailPlaceholder, string>;

/** The placeholder names in `text` that are not allowed, each once, in order of appearance. */
export function unknownPlaceholders(text: string): string[] {
  const found = [...text.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]);
  return [...new Set(found.filter((name) => !(EMAIL_PLACEHOLDERS as readonly string[]).includes(name)))];
}

/** Fills the placeholders; unknown ones are left as they are (the forms refuse them before saving). */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(/\{([^{}]*)\}/g, (whole, name: string) => (name in values ? values[name as EmailPlaceholder] : whole));
}
