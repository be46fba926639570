/**
 * The public catalogue as an anonymous visitor sees it: every filter alone and combined, pagination
 * edges, search (stemming, transliteration, typos, names) and bad filter values. Test rows live in a
 * category of their own, so other files' rows never change the counts.
 */
import ical from 'node-ical';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogueFilters, PAGE_SIZE } from '../../web/lib/schemas/catalogue-filters.ts';
import { withRls } from '../../web/lib/server/db/index.ts';
import { listCatalogue, unknownFilterValues } from '../../web/lib/server/catalogue/listing.ts';
import { loadFilterOptions } from '../../web/lib/server/catalogue/options.ts';
import { buildSessionIcs } from '../../web/lib/server/catalogue/calendar.ts';
import { recordPageView, visitorHash } from '../../web/lib/server/catalogue/page-views.ts';
import { isoWithOffset } from '../../web/lib/server/catalogue/seo.ts';
import { ownerPool } from './support/db.ts';
import { createConsultant, createRegistration, createSession, createTopic, unique } from './support/factories.ts';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const fromNow = (ms: number) => new Date(Date.now() + ms);

/** Lists the catalogue as anon for a query string; throws when the filters are refused. */
async function list(query: string, zone = 'Europe/Berlin') {
  const parsed = parseCatalogueFilters(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.errors.join(' | '));
  return withRls(null, async (tx) => {
    const options = await loadFilterOptions(tx);
    const unknown = unknownFilterValues(parsed.filters, options);
    if (unknown.length) throw new Error(unknown.join(' | '));
    return listCatalogue(tx, parsed.filters, zone, options);
  });
}

/** Errors for a query string (parse errors and unknown values), as the page would show them. */
async function errorsFor(query: string) {
  const parsed = parseCatalogueFilters(new URLSearchParams(query));
  if (!parsed.ok) return parsed.errors;
  return withRls(null, async (tx) => unknownFilterValues(parsed.filters, await loadFilterOptions(tx)));
}

const slugs = async (query: string) => (await list(query)).cards.map((c) => c.slug).sort();

describe('catalogue filters', () => {
  const u = unique();
  const category = `cat-${u}`;
  const scope = `category=${category}`;
  const s: Record<string, string> = {};

  beforeAll(async () => {
    const expertX = `Zymurgy ${u}`;
    const x = await createConsultant({ consultant_type: 'internal', expertise: [expertX], available_for_consultations: true });
    const y = await createConsultant({ consultant_type: 'partner', expertise: [`Other ${u}`] });
    const z = await createConsultant({ consultant_type: 'external' });
    const w = await createConsultant({ consultant_type: 'external' });
    const beginner = await createTopic({ category, difficulty: 'beginner' });
    const advanced = await createTopic({ category, difficulty: 'advanced' });
    const mk = async (name: string, columns: Record<string, unknown>) => {
      s[name] = `${name}-${u}`;
      return createSession({ slug: s[name], ...columns });
    };
    await mk('soon', {
      topicId: beginner,
      speakers: [{ consultantId: x, role: 'primary' }],
      startsAt: fromNow(10 * 60 * 1000),
      price: 0,
      language: 'en'
    });
    await mk('nextweek', {
      topicId: advanced,
      speakers: [{ consultantId: y, role: 'primary' }],
      startsAt: fromNow(8 * DAY),
      price: 99,
      language: 'de',
      session_type: 'workshop'
    });
    await mk('panel', {
      topicId: beginner,
      speakers: [
        { consultantId: y, role: 'primary' },
        { consultantId: x, role: 'panelist' },
        { consultantId: z, role: 'panelist' },
        { consultantId: w, role: 'panelist' }
      ],
      startsAt: fromNow(40 * DAY),
      session_type: 'panel-discussion'
    });
    await mk('duo', {
      topicId: advanced,
      speakers: [
        { consultantId: z, role: 'primary' },
        { consultantId: w, role: 'panelist' },
        { consultantId: y, role: 'moderator' }
      ],
      startsAt: fromNow(41 * DAY),
      session_type: 'panel-discussion'
    });
    const past = await mk('past', {
      topicId: beginner,
      speakers: [{ consultantId: x, role: 'primary' }],
      startsAt: fromNow(-10 * DAY),
      status: 'completed'
    });
    await createRegistration({ sessionId: past, status: 'attended', rating: 5 });
    await createRegistration({ sessionId: past, status: 'attended', rating: 4 });
    await createSession({
      slug: `draft-${u}`,
      topicId: beginner,
      speakers: [{ consultantId: x, role: 'primary' }],
      status: 'draft'
    });
    s.expertX = expertX;
  });

  it('category alone lists the upcoming public sessions of that category, soonest first, never drafts', async () => {
    const page = await list(scope);
    expect(page.cards.map((c) => c.slug)).toEqual([s.soon, s.nextweek, s.panel, s.duo]);
    expect(page.total).toBe(4);
  });

  it('timeframe: this week, this month, past', async () => {
    expect(await slugs(`${scope}&timeframe=this-week`)).toEqual([s.soon]);
    // "next week" (in 8 days) may already fall into next month.
    const month = (d: Date) => new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', month: 'numeric' }).format(d);
    const nextWeekThisMonth = month(fromNow(8 * DAY)) === month(new Date());
    expect(await slugs(`${scope}&timeframe=this-month`)).toEqual(nextWeekThisMonth ? [s.nextweek, s.soon].sort() : [s.soon]);
    expect(await slugs(`${scope}&timeframe=past`)).toEqual([s.past]);
  });

  it('difficulty, price, language and session type', async () => {
    expect(await slugs(`${scope}&difficulty=advanced`)).toEqual([s.duo, s.nextweek].sort());
    expect(await slugs(`${scope}&price=paid`)).toEqual([s.nextweek]);
    expect(await slugs(`${scope}&price=free`)).toEqual([s.soon, s.panel, s.duo].sort());
    expect(await slugs(`${scope}&language=de`)).toEqual([s.nextweek]);
    expect(await slugs(`${scope}&session-type=workshop`)).toEqual([s.nextweek]);
  });

  it('speaker, consultant type, expertise, consultation and minimum rating', async () => {
    const speakers = await withRls(null, (tx) => loadFilterOptions(tx));
    const page = await list(scope);
    const xSlug = page.cards.find((c) => c.slug === s.soon)!.speakers[0].slug;
    expect(speakers.speakers.map((p) => p.slug)).toContain(xSlug);
    expect(await slugs(`${scope}&speaker=${xSlug}`)).toEqual([s.soon, s.panel].sort());
    expect(await slugs(`${scope}&consultant-type=partner`)).toEqual([s.nextweek, s.panel, s.duo].sort());
    expect(await slugs(`${scope}&expertise=${encodeURIComponent(s.expertX)}`)).toEqual([s.soon, s.panel].sort());
    expect(await slugs(`${scope}&consultation=1`)).toEqual([s.soon, s.panel].sort());
    // x has ratings 5 and 4 (average 4.5); nobody else in this category has any.
    expect(await slugs(`${scope}&min-rating=4.5`)).toEqual([s.soon, s.panel].sort());
    expect(page.cards.find((c) => c.slug === s.soon)!.speakers[0]).toMatchObject({ rating_avg: 4.5, rating_count: 2 });
  });

  it('panel size counts the speakers on stage, not the moderator', async () => {
    expect(await slugs(`${scope}&panel-size=single`)).toEqual([s.soon, s.nextweek].sort());
    expect(await slugs(`${scope}&panel-size=small-panel`)).toEqual([s.duo]);
    expect(await slugs(`${scope}&panel-size=large-panel`)).toEqual([s.panel]);
  });

  it('combined filters narrow together', async () => {
    expect(await slugs(`${scope}&difficulty=beginner&price=free&consultant-type=partner`)).toEqual([s.panel]);
    expect(await slugs(`${scope}&language=de&price=paid&session-type=workshop&difficulty=advanced`)).toEqual([s.nextweek]);
    expect(await slugs(`${scope}&timeframe=this-week&difficulty=advanced`)).toEqual([]);
  });

  it('the search box combines with filters', async () => {
    expect(await slugs(`${scope}&q=Thema&difficulty=advanced`)).toEqual([s.duo, s.nextweek].sort());
    expect(await slugs(`${scope}&q=Topic`)).toEqual([s.soon, s.nextweek, s.panel, s.duo].sort());
  });
});

describe('catalogue pagination', () => {
  const category = `pages-${unique()}`;
  const total = PAGE_SIZE * 2 + 1;
  beforeAll(async () => {
    const consultantId = await createConsultant();
    const topicId = await createTopic({ category });
    for (let i = 0; i < total; i++) {
      await createSession({ topicId, speakers: [{ consultantId, role: 'primary' }], startsAt: fromNow((i + 1) * DAY) });
    }
  });

  it('splits into full pages, a last partial page and a stable order without repeats', async () => {
    const pages = await Promise.all([1, 2, 3].map((p) => list(`category=${category}&page=${p}`)));
    expect(pages.map((p) => p.cards.length)).toEqual([PAGE_SIZE, PAGE_SIZE, 1]);
    expect(pages.every((p) => p.total === total && p.pageCount === 3)).toBe(true);
    const all = pages.flatMap((p) => p.cards.map((c) => c.slug));
    expect(new Set(all).size).toBe(total);
    const starts = pages.flatMap((p) => p.cards.map((c) => new Date(c.starts_at).getTime()));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('a page past the end is empty but still knows the total, so the page can link back', async () => {
    const beyond = await list(`category=${category}&page=9`);
    expect(beyond).toMatchObject({ cards: [], total, pageCount: 3, page: 9 });
  });
});

describe('catalogue search on the demo data', () => {
  // Demo topics about artificial intelligence (seed.sql); the other topics never mention it.
  const aiTopics = [
    'ai-strategy-for-mid-sized-companies',
    'generative-ai-in-practice',
    'change-management-ai-era',
    'eu-ai-act-compliance',
    'machine-learning-operations'
  ];
  const isAi = (slug: string) => aiTopics.some((topic) => slug.startsWith(topic));

  for (const q of ['kuenstliche intelligenz', 'Künstliche Intelligenz', 'artifical inteligence']) {
    it(`"${q}" finds the upcoming AI sessions and nothing else`, async () => {
      const found = (await list(`q=${encodeURIComponent(q)}`)).cards.map((c) => c.slug);
      expect(found).toEqual(expect.arrayContaining(['ai-strategy-for-mid-sized-companies-s24', 'generative-ai-in-practice-s17']));
      expect(found.filter((slug) => !isAi(slug))).toEqual([]);
    });
  }

  it('stems English and German words ("strategies" finds "strategy", "Strategien" finds "Strategie")', async () => {
    for (const q of ['strategies', 'Strategien']) {
      const page = await list(`q=${q}`);
      expect(page.cards.some((c) => c.slug.startsWith('ai-strategy-for-mid-sized-companies'))).toBe(true);
    }
  });

  it('finds sessions by speaker name, also with a typed transliteration', async () => {
    const page = await list('q=Hannah%20Mueller');
    expect(page.total).toBeGreaterThan(0);
    expect(page.cards.every((c) => c.speakers.some((sp) => sp.last_name === 'Müller'))).toBe(true);
  });

  it('finds nothing for nonsense', async () => {
    expect((await list('q=xqzvwpl')).total).toBe(0);
  });
});

describe('bad filter values', () => {
  it.each([
    ['difficulty=expert', '“difficulty”'],
    ['timeframe=tomorrow', '“timeframe”'],
    ['price=cheap', '“price”'],
    ['session-type=keynote', '“session-type”'],
    ['panel-size=huge', '“panel-size”'],
    ['language=fr', '“language”'],
    ['min-rating=7', '“min-rating”'],
    ['consultation=maybe', '“consultation”'],
    ['page=0', '“page”'],
    ['page=abc', '“page”'],
    ['page=-1', '“page”'],
    [`q=${'x'.repeat(201)}`, '“q”'],
    ['difficulty=beginner&difficulty=advanced', '“difficulty”'],
    ['category=No%20such%20category', '“category”'],
    ['speaker=nobody-here', '“speaker”'],
    ['speaker=DROP%20TABLE', '“speaker”'],
    ['expertise=Alchemy', '“expertise”']
  ])('%s is refused with a message naming the parameter', async (query, param) => {
    const errors = await errorsFor(query);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join(' ')).toContain(param);
  });

  it('unknown parameters (utm tags) and empty values are ignored', async () => {
    expect(await errorsFor('utm_source=linkedin&difficulty=&category=')).toEqual([]);
  });
});

describe('time zones and daylight saving', () => {
  it('structured data carries the session zone offset on both sides of the Berlin DST change', () => {
    // 25 Oct 2026, 03:00 CEST → 02:00 CET.
    expect(isoWithOffset(new Date('2026-10-24T12:00:00Z'), 'Europe/Berlin')).toBe('2026-10-24T14:00:00+02:00');
    expect(isoWithOffset(new Date('2026-10-26T12:00:00Z'), 'Europe/Berlin')).toBe('2026-10-26T13:00:00+01:00');
    expect(isoWithOffset(new Date('2026-10-26T12:00:00Z'), 'UTC')).toBe('2026-10-26T12:00:00+00:00');
  });

  const sessionIcs = (startsAt: string, endsAt: string, timeZone: string) =>
    buildSessionIcs({
      sessionId: '00000000-0000-4000-8000-000000000001',
      title: 'Night owls',
      description: timeZone,
      startsAt: new Date(startsAt),
      endsAt: new Date(endsAt),
      timeZone,
      url: 'https://example.org/webinars/x',
      sequence: 3
    });
  const parsedEvent = (ics: string) => {
    const parsed = ical.sync.parseICS(ics);
    const events = Object.values(parsed).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    expect(events).toHaveLength(1);
    return { event: events[0], zones: Object.values(parsed).filter((c) => c?.type === 'VTIMEZONE') };
  };

  it.each([
    // Last Sunday of October 2026 (25 Oct): the Monday after is CET, the Saturday before still CEST.
    ['2026-10-26T09:00:00Z', '2026-10-26T10:30:00Z', 'Europe/Berlin', '20261026T100000', '20261026T113000'],
    ['2026-10-24T08:00:00Z', '2026-10-24T09:00:00Z', 'Europe/Berlin', '20261024T100000', '20261024T110000'],
    // Last Sunday of March 2027 (28 Mar): from 03:00 that day CEST.
    ['2027-03-28T08:00:00Z', '2027-03-28T09:00:00Z', 'Europe/Berlin', '20270328T100000', '20270328T110000'],
    ['2027-03-27T09:00:00Z', '2027-03-27T10:00:00Z', 'Europe/Berlin', '20270327T100000', '20270327T110000'],
    // Zones without DST, the UTC link written as its canonical Etc/UTC.
    ['2026-12-01T01:00:00Z', '2026-12-01T02:00:00Z', 'Asia/Tokyo', '20261201T100000', '20261201T110000'],
    ['2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', 'UTC', '20261201T100000', '20261201T110000']
  ])('the .ics for %s in %s… gives the session zone’s wall time with its VTIMEZONE', (start, end, zone, wallStart, wallEnd) => {
    const ics = sessionIcs(start, end, zone);
    const tzid = zone === 'UTC' ? 'Etc/UTC' : zone;
    expect(ics).toContain(`\r\nDTSTART;TZID=${tzid}:${wallStart}\r\n`);
    expect(ics).toContain(`\r\nDTEND;TZID=${tzid}:${wallEnd}\r\n`);
    const { event, zones } = parsedEvent(ics);
    expect(zones).toHaveLength(1);
    expect(ics).toContain(`BEGIN:VTIMEZONE\r\nTZID:${tzid}\r\n`);
    if (zone === 'Europe/Berlin') expect(ics).toMatch(/RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU/); // DST rules travel along
    // An independent parser lands on the same instants.
    expect(event.start.toISOString()).toBe(new Date(start).toISOString());
    expect(event.end!.toISOString()).toBe(new Date(end).toISOString());
    expect(event.start.tz).toBe(tzid);
    // Everything else ics makes is still there.
    expect(event.uid).toBe('session-00000000-0000-4000-8000-000000000001@magnetiq-webinars');
    expect(Number(event.sequence)).toBe(3);
    expect(ics).toContain('METHOD:PUBLISH');
    expect(String(event.url)).toBe('https://example.org/webinars/x');
  });

  it('a session that starts in summer time and ends after the change keeps its real length in the .ics', () => {
    // 01:30 CEST (23:30Z) for 120 minutes ends at 02:30 CET (01:30Z): two hours, not three. 02:30
    // happens twice that night and a zoned time would mean the first one, so the file keeps UTC.
    const ics = sessionIcs('2026-10-24T23:30:00Z', '2026-10-25T01:30:00Z', 'Europe/Berlin');
    expect(ics).toContain('DTSTART:20261024T233000Z');
    expect(ics).toContain('DTEND:20261025T013000Z');
    expect(ics).not.toContain('BEGIN:VTIMEZONE');
    const { event } = parsedEvent(ics);
    expect(event.end!.getTime() - event.start.getTime()).toBe(2 * HOUR);
  });
});

describe('page views', () => {
  const base = {
    path: '/webinars/x',
    ip: '203.0.113.7',
    referrer: null,
    url: new URL('https://example.org/webinars/x?utm_source=linkedin'),
    language: 'en' as const,
    purpose: null as string | null,
    secret: 'test-secret-0123456789abcdef0123456789'
  };

  it('records a visit as anon with a daily-rotating hash and utm tags; bots and prefetches are skipped', async () => {
    const consultantId = await createConsultant();
    const sessionId = await createSession({ speakers: [{ consultantId, role: 'primary' }] });
    const browser = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0';
    const record = (extra: Partial<typeof base> & { userAgent: string | null }) =>
      withRls(null, (tx) => recordPageView(tx, { ...base, sessionId, ...extra }));
    expect(await record({ userAgent: browser })).toBe(true);
    expect(await record({ userAgent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' })).toBe(false);
    expect(await record({ userAgent: browser, purpose: 'prefetch' })).toBe(false);
    const { rows } = await ownerPool().query('select visitor_hash, utm_source from public.page_views where session_id = $1', [
      sessionId
    ]);
    expect(rows).toEqual([{ visitor_hash: visitorHash(base.secret, base.ip, browser), utm_source: 'linkedin' }]);
    // Same person, next day: a different id, so visits cannot be linked across days.
    const tomorrow = new Date(Date.now() + DAY);
    expect(visitorHash(base.secret, base.ip, browser, tomorrow)).not.toBe(visitorHash(base.secret, base.ip, browser));
  });
});
