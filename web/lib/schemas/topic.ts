/**
 * Topic library inputs: the library's filter query string and the EN/DE topic editor. One schema per
 * input, shared by the pages, the services and the tests. Limits mirror the checks in
 * supabase/migrations/20261124100200_create_topics.sql, so what passes here also passes there.
 * Messages are built per request so they come out in the page language, each naming its field.
 *
 * The editor form is flat (no nested objects) so it posts as plain HTML without JavaScript:
 * learning objectives are one per line, the German line N translating the English line N.
 * Descriptions are plain text (the public pages render them as text), so no HTML is stored.
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';
import { SLUG_PATTERN as SLUG } from '../slug.ts';

export const TOPIC_DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;
export const TOPIC_STATUSES = ['draft', 'active', 'archived'] as const;
export const TOPIC_VIEWS = ['list', 'grid'] as const;
export type TopicDifficulty = (typeof TOPIC_DIFFICULTIES)[number];
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

export const TOPIC_PAGE_SIZE = 20;
const MAX_PAGE = 1000;

export const TOPIC_LIMITS = {
  title: 200,
  description: 20000,
  longText: 5000,
  objectives: 20,
  objective: 500,
  category: 60,
  tags: 20,
  tag: 50,
  metaTitle: 70,
  metaDescription: 200,
  url: 2048,
  slug: 120
} as const;

/** Same shapes the database accepts (app.is_slug, app.is_image_url). */
const IMAGE_URL = /^(https?:\/\/[^\s/$.?#][^\s]*|\/[^\s]*)$/i;

// ---------------------------------------------------------------------------------------------------
// Library filters (query string)

export const TOPIC_FILTER_PARAMS = ['q', 'category', 'difficulty', 'status', 'tag', 'page', 'view'] as const;
type FilterParam = (typeof TOPIC_FILTER_PARAMS)[number];

const filterSchema = () => {
  const text = (param: string, max: number) =>
    v.pipe(v.string(), v.trim(), v.maxLength(max, m.admintopic_error_filter({ param })));
  const choice = <T extends readonly string[]>(param: string, options: T) =>
    v.picklist(options, m.admintopic_error_filter({ param }));
  return v.object({
    q: v.optional(text('q', 200)),
    category: v.optional(text('category', TOPIC_LIMITS.category)),
    difficulty: v.optional(choice('difficulty', TOPIC_DIFFICULTIES)),
    status: v.optional(choice('status', TOPIC_STATUSES)),
    tag: v.optional(text('tag', TOPIC_LIMITS.tag)),
    page: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^\d{1,4}$/, m.admintopic_error_filter({ param: 'page' })),
        v.transform(Number),
        v.minValue(1, m.admintopic_error_filter({ param: 'page' })),
        v.maxValue(MAX_PAGE, m.admintopic_error_filter({ param: 'page' }))
      ),
      '1'
    ),
    view: v.optional(choice('view', TOPIC_VIEWS), 'list')
  });
};

export type TopicFilters = v.InferOutput<ReturnType<typeof filterSchema>>;

/** Reads the library filters from a URL; empty values count as absent, a repeated one is an error. */
export function parseTopicFilters(
  params: URLSearchParams
): { ok: true; filters: TopicFilters } | { ok: false; errors: string[] } {
  const raw: Partial<Record<FilterParam, string>> = {};
  const errors: string[] = [];
  for (const param of TOPIC_FILTER_PARAMS) {
    const values = params.getAll(param).filter((value) => value.trim() !== '');
    if (values.length > 1) errors.push(m.admintopic_error_filter({ param }));
    else if (values.length === 1) raw[param] = values[0];
  }
  const result = v.safeParse(filterSchema(), raw);
  if (!result.success) errors.push(...result.issues.map((issue) => issue.message));
  if (errors.length || !result.success) return { ok: false, errors: [...new Set(errors)] };
  return { ok: true, filters: result.output };
}

/** The query string for `filters` with `changes` applied (defaults left out). */
export function topicFiltersToSearch(filters: Partial<TopicFilters>, changes: Partial<TopicFilters> = {}): string {
  const merged: Partial<TopicFilters> = { ...filters, ...changes };
  const out = new URLSearchParams();
  for (const param of TOPIC_FILTER_PARAMS) {
    const value = merged[param];
    if (value === undefined || value === '' || (param === 'page' && value === 1) || (param === 'view' && value === 'list'))
      continue;
    out.set(param, String(value));
  }
  const text = out.toString();
  return text ? `?${text}` : '';
}

// ---------------------------------------------------------------------------------------------------
// Editor form

const labelled = (field: () => string, lang?: 'en' | 'de') =>
  lang ? `${field()} (${lang === 'en' ? m.admintopic_lang_en() : m.admintopic_lang_de()})` : field();

const requiredText = (field: string, max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, m.admintopic_error_required({ field })),
    v.maxLength(max, m.admintopic_error_too_long({ field, max }))
  );
/** Roughly what a reader would see (a check, not a sanitiser: the service sanitises with sanitize-html). */
const visibleText = (value: string) =>
  value
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .trim();

/**
 * A description: the rich-text subset or plain text (sanitised by the service on save). "Required"
 * means visible words, so markup alone (e.g. an empty paragraph from the editor) does not count.
 */
const requiredRichText = (field: string, max: number) =>
  v.pipe(
    requiredText(field, max),
    v.check((value) => visibleText(value) !== '', m.admintopic_error_required({ field }))
  );
const optionalText = (field: string, max: number) =>
  v.pipe(v.string(), v.trim(), v.maxLength(max, m.admintopic_error_too_long({ field, max })));
const imageUrl = (field: string) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(TOPIC_LIMITS.url, m.admintopic_error_too_long({ field, max: TOPIC_LIMITS.url })),
    v.check((s) => s === '' || IMAGE_URL.test(s), m.admintopic_error_url({ field }))
  );
const wholeNumber = (field: string, min: number, max: number) =>
  v.pipe(
    v.number(m.admintopic_error_number({ field, min, max })),
    v.integer(m.admintopic_error_number({ field, min, max })),
    v.minValue(min, m.admintopic_error_number({ field, min, max })),
    v.maxValue(max, m.admintopic_error_number({ field, min, max }))
  );

/** Lines of a textarea, trimmed, blank lines dropped. */
export const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Comma-separated tags, trimmed, lower-cased, de-duplicated. */
export const splitTags = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((tag) => tag.trim().toLowerCase())
      .filter(Boolean)
  )
];

const formFields = () => {
  const objectivesEn = labelled(m.admintopic_field_objectives, 'en');
  const objectivesDe = labelled(m.admintopic_field_objectives, 'de');
  const objectiveLines = (field: string) =>
    v.pipe(
      v.string(),
      v.check(
        (s) => lines(s).length <= TOPIC_LIMITS.objectives,
        m.admintopic_error_too_many({ field, max: TOPIC_LIMITS.objectives })
      ),
      v.check(
        (s) => lines(s).every((line) => line.length <= TOPIC_LIMITS.objective),
        m.admintopic_error_too_long({ field, max: TOPIC_LIMITS.objective })
      )
    );
  const tags = m.admintopic_field_tags();
  const slug = m.admintopic_field_slug();
  return v.object({
    version: v.pipe(v.number(), v.integer(), v.minValue(0)),
    title_en: requiredText(labelled(m.admintopic_field_title, 'en'), TOPIC_LIMITS.title),
    title_de: optionalText(labelled(m.admintopic_field_title, 'de'), TOPIC_LIMITS.title),
    description_en: requiredRichText(labelled(m.admintopic_field_description, 'en'), TOPIC_LIMITS.description),
    description_de: optionalText(labelled(m.admintopic_field_description, 'de'), TOPIC_LIMITS.description),
    prerequisites_en: optionalText(labelled(m.admintopic_field_prerequisites, 'en'), TOPIC_LIMITS.longText),
    prerequisites_de: optionalText(labelled(m.admintopic_field_prerequisites, 'de'), TOPIC_LIMITS.longText),
    target_audience_en: optionalText(labelled(m.admintopic_field_target_audience, 'en'), TOPIC_LIMITS.longText),
    target_audience_de: optionalText(labelled(m.admintopic_field_target_audience, 'de'), TOPIC_LIMITS.longText),
    objectives_en: objectiveLines(objectivesEn),
    objectives_de: objectiveLines(objectivesDe),
    meta_title_en: optionalText(labelled(m.admintopic_field_meta_title, 'en'), TOPIC_LIMITS.metaTitle),
    meta_title_de: optionalText(labelled(m.admintopic_field_meta_title, 'de'), TOPIC_LIMITS.metaTitle),
    meta_description_en: optionalText(labelled(m.admintopic_field_meta_description, 'en'), TOPIC_LIMITS.metaDescription),
    meta_description_de: optionalText(labelled(m.admintopic_field_meta_description, 'de'), TOPIC_LIMITS.metaDescription),
    category: v.pipe(
      requiredText(m.admintopic_field_category(), TOPIC_LIMITS.category),
      v.minLength(2, m.admintopic_error_required({ field: m.admintopic_field_category() }))
    ),
    tags: v.pipe(
      v.string(),
      v.check(
        (s) => splitTags(s).length <= TOPIC_LIMITS.tags,
        m.admintopic_error_too_many({ field: tags, max: TOPIC_LIMITS.tags })
      ),
      v.check(
        (s) => splitTags(s).every((tag) => tag.length <= TOPIC_LIMITS.tag),
        m.admintopic_error_too_long({ field: tags, max: TOPIC_LIMITS.tag })
      )
    ),
    difficulty: v.picklist(TOPIC_DIFFICULTIES, m.admintopic_error_choice({ field: m.admintopic_field_difficulty() })),
    status: v.picklist(TOPIC_STATUSES, m.admintopic_error_choice({ field: m.admintopic_field_status() })),
    default_duration_minutes: wholeNumber(m.admintopic_field_duration(), 15, 600),
    default_price: v.pipe(
      v.number(m.admintopic_error_number({ field: m.admintopic_field_price(), min: 0, max: 99999999 })),
      v.minValue(0, m.admintopic_error_number({ field: m.admintopic_field_price(), min: 0, max: 99999999 })),
      v.maxValue(99999999, m.admintopic_error_number({ field: m.admintopic_field_price(), min: 0, max: 99999999 }))
    ),
    default_capacity: v.nullable(wholeNumber(m.admintopic_field_capacity(), 1, 100000)),
    currency: v.pipe(
      v.string(),
      v.trim(),
      v.toUpperCase(),
      v.regex(/^[A-Z]{3}$/, m.admintopic_error_currency({ field: m.admintopic_field_currency() }))
    ),
    thumbnail_url: imageUrl(m.admintopic_field_thumbnail()),
    promotional_image_url: imageUrl(m.admintopic_field_promo_image()),
    slug: v.pipe(
      v.string(),
      v.trim(),
      v.toLowerCase(),
      v.check(
        (s) => s === '' || (SLUG.test(s) && s.length >= 2 && s.length <= TOPIC_LIMITS.slug),
        m.admintopic_error_slug({ field: slug })
      )
    )
  });
};

type FormFields = v.InferOutput<ReturnType<typeof formFields>>;
type Pair = 'prerequisites' | 'target_audience' | 'meta_title' | 'meta_description';
const PAIR_LABELS: Record<Pair, () => string> = {
  prerequisites: m.admintopic_field_prerequisites,
  target_audience: m.admintopic_field_target_audience,
  meta_title: m.admintopic_field_meta_title,
  meta_description: m.admintopic_field_meta_description
};

/** A German text needs its English original (English is the required language of every text). */
const englishFirst = (name: Pair) =>
  v.forward(
    v.check(
      (input: FormFields) => !input[`${name}_de`] || Boolean(input[`${name}_en`]),
      m.admintopic_error_english_first({ field: labelled(PAIR_LABELS[name], 'en') })
    ),
    [`${name}_en` as `${Pair}_en`]
  );

export const topicFormSchema = () =>
  v.pipe(
    formFields(),
    englishFirst('prerequisites'),
    englishFirst('target_audience'),
    englishFirst('meta_title'),
    englishFirst('meta_description'),
    v.forward(
      v.check(
        (input: FormFields) => lines(input.objectives_de).length <= lines(input.objectives_en).length,
        m.admintopic_error_objectives_de({ field: labelled(m.admintopic_field_objectives, 'de') })
      ),
      ['objectives_de']
    )
  );

export type TopicForm = v.InferOutput<ReturnType<typeof topicFormSchema>>;

/** Bulk actions on the library: the chosen topic ids. */
export const topicSelectionSchema = () =>
  v.object({
    ids: v.pipe(
      v.array(v.pipe(v.string(), v.uuid(m.admintopic_error_selection()))),
      v.minLength(1, m.admintopic_error_selection()),
      v.maxLength(100, m.admintopic_error_selection())
    )
  });

/** Bulk re-categorise: the chosen topics and their new category. */
export const topicRecategoriseSchema = () =>
  v.object({
    ...topicSelectionSchema().entries,
    category: v.pipe(
      v.string(),
      v.trim(),
      v.minLength(2, m.admintopic_error_required({ field: m.admintopic_bulk_category() })),
      v.maxLength(
        TOPIC_LIMITS.category,
        m.admintopic_error_too_long({ field: m.admintopic_bulk_category(), max: TOPIC_LIMITS.category })
      )
    )
  });

/** Restoring a version: which one, and the version of the topic the admin was looking at. */
export const topicRestoreSchema = () =>
  v.object({
    restore: v.pipe(v.string(), v.regex(/^\d{1,6}$/), v.transform(Number)),
    version: v.pipe(v.string(), v.regex(/^\d{1,6}$/), v.transform(Number))
  });

/** A URL slug from a title: ASCII letters and digits, accents folded (ß → ss), joined by hyphens. */
export function slugify(text: string): string {
  const slug = text
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '');
  return slug.length >= 2 ? slug : `topic-${slug}`.replace(/-+$/, '').padEnd(8, '0');
}

/** The editor's page message (superforms `message`). */
export type TopicMessage = { type: 'error' | 'success'; text: string };

/** A new topic's starting values. */
export const newTopicForm = (): TopicForm => ({
  version: 0,
  title_en: '',
  title_de: '',
  description_en: '',
  description_de: '',
  prerequisites_en: '',
  prerequisites_de: '',
  target_audience_en: '',
  target_audience_de: '',
  objectives_en: '',
  objectives_de: '',
  meta_title_en: '',
  meta_title_de: '',
  meta_description_en: '',
  meta_description_de: '',
  category: '',
  tags: '',
  difficulty: 'beginner',
  status: 'draft',
  default_duration_minutes: 60,
  default_price: 0,
  default_capacity: null,
  currency: 'EUR',
  thumbnail_url: '',
  promotional_image_url: '',
  slug: ''
});
