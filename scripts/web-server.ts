/**
 * The web server process: adapter-node's own server (build/index.js: listening, keep-alive and header
 * timeouts, socket activation, graceful shutdown on SIGTERM/SIGINT) with one step in front of
 * SvelteKit: an anonymous catalogue list the micro-cache already holds
 * (web/lib/server/catalogue/response-cache.ts, `lookup`) is written straight to the socket.
 *
 * Why: a cache hit answered inside SvelteKit still pays for turning the Node request into a fetch
 * Request, routing, the hooks chain, and streaming a Response back (~1.5× the cost of a static file
 * in `npm run bench:catalogue`); answered here it costs what a static file costs. Everything the cache
 * cannot answer as is (misses, refreshes, bypasses, any other URL) goes to SvelteKit unchanged, and
 * only entries a render of the catalogue route stored can ever match.
 *
 * Cache hits skip adapter-node's per-request bookkeeping, which only matters for systemd socket
 * activation with IDLE_TIMEOUT (not supported with this entry: a server answering only hits would
 * count as idle). Graceful shutdown is unaffected: from SIGTERM/SIGINT on, every request takes
 * SvelteKit's path.
 *
 * Run with Node's type stripping (only erasable syntax here; Node ≥ 22.18): `node scripts/web-server.ts`.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CachedAnswer, RequestFacts } from '../web/lib/server/catalogue/response-cache.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type Lookup = (facts: RequestFacts) => CachedAnswer | null;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A computed path: the build does not exist when the sources are type-checked.
const entry = pathToFileURL(path.join(root, 'build/index.js')).href;
const { server } = (await import(entry)) as { server: Server };

// Same symbol as CACHE_LOOKUP in response-cache.ts (a value import would load the module a second time).
const cacheLookup = () =>
  (globalThis as Record<symbol, unknown>)[Symbol.for('magnetiq.catalogue-cache.lookup')] as Lookup | undefined;

let stopping = false;
// While adapter-node drains connections for a shutdown, every request takes its path (it closes
// idle keep-alive connections after each answered request).
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => (stopping = true));

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

function serveCached(req: IncomingMessage, res: ServerResponse): boolean {
  const lookup = cacheLookup();
  const raw = req.url ?? '';
  if (stopping || req.method !== 'GET' || !lookup) return false;
  // Origin-form targets only: `new URL()` would read `//host/webinars`, `/\host/webinars` or an
  // absolute-form target as `/webinars`, which SvelteKit (origin + target) does not.
  if (raw[0] !== '/' || raw[1] === '/' || raw[1] === '\\') return false;
  let target: string;
  try {
    // The same normalisation as the Request SvelteKit builds from this request.
    const url = new URL(raw, 'http://localhost');
    target = url.pathname + url.search;
  } catch {
    return false;
  }
  const answer = lookup({ method: req.method, target, header: (name) => header(req, name) });
  if (!answer) return false;
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(answer.body);
  return true;
}

const sveltekit = server.listeners('request') as Listener[];
server.removeAllListeners('request');
server.on('request', (req: IncomingMessage, res: ServerResponse) => {
  try {
    if (serveCached(req, res)) return;
  } catch (error) {
    // A fault here must not take the process down (inside SvelteKit it would be a 500): log it and
    // let SvelteKit answer, unless the answer had already started.
    console.error('[web] cache fast path failed:', error);
    if (res.headersSent) return void res.destroy();
  }
  for (const listener of sveltekit) listener.call(server, req, res);
});
