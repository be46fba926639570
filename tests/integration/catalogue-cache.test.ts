/**
 * The catalogue micro-cache (web/lib/server/catalogue/response-cache.ts) and the cached filter
 * choices: served from memory when nothing changed, fresh on the request after a committed change to
 * a session, never for signed-in visitors, one entry per URL/language/zone, bounded, and concurrent
 * misses rendered once. Renders run the real catalogue queries as anon against the test database;
 * changes are made as the owner and reach the cache through the NOTIFY triggers.
 *
 * Other test files change catalogue tables at the same time, and every change empties the cache, so
 * "served from the cache" is only asserted when no change arrived in between (`whileUnchanged`). The
 * TTL here is a minute: anything fresh within the test came from invalidation, not expiry.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogueFilters } from '../../web/lib/schemas/catalogue-filters.ts';
import { withRls } from '../../web/lib/server/db/index.ts';
import { browseCatalogue } from '../../web/lib/server/catalogue/listing.ts';
import { filterOptionsFor } from '../../web/lib/server/catalogue/options.ts';
import {
  catalogueGeneration,
  listening,
  startCatalogueChanges,
  stopCatalogueChanges
} from '../../web/lib/server/catalogue/changes.ts';
import { ResponseCache, type ChangeSource, type ResponseCacheOptions } from '../../web/lib/server/catalogue/response-cache.ts';
import { ownerPool } from './support/db.ts';
import { createConsultant, createSession, createTopic, unique } from './support/factories.ts';

const ORIGIN = 'http://catalogue.test';
const MINUTE = 60_000;

/** What the route renders, reduced to what a card shows: language, zone and the cards' live fields. */
async function renderCatalogue(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const lang = url.pathname.startsWith('/de/') ? 'de' : 'en';
  const zone = /(?:^|;\s*)tz=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? 'Europe/Berlin';
  const parsed = parseCatalogueFilters(url.searchParams);
  if (!parsed.ok) return new Response(parsed.errors.join('\n'), { status: 400 });
  const result = await withRls(null, (tx) => browseCatalogue(tx, parsed.filters, zone, true));
  if (!result.ok) return new Response(result.errors.join('\n'), { status: 400 });
  const cards = result.cards.map((c) => ({ slug: c.slug, title: c.title.en, seats: c.seats_left, status: c.status }));
  return new Response(JSON.stringify({ lang, zone, cards }), { headers: { 'content-type': 'application/json' } });
}

/**
 * A change source that never changes: for the tests of the cache's own rules (hits, keys, bounds,
 * coalescing). Other test files change the catalogue all the time, which (rightly) empties a cache on
 * the real source; the invalidation tests below use the real one.
 */
const QUIET: ChangeSource = { generation: () => 0, listening: () => true, onChange: () => {}, start: () => {} };
const once = <T>(fn: () => Promise<T>) => fn();

function makeCache(options: Partial<ResponseCacheOptions> = {}) {
  const cache = new ResponseCache({ ttlMs: MINUTE, maxEntries: 100, maxBytes: 1024 * 1024, ...options });
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await cache.handle(new Request(ORIGIN + path, { headers }), () =>
      renderCatalogue(new Request(ORIGIN + path, { headers }))
    );
    return { response, outcome: response.headers.get('x-cache'), body: await response.text() };
  };
  return { cache, get };
}

/** Resolves once the listener has seen a change after this call (or fails after 5 s). */
async function nextChange(since: number): Promise<void> {
  const until = Date.now() + 5000;
  while (catalogueGeneration() === since) {
    if (Date.now() > until) throw new Error('no catalogue change notification within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Commits `sql` as the owner and waits for its notification to reach the listener. */
async function change(sql: string, params: unknown[]) {
  const since = catalogueGeneration();
  await ownerPool().query(sql, params);
  await nextChange(since);
}

const cardsOf = (body: string) =>
  (JSON.parse(body) as { cards: { slug: string; title: string; seats: number | null; status: string }[] }).cards;

describe('catalogue response cache', () => {
  const u = unique();
  const category = `cache-${u}`;
  const list = `/webinars?category=${category}`;
  let sessionId = '';
  const slug = `cached-${u}`;

  beforeAll(async () => {
    await startCatalogueChanges();
    expect(listening()).toBe(true);
    const consultant = await createConsultant();
    const topicId = await createTopic({ category });
    sessionId = await createSession({
      slug,
      topicId,
      capacity: 40,
      title: { en: `Original ${u}` },
      speakers: [{ consultantId: consultant, role: 'primary' }]
    });
    const other = await createTopic({ category });
    await createSession({ topicId: other, capacity: 10, speakers: [{ consultantId: consultant, role: 'primary' }] });
  });

  afterAll(async () => {
    await stopCatalogueChanges();
  });

  it('serves a repeated anonymous request from memory without rendering again', async () => {
    const { cache, get } = makeCache({ changes: QUIET });
    const [first, second, rendersBetween] = await once(async () => {
      cache.clear();
      const renders = cache.renders;
      const a = await get(list);
      const b = await get(list, { cookie: '' });
      return [a, b, cache.renders - renders] as const;
    });
    expect(first.outcome).toBe('MISS');
    expect(second.outcome).toBe('HIT');
    expect(rendersBetween).toBe(1);
    expect(second.body).toBe(first.body);
    expect(cardsOf(second.body).map((c) => c.slug)).toContain(slug);
    expect(second.response.headers.get('vary')).toMatch(/cookie/i);
    expect(second.response.headers.get('cache-control')).toBe('no-cache');
  });

  it('shows a change to seats, title and status on the next request, well before the TTL', async () => {
    const { get } = makeCache();
    const card = async () => cardsOf((await get(list)).body).find((c) => c.slug === slug);
    expect(await card()).toMatchObject({ seats: 40, title: `Original ${u}` });

    await change('update public.sessions set capacity = 39 where id = $1', [sessionId]);
    expect((await card())?.seats).toBe(39);

    await change(`update public.sessions set title = jsonb_build_object('en', $2::text) where id = $1`, [
      sessionId,
      `Renamed ${u}`
    ]);
    expect((await card())?.title).toBe(`Renamed ${u}`);

    await change(
      `update public.sessions set status = 'cancelled', cancelled_at = now(), cancellation_reason = 'test' where id = $1`,
      [sessionId]
    );
    expect(await card()).toBeUndefined();
  });

  it('never stores or serves pages for requests with a session cookie', async () => {
    const { cache, get } = makeCache({ changes: QUIET });
    const cookie = 'sb-access-token=eyJhbGciOi; tz=Europe/Berlin';
    const renders = cache.renders;
    const a = await get(list, { cookie });
    const b = await get(list, { cookie });
    expect([a.outcome, b.outcome]).toEqual(['BYPASS', 'BYPASS']);
    expect(cache.renders - renders).toBe(0); // bypasses are not counted as cacheable renders
    expect(cache.size.entries).toBe(0);
    expect(a.response.headers.get('cache-control')).toBe('private, no-store');
    // Nor does a signed-in request get an anonymous copy that is already cached.
    await once(async () => {
      await get(list);
      expect((await get(list, { cookie })).outcome).toBe('BYPASS');
    });
  });

  it('only caches a cookie header that is exactly one time-zone choice, so no zone is stored under another', async () => {
    const { cache, get } = makeCache({ changes: QUIET });
    // A cookie parser keeping the first duplicate renders Tokyo; a key reading the last would say Berlin.
    for (const cookie of [
      'tz=Asia/Tokyo; tz=Europe/Berlin',
      'tz=\u00a0Europe/Berlin',
      'tz="Europe/Berlin"',
      'tz=Europe/Berlin; x=1'
    ]) {
      expect((await get(list, { cookie })).outcome).toBe('BYPASS');
    }
    expect(cache.size.entries).toBe(0);
    for (const cookie of ['tz=Europe/Berlin', 'tz=America/Argentina/Buenos_Aires', 'tz=Etc/GMT-1']) {
      expect((await get(list, { cookie })).outcome).not.toBe('BYPASS');
    }
  });

  it('keeps separate entries per language, time-zone cookie and filters', async () => {
    const { cache, get } = makeCache({ changes: QUIET });
    const variants: [string, Record<string, string>][] = [
      [list, {}],
      [`/de${list}`, {}],
      [list, { cookie: 'tz=America/New_York' }],
      [`${list}&price=paid`, {}]
    ];
    const bodies = await once(async () => {
      cache.clear();
      const first = [];
      for (const [path, headers] of variants) first.push(await get(path, headers));
      const again = [];
      for (const [path, headers] of variants) again.push(await get(path, headers));
      return { first, again };
    });
    expect(bodies.first.map((r) => r.outcome)).toEqual(['MISS', 'MISS', 'MISS', 'MISS']);
    expect(bodies.again.map((r) => r.outcome)).toEqual(['HIT', 'HIT', 'HIT', 'HIT']);
    expect(bodies.again.map((r) => r.body)).toEqual(bodies.first.map((r) => r.body));
    const parsed = bodies.first.map((r) => JSON.parse(r.body) as { lang: string; zone: string; cards: unknown[] });
    expect(parsed.map((p) => [p.lang, p.zone])).toEqual([
      ['en', 'Europe/Berlin'],
      ['de', 'Europe/Berlin'],
      ['en', 'America/New_York'],
      ['en', 'Europe/Berlin']
    ]);
    expect(parsed[3].cards.length).toBeLessThan(parsed[0].cards.length); // the free test sessions drop out
  });

  it('stays within its entry and byte bounds, evicting the least recently used', async () => {
    const { cache, get } = makeCache({ changes: QUIET, maxEntries: 3, maxBytes: 4096 });
    await once(async () => {
      cache.clear();
      for (let page = 1; page <= 8; page++) {
        await get(`${list}&page=${page}`);
        expect(cache.size.entries).toBeLessThanOrEqual(3);
        expect(cache.size.bytes).toBeLessThanOrEqual(4096);
      }
      expect((await get(`${list}&page=8`)).outcome).toBe('HIT');
      expect((await get(`${list}&page=1`)).outcome).toBe('MISS');
    });
    const big = makeCache({ changes: QUIET, maxBytes: 10 });
    await big.get(list);
    expect(big.cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('renders once for many concurrent misses of the same page', async () => {
    const { cache, get } = makeCache({ changes: QUIET });
    const { results, renders } = await once(async () => {
      cache.clear();
      const before = cache.renders;
      const results = await Promise.all(Array.from({ length: 25 }, () => get(list)));
      return { results, renders: cache.renders - before };
    });
    expect(renders).toBe(1);
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    expect(results.filter((r) => r.outcome === 'MISS')).toHaveLength(1);
  });

  it('sends stored pages compressed to clients that accept it', async () => {
    const { cache } = makeCache({ changes: QUIET });
    const request = (encoding: string) => new Request(ORIGIN + list, { headers: { 'accept-encoding': encoding } });
    const render = () => renderCatalogue(new Request(ORIGIN + list));
    const [plain, br, gzip] = await once(async () => {
      cache.clear();
      const plain = await cache.handle(request('identity'), render);
      const br = await cache.handle(request('gzip, deflate, br'), render);
      const gzip = await cache.handle(request('gzip, br;q=0'), render);
      return [plain, br, gzip];
    });
    expect(br.headers.get('x-cache')).toBe('HIT');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    const text = await plain.text();
    expect(zlib.brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(text);
    expect(zlib.gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(text);
  });

  it('renders a replacement past half the TTL while other requests are still served the entry', async () => {
    // The cache's own timing rule, with a hand-driven change source: other test files change the
    // catalogue all the time, which would (rightly) empty the cache in the middle of this test.
    const quiet = { generation: () => 0, listening: () => true, onChange: () => {}, start: () => {} };
    const cache = new ResponseCache({ ttlMs: 400, maxEntries: 10, maxBytes: 1024 * 1024, changes: quiet });
    const page = (text: string) => () => Promise.resolve(new Response(text, { headers: { 'content-type': 'text/html' } }));
    const path = `${list}&refresh-ahead`;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = await cache.handle(new Request(ORIGIN + path), page('v1'));
    await new Promise((resolve) => setTimeout(resolve, 250));
    // This request refreshes (its render waits for the gate); the next one still gets the entry.
    const refreshing = cache.handle(new Request(ORIGIN + path), async () => {
      await gate;
      return page('v2')();
    });
    const meanwhile = await cache.handle(new Request(ORIGIN + path), () => Promise.reject(new Error('not to be rendered')));
    release();
    const refreshed = await refreshing;
    const after = await cache.handle(new Request(ORIGIN + path), () => Promise.reject(new Error('not to be rendered')));
    expect([first, meanwhile, refreshed, after].map((r) => r.headers.get('x-cache'))).toEqual(['MISS', 'HIT', 'MISS', 'HIT']);
    expect(await meanwhile.text()).toBe('v1');
    expect(await after.text()).toBe('v2');
  });

  it('answers before the framework (lookup) exactly what handle would serve as a hit, and nothing else', async () => {
    const quiet = { ...QUIET };
    const cache = new ResponseCache({ ttlMs: 400, maxEntries: 10, maxBytes: 1024 * 1024, changes: quiet });
    const path = `${list}&lookup`;
    const facts = (headers: Record<string, string> = {}, method = 'GET', target = path) => ({
      method,
      target,
      header: (name: string) => headers[name] ?? null
    });
    const page = () => Promise.resolve(new Response('<p>v1</p>', { headers: { 'content-type': 'text/html' } }));
    expect(cache.lookup(facts())).toBeNull(); // nothing stored yet: SvelteKit renders
    await cache.handle(new Request(ORIGIN + path, { headers: { cookie: 'tz=Asia/Tokyo' } }), page);

    const viaHandle = await cache.handle(new Request(ORIGIN + path, { headers: { cookie: 'tz=Asia/Tokyo' } }), () =>
      Promise.reject(new Error('not to be rendered'))
    );
    const hit = cache.lookup(facts({ cookie: 'tz=Asia/Tokyo' }));
    expect(hit).not.toBeNull();
    expect(hit!.status).toBe(200);
    expect(Buffer.from(hit!.body).toString()).toBe('<p>v1</p>');
    const headers = new Map(hit!.headers);
    expect(headers.get('x-cache')).toBe('HIT');
    expect(headers.get('content-length')).toBe('9');
    for (const name of ['content-type', 'cache-control', 'vary']) expect(headers.get(name)).toBe(viaHandle.headers.get(name));
    const br = new Map(cache.lookup(facts({ cookie: 'tz=Asia/Tokyo', 'accept-encoding': 'br' }))!.headers);
    expect(br.get('content-encoding')).toBe('br');

    // Anything else goes through SvelteKit: another zone, a session cookie, another method or URL.
    expect(cache.lookup(facts())).toBeNull();
    expect(cache.lookup(facts({ cookie: 'tz=Asia/Tokyo; sb-access-token=x' }))).toBeNull();
    expect(cache.lookup(facts({ cookie: 'tz=Asia/Tokyo', authorization: 'Bearer x' }))).toBeNull();
    expect(cache.lookup(facts({ cookie: 'tz=Asia/Tokyo' }, 'HEAD'))).toBeNull();
    expect(cache.lookup(facts({ cookie: 'tz=Asia/Tokyo' }, 'GET', `${path}&page=2`))).toBeNull();
    // Past half its life the entry is due for a refresh, which only handle does.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(cache.lookup(facts({ cookie: 'tz=Asia/Tokyo' }))).toBeNull();
    // And nothing is served while the change listener is not connected.
    await cache.handle(new Request(ORIGIN + path, { headers: { cookie: 'tz=Asia/Tokyo' } }), page);
    quiet.listening = () => false;
    expect(cache.lookup(facts({ cookie: 'tz=Asia/Tokyo' }))).toBeNull();
  });

  it('does not store refusals or answers that set cookies', async () => {
    const { cache, get } = makeCache({ changes: QUIET });
    expect((await get('/webinars?difficulty=impossible')).response.status).toBe(400);
    expect(cache.size.entries).toBe(0);
    const request = () => new Request(`${ORIGIN}/webinars?with-cookie`);
    const setsCookie = () =>
      Promise.resolve(new Response('x', { headers: { 'set-cookie': 'a=b; Path=/', 'content-type': 'text/html' } }));
    const answer = await cache.handle(request(), setsCookie);
    expect(answer.headers.get('set-cookie')).toBe('a=b; Path=/');
    expect(cache.size.entries).toBe(0);
  });

  it('does not keep a page rendered while a change arrived', async () => {
    const { cache } = makeCache();
    const path = `${list}&racing`;
    const slow = async () => {
      const response = await renderCatalogue(new Request(ORIGIN + list));
      await change('update public.sessions set capacity = capacity where id = $1', [sessionId]);
      return response;
    };
    expect((await cache.handle(new Request(ORIGIN + path), slow)).headers.get('x-cache')).toBe('MISS');
    expect(cache.size.entries).toBe(0);
  });
});

describe('cached filter choices', () => {
  beforeAll(async () => {
    await startCatalogueChanges();
  });
  afterAll(async () => {
    await stopCatalogueChanges();
  });

  it('offers a new category on the next request after it is published', async () => {
    const u = unique();
    const categories = () => withRls(null, async (tx) => (await filterOptionsFor(tx, true)).categories);
    expect(await categories()).not.toContain(`new-${u}`);
    const since = catalogueGeneration();
    const consultant = await createConsultant();
    await createSession({
      topicId: await createTopic({ category: `new-${u}` }),
      speakers: [{ consultantId: consultant, role: 'primary' }]
    });
    await nextChange(since);
    expect(await categories()).toContain(`new-${u}`);
  });
});
