/**
 * The editable fields of a topic, how the EN/DE form maps onto them, and a canonical form of their
 * values so diffs (audit entries, version history) compare meaning rather than key order or the
 * formatting of numbers.
 */
import { lines, slugify, splitTags, type TopicForm } from '../../schemas/topic.ts';
import type { TranslatedText } from '../../i18n/text.ts';
import { sanitizeRichText } from '../rich-text.ts';

/** Columns an admin edits, in the order the history shows them; a restore writes exactly these. */
export const EDITABLE_FIELDS = [
  'slug',
  'status',
  'title',
  'description',
  'learning_objectives',
  'prerequisites',
  'target_audience',
  'category',
  'tags',
  'difficulty',
  'default_duration_minutes',
  'default_price',
  'default_capacity',
  'currency',
  'thumbnail_url',
  'promotional_image_url',
  'seo_meta_title',
  'seo_meta_description',
  'seo_keywords'
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface TopicValues {
  slug: string;
  status: string;
  title: TranslatedText;
  description: TranslatedText;
  learning_objectives: TranslatedText[];
  prerequisites: TranslatedText | null;
  target_audience: TranslatedText | null;
  category: string;
  tags: string[];
  difficulty: string;
  default_duration_minutes: number;
  default_price: string;
  default_capacity: number | null;
  currency: string;
  thumbnail_url: string | null;
  promotional_image_url: string | null;
  seo_meta_title: TranslatedText | null;
  seo_meta_description: TranslatedText | null;
  seo_keywords: string[];
}

/** Form fields the editor does not show (kept as they are on update). */
export type FormValues = Omit<TopicValues, 'seo_keywords'>;

const translated = (en: string, de: string): TranslatedText => (de ? { de, en } : { en });
const optionalTranslated = (en: string, de: string): TranslatedText | null => (en ? translated(en, de) : null);

/** The form's flat EN/DE fields as column values; an empty slug is generated from the English title. */
export function formToValues(form: TopicForm): FormValues {
  const objectivesEn = lines(form.objectives_en);
  const objectivesDe = lines(form.objectives_de);
  return {
    slug: form.slug || slugify(form.title_en),
    status: form.status,
    title: translated(form.title_en, form.title_de),
    // Sanitised here, on save, to the rich-text allowlist (plain text stays as typed).
    description: translated(sanitizeRichText(form.description_en), sanitizeRichText(form.description_de)),
    learning_objectives: objectivesEn.map((en, i) => translated(en, objectivesDe[i] ?? '')),
    prerequisites: optionalTranslated(form.prerequisites_en, form.prerequisites_de),
    target_audience: optionalTranslated(form.target_audience_en, form.target_audience_de),
    category: form.category,
    tags: splitTags(form.tags),
    difficulty: form.difficulty,
    default_duration_minutes: form.default_duration_minutes,
    default_price: form.default_price.toFixed(2),
    default_capacity: form.default_capacity,
    currency: form.currency,
    thumbnail_url: form.thumbnail_url || null,
    promotional_image_url: form.promotional_image_url || null,
    seo_meta_title: optionalTranslated(form.meta_title_en, form.meta_title_de),
    seo_meta_description: optionalTranslated(form.meta_description_en, form.meta_description_de)
  };
}

const text = (value: unknown, lang: 'en' | 'de') => {
  const t = value as Partial<TranslatedText> | null | undefined;
  return (t?.[lang] ?? '').toString();
};

/** A stored topic (row or snapshot) as the editor's form data. */
export function valuesToForm(row: Record<string, unknown>): TopicForm {
  const objectives = (Array.isArray(row.learning_objectives) ? row.learning_objectives : []) as TranslatedText[];
  return {
    version: Number(row.version ?? 0),
    title_en: text(row.title, 'en'),
    title_de: text(row.title, 'de'),
    description_en: text(row.description, 'en'),
    description_de: text(row.description, 'de'),
    prerequisites_en: text(row.prerequisites, 'en'),
    prerequisites_de: text(row.prerequisites, 'de'),
    target_audience_en: text(row.target_audience, 'en'),
    target_audience_de: text(row.target_audience, 'de'),
    objectives_en: objectives.map((o) => text(o, 'en')).join('\n'),
    objectives_de: objectives.map((o) => text(o, 'de')).join('\n'),
    meta_title_en: text(row.seo_meta_title, 'en'),
    meta_title_de: text(row.seo_meta_title, 'de'),
    meta_description_en: text(row.seo_meta_description, 'en'),
    meta_description_de: text(row.seo_meta_description, 'de'),
    category: String(row.category ?? ''),
    tags: ((row.tags as string[] | null) ?? []).join(', '),
    difficulty: String(row.difficulty ?? 'beginner') as TopicForm['difficulty'],
    status: String(row.status ?? 'draft') as TopicForm['status'],
    default_duration_minutes: Number(row.default_duration_minutes ?? 60),
    default_price: Number(row.default_price ?? 0),
    default_capacity: row.default_capacity == null ? null : Number(row.default_capacity),
    currency: String(row.currency ?? 'EUR'),
    thumbnail_url: String(row.thumbnail_url ?? ''),
    promotional_image_url: String(row.promotional_image_url ?? ''),
    slug: String(row.slug ?? '')
  };
}

/** Deep copy with object keys sorted and blank German texts dropped, so equal meaning compares equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => !(key === 'de' && (v === null || v === '')))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, v]) => [key, canonical(v)]);
    return Object.fromEntries(entries);
  }
  return value;
}

/** The editable fields of a row or snapshot in canonical form (money as a 2-decimal string). */
export function pickEditable(row: Record<string, unknown>, fields: readonly EditableField[] = EDITABLE_FIELDS) {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    let value = row[field] ?? null;
    if (field === 'default_price' && value !== null) value = Number(value).toFixed(2);
    if (field === 'default_duration_minutes' || field === 'default_capacity') value = value === null ? null : Number(value);
    out[field] = canonical(value);
  }
  return out;
}

/** A field's value as one line of text for the history diff (language-neutral). */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(displayValue).join(' · ');
  if (typeof value === 'object') {
    const t = value as Record<string, unknown>;
    if ('en' in t) return t.de ? `EN: ${t.en} | DE: ${t.de}` : `EN: ${t.en}`;
    return JSON.stringify(value);
  }
  return String(value);
}
