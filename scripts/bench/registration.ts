/**
 * `npm run bench:registration`: 1,000 concurrent HTTP registrations for one session with capacity 500
 * against the production build, then pgbench running the engine's SQL at the same database concurrency
 * as the baseline. Uses its own throwaway database; not part of CI.
 *
 * 1. A throwaway embedded PostgreSQL 17: compat bootstrap, migrations, supabase/seed.sql, then two
 *    published sessions (one to warm up, one with BENCH_CAPACITY seats for the run).
 * 2. The real platform via scripts/start.ts (web server from build/, pg-boss worker) on a free port,
 *    with BENCH_CONCURRENCY database connections in all (DATABASE_POOL_SIZE for the main lane plus
 *    DATABASE_SEAT_POOL_SIZE=4 for seat decisions, web/lib/server/db/index.ts). `vite build` runs when the build is stale, so run the
 *    benchmark under `flock /tmp/magnetiq-build.lock` like every other user of build/. The build's
 *    origin (build/.origin, default http://localhost:4173) is kept and sent as the Origin header, as a
 *    browser on that origin would (SvelteKit's CSRF check).
 * 3. BENCH_TOTAL (1,000) POSTs of the real form (`?/register`, no JavaScript: plain urlencoded, answered
 *    with 303 to the thank-you page) all in flight at once, distinct emails. The per-IP limit stays on
 *    but is raised through its documented setting (REGISTRATION_LIMIT_PER_IP, docs/REGISTRATION-UI.md):
 *    every request comes from 127.0.0.1, and 30 per 10 minutes would refuse all but 30.
 * 4. pgbench: the same transaction the app runs for a registration, round trip for round trip, at
 *    BENCH_CONCURRENCY clients: BEGIN with the claims (one query, `\;`, as `withRls` sends them),
 *    app.register_attendee, then what `sendInTransaction(…, { last: true })` sends for the email job
 *    (read the role and switch, pg-boss's INSERT; the INSERT is the one pg-boss itself generates for
 *    the app's `emailJob`, captured from `boss.send`), COMMIT.
 *
 * For each side: registrations/s, p50/p99 latency, and how long each seat decision held the session
 * row lock (grant-to-grant interval of consecutive waitlisted rows, whose waitlisted_at is the
 * clock_timestamp() at which the lock was granted). Checks exactly BENCH_CAPACITY confirmed, the rest
 * waitlisted, every request answered, zero 5xx; exits non-zero when those fail, never on a missed target.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startThrowawayPostgres } from '../db/embedded.ts';
import { bootstrap, migrate } from '../db/migrate.ts';
import { seed } from '../db/seed.ts';
import { closeJobClient, jobClient } from '../../web/lib/server/jobs/index.ts';
import { emailJob } from '../../web/lib/server/registration/emails.ts';
import { builtOrigin, startPlatform, stopPlatform, waitForHealth } from './platform.ts';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 1000);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 500);
// Database connections on each side (the web server's pool, pgbench's clients). Registrations for one
// session serialise on its row lock, so more connections only lengthen the lock queue.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
// Connections of the web server's seat-decision lane, out of CONCURRENCY (same total as pgbench).
const SEAT_LANE = 4;
const P99_TARGET_MS = 1000;
// Registrations of the single-client pgbench run (uncontended cost of one transaction).
const UNCONTENDED = 200;
const RATIO_TARGET = 0.5;

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * The INSERT pg-boss sends for the app's registration email job, as pgbench script text: pg-boss
 * generates it (`boss.send` with a `db` that records instead of executing), and the job's ids are
 * replaced by pgbench variables set from the engine's answer (`\gset`).
 */
async function emailJobInsert(databaseUrl: string): Promise<string> {
  process.env.DATABASE_URL = databaseUrl;
  const boss = await jobClient();
  const REGISTRATION = '00000000-0000-4000-8000-00000000beef';
  const job = emailJob(REGISTRATION, 'confirmation');
  let captured: { text: string; values: unknown[] } | undefined;
  const recorder = {
    executeSql: async (text: string, values: unknown[] = []) => {
      captured = { text, values };
      return { rows: [{ id: REGISTRATION }] };
    }
  };
  await boss.send(job.name, job.data, { ...job.options, db: recorder });
  await closeJobClient();
  if (!captured || captured.values.length !== 1 || typeof captured.values[0] !== 'string') {
    throw new Error('pg-boss no longer sends one JSON parameter per insert; update the benchmark');
  }
  const payload = pg.Client.prototype.escapeLiteral(captured.values[0]);
  // pgbench substitutes `:name` as text in its default simple query mode, also inside quotes.
  const withVariables = `replace(replace(${payload}, '${REGISTRATION}', ':rid'), '"confirmation"', '":kind"')`;
  return captured.text.replace(/\$1\b/g, `(${withVariables})`).replace(/\s*;?\s*$/, '');
}

/** A published session with a primary speaker, built as the owner. */
async function createSession(db: pg.Client, capacity: number): Promise<{ id: string; slug: string }> {
  const suffix = Math.random().toString(36).slice(2, 10);
  await db.query('begin');
  const topic = await db.query(
    `insert into public.topics (slug, title, description, category, status)
     values ($1, '{"en": "Bench topic"}', '{"en": "Benchmark"}', 'bench', 'active') returning id`,
    [`bench-topic-${suffix}`]
  );
  const consultant = await db.query(
    `insert into public.consultants (slug, first_name, last_name, email, biography)
     values ($1, 'Bench', 'Speaker', $2, '{"en": "Bench"}') returning id`,
    [`bench-speaker-${suffix}`, `speaker-${suffix}@bench.invalid`]
  );
  const slug = `bench-session-${suffix}`;
  const session = await db.query(
    `insert into public.sessions (slug, topic_id, starts_at, capacity, status)
     values ($1, $2, now() + interval '7 days', $3, 'published') returning id`,
    [slug, topic.rows[0].id, capacity]
  );
  await db.query(`insert into public.session_speakers (session_id, consultant_id, role) values ($1, $2, 'primary')`, [
    session.rows[0].id,
    consultant.rows[0].id
  ]);
  await db.query('commit');
  return { id: session.rows[0].id, slug };
}

async function counts(db: pg.Client, sessionId: string) {
  const { rows } = await db.query(
    `select count(*) filter (where r.status = 'confirmed')::int as confirmed, count(*) filter (where r.status = 'waitlisted')::int as waitlisted,
            count(*)::int as total, max(s.confirmed_count) as confirmed_count
     from public.sessions s left join public.registrations r on r.session_id = s.id where s.id = $1`,
    [sessionId]
  );
  return rows[0] as { confirmed: number; waitlisted: number; total: number; confirmed_count: number };
}

/** Lock hold per seat decision: intervals between consecutive lock grants (waitlisted rows only). */
async function lockHold(db: pg.Client, sessionId: string): Promise<number[]> {
  const { rows } = await db.query(
    `select extract(epoch from waitlisted_at - lag(waitlisted_at) over (order by waitlisted_at)) * 1000 as gap
     from public.registrations where session_id = $1 and status = 'waitlisted'`,
    [sessionId]
  );
  return rows
    .map((r) => Number(r.gap))
    .filter((g) => Number.isFinite(g))
    .sort((a, b) => a - b);
}

async function report(label: string, seconds: number, latencies: number[], db: pg.Client, sessionId: string) {
  const c = await counts(db, sessionId);
  const sorted = [...latencies].sort((a, b) => a - b);
  const hold = await lockHold(db, sessionId);
  const rate = TOTAL / seconds;
  const ok = c.confirmed === CAPACITY && c.confirmed_count === CAPACITY && c.total === TOTAL && c.waitlisted === TOTAL - CAPACITY;
  const p99 = percentile(sorted, 99);
  console.log(
    `${label.padEnd(9)} ${rate.toFixed(0).padStart(6)} registrations/s   p50 ${ms(percentile(sorted, 50))}   p99 ${ms(p99)}` +
      `   confirmed ${c.confirmed} waitlisted ${c.waitlisted} ${ok ? '✓' : '✗ WRONG'}` +
      `\n${''.padEnd(9)} lock held per seat decision: p50 ${ms(percentile(hold, 50))}, p99 ${ms(percentile(hold, 99))}` +
      ` (${(1000 / (hold.reduce((a, b) => a + b, 0) / Math.max(1, hold.length))).toFixed(0)} decisions/s while queued)`
  );
  return { rate, ok, p99 };
}

/** The platform with this benchmark's settings. */
function startBenchPlatform(databaseUrl: string, port: number, origin: string): ChildProcess {
  return startPlatform(
    databaseUrl,
    port,
    origin,
    {
      DATABASE_POOL_SIZE: String(CONCURRENCY - SEAT_LANE),
      DATABASE_SEAT_POOL_SIZE: String(SEAT_LANE),
      // The documented setting, raised rather than switched off, so the limiter's cost stays measured.
      REGISTRATION_LIMIT_PER_IP: `${TOTAL * 10}/600`,
      // BENCH_CPU_PROF=<dir>: V8 CPU profiles of the web server and the worker, to see where time goes.
      ...(process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` } : {})
    },
    // No Turnstile and no real SMTP in a load test: the worker writes into the local mailbox.
    ['TURNSTILE_SECRET_KEY', 'PUBLIC_TURNSTILE_SITE_KEY', 'SMTP_URL', 'REGISTRATION_LIMIT_PER_EMAIL']
  );
}

interface Answer {
  status: number;
  ms: number;
  error?: string;
  /** The page's alert text when the form was not accepted (first answer only is printed). */
  text?: string;
}

/** One form submission as a browser without JavaScript sends it. */
async function post(base: string, origin: string, slug: string, email: string): Promise<Answer> {
  const body = new URLSearchParams({
    firstName: 'Bench',
    lastName: 'Attendee',
    email,
    company: 'Bench GmbH',
    termsAccepted: 'on',
    privacyConsent: 'on',
    fax: ''
  });
  const t0 = performance.now();
  try {
    const response = await fetch(`${base}/webinars/${slug}/register?/register`, {
      method: 'POST',
      body,
      redirect: 'manual',
      // text/html like a browser: anything else gets the JSON answer meant for use:enhance.
      headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(120_000)
    });
    const html = await response.text();
    const ms = performance.now() - t0;
    if (response.status === 303) return { status: 303, ms };
    const alert = /role="alert"[^>]*>([\s\S]{0,300}?)<\//.exec(html)?.[1] ?? html.slice(0, 300);
    return { status: response.status, ms, text: alert.replace(/<[^>]+>/g, ' ').trim() };
  } catch (error) {
    return { status: 0, ms: performance.now() - t0, error: (error as Error).message };
  }
}

/** CPU seconds (user + system) used so far by the platform's child whose command line contains `marker`. */
function childCpuSeconds(parentPid: number, marker: string): number | null {
  try {
    for (const pid of fs.readFileSync(`/proc/${parentPid}/task/${parentPid}/children`, 'utf8').trim().split(/\s+/)) {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) continue;
      // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100/s on Linux).
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    // not Linux, or the process is gone
  }
  return null;
}

const cluster = await startThrowawayPostgres();
let platform: ChildProcess | undefined;
let failed = true;

const stopAll = () => stopPlatform(platform, () => cluster.stop());
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  await bootstrap(cluster.adminUrl, { appPassword: 'postgres' });
  await migrate(cluster.appUrl);
  await seed(cluster.appUrl);
  const owner = new pg.Client({ connectionString: cluster.appUrl });
  await owner.connect();
  owner.on('error', () => {}); // the cluster stops under it when the run fails

  const origin = builtOrigin('http://localhost:4173');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  platform = startBenchPlatform(cluster.appUrl, port, origin);
  await waitForHealth(base, platform);

  // Warm-up on a separate session: the pool's connections, plan caches, the route's code paths.
  const warm = await createSession(owner, 10);
  const appSession = await createSession(owner, CAPACITY);
  await (await fetch(`${base}/webinars/${appSession.slug}/register`)).arrayBuffer();
  const warmAnswers = await Promise.all(
    Array.from({ length: CONCURRENCY * 2 }, (_, i) => post(base, origin, warm.slug, `warm-${i}@bench.invalid`))
  );
  const warmBad = warmAnswers.filter((a) => a.status !== 303);
  if (warmBad.length > 0) throw new Error(`warm-up: ${warmBad.length} answers were not 303, e.g. ${JSON.stringify(warmBad[0])}`);

  const load = os.loadavg().map((l) => l.toFixed(2));
  console.log(`\nload average before the run: ${load.join(', ')} (${os.cpus().length} cores)`);
  const cpu = () => ({
    web: childCpuSeconds(platform!.pid!, 'scripts/web-server.ts'),
    worker: childCpuSeconds(platform!.pid!, 'workers/index.ts')
  });
  const transactions = async () =>
    Number(
      (await owner.query(`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`))
        .rows[0].n
    );
  const xactBefore = await transactions();
  const cpuBefore = cpu();
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: TOTAL }, (_, i) => post(base, origin, appSession.slug, `app-${i}@bench.invalid`))
  );
  const appSeconds = (performance.now() - started) / 1000;
  const byStatus = new Map<number, number>();
  for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
  console.log(
    `HTTP answers: ${[...byStatus].map(([status, n]) => `${status === 0 ? 'no answer' : status} × ${n}`).join(', ')}` +
      (answers.some((a) => a.error) ? ` (e.g. ${answers.find((a) => a.error)?.error})` : '')
  );
  const app = await report(
    'app HTTP',
    appSeconds,
    answers.map((a) => a.ms),
    owner,
    appSession.id
  );
  const cpuAfter = cpu();
  // Statistics are flushed asynchronously; a moment later they include the run.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const xactPerRequest = ((await transactions()) - xactBefore) / TOTAL;
  if (cpuBefore.web !== null && cpuAfter.web !== null) {
    const perRequest = (key: 'web' | 'worker') => (((cpuAfter[key] ?? 0) - (cpuBefore[key] ?? 0)) * 1000) / TOTAL;
    console.log(
      `${''.padEnd(9)} CPU per registration: web server ${ms(perRequest('web'))}, worker (emails sent meanwhile) ${ms(perRequest('worker'))};` +
        ` the web server used ${(((cpuAfter.web - cpuBefore.web) / appSeconds) * 100).toFixed(0)}% of one core during the run;` +
        ` ${xactPerRequest.toFixed(1)} database transactions per registration (web and worker; pgbench: 1)`
    );
  }
  const answeredOk = answers.every((a) => a.status === 303);

  // Baseline: pgbench, the app's registration transaction statement for statement, same role and claims.
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'bench-registration-'));
  const baseSession = await createSession(owner, CAPACITY);
  await owner.query('create sequence if not exists public.bench_email_seq');
  await owner.query('grant usage on sequence public.bench_email_seq to anon');
  const jobInsert = await emailJobInsert(cluster.appUrl);
  /** The pgbench script for one session: the app's registration transaction, statement for statement. */
  const scriptFor = async (sessionId: string, name: string) => {
    const file = path.join(dir, name);
    await fsp.writeFile(
      file,
      `begin \\; select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true), set_config('statement_timeout', '8s', true);
select registration_id as rid, case when outcome = 'waitlisted' then 'waitlisted' else 'confirmation' end as kind
  from app.register_attendee('${sessionId}'::uuid,
  jsonb_build_object('first_name', 'Bench', 'last_name', 'Attendee', 'company', 'Bench GmbH',
                     'email', 'pgbench-' || nextval('public.bench_email_seq') || '@bench.invalid'),
  '{"terms_accepted": true, "privacy_consent": true, "text_version": "bench"}'::jsonb, 'en', 'website', '{}'::jsonb, null) \\gset
with caller as materialized (select current_setting('role') as role) select role, set_config('role', 'none', true) as switched from caller;
${jobInsert};
commit;
`
    );
    return file;
  };
  const script = await scriptFor(baseSession.id, 'register.sql');
  const perClient = Math.ceil(TOTAL / CONCURRENCY);
  const output = execFileSync(
    'pgbench',
    [
      '-n',
      '-c',
      String(CONCURRENCY),
      '-j',
      String(Math.min(CONCURRENCY, os.cpus().length)),
      '-t',
      String(perClient),
      '-f',
      script,
      '-l',
      '--log-prefix',
      path.join(dir, 'log'),
      cluster.appUrl
    ],
    { encoding: 'utf8', cwd: dir }
  );
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1] ?? NaN);
  const pgLatencies: number[] = [];
  for (const file of await fsp.readdir(dir)) {
    if (!file.startsWith('log')) continue;
    for (const line of (await fsp.readFile(path.join(dir, file), 'utf8')).split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields.length >= 3) pgLatencies.push(Number(fields[2]) / 1000);
    }
  }
  const baseline = await report('pgbench', (perClient * CONCURRENCY) / tps, pgLatencies, owner, baseSession.id);
  // The baseline's email jobs must really be inserted (not skipped by pg-boss's ON CONFLICT), or it
  // would be doing less than the app.
  const { rows: jobRows } = await owner.query<{ jobs: number; kinds: number }>(
    `select count(*)::int as jobs, count(distinct j.data->>'kind')::int as kinds
       from pgboss.job j join public.registrations r on r.id = (j.data->>'registrationId')::uuid
      where j.name = 'registration.email' and r.session_id = $1`,
    [baseSession.id]
  );
  const jobsOk = jobRows[0].jobs === TOTAL && jobRows[0].kinds === 2;
  console.log(
    `${''.padEnd(9)} email jobs inserted by pgbench: ${jobRows[0].jobs} (confirmation and waitlisted) ${jobsOk ? '✓' : '✗ WRONG'}`
  );
  // What one registration transaction costs when nobody waits for the lock (one pgbench client): the
  // floor of the serial lock hold, i.e. the most seat decisions one session can get per second here.
  const quietSession = await createSession(owner, CAPACITY);
  const single = execFileSync(
    'pgbench',
    ['-n', '-c', '1', '-t', String(UNCONTENDED), '-f', await scriptFor(quietSession.id, 'single.sql'), cluster.appUrl],
    { encoding: 'utf8', cwd: dir }
  );
  const singleMs = Number(/latency average = ([\d.]+) ms/.exec(single)?.[1] ?? NaN);
  console.log(
    `uncontended  one registration transaction (pgbench, 1 client, ${UNCONTENDED} in a row): ${ms(singleMs)} ` +
      `→ at most ${Math.floor(1000 / singleMs)} seat decisions/s for one session on this machine`
  );
  await fsp.rm(dir, { recursive: true, force: true });
  await owner.end();

  const ratio = app.rate / baseline.rate;
  console.log(
    `ratio app/baseline ${ratio.toFixed(2)} (target ≥ ${RATIO_TARGET} ${ratio >= RATIO_TARGET ? '✓' : '✗'}); ` +
      `app p99 ${ms(app.p99)} (target ≤ ${P99_TARGET_MS} ms ${app.p99 <= P99_TARGET_MS ? '✓' : '✗'}); ` +
      `${TOTAL} requests in flight, capacity ${CAPACITY}, ${CONCURRENCY} database connections each side`
  );
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}; load generator, app, worker and Postgres share the machine.`
  );
  failed = !answeredOk || !app.ok || !baseline.ok || !jobsOk;
} catch (error) {
  console.error(error);
} finally {
  await stopAll();
}
process.exit(failed ? 1 : 0);
