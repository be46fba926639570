/**
 * The catalogue's filter query string (spec: WebinarFilters). One schema for the page, the service and
 * the tests; messages are built per request so they come out in the page language.
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';
import { SLUG_PATTERN } from '../slug.ts';

export const TIMEFRAMES = ['all-upcoming', 'this-week', 'this-month', 'past'] as const;
export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;
export const PRICES = ['all', 'free', 'paid'] as const;
export const CONSULTANT_TYPES = ['all', 'internal', 'external', 'partner'] as const;
export const SESSION_TYPES = ['all', 'single-speaker', 'panel-discussion', 'workshop', 'q-and-a'] as const;
export const PANEL_SIZES = ['single', 'small-panel', 'large-panel'] as const;
export const LANGUAGES = ['all', 'en', 'de'] as const;
export const MIN_RATINGS = ['1', '2', '3', '3.5', '4', '4.5'] as const;

export const PAGE_SIZE = 12;
export const MAX_PAGE = 1000;
export const MAX_SEARCH_LENGTH = 200;
const MAX_EXPERTISE = 10;

/** Query-string names, as they appear in shareable URLs. */
export const PARAMS = {
  timeframe: 'timeframe',
  category: 'category',
  difficulty: 'difficulty',
  price: 'price',
  speaker: 'speaker',
  consultantType: 'consultant-type',
  expertise: 'expertise',
  minRating: 'min-rating',
  consultation: 'consultation',
  sessionType: 'session-type',
  panelSize: 'panel-size',
  language: 'language',
  q: 'q',
  page: 'page'
} as const;

type Key = keyof typeof PARAMS;

const choice = <T extends readonly string[]>(param: string, options: T) =>
  v.picklist(options, m.catalogue_error_choice({ param, allowed: options.join(', ') }));

const freeText = (param: string, max: number) =>
  v.pipe(v.string(), v.trim(), v.maxLength(max, m.catalogue_error_too_long({ param, max })));

const schema = () =>
  v.object({
    timeframe: v.optional(choice(PARAMS.timeframe, TIMEFRAMES), 'all-upcoming'),
    category: v.optional(freeText(PARAMS.category, 60)),
    difficulty: v.optional(choice(PARAMS.difficulty, DIFFICULTIES)),
    price: v.optional(choice(PARAMS.price, PRICES), 'all'),
    speaker: v.optional(
      v.pipe(v.string(), v.regex(SLUG_PATTERN, m.catalogue_error_unknown({ param: PARAMS.speaker })), v.maxLength(200))
    ),
    consultantType: v.optional(choice(PARAMS.consultantType, CONSULTANT_TYPES), 'all'),
    expertise: v.pipe(
      v.array(freeText(PARAMS.expertise, 100)),
      v.maxLength(MAX_EXPERTISE, m.catalogue_error_too_many({ param: PARAMS.expertise, max: MAX_EXPERTISE }))
    ),
    minRating: v.optional(v.pipe(choice(PARAMS.minRating, MIN_RATINGS), v.transform(Number))),
    consultation: v.optional(
      v.pipe(
        v.picklist(['1', 'true', 'on'], m.catalogue_error_choice({ param: PARAMS.consultation, allowed: '1' })),
        v.transform(() => true)
      ),
      // An absent checkbox means "don't care".
      () => undefined
    ),
    sessionType: v.optional(choice(PARAMS.sessionType, SESSION_TYPES), 'all'),
    panelSize: v.optional(choice(PARAMS.panelSize, PANEL_SIZES)),
    language: v.optional(choice(PARAMS.language, LANGUAGES), 'all'),
    q: v.optional(freeText(PARAMS.q, MAX_SEARCH_LENGTH)),
    page: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^\d{1,4}$/, m.catalogue_error_page({ max: MAX_PAGE })),
        v.transform(Number),
        v.minValue(1, m.catalogue_error_page({ max: MAX_PAGE })),
        v.maxValue(MAX_PAGE, m.catalogue_error_page({ max: MAX_PAGE }))
      ),
      '1'
    )
  });

export type CatalogueFilters = v.InferOutput<ReturnType<typeof schema>>;

export type FilterParseResult = { ok: true; filters: CatalogueFilters } | { ok: false; errors: string[] };

/**
 * Reads the filters from a URL's query string. Empty values (a form's untouched select) count as
 * absent; a single-valued filter given twice is an error rather than a silent pick.
 */
export function parseCatalogueFilters(params: URLSearchParams): FilterParseResult {
  const raw: Record<string, unknown> = { expertise: [] };
  const errors: string[] = [];
  for (const [key, param] of Object.entries(PARAMS) as [Key, string][]) {
    const values = params.getAll(param).filter((value) => value.trim() !== '');
    if (key === 'expertise') raw.expertise = [...new Set(values.map((value) => value.trim()))];
    else if (values.length > 1) errors.push(m.catalogue_error_repeated({ param }));
    else if (values.length === 1) raw[key] = values[0];
  }
  const result = v.safeParse(schema(), raw);
  if (!result.success) errors.push(...result.issues.map((issue) => issue.message));
  if (errors.length || !result.success) return { ok: false, errors: [...new Set(errors)] };
  return { ok: true, filters: result.output };
}

/** The query string for `filters` with `changes` applied; defaults are left out to keep URLs short. */
export function filtersToSearch(filters: Partial<CatalogueFilters>, changes: Partial<CatalogueFilters> = {}): string {
  const merged = { ...filters, ...changes };
  const out = new URLSearchParams();
  const defaults: Partial<Record<Key, unknown>> = {
    timeframe: 'all-upcoming',
    price: 'all',
    consultantType: 'all',
    sessionType: 'all',
    language: 'all',
    page: 1
  };
  for (const [key, param] of Object.entries(PARAMS) as [Key, string][]) {
    const value = merged[key];
    if (value === undefined || value === null || value === '' || value === false || value === defaults[key]) continue;
    if (Array.isArray(value)) for (const item of value) out.append(param, String(item));
    else out.set(param, value === true ? '1' : String(value));
  }
  const text = out.toString();
  return text ? `?${text}` : '';
}

/** True when any filter narrows the list (the page offers "clear filters" then). */
export function hasActiveFilters(filters: CatalogueFilters): boolean {
  return filtersToSearch({ ...filters, page: 1 }) !== '';
}
