import { getLocale } from '#lib/paraglide/runtime.js';

/**
 * Memoises a schema factory per page language. Schemas carry their messages, so they are built per
 * language, but building the registration schema on every request cost ~0.4 ms of CPU (about forty
 * valibot nodes and as many message calls) plus superforms' analysis of it, which superforms caches by
 * schema object and so redid on every request (measured in the registration benchmark's profile).
 * Only for factories whose result depends on nothing but the language: no clock, no data.
 */
export function perLocale<T>(build: () => T): () => T {
  const built = new Map<string, T>();
  return () => {
    const locale = getLocale();
    let schema = built.get(locale);
    if (schema === undefined) {
      schema = build();
      built.set(locale, schema);
    }
    return schema;
  };
}
