/**
 * The registrations list (across sessions or for one session): filtered, paginated rows and the
 * summary counts by status for the same scope. Admins only (see access.ts).
 */
import type { AdminRegistrationStatus, RegistrationFilters } from '../../schemas/admin-registrations.ts';
import { REGISTRATION_STATUSES } from '../../schemas/admin-registrations.ts';
import type { TranslatedText } from '../../i18n/text.ts';
import { sql, type JwtClaims, type Tx } from '../db/index.ts';
import { asAdmin } from './access.ts';

export const PAGE_SIZE = 50;

export interface RegistrationListItem {
  id: string;
  session_id: string;
  session_title: TranslatedText;
  session_starts_at: Date;
  first_name: string;
  last_name: string;
  email: string;
  company: string | null;
  position: string | null;
  status: AdminRegistrationStatus;
  registered_at: Date;
  marketing_consent: boolean;
  consultant_follow_up_consent: boolean;
  joined_at: Date | null;
  attendance_minutes: number | null;
  erased: boolean;
}

export interface SessionOption {
  id: string;
  title: TranslatedText;
  starts_at: Date;
  requires_approval: boolean;
}

export interface RegistrationList {
  items: RegistrationListItem[];
  total: number;
  page: number;
  pages: number;
  counts: Record<AdminRegistrationStatus, number> & { all: number };
  sessions: SessionOption[];
  session: SessionOption | null;
  zone: string;
  demographics: Demographics;
}

/** The most frequent answers among the listed people (all filters applied, erased rows left out). */
export interface Demographics {
  companies: DemographicEntry[];
  positions: DemographicEntry[];
  industries: DemographicEntry[];
  /** How many of the listed people these figures describe. */
  people: number;
}
export interface DemographicEntry {
  value: string;
  count: number;
}

/** Entries shown per dimension; the rest is summed up as "other" by the page. */
export const DEMOGRAPHICS_TOP = 8;

/** `%`, `_` and `\\` are literal in the search text. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function baseQuery(tx: Tx) {
  return tx
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('topics as t', 't.id', 's.topic_id');
}

/** Registrations joined to their session, with every filter but status and page (the counts' scope). */
export function scopedQuery(tx: Tx, filters: RegistrationFilters) {
  let q = baseQuery(tx);
  if (filters.session) q = q.where('r.session_id', '=', filters.session);
  if (filters.marketing) q = q.where('r.marketing_consent', '=', filters.marketing === 'yes');
  if (filters.q) {
    const pattern = likePattern(filters.q);
    q = q.where((eb) =>
      eb.or([
        eb(sql<string>`r.first_name || ' ' || r.last_name`, 'ilike', pattern),
        eb('r.email', 'ilike', pattern),
        eb('r.company', 'ilike', pattern)
      ])
    );
  }
  return q;
}

const ITEM_COLUMNS = [
  'r.id',
  'r.session_id',
  's.starts_at as session_starts_at',
  'r.first_name',
  'r.last_name',
  'r.email',
  'r.company',
  'r.position',
  'r.status',
  'r.registered_at',
  'r.marketing_consent',
  'r.consultant_follow_up_consent',
  'r.joined_at',
  'r.attendance_minutes'
] as const;

/** One page of the filtered list, the counts by status and the session picker's options. */
export async function listRegistrations(claims: JwtClaims | null, filters: RegistrationFilters): Promise<RegistrationList> {
  return asAdmin(claims, async (tx) => {
    const page = filters.page ?? 1;
    const scoped = scopedQuery(tx, filters);
    const withStatus = filters.status ? scoped.where('r.status', '=', filters.status) : scoped;

    const rows = await withStatus
      .select(ITEM_COLUMNS)
      .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('session_title'))
      .select(sql<boolean>`r.erased_at is not null`.as('erased'))
      .orderBy('r.registered_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute();

    const grouped = await scoped
      .select(['r.status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('r.status')
      .execute();
    const counts = Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as RegistrationList['counts'];
    counts.all = 0;
    for (const row of grouped) {
      counts[row.status as AdminRegistrationStatus] = Number(row.n);
      counts.all += Number(row.n);
    }
    const total = filters.status ? counts[filters.status] : counts.all;

    const demographics = await loadDemographics(withStatus);

    const sessions = await tx
      .selectFrom('sessions as s')
      .innerJoin('topics as t', 't.id', 's.topic_id')
      .select(['s.id', 's.starts_at', 's.requires_approval'])
      .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
      .where('s.status', '<>', 'draft')
      .orderBy('s.starts_at', 'desc')
      .limit(500)
      .execute();
    let session = sessions.find((s) => s.id === filters.session) ?? null;
    if (filters.session && !session) {
      session =
        (await tx
          .selectFrom('sessions as s')
          .innerJoin('topics as t', 't.id', 's.topic_id')
          .select(['s.id', 's.starts_at', 's.requires_approval'])
          .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
          .where('s.id', '=', filters.session)
          .executeTakeFirst()) ?? null;
    }
    const zone =
      (await tx.selectFrom('program_settings').select('default_timezone').executeTakeFirst())?.default_timezone ??
      'Europe/Berlin';

    return {
      items: rows as RegistrationListItem[],
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      counts,
      sessions,
      session,
      zone,
      demographics
    };
  });
}

/**
 * Top answers per free-text field, grouped case- and space-insensitively ("ACME ", "acme" are one
 * company) and labelled with the most common spelling. Country is not asked for by the
 * registration form, so there is no country breakdown.
 */
async function loadDemographics(scope: ReturnType<typeof scopedQuery>): Promise<Demographics> {
  const live = scope.where('r.erased_at', 'is', null);
  const top = async (column: 'r.company' | 'r.position' | 'r.industry_vertical') => {
    const rows = await live
      .select([
        sql<string>`mode() within group (order by btrim(${sql.ref(column)}))`.as('value'),
        (eb) => eb.fn.countAll<number>().as('count')
      ])
      .where(sql<boolean>`nullif(btrim(${sql.ref(column)}), '') is not null`)
      .groupBy(sql`lower(btrim(${sql.ref(column)}))`)
      .orderBy('count', 'desc')
      .orderBy('value')
      .limit(DEMOGRAPHICS_TOP)
      .execute();
    return rows.map((r) => ({ value: r.value, count: Number(r.count) }));
  };
  // One after another: they share the transaction's connection.
  const companies = await top('r.company');
  const positions = await top('r.position');
  const industries = await top('r.industry_vertical');
  const people = await live.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { companies, positions, industries, people: Number(people?.n ?? 0) };
}
