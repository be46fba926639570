/**
 * `npm run bench:registration`: 1,000 concurrent registrations for one session with capacity 500
 * through the service (registerAttendee: the database function plus the email job in one transaction),
 * then pgbench running the same SQL function at the same concurrency as the baseline. Prints
 * registrations/s, p50/p99 and the app/baseline ratio, and checks exactly 500 confirmed each time.
 * Uses its own throwaway database; not part of CI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startThrowawayPostgres } from '../db/embedded.ts';
import { bootstrap, migrate } from '../db/migrate.ts';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 1000);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 500);
// Database connections on each side. Registrations for one session serialise on its row lock, so more
// connections only lengthen the lock queue; all TOTAL requests are still issued at once.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A published session with a primary speaker, built as the owner. */
async function createSession(db: pg.Client, capacity: number): Promise<string> {
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
  const session = await db.query(
    `insert into public.sessions (slug, topic_id, starts_at, capacity, status)
     values ($1, $2, now() + interval '7 days', $3, 'published') returning id`,
    [`bench-session-${suffix}`, topic.rows[0].id, capacity]
  );
  await db.query(`insert into public.session_speakers (session_id, consultant_id, role) values ($1, $2, 'primary')`, [
    session.rows[0].id,
    consultant.rows[0].id
  ]);
  await db.query('commit');
  return session.rows[0].id;
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

function report(label: string, seconds: number, latencies: number[], c: Awaited<ReturnType<typeof counts>>) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const rate = TOTAL / seconds;
  const ok = c.confirmed === CAPACITY && c.confirmed_count === CAPACITY && c.total === TOTAL && c.waitlisted === TOTAL - CAPACITY;
  console.log(
    `${label.padEnd(9)} ${rate.toFixed(0).padStart(6)} registrations/s   p50 ${ms(percentile(sorted, 50))}   p99 ${ms(percentile(sorted, 99))}` +
      `   confirmed ${c.confirmed} waitlisted ${c.waitlisted} ${ok ? '✓' : '✗ WRONG'}`
  );
  return { rate, ok };
}

const cluster = await startThrowawayPostgres();
let failed: boolean | undefined;
try {
  await bootstrap(cluster.adminUrl, { appPassword: 'postgres' });
  await migrate(cluster.appUrl);
  process.env.DATABASE_URL = cluster.appUrl;
  process.env.DATABASE_POOL_SIZE = String(CONCURRENCY);
  const owner = new pg.Client({ connectionString: cluster.appUrl });
  await owner.connect();

  // App: the service, all requests at once (latency includes waiting for a pooled connection).
  const { registerAttendee } = await import('../../web/lib/server/registration/index.ts');
  const { closeDb } = await import('../../web/lib/server/db/index.ts');
  const { closeJobClient, jobClient } = await import('../../web/lib/server/jobs/index.ts');
  await jobClient();
  const appSession = await createSession(owner, CAPACITY);
  // Warm the pool and the plan cache on a separate session.
  const warm = await createSession(owner, 10);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      registerAttendee(null, {
        sessionId: warm,
        attendee: { firstName: 'Warm', lastName: 'Up', email: `warm-${i}@bench.invalid`, company: 'Bench' },
        consents: {
          termsAccepted: true,
          privacyConsent: true,
          marketingConsent: false,
          consultantFollowUpConsent: false,
          dataProcessingConsent: false,
          textVersion: 'bench'
        },
        language: 'en'
      })
    )
  );
  const latencies: number[] = [];
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: TOTAL }, async (_, i) => {
      const t0 = performance.now();
      const outcome = await registerAttendee(null, {
        sessionId: appSession,
        attendee: { firstName: 'Bench', lastName: 'Attendee', email: `app-${i}@bench.invalid`, company: 'Bench GmbH' },
        consents: {
          termsAccepted: true,
          privacyConsent: true,
          marketingConsent: false,
          consultantFollowUpConsent: false,
          dataProcessingConsent: false,
          textVersion: 'bench'
        },
        language: 'en'
      }).catch((error: Error) => ({ kind: 'error' as const, error }));
      latencies.push(performance.now() - t0);
      return outcome;
    })
  );
  const appSeconds = (performance.now() - started) / 1000;
  const errors = outcomes.filter((o) => o.kind === 'error' || o.kind === 'refused');
  if (errors.length > 0) console.log(`app: ${errors.length} failed, e.g.`, errors[0]);
  const app = report('app', appSeconds, latencies, await counts(owner, appSession));
  await closeJobClient();
  await closeDb();

  // Baseline: pgbench, same function, same role and claims, same concurrency, no job.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-registration-'));
  const baseSession = await createSession(owner, CAPACITY);
  await owner.query('create sequence if not exists public.bench_email_seq');
  await owner.query('grant usage on sequence public.bench_email_seq to anon');
  const script = path.join(dir, 'register.sql');
  await fs.writeFile(
    script,
    `begin;
select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true), set_config('statement_timeout', '8s', true);
select * from app.register_attendee('${baseSession}'::uuid,
  jsonb_build_object('first_name', 'Bench', 'last_name', 'Attendee', 'company', 'Bench GmbH',
                     'email', 'pgbench-' || nextval('public.bench_email_seq') || '@bench.invalid'),
  '{"terms_accepted": true, "privacy_consent": true, "text_version": "bench"}'::jsonb, 'en', 'website', '{}'::jsonb, null);
commit;
`
  );
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
  for (const file of await fs.readdir(dir)) {
    if (!file.startsWith('log')) continue;
    for (const line of (await fs.readFile(path.join(dir, file), 'utf8')).split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields.length >= 3) pgLatencies.push(Number(fields[2]) / 1000);
    }
  }
  const baseline = report('pgbench', (perClient * CONCURRENCY) / tps, pgLatencies, await counts(owner, baseSession));
  await fs.rm(dir, { recursive: true, force: true });
  await owner.end();

  const ratio = app.rate / baseline.rate;
  console.log(
    `ratio app/baseline ${ratio.toFixed(2)} (target ≥ 0.5); ${TOTAL} registrations, capacity ${CAPACITY}, concurrency ${CONCURRENCY}`
  );
  failed = !app.ok || !baseline.ok;
} finally {
  await cluster.stop();
}
process.exit(failed === false ? 0 : 1);
