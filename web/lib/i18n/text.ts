/** Content texts are stored as `{"en": …, "de": …}`; English is required, German optional. */
export type Locale = 'en' | 'de';
export type TranslatedText = { en: string; de?: string | null };

export interface PickedText {
  text: string;
  /** The language the text is really in (differs from the request when we fell back). */
  lang: Locale;
  fallback: boolean;
}

/** The text in `locale`, falling back to the other language (English is always there). */
export function pickText(value: unknown, locale: Locale): PickedText {
  const text = (value ?? {}) as Partial<Record<Locale, string | null>>;
  const wanted = text[locale]?.trim();
  if (wanted) return { text: wanted, lang: locale, fallback: false };
  const other: Locale = locale === 'en' ? 'de' : 'en';
  const fallback = text[other]?.trim();
  if (fallback) return { text: fallback, lang: other, fallback: true };
  return { text: '', lang: locale, fallback: false };
}
