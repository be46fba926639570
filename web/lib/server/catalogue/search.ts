/**
 * Full-text search over the catalogue: stemmed EN+DE documents (topics and session overrides), typo
 * tolerance with trigrams, and speaker names. Ranking: stemmed match weight (title > tags > body),
 * then trigram closeness, then a speaker-name hit.
 */
import { sql, type RawBuilder } from 'kysely';

/** Typed transliterations ("kuenstliche", "groesse") folded to what unaccent makes of ü, ö, ä. */
export function foldTransliterations(text: string): string {
  return text.toLowerCase().replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
}

// Below this many characters trigrams match almost anything, so only words count.
const MIN_TRIGRAM_LENGTH = 4;
// word_similarity threshold: "artifical inteligence" ~ "artificial intelligence" scores ~0.65, unrelated
// words stay below 0.4.
const TRIGRAM_THRESHOLD = 0.5;
const NAME_THRESHOLD = 0.7;

export interface SearchSql {
  /** Condition on `s` (sessions) rows; topics are reached through `s.topic_id`. */
  matches: RawBuilder<boolean>;
  /** Higher is better. */
  rank: RawBuilder<number>;
}

/** SQL fragments for a search text; every value is a bound parameter. */
export function searchSql(text: string): SearchSql {
  const variants = [...new Set([text, foldTransliterations(text)])];
  const tsquery = sql.join(
    variants.flatMap((v) => [
      sql`websearch_to_tsquery('english'::regconfig, app.search_normalize(${v}))`,
      sql`websearch_to_tsquery('german'::regconfig, app.search_normalize(${v}))`
    ]),
    sql` || `
  );
  const normalized = sql`app.search_normalize(${foldTransliterations(text)})`;
  const useTrigram = text.length >= MIN_TRIGRAM_LENGTH;
  const similarity = (column: RawBuilder<unknown>) =>
    useTrigram ? sql`extensions.word_similarity(${normalized}, coalesce(${column}, ''))` : sql`0`;
  const sessionSimilarity = similarity(sql`s.search_text`);
  // Topic documents are large and shared by many sessions: match and score each visible topic once
  // (an uncorrelated subquery runs once per query) instead of once per session row.
  const topicScores = sql`(
    select coalesce(jsonb_object_agg(tt.id, jsonb_build_array(
             tt.search_stemmed @@ (${tsquery}), ts_rank(tt.search_stemmed, ${tsquery}), ${similarity(sql`tt.search_text`)})), '{}')
    from public.topics tt)`;
  const topicHit = sql`(${topicScores} -> s.topic_id::text ->> 0)::boolean`;
  const topicRank = sql`(${topicScores} -> s.topic_id::text ->> 1)::real`;
  const topicSimilarity = sql`(${topicScores} -> s.topic_id::text ->> 2)::real`;
  // Folded names, so "Mueller" finds "Müller".
  const speakerHit = sql`s.id in (
    select ss.session_id from public.session_speakers ss
    join public.public_consultants c on c.id = ss.consultant_id
    where extensions.word_similarity(${normalized},
      app.search_normalize(c.first_name || ' ' || c.last_name)) >= ${NAME_THRESHOLD})`;

  const matches = sql<boolean>`(
    ${topicHit} or s.search_stemmed @@ (${tsquery})
    or greatest(${topicSimilarity}, ${sessionSimilarity}) >= ${TRIGRAM_THRESHOLD}
    or ${speakerHit})`;
  const rank = sql<number>`(
    ${topicRank} + ts_rank(s.search_stemmed, ${tsquery})
    + 0.5 * greatest(${topicSimilarity}, ${sessionSimilarity})
    + case when ${speakerHit} then 0.5 else 0 end)`;
  return { matches, rank };
}
