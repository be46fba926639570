/**
 * The one way to reach Postgres. Every request-scoped query runs through `withRls`: one transaction
 * with the caller's role and JWT claims set locally, exactly as PostgREST does on Supabase, so RLS
 * decides what the caller sees. It works through Supabase's pooler in transaction mode (no named
 * prepared statements, no session state).
 */
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
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

let pool: pg.Pool | undefined;
let kysely: Kysely<DB> | undefined;

/** Connection string of the app's database; set by scripts/start.ts for the embedded cluster. */
function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the platform with `npm start`, which runs an embedded Postgres');
  return url;
}

/** The shared pool (lazily created). */
export function getPool(): pg.Pool {
  if (!pool) {
    pool = new pg.Pool({
      connectionString: databaseUrl(),
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      application_name: process.env.APP_NAME ?? 'magnetiq'
    });
    // An idle pooled connection that the server closes (restart, failover, admin termination) emits
    // 'error' on the pool; unhandled, that would crash the web server. The pool drops the client and
    // the next query opens a fresh one, so logging is all there is to do.
    pool.on('error', (error) => console.error('[db] idle connection lost:', error.message));
  }
  return pool;
}

function getDb(): Kysely<DB> {
  kysely ??= new Kysely<DB>({ dialect: new PostgresDialect({ pool: getPool() }) });
  return kysely;
}

const STATEMENT_TIMEOUT = '8s';

async function runAs<T>(
  role: 'anon' | 'authenticated' | 'service_role',
  claims: object | null,
  fn: (tx: Tx) => Promise<T>
): Promise<T> {
  return getDb()
    .transaction()
    .execute(async (tx) => {
      // set_config(..., true) is `set local`: it ends with the transaction, so a pooled connection
      // never carries one caller's identity into the next.
      await sql`select set_config('role', ${role}, true),
                       set_config('request.jwt.claims', ${JSON.stringify(claims ?? { role })}, true),
                       set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true)`.execute(tx);
      return fn(tx);
    });
}

/** Runs `fn` in one transaction as the caller: anon without claims, authenticated with them. */
export function withRls<T>(claims: JwtClaims | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return claims ? runAs('authenticated', claims, fn) : runAs('anon', null, fn);
}

/**
 * Bypasses RLS. Only for workers and system tasks; `reason` documents why at each call site and
 * is recorded as the application_name-like claim for log correlation.
 */
export function asServiceRole<T>(reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return runAs('service_role', { role: 'service_role', reason }, fn);
}

/** Closes the pool (tests, graceful shutdown). */
export async function closeDb(): Promise<void> {
  const current = kysely;
  const raw = pool;
  kysely = undefined;
  pool = undefined;
  // Kysely ends the pool it wraps; a pool used only directly (e.g. by the rate limiter) is ended here.
  if (current) await current.destroy();
  else await raw?.end();
}

export { sql };
