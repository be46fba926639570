/**
 * `npm run bench:catalogue`: the public catalogue under load, against the production build.
 *
 * 1. A throwaway embedded PostgreSQL 17: compat bootstrap, migrations, supabase/seed.sql, then
 *    BENCH_SESSIONS (5,000) extra published sessions over the next 12 months across the seeded active
 *    topics and consultants (one INSERT … SELECT generate_series as the owner, speakers in the same
 *    transaction so the deferred "needs a primary speaker" check passes).
 * 2. The real platform via scripts/start.ts with DATABASE_URL pointing at that database and a free
 *    PORT: `vite build` when stale, `node scripts/web-server.ts` (adapter-node's server) and the pg-boss worker (/healthz needs its
 *    heartbeat). The build's origin (build/.origin) is kept when there is one, so the benchmark does
 *    not force a rebuild just for its port: the origin only matters for CSRF checks on form posts,
 *    and the benchmark sends GETs only.
 * 3. autocannon (its CLI, in its own process) at 50 connections for BENCH_DURATION (10) seconds each:
 *    /webinars unfiltered, with three filters, with a search, and /favicon.svg from the same server as
 *    the baseline; then the filtered list again with a cookie that bypasses the micro-cache
 *    (response-cache.ts), i.e. every request rendered. Prints requests/s, p50, p99 and the ratio to the
 *    baseline.
 * 4. The JavaScript the overview page loads (modulepreload and script tags, gzip -9 of each file)
 *    against the 60 KB budget, and the page's HTML size.
 * 5. Lighthouse performance (mobile default and desktop preset) with the system Chromium, when the
 *    `lighthouse` package and a Chromium are there (otherwise it says why and skips): the median of
 *    BENCH_LIGHTHOUSE_RUNS (5) runs each, every score printed.
 *
 * Exits non-zero only when the benchmark itself breaks (start-up, non-2xx answers), never on a missed
 * target. Not part of `npm test`.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { freePort, startThrowawayPostgres } from '../db/embedded.ts';
import { bootstrap, migrate } from '../db/migrate.ts';
import { seed } from '../db/seed.ts';
import { builtOrigin, root, startPlatform, stopPlatform, waitForHealth } from './platform.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 5000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const JS_BUDGET_KB = 60;
const P99_TARGET_MS = 50;
const LIGHTHOUSE_TARGET = 95;
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** BENCH_SESSIONS published sessions, one every ~105 minutes over the next 365 days, with speakers. */
async function addSessions(url: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('begin');
    await db.query(
      `create temporary table bench_plan on commit drop as
       with t as (select id, default_duration_minutes as duration, row_number() over (order by slug) - 1 as i,
                         count(*) over () as n
                  from public.topics where status = 'active'),
            c as (select id, row_number() over (order by slug) - 1 as i, count(*) over () as n
                  from public.consultants where is_active)
       select g, gen_random_uuid() as id, t.id as topic_id, t.duration,
              (select id from c where c.i = g % c.n) as primary_id,
              (select id from c where c.i = (g * 7 + 3) % c.n) as second_id,
              (array['single-speaker', 'panel-discussion', 'workshop', 'q-and-a'])[1 + g % 4] as session_type,
              (array['Europe/Berlin', 'Europe/London', 'America/New_York', 'Europe/Rome'])[1 + g % 4] as timezone,
              date_trunc('hour', now()) + interval '1 day' + g * (interval '365 days' / $1::int) as starts_at
       from generate_series(1, $1::int) g
       join t on t.i = g % t.n`,
      [SESSIONS]
    );
    await db.query(
      `insert into public.sessions (id, slug, topic_id, language, starts_at, timezone, duration_minutes, session_type,
                                    price, early_bird_price, early_bird_deadline, capacity, registration_opens_at,
                                    registration_closes_at, status)
       select id, 'bench-session-' || g, topic_id, case when g % 3 = 0 then 'de' else 'en' end, starts_at, timezone,
              duration, session_type,
              case g % 3 when 0 then 0 when 1 then 49 else 149 end,
              case when g % 6 = 2 then 99 end, case when g % 6 = 2 then starts_at - interval '14 days' end,
              case when g % 5 = 0 then null else 50 + (g % 10) * 25 end,
              starts_at - interval '90 days', starts_at, 'published'
       from bench_plan`
    );
    // Primary for every session; a second speaker on panels (different from the primary).
    await db.query(
      `insert into public.session_speakers (session_id, consultant_id, role, position)
       select id, primary_id, 'primary', 0 from bench_plan
       union all
       select id, second_id, 'panelist', 1 from bench_plan
       where session_type = 'panel-discussion' and second_id <> primary_id`
    );
    await db.query('commit');
    await db.query('analyze');
  } finally {
    await db.end();
  }
}

/** A category/difficulty pair with the most free upcoming sessions, so the filtered list is full. */
async function filterChoice(url: string): Promise<{ category: string; difficulty: string; matching: number }> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query(
      `select t.category, t.difficulty, count(*)::int as matching
       from public.sessions s join public.topics t on t.id = s.topic_id
       where s.status = 'published' and s.price = 0 and s.starts_at > now()
       group by 1, 2 order by 3 desc, 1, 2 limit 1`
    );
    return rows[0];
  } finally {
    await db.end();
  }
}

interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}

function cannon(url: string, seconds: number, headers: string[] = []): CannonResult {
  const result = spawnSync(
    path.join(root, 'node_modules/.bin/autocannon'),
    ['-c', String(CONNECTIONS), '-d', String(seconds), ...headers.flatMap((h) => ['-H', h]), '--json', url],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
  );
  if (result.status !== 0) throw new Error(`autocannon failed for ${url}: ${result.stderr}`);
  return JSON.parse(result.stdout) as CannonResult;
}

/** fetch with a few retries: a keep-alive socket the server has just closed fails the first try. */
async function get(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, init);
      await response.clone().arrayBuffer();
      return response;
    } catch (error) {
      if (attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Every JS file the page loads: modulepreload links, script src, and the inline bootstrap's imports. */
function scriptUrls(html: string, pageUrl: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(match[0])?.[1];
    if (href) found.add(new URL(href, pageUrl).href);
  }
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) found.add(new URL(match[1], pageUrl).href);
  for (const match of html.matchAll(/import\(\s*"([^"]+\.js)"\s*\)/g)) found.add(new URL(match[1], pageUrl).href);
  return [...found];
}

async function shippedJs(pageUrl: string) {
  const html = await (await get(pageUrl)).text();
  const files: { url: string; raw: number; gzip: number }[] = [];
  for (const url of scriptUrls(html, pageUrl)) {
    const response = await get(url, { headers: { 'accept-encoding': 'gzip' } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    files.push({ url, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length });
  }
  const htmlGzip = zlib.gzipSync(Buffer.from(html), { level: 9 }).length;
  return { files, html: Buffer.byteLength(html), htmlGzip };
}

async function runLighthouse(pageUrl: string): Promise<void> {
  if (!CHROMIUM) {
    console.log('Lighthouse: skipped (no system Chromium at /usr/bin/chromium).');
    return;
  }
  let lighthouse: typeof import('lighthouse').default;
  let launch: typeof import('chrome-launcher').launch;
  let desktopConfig: import('lighthouse').Config;
  try {
    lighthouse = (await import('lighthouse')).default;
    launch = (await import('chrome-launcher')).launch;
    desktopConfig = (await import('lighthouse/core/config/desktop-config.js')).default;
  } catch (error) {
    console.log(
      `Lighthouse: skipped (the npm packages lighthouse/chrome-launcher are not installed: ${(error as Error).message}).`
    );
    return;
  }
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    for (const [label, config] of [
      ['mobile (default, simulated throttling)', undefined],
      ['desktop preset', desktopConfig]
    ] as const) {
      // Lighthouse varies from run to run (its docs recommend the median of several runs); on this
      // shared machine by several points. Report the median of LIGHTHOUSE_RUNS and every score.
      const runs: { score: number; metrics: string }[] = [];
      for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
        const result = await lighthouse(
          pageUrl,
          { port: chrome.port, onlyCategories: ['performance'], logLevel: 'error' },
          config
        );
        if (!result) throw new Error('Lighthouse returned no result');
        const { lhr } = result;
        if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        const metric = (id: string) => lhr.audits[id]?.displayValue ?? '?';
        runs.push({
          score: Math.round((lhr.categories.performance.score ?? 0) * 100),
          metrics:
            `FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')},` +
            ` TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}, SI ${metric('speed-index')}`
        });
      }
      const median = [...runs].sort((a, b) => a.score - b.score)[Math.floor(runs.length / 2)];
      console.log(
        `Lighthouse ${label}: performance ${median.score} median of ${runs.map((r) => r.score).join(', ')}` +
          ` (target ≥ ${LIGHTHOUSE_TARGET}) ${median.score >= LIGHTHOUSE_TARGET ? '✓' : '✗'}   median run: ${median.metrics}`
      );
    }
  } finally {
    chrome.kill();
  }
}

const started = Date.now();
const cluster = await startThrowawayPostgres();
let platform: ChildProcess | undefined;
let broken = false;

const stopAll = () => stopPlatform(platform, () => cluster.stop());
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  await bootstrap(cluster.adminUrl, { appPassword: 'postgres' });
  await migrate(cluster.appUrl);
  await seed(cluster.appUrl);
  const t0 = performance.now();
  await addSessions(cluster.appUrl);
  console.log(`database: seed.sql + ${SESSIONS} sessions inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const filter = await filterChoice(cluster.appUrl);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  platform = startPlatform(cluster.appUrl, port, builtOrigin(`http://localhost:${port}`));
  await waitForHealth(base, platform);

  const filtered = `/webinars?category=${encodeURIComponent(filter.category)}&difficulty=${filter.difficulty}&price=free`;
  const cases: { label: string; path: string; headers?: string[] }[] = [
    { label: 'static /favicon.svg (baseline)', path: '/favicon.svg' },
    { label: '/webinars', path: '/webinars' },
    { label: '/webinars, 3 filters', path: filtered },
    { label: '/webinars, search', path: '/webinars?q=kuenstliche+intelligenz' },
    // Any cookie other than `tz` bypasses the micro-cache: every request renders (the per-request cost).
    { label: '/webinars, 3 filters, uncached', path: filtered, headers: ['cookie=bench-bypass=1'] }
  ];
  for (const c of cases) {
    const response = await get(base + c.path);
    if (!response.ok) throw new Error(`${c.path} answered ${response.status}`);
    await response.arrayBuffer();
  }
  // The micro-cache answers the second identical anonymous GET (x-cache: HIT) unless it is off.
  const repeat = await get(base + filtered);
  console.log(`micro-cache on the repeated filtered GET: x-cache ${repeat.headers.get('x-cache') ?? '(none)'}`);
  console.log(`\nwarming up (2 s each), then ${DURATION} s per case at ${CONNECTIONS} connections…`);
  for (const c of cases) cannon(base + c.path, 2, c.headers);
  const results = cases.map((c) => ({ ...c, r: cannon(base + c.path, DURATION, c.headers) }));

  const baseline = results[0].r;
  console.log(
    `\n${'case'.padEnd(34)} ${'req/s'.padStart(8)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'req/s ÷ baseline'.padStart(17)}`
  );
  for (const { label, path: p, headers, r } of results) {
    const bad = r.non2xx + r.errors + r.timeouts;
    if (bad > 0) broken = true;
    console.log(
      `${label.padEnd(34)} ${r.requests.average.toFixed(0).padStart(8)} ${`${r.latency.p50} ms`.padStart(8)} ${`${r.latency.p99} ms`.padStart(8)}` +
        ` ${(r.requests.average / baseline.requests.average).toFixed(3).padStart(17)}` +
        (bad > 0 ? `   ✗ ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts` : '') +
        (p === filtered && !headers ? `   (target p99 ≤ ${P99_TARGET_MS} ms ${r.latency.p99 <= P99_TARGET_MS ? '✓' : '✗'})` : '')
    );
  }
  console.log(`filtered case: ${filtered} (${filter.matching} matching sessions)`);

  const js = await shippedJs(`${base}/webinars`);
  const total = js.files.reduce((sum, f) => sum + f.gzip, 0);
  console.log(`\nJavaScript loaded by /webinars: ${js.files.length} files, ${kb(js.files.reduce((s, f) => s + f.raw, 0))} raw`);
  for (const f of [...js.files].sort((a, b) => b.gzip - a.gzip).slice(0, 5))
    console.log(`  ${kb(f.gzip).padStart(9)} gzip  ${new URL(f.url).pathname}`);
  console.log(
    `  total ${kb(total)} gzip (budget ${JS_BUDGET_KB} KB) ${total <= JS_BUDGET_KB * 1024 ? '✓' : '✗'};` +
      ` HTML ${kb(js.html)} raw, ${kb(js.htmlGzip)} gzip`
  );

  console.log('');
  try {
    await runLighthouse(`${base}/webinars`);
  } catch (error) {
    console.log(`Lighthouse: skipped (${(error as Error).message})`);
  }
  console.log(
    `\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ` +
      `load generator, app, worker and Postgres share the machine. Total ${((Date.now() - started) / 1000).toFixed(0)} s.`
  );
} catch (error) {
  console.error(error);
  broken = true;
} finally {
  await stopAll();
}
process.exit(broken ? 1 : 0);
