/**
 * The saved topic as visitors would read it on a session page, in one language: the texts a
 * session inherits (title, rich-text description, objectives, audience, prerequisites) rendered
 * through the same sanitiser as the landing page, with the same fallback to the other language.
 */
import { pickText, type TranslatedText } from '../../i18n/text.ts';
import type { Tx } from '../db/index.ts';
import { richTextToHtml } from '../rich-text.ts';

export interface TopicPreview {
  id: string;
  slug: string;
  status: string;
  lang: 'en' | 'de';
  title: { text: string; fallback: boolean };
  descriptionHtml: string;
  objectives: string[];
  targetAudience: string | null;
  prerequisites: string | null;
  metaTitle: string;
  metaDescription: string;
}

export async function getTopicPreview(tx: Tx, id: string, lang: 'en' | 'de'): Promise<TopicPreview | null> {
  const row = await tx
    .selectFrom('topics')
    .select([
      'id',
      'slug',
      'status',
      'title',
      'description',
      'learning_objectives',
      'target_audience',
      'prerequisites',
      'seo_meta_title',
      'seo_meta_description'
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const text = (value: unknown) => (value ? pickText(value as TranslatedText, lang).text || null : null);
  const title = pickText(row.title as TranslatedText, lang);
  const description = pickText(row.description as TranslatedText, lang).text;
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    lang,
    title: { text: title.text, fallback: title.fallback },
    descriptionHtml: richTextToHtml(description),
    objectives: ((row.learning_objectives ?? []) as TranslatedText[]).map((o) => pickText(o, lang).text),
    targetAudience: text(row.target_audience),
    prerequisites: text(row.prerequisites),
    metaTitle: text(row.seo_meta_title) ?? title.text,
    metaDescription: text(row.seo_meta_description) ?? ''
  };
}
