/** URL slugs: lowercase words and digits joined by single hyphens, as the database's app.is_slug() checks. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Slugs are at most this long; anything longer cannot exist, so callers skip the query. */
export const MAX_SLUG_LENGTH = 200;

/** True when `value` has the shape of a slug (pages answer 404 without querying otherwise). */
export const isSlug = (value: string): boolean => value.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(value);
