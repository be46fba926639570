/**
 * Micro-cache for rendered catalogue lists (what Varnish/nginx micro-caching does, in process).
 *
 * Why: a list render costs ~30–60 ms of CPU (several queries and SSR), so at 50 concurrent visitors on
 * two cores requests queue for seconds. Most visitors ask for the same few URLs, and the data changes
 * rarely compared to how often it is read.
 *
 * Rules:
 * - Only anonymous GETs: the request carries no cookie except the time-zone choice (`tz`). A session
 *   cookie (or any other cookie the page could depend on) bypasses the cache, so signed-in pages are
 *   never stored or served from it.
 * - Key: the request's path (with /de prefix and `__data.json`) and query string, and the `tz`
 *   cookie, the only inputs the HTML depends on (the language comes from the URL; one server answers
 *   for one public origin).
 * - Hits are answered before SvelteKit (scripts/web-server.ts calls `lookup` for every request):
 *   only entries a render of the catalogue route stored can match, so nothing else is affected.
 * - Only 200 responses without `Set-Cookie` are stored.
 * - An entry lives at most `ttlMs` (a few seconds) AND is dropped the moment catalogue data changes
 *   (Postgres NOTIFY, see changes.ts); while the listener is not connected nothing is cached.
 *   Seat counts are thus never older than the last committed change the listener has seen, and
 *   never older than the TTL even if a notification were lost.
 * - Bounded: at most `maxEntries` entries and `maxBytes` of bodies, least recently used out first.
 * - Concurrent misses of one key render once; the others wait for that render (request coalescing).
 * - Refresh ahead: once an entry is past half its TTL, the next request renders a replacement while
 *   the others are still served the entry, so hot pages do not stall every TTL. (A data change still
 *   drops the entry at once: there is no serving of stale data.)
 * - Stored bodies are compressed once (brotli and gzip) and sent compressed when the client accepts
 *   it (`Vary: Accept-Encoding`).
 */
import zlib from 'node:zlib';
import { catalogueGeneration, listening, onCatalogueChange, startCatalogueChanges } from './changes.ts';

export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
  /** Where changes come from: the database listener (default), or a hand-driven one in tests of the cache's own rules. */
  changes?: ChangeSource;
}

export interface ChangeSource {
  generation(): number;
  listening(): boolean;
  onChange(fn: () => void): void;
  start(): void;
}

const DATABASE_CHANGES: ChangeSource = {
  generation: catalogueGeneration,
  listening,
  onChange: onCatalogueChange,
  start: () => void startCatalogueChanges()
};

interface Entry {
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
  /** Compressed once when stored (the Node server does not compress pages itself). */
  encoded: { br: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer> } | null;
  storedAt: number;
  generation: number;
}

export type CacheOutcome = 'HIT' | 'MISS' | 'BYPASS';

/**
 * The only cookie a cacheable request may carry: the time-zone choice, whose value is part of the key.
 * The header must be exactly one `tz=<zone name>` (or absent). Anything else bypasses, so the key can
 * never read the header differently from the cookie parser SvelteKit renders with (duplicate names,
 * Unicode spaces, quoting): a request with `tz=A; tz=B` rendered for one zone must not be stored
 * under the other.
 */
const ZONE_COOKIE_HEADER = /^tz=([A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*)$/;

const size = (entry: Entry) =>
  entry.body.byteLength + (entry.encoded ? entry.encoded.br.byteLength + entry.encoded.gzip.byteLength : 0);

/** Brotli at a middle quality: ~1 ms for a 60 KB page, within a few % of the best ratio for HTML. */
function encode(headers: Headers, body: Uint8Array<ArrayBuffer>): Entry['encoded'] {
  if (headers.has('content-encoding') || !/^(text\/|application\/json)/.test(headers.get('content-type') ?? '')) return null;
  const bytes = (buffer: Buffer) => new Uint8Array(buffer);
  return {
    br: bytes(zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6 } })),
    gzip: bytes(zlib.gzipSync(body, { level: 6 }))
  };
}

/** The encoding to send: br or gzip when the client accepts it (q=0 means refused). */
function pickEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || !/^\s*q=0(\.0*)?\s*$/.test(q))
    .map(([name]) => name.trim().toLowerCase());
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return null;
}

/** What the cache reads of a request: the same fields from a fetch `Request` or a Node request. */
export interface RequestFacts {
  method: string;
  /** Path and query, normalised the way `new URL()` does (one server has one origin). */
  target: string;
  header(name: string): string | null;
}

const factsOf = (request: Request): RequestFacts => {
  const url = new URL(request.url);
  return { method: request.method, target: url.pathname + url.search, header: (name) => request.headers.get(name) };
};

/** The cache key for a request, or null when the request must bypass the cache. */
export function cacheKey(request: Request | RequestFacts): string | null {
  const facts = request instanceof Request ? factsOf(request) : request;
  if (facts.method !== 'GET') return null;
  if (facts.header('authorization') !== null) return null;
  const cookie = facts.header('cookie');
  if (cookie === null || cookie === '') return `${facts.target}\ntz=`;
  const zone = ZONE_COOKIE_HEADER.exec(cookie)?.[1];
  return zone === undefined ? null : `${facts.target}\ntz=${zone}`;
}

/** A stored answer ready to send: status, headers (with x-cache, age, encoding, length) and body. */
export interface CachedAnswer {
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
}

export class ResponseCache {
  private entries = new Map<string, Entry>();
  private inflight = new Map<string, Promise<Entry | null>>();
  private bytes = 0;
  /** Renders actually run for cacheable requests (tests and the benchmark read it). */
  renders = 0;

  private readonly changes: ChangeSource;

  constructor(readonly options: ResponseCacheOptions) {
    this.changes = options.changes ?? DATABASE_CHANGES;
    // Drop everything at once on a change: keeps memory from holding dead entries until evicted.
    this.changes.onChange(() => this.clear());
  }

  get size() {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  clear() {
    this.entries.clear();
    this.bytes = 0;
  }

  private fresh(entry: Entry | undefined, now: number): entry is Entry {
    return !!entry && entry.generation === this.changes.generation() && now - entry.storedAt < this.options.ttlMs;
  }

  private remove(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= size(entry);
  }

  private store(key: string, entry: Entry) {
    if (size(entry) > this.options.maxBytes) return;
    this.remove(key);
    this.entries.set(key, entry);
    this.bytes += size(entry);
    // Map iteration order is insertion order; hits re-insert, so the first key is least recently used.
    while (this.entries.size > this.options.maxEntries || this.bytes > this.options.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
    }
  }

  private answer(facts: RequestFacts, entry: Entry, outcome: CacheOutcome, now: number): CachedAnswer {
    const headers = new Headers(entry.headers);
    headers.set('x-cache', outcome);
    if (outcome === 'HIT') headers.set('age', String(Math.floor((now - entry.storedAt) / 1000)));
    let body = entry.body;
    if (entry.encoded) {
      headers.set('vary', `${headers.get('vary')}, Accept-Encoding`);
      const encoding = pickEncoding(facts.header('accept-encoding'));
      if (encoding) {
        body = entry.encoded[encoding];
        headers.set('content-encoding', encoding);
      }
    }
    headers.set('content-length', String(body.byteLength));
    return { status: entry.status, headers: [...headers], body };
  }

  private respond(facts: RequestFacts, entry: Entry, outcome: CacheOutcome, now: number): Response {
    const { status, headers, body } = this.answer(facts, entry, outcome, now);
    return new Response(body, { status, headers });
  }

  /**
   * The stored answer for a request when it can be served as is: a fresh entry that needs no refresh
   * yet (or whose refresh is under way). Null otherwise; the request then goes through `handle`,
   * which renders, refreshes or bypasses. The web server's entry (scripts/web-server.ts) calls this
   * before SvelteKit sees the request, so a hit costs no Request/Response objects and no routing.
   */
  lookup(facts: RequestFacts): CachedAnswer | null {
    if (!this.changes.listening()) return null;
    const key = cacheKey(facts);
    if (key === null) return null;
    const now = Date.now();
    const hit = this.entries.get(key);
    if (!this.fresh(hit, now)) return null;
    if (!this.inflight.has(key) && now - hit.storedAt >= this.options.ttlMs / 2) return null;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return this.answer(facts, hit, 'HIT', now);
  }

  /**
   * Serves `request` from the cache or through `render` (which runs the real handler). Adds the
   * caching headers to every answer: `Vary: Cookie`; `Cache-Control: no-cache` on shared answers so
   * no browser or CDN keeps a copy beyond our invalidation, `private, no-store` on bypassed ones.
   */
  async handle(request: Request, render: () => Promise<Response>): Promise<Response> {
    this.changes.start();
    const facts = factsOf(request);
    const key = this.changes.listening() ? cacheKey(facts) : null;
    if (key === null) return finish(await render(), 'BYPASS');

    const now = Date.now();
    const hit = this.entries.get(key);
    const pending = this.inflight.get(key);
    if (this.fresh(hit, now)) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      // Past half its life and nobody refreshing it yet: this request renders the replacement.
      if (pending || now - hit.storedAt < this.options.ttlMs / 2) return this.respond(facts, hit, 'HIT', now);
    } else {
      if (hit) this.remove(key);
      if (pending) {
        const shared = await pending;
        // The shared render was not cacheable (cookies, errors): render our own.
        if (shared) return this.respond(facts, shared, 'HIT', Date.now());
        return finish(await render(), 'BYPASS');
      }
    }

    const generation = this.changes.generation();

    let own: Response | undefined;
    const rendering = (async (): Promise<Entry | null> => {
      this.renders++;
      const response = await render();
      if (response.status !== 200 || response.headers.has('set-cookie') || !response.body) {
        own = response;
        return null;
      }
      const body = new Uint8Array(await response.arrayBuffer());
      const entry: Entry = {
        status: response.status,
        headers: [...cacheHeaders(response.headers, 'MISS')].filter(([name]) => name !== 'x-cache' && name !== 'content-length'),
        body,
        encoded: encode(response.headers, body),
        storedAt: Date.now(),
        generation
      };
      // A change that arrived while rendering may not be in this body: serve it to the requests
      // that were waiting for it, but do not keep it.
      if (generation === this.changes.generation() && this.changes.listening()) this.store(key, entry);
      return entry;
    })();
    this.inflight.set(key, rendering);
    try {
      const entry = await rendering;
      if (own) return finish(own, 'BYPASS');
      return this.respond(facts, entry!, 'MISS', Date.now());
    } finally {
      this.inflight.delete(key);
    }
  }
}

/** The headers every catalogue list answer gets (a copy: response headers may be immutable). */
function cacheHeaders(original: Headers, outcome: CacheOutcome): Headers {
  const headers = new Headers(original);
  const vary = headers.get('vary');
  if (!vary?.toLowerCase().includes('cookie')) headers.set('vary', vary ? `${vary}, Cookie` : 'Cookie');
  if (!headers.has('cache-control')) headers.set('cache-control', outcome === 'BYPASS' ? 'private, no-store' : 'no-cache');
  headers.set('x-cache', outcome);
  return headers;
}

function finish(response: Response, outcome: CacheOutcome): Response {
  const headers = cacheHeaders(response.headers, outcome);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const TTL_MS = Number(process.env.CATALOGUE_CACHE_TTL_MS ?? 5000);

/** The server's cache for `/webinars` and `/de/webinars` (HTML and `__data.json`). */
export const catalogueResponseCache = new ResponseCache({
  ttlMs: TTL_MS,
  maxEntries: Number(process.env.CATALOGUE_CACHE_MAX_ENTRIES ?? 500),
  maxBytes: Number(process.env.CATALOGUE_CACHE_MAX_BYTES ?? 32 * 1024 * 1024)
});

/**
 * How the web server's entry (scripts/web-server.ts) reaches this cache: it runs outside the Vite
 * bundle, so it cannot import this module instance; the bundle publishes its lookup under a
 * registry symbol when the server loads its hooks.
 */
export const CACHE_LOOKUP = Symbol.for('magnetiq.catalogue-cache.lookup');
(globalThis as Record<symbol, unknown>)[CACHE_LOOKUP] = (facts: RequestFacts) => catalogueResponseCache.lookup(facts);
