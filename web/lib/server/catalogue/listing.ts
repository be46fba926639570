/** The catalogue list: every filter applied in SQL, then one page of cards. */
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import { m } from '../../paraglide/messages.js';
import { PAGE_SIZE, PARAMS, type CatalogueFilters } from '../../schemas/catalogue-filters.ts';
import type { DB, Tx } from '../db/index.ts';
import { cardQuery, type CatalogueCard } from './cards.ts';
import { filterOptionsFor, type FilterOptions } from './options.ts';
import { searchSql } from './search.ts';
import { withState } from './state.ts';
import { periodEnd } from './timeframe.ts';

export interface CataloguePage {
  cards: CatalogueCard[];
  total: number;
  page: number;
  pageCount: number;
}

// Longest allowed session (10 h): lets "has not ended" use the start-time index as a range.
const MAX_DURATION = sql`interval '600 minutes'`;

type Eb = ExpressionBuilder<DB & { s: DB['sessions']; t: DB['topics'] }, 's' | 't'>;

/** Filter values that must name something that exists; returns localised messages for the rest. */
export function unknownFilterValues(filters: CatalogueFilters, options: FilterOptions): string[] {
  const errors: string[] = [];
  if (filters.category && !options.categories.includes(filters.category))
    errors.push(m.catalogue_error_unknown({ param: PARAMS.category }));
  if (filters.speaker && !options.speakers.some((s) => s.slug === filters.speaker))
    errors.push(m.catalogue_error_unknown({ param: PARAMS.speaker }));
  if (filters.expertise.some((e) => !options.expertise.includes(e)))
    errors.push(m.catalogue_error_unknown({ param: PARAMS.expertise }));
  return errors;
}

/** Sessions with at least one speaker (from the public view) matching `where`. */
function speakerWhere(eb: Eb, where: Expression<SqlBool>) {
  return eb(
    's.id',
    'in',
    eb
      .selectFrom('session_speakers as ss')
      .innerJoin('public_consultants as c', 'c.id', 'ss.consultant_id')
      .select('ss.session_id')
      .where(where)
  );
}

function conditions(eb: Eb, f: CatalogueFilters, zone: string, speakerId: string | undefined) {
  const list: Expression<SqlBool>[] = [];
  if (f.timeframe === 'past') {
    list.push(eb('s.status', 'in', ['published', 'live', 'completed']), eb('s.ends_at', '<=', sql<Date>`now()`));
  } else {
    list.push(
      eb('s.status', 'in', ['published', 'live']),
      eb('s.ends_at', '>', sql<Date>`now()`),
      eb('s.starts_at', '>', sql<Date>`now() - ${MAX_DURATION}`)
    );
    if (f.timeframe === 'this-week') list.push(eb('s.starts_at', '<', periodEnd('week', zone)));
    if (f.timeframe === 'this-month') list.push(eb('s.starts_at', '<', periodEnd('month', zone)));
  }
  if (f.category) list.push(eb('t.category', '=', f.category));
  if (f.difficulty) list.push(eb('t.difficulty', '=', f.difficulty));
  if (f.price === 'free') list.push(eb('s.price', '=', '0'));
  if (f.price === 'paid') list.push(eb('s.price', '>', '0'));
  if (f.language !== 'all') list.push(eb('s.language', '=', f.language));
  if (f.sessionType !== 'all') list.push(eb('s.session_type', '=', f.sessionType));
  if (speakerId)
    list.push(
      eb('s.id', 'in', eb.selectFrom('session_speakers as ss').select('ss.session_id').where('ss.consultant_id', '=', speakerId))
    );
  if (f.consultantType !== 'all') list.push(speakerWhere(eb, sql<SqlBool>`c.consultant_type = ${f.consultantType}`));
  if (f.expertise.length) list.push(speakerWhere(eb, sql<SqlBool>`c.expertise && ${sql.val(f.expertise)}::text[]`));
  if (f.consultation) list.push(speakerWhere(eb, sql<SqlBool>`c.available_for_consultations`));
  if (f.minRating !== undefined) {
    list.push(
      eb(
        's.id',
        'in',
        eb
          .selectFrom('session_speakers as ss')
          .select('ss.session_id')
          .where(
            'ss.consultant_id',
            'in',
            eb
              .selectFrom('public_consultant_stats as st')
              .select('st.consultant_id')
              .where('st.rating_avg', '>=', String(f.minRating))
          )
      )
    );
  }
  if (f.panelSize) {
    // Speakers on stage: the primary and the panelists (a moderator does not make a panel).
    const onStage = sql<number>`(select count(*) from public.session_speakers ss where ss.session_id = s.id and ss.role <> 'moderator')`;
    if (f.panelSize === 'single') list.push(sql<SqlBool>`${onStage} = 1`);
    if (f.panelSize === 'small-panel') list.push(sql<SqlBool>`${onStage} between 2 and 3`);
    if (f.panelSize === 'large-panel') list.push(sql<SqlBool>`${onStage} >= 4`);
  }
  if (f.q) list.push(searchSql(f.q).matches);
  return eb.and(list);
}

/**
 * One page of cards for the filters; `zone` decides where "this week" ends. Two steps: the page's ids
 * and the total from narrow rows (the window count keeps every matching row, so wide card columns
 * there spill to disk with thousands of sessions), then the cards for those ids only.
 */
export async function listCatalogue(tx: Tx, f: CatalogueFilters, zone: string, options: FilterOptions): Promise<CataloguePage> {
  const speakerId = f.speaker ? options.speakers.find((s) => s.slug === f.speaker)?.id : undefined;
  let query = tx
    .selectFrom('sessions as s')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .select(['s.id', sql<number>`count(*) over ()`.as('total')])
    .where((eb) => conditions(eb as unknown as Eb, f, zone, speakerId));
  if (f.q) query = query.orderBy(searchSql(f.q).rank, 'desc');
  query = f.timeframe === 'past' ? query.orderBy('s.starts_at', 'desc') : query.orderBy('s.starts_at', 'asc');
  const ids = await query
    .orderBy('s.id')
    .limit(PAGE_SIZE)
    .offset((f.page - 1) * PAGE_SIZE)
    .execute();
  let total = ids[0]?.total ?? 0;
  if (ids.length === 0 && f.page > 1) {
    // Past the last page: count separately so the page can link back to the last one.
    const counted = await tx
      .selectFrom('sessions as s')
      .innerJoin('topics as t', 't.id', 's.topic_id')
      .select(sql<number>`count(*)`.as('n'))
      .where((eb) => conditions(eb as unknown as Eb, f, zone, speakerId))
      .executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  const rows = ids.length
    ? await cardQuery(tx)
        .where(
          's.id',
          'in',
          ids.map((r) => r.id)
        )
        .execute()
    : [];
  const byId = new Map(rows.map((card) => [card.id, card]));
  return {
    // Same transaction, so every id of the page is there; keep the page's order.
    cards: ids.map((r) => byId.get(r.id)).filter((card): card is CatalogueCard => card !== undefined),
    total,
    page: f.page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE))
  };
}

/**
 * The overview page: filter choices, refusal of unknown values, then the page of cards with states.
 * `anonymous` lets the filter choices come from the process-wide cache (options.ts).
 */
export async function browseCatalogue(tx: Tx, f: CatalogueFilters, zone: string, anonymous = false) {
  const options = await filterOptionsFor(tx, anonymous);
  const errors = unknownFilterValues(f, options);
  if (errors.length) return { ok: false as const, errors };
  const page = await listCatalogue(tx, f, zone, options);
  const now = new Date();
  return { ok: true as const, options, ...page, cards: page.cards.map((card) => withState(card, now)) };
}
