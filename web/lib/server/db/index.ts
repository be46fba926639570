/**
 * The one way to reach Postgres. Every request-scoped query runs through `withRls`: one transaction
 * with the caller's role and JWT claims set locally, exactly as PostgREST does on Supabase, so RLS
 * decides what the caller sees. It works through Supabase's pooler in transaction mode (no named
 * prepared statements, no session state).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type Transaction,
  type TransactionSettings
} from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type { DB };
export type Tx = Transaction<DB>;

/** Claims as GoTrue puts them in its access token; `null` means an anonymous visitor. */
export interface JwtClaims {
  sub: string;
  role: 'authenticated';
  email: string;
  app_metadata: { role?: 'admin' | 'consultant'; [key: string]: unknown };
  user_metadata?: Record<string, unknown>;
  exp?: number;
  [key: string]: unknown;
}

// Counts (int8) come back as numbers: they stay far below 2^53. numeric stays a string (money).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Connection lanes. `main` serves everything; `seats` only the transactions that take a session's row
 * lock to decide a seat (registration: `withRls(…, { lane: 'seats' })`). node-postgres hands out
 * connections first come, first served, so in a burst of registrations every seat decision waited
 * behind the page loads, rate limits and registration-session writes of the requests that arrived
 * after it, while the session's lock sat idle (registration benchmark: busy ~65 % of the run). A few
 * connections of their own keep the lock busy from the first request.
 */
export type Lane = 'main' | 'seats';

const LANE_SIZE: Record<Lane, () => number> = {
  main: () => Number(process.env.DATABASE_POOL_SIZE ?? 10),
  seats: () => Number(process.env.DATABASE_SEAT_POOL_SIZE ?? 4)
};

const pools = new Map<Lane, pg.Pool>();
const kyselys = new Map<Lane, Kysely<DB>>();

/** Connection string of the app's database; set by scripts/start.ts for the embedded cluster. */
function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the platform with `npm start`, which runs an embedded Postgres');
  return url;
}

/** The shared pool of a lane (lazily created). */
export function getPool(lane: Lane = 'main'): pg.Pool {
  let pool = pools.get(lane);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: databaseUrl(),
      max: LANE_SIZE[lane](),
      application_name: process.env.APP_NAME ?? 'magnetiq'
    });
    // An idle pooled connection that the server closes (restart, failover, admin termination) emits
    // 'error' on the pool; unhandled, that would crash the web server. The pool drops the client and
    // the next query opens a fresh one, so logging is all there is to do.
    pool.on('error', (error) => console.error('[db] idle connection lost:', error.message));
    pools.set(lane, pool);
  }
  return pool;
}

/**
 * Statements to run in the same round trip as BEGIN, for the transaction being opened in this async
 * context (`runAs` sets them). A simple-protocol query (no parameters) may hold several statements,
 * so `begin; select set_config(…)` costs one round trip instead of two: a registration opens four
 * transactions, and each round trip cost ~0.2 ms of the web server's CPU (registration benchmark
 * profile). Commit, rollback and discarding a broken connection stay Kysely's.
 */
const transactionPrelude = new AsyncLocalStorage<string>();

class PreludePostgresDriver extends PostgresDriver {
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const prelude = transactionPrelude.getStore();
    // Fail closed: a transaction without the caller's identity would run as the login role, past RLS.
    if (!prelude) throw new Error('A transaction must run through withRls or asServiceRole');
    const start = [
      'start transaction',
      settings.isolationLevel && `isolation level ${settings.isolationLevel}`,
      settings.accessMode
    ]
      .filter(Boolean)
      .join(' ');
    try {
      await connection.executeQuery(CompiledQuery.raw(`${start}; ${prelude}`));
    } catch (error) {
      // BEGIN took effect even if a setting failed; Kysely only rolls back a transaction whose begin
      // succeeded, so end it here or the pooled connection stays in an aborted transaction.
      await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => {});
      throw error;
    }
  }
}

class PreludePostgresDialect extends PostgresDialect {
  constructor(private readonly settings: PostgresDialectConfig) {
    super(settings);
  }
  createDriver(): Driver {
    return new PreludePostgresDriver(this.settings);
  }
}

function getDb(lane: Lane): Kysely<DB> {
  let db = kyselys.get(lane);
  if (!db) {
    db = new Kysely<DB>({ dialect: new PreludePostgresDialect({ pool: getPool(lane) }) });
    kyselys.set(lane, db);
  }
  return db;
}

const STATEMENT_TIMEOUT = '8s';

/** Options of a transaction: its connection lane (see `Lane`). */
export interface TxOptions {
  lane?: Lane;
}

async function runAs<T>(
  role: 'anon' | 'authenticated' | 'service_role',
  claims: object | null,
  fn: (tx: Tx) => Promise<T>,
  { lane = 'main' }: TxOptions = {}
): Promise<T> {
  // set_config(..., true) is `set local`: it ends with the transaction, so a pooled connection never
  // carries one caller's identity into the next. Literals, not parameters: it rides along with BEGIN
  // in one simple-protocol query (see transactionPrelude); pg's escapeLiteral quotes them.
  const prelude = `select set_config('role', ${pg.escapeLiteral(role)}, true),
    set_config('request.jwt.claims', ${pg.escapeLiteral(JSON.stringify(claims ?? { role }))}, true),
    set_config('statement_timeout', ${pg.escapeLiteral(STATEMENT_TIMEOUT)}, true)`;
  return transactionPrelude.run(prelude, () => getDb(lane).transaction().execute(fn));
}

/** Runs `fn` in one transaction as the caller: anon without claims, authenticated with them. */
export function withRls<T>(claims: JwtClaims | null, fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T> {
  return claims ? runAs('authenticated', claims, fn, options) : runAs('anon', null, fn, options);
}

/**
 * Bypasses RLS. Only for workers and system tasks; `reason` documents why at each call site and
 * is recorded as the application_name-like claim for log correlation.
 */
export function asServiceRole<T>(reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return runAs('service_role', { role: 'service_role', reason }, fn);
}

/** Closes the pools (tests, graceful shutdown). */
export async function closeDb(): Promise<void> {
  const wrapped = [...kyselys.entries()];
  const raw = [...pools.entries()];
  kyselys.clear();
  pools.clear();
  // Kysely ends the pool it wraps; a pool used only directly (e.g. by the rate limiter) is ended here.
  await Promise.all(wrapped.map(([, db]) => db.destroy()));
  await Promise.all(raw.filter(([lane]) => !wrapped.some(([used]) => used === lane)).map(([, pool]) => pool.end()));
}

export { sql };
