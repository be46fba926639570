/**
 * The admin topic library: filtered, paginated list with usage figures (sessions planned from the
 * topic, registrations across them). Runs in the caller's transaction, so RLS decides what is seen:
 * admins see every topic, anyone else only active ones.
 */
import { sql, type Tx } from '../db/index.ts';
import { TOPIC_PAGE_SIZE, type TopicFilters } from '../../schemas/topic.ts';

export interface LibraryTopic {
  id: string;
  slug: string;
  title: unknown;
  category: string;
  tags: string[];
  difficulty: string;
  status: string;
  thumbnail_url: string | null;
  version: number;
  updated_at: Date;
  sessions_count: number;
  registrations_count: number;
}

export interface TopicLibrary {
  items: LibraryTopic[];
  total: number;
  page: number;
  pages: number;
  categories: string[];
  tags: string[];
}

/** `%text%` for LIKE, with LIKE's own wildcards escaped. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listTopics(tx: Tx, filters: TopicFilters): Promise<TopicLibrary> {
  let query = tx.selectFrom('topics as t');
  if (filters.q) {
    const q = filters.q;
    query = query.where(
      sql<boolean>`(t.search_text like ${contains(q)} escape '\\'
        or t.search_text like '%' || app.search_normalize(${q}) || '%'
        or t.search_vector @@ websearch_to_tsquery('simple'::regconfig, app.search_normalize(${q}))
        or t.slug like ${contains(q.toLowerCase())} escape '\\')`
    );
  }
  if (filters.category) query = query.where(sql<boolean>`lower(t.category) = lower(${filters.category})`);
  if (filters.difficulty) query = query.where('t.difficulty', '=', filters.difficulty);
  if (filters.status) query = query.where('t.status', '=', filters.status);
  if (filters.tag) query = query.where(sql<boolean>`lower(${filters.tag}) = any (array(select lower(x) from unnest(t.tags) x))`);

  const offset = (filters.page - 1) * TOPIC_PAGE_SIZE;
  const [items, count, categories, tags] = await Promise.all([
    query
      .select([
        't.id',
        't.slug',
        't.title',
        't.category',
        't.tags',
        't.difficulty',
        't.status',
        't.thumbnail_url',
        't.version',
        't.updated_at'
      ])
      .select((eb) => [
        eb
          .selectFrom('sessions as s')
          .whereRef('s.topic_id', '=', 't.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('sessions_count'),
        eb
          .selectFrom('registrations as r')
          .innerJoin('sessions as s', 's.id', 'r.session_id')
          .whereRef('s.topic_id', '=', 't.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('registrations_count')
      ])
      .orderBy('t.updated_at', 'desc')
      .orderBy('t.id')
      .limit(TOPIC_PAGE_SIZE)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    tx.selectFrom('topics').select('category').distinct().orderBy('category').execute(),
    sql<{ tag: string }>`select distinct unnest(tags) as tag from public.topics order by 1`.execute(tx)
  ]);
  const total = Number(count.n);
  return {
    items: items.map((row) => ({
      ...row,
      sessions_count: Number(row.sessions_count ?? 0),
      registrations_count: Number(row.registrations_count ?? 0)
    })),
    total,
    page: filters.page,
    pages: Math.max(1, Math.ceil(total / TOPIC_PAGE_SIZE)),
    categories: categories.map((r) => r.category),
    tags: tags.rows.map((r) => r.tag)
  };
}
