/**
 * Figures for the admin overview dashboard (issue 5, part 1). Runs under the admin's RLS (admins
 * read everything), so a non-admin caller gets zeros and empty lists, never other people's data.
 * Every figure is computed from the rows in one pass of SQL per block; nothing is cached, so what
 * the page shows is true at the moment it renders.
 */
import { sql } from 'kysely';
import type { TranslatedText } from '../../i18n/text.ts';
import type { Tx } from '../db/index.ts';

/** The window of the conversion funnel and the weekly chart. */
export const FUNNEL_DAYS = 90;
export const WEEKS = 12;
/** Drafts starting within this many days are flagged as a pending task. */
export const DRAFT_SOON_DAYS = 14;

export interface Overview {
  /** The program's default zone, for times that belong to no session. */
  zone: string;
  totals: {
    sessions: number;
    upcoming: number;
    registrations: number;
    consultants: number;
    /** Attended ÷ (attended + no-show + still "confirmed") over completed sessions; null before any. */
    attendanceRate: number | null;
    /** Completed payments per currency. */
    revenue: { currency: string; amount: number }[];
  };
  tasks: {
    approvalsWaiting: number;
    withoutMeetingUrl: { id: string; title: TranslatedText; starts_at: Date; timezone: string }[];
    draftsSoon: { id: string; title: TranslatedText; starts_at: Date; timezone: string }[];
  };
  /** Last FUNNEL_DAYS days: landing-page visitors → registrations → attended. */
  funnel: { visitors: number; registrations: number; attended: number };
  weekly: { week: string; registrations: number }[];
  popularTopics: { id: string; title: TranslatedText; registrations: number; sessions: number }[];
  consultants: {
    id: string;
    name: string;
    sessions_held: number;
    attendees_reached: number;
    rating_avg: number | null;
    rating_count: number;
  }[];
  recentRegistrations: {
    id: string;
    name: string;
    status: string;
    registered_at: Date;
    session_title: TranslatedText;
  }[];
  recentlyCompleted: {
    id: string;
    slug: string;
    title: TranslatedText;
    starts_at: Date;
    timezone: string;
    confirmed_count: number;
    attended_count: number;
  }[];
  nextSessions: {
    id: string;
    slug: string;
    status: string;
    starts_at: Date;
    timezone: string;
    confirmed_count: number;
    capacity: number | null;
    title: TranslatedText;
  }[];
}

const sessionTitle = sql<TranslatedText>`coalesce(s.title, t.title)`;

export async function programOverview(tx: Tx): Promise<Overview> {
  const totals = await sql<{
    sessions: number;
    upcoming: number;
    registrations: number;
    consultants: number;
    attended: number;
    seated: number;
    approvals: number;
  }>`
    select
      (select count(*) from public.sessions)::int as sessions,
      (select count(*) from public.sessions where status in ('published', 'live') and starts_at > now())::int as upcoming,
      (select count(*) from public.registrations where erased_at is null)::int as registrations,
      (select count(*) from public.consultants where is_active)::int as consultants,
      (select count(*) from public.registrations r join public.sessions s on s.id = r.session_id
        where s.status = 'completed' and r.status = 'attended')::int as attended,
      (select count(*) from public.registrations r join public.sessions s on s.id = r.session_id
        where s.status = 'completed' and r.status in ('attended', 'no_show', 'confirmed'))::int as seated,
      (select count(*) from public.registrations where status = 'pending_approval')::int as approvals`.execute(tx);
  const t = totals.rows[0];

  const revenue = await tx
    .selectFrom('registrations')
    .select(['payment_currency as currency', sql<string>`sum(payment_amount)`.as('amount')])
    .where('payment_status', '=', 'completed')
    .where('payment_currency', 'is not', null)
    .groupBy('payment_currency')
    .orderBy('payment_currency')
    .execute();

  const withoutMeetingUrl = await upcomingSessions(tx)
    .where('s.status', 'in', ['published', 'live'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('session_meetings as m')
            .select('m.session_id')
            .whereRef('m.session_id', '=', 's.id')
            .where('m.meeting_url', 'is not', null)
        )
      )
    )
    .execute();
  const draftsSoon = await upcomingSessions(tx)
    .where('s.status', '=', 'draft')
    .where('s.starts_at', '<', sql<Date>`now() + make_interval(days => ${DRAFT_SOON_DAYS})`)
    .execute();

  const funnel = await sql<{ visitors: number; registrations: number; attended: number }>`
    select
      (select count(distinct (visitor_hash, viewed_at::date)) from public.page_views
        where session_id is not null and viewed_at > now() - make_interval(days => ${FUNNEL_DAYS}))::int as visitors,
      (select count(*) from public.registrations
        where registered_at > now() - make_interval(days => ${FUNNEL_DAYS}))::int as registrations,
      (select count(*) from public.registrations
        where registered_at > now() - make_interval(days => ${FUNNEL_DAYS}) and status = 'attended')::int as attended`.execute(
    tx
  );

  // Every week of the window, including weeks without registrations (a gap is information too).
  const weekly = await sql<{ week: string; registrations: number }>`
    select to_char(w.week, 'YYYY-MM-DD') as week, count(r.id)::int as registrations
    from generate_series(date_trunc('week', now()) - make_interval(weeks => ${WEEKS - 1}), date_trunc('week', now()), interval '1 week') as w(week)
    left join public.registrations r on date_trunc('week', r.registered_at) = w.week
    group by w.week order by w.week`.execute(tx);

  const popularTopics = await tx
    .selectFrom('topics as t')
    .innerJoin('sessions as s', 's.topic_id', 't.id')
    .leftJoin('registrations as r', (join) =>
      join
        .onRef('r.session_id', '=', 's.id')
        .on('r.status', 'in', ['confirmed', 'attended', 'no_show', 'pending_approval', 'pending_payment'])
    )
    .select(['t.id', sql<TranslatedText>`t.title`.as('title')])
    .select((eb) => [eb.fn.count<number>('r.id').as('registrations'), sql<number>`count(distinct s.id)`.as('sessions')])
    .groupBy(['t.id', 't.title'])
    .orderBy('registrations', 'desc')
    .orderBy('t.id')
    .limit(5)
    .execute();

  const consultants = await tx
    .selectFrom('public_consultant_stats as st')
    .innerJoin('consultants as c', 'c.id', 'st.consultant_id')
    .select(['c.id', 'st.sessions_held', 'st.attendees_reached', 'st.rating_avg', 'st.rating_count'])
    .select(sql<string>`concat_ws(' ', c.title, c.first_name, c.last_name)`.as('name'))
    .orderBy('st.attendees_reached', 'desc')
    .orderBy('st.sessions_held', 'desc')
    .orderBy('c.last_name')
    .limit(8)
    .execute();

  const recentRegistrations = await tx
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .select(['r.id', 'r.status', 'r.registered_at'])
    .select(sql<string>`r.first_name || ' ' || r.last_name`.as('name'))
    .select(sessionTitle.as('session_title'))
    .where('r.erased_at', 'is', null)
    .orderBy('r.registered_at', 'desc')
    .limit(8)
    .execute();

  const recentlyCompleted = await tx
    .selectFrom('sessions as s')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .select(['s.id', 's.slug', 's.starts_at', 's.timezone', 's.confirmed_count', 's.attended_count'])
    .select(sessionTitle.as('title'))
    .where('s.status', '=', 'completed')
    .orderBy('s.starts_at', 'desc')
    .limit(5)
    .execute();

  const nextSessions = await upcomingSessions(tx)
    .select(['s.slug', 's.status', 's.confirmed_count', 's.capacity'])
    .where('s.status', '<>', 'cancelled')
    .execute();

  const f = funnel.rows[0];
  const settings = await tx.selectFrom('program_settings').select('default_timezone').executeTakeFirst();
  return {
    zone: settings?.default_timezone ?? 'Europe/Berlin',
    totals: {
      sessions: t.sessions,
      upcoming: t.upcoming,
      registrations: t.registrations,
      consultants: t.consultants,
      attendanceRate: t.seated > 0 ? t.attended / t.seated : null,
      revenue: revenue.map((r) => ({ currency: r.currency ?? '', amount: Number(r.amount) }))
    },
    tasks: { approvalsWaiting: t.approvals, withoutMeetingUrl, draftsSoon },
    funnel: { visitors: f.visitors, registrations: f.registrations, attended: f.attended },
    weekly: weekly.rows,
    popularTopics: popularTopics.map((p) => ({ ...p, registrations: Number(p.registrations), sessions: Number(p.sessions) })),
    consultants: consultants.map((c) => ({
      ...c,
      rating_avg: c.rating_avg === null ? null : Number(c.rating_avg),
      sessions_held: Number(c.sessions_held),
      attendees_reached: Number(c.attendees_reached),
      rating_count: Number(c.rating_count)
    })),
    recentRegistrations,
    recentlyCompleted,
    nextSessions
  };
}

/** Sessions that have not started yet, soonest first (for the pending-task lists). */
function upcomingSessions(tx: Tx) {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .select(['s.id', 's.starts_at', 's.timezone'])
    .select(sessionTitle.as('title'))
    .where('s.starts_at', '>', sql<Date>`now()`)
    .orderBy('s.starts_at')
    .limit(10);
}
