/**
 * Rate limits with state in Postgres (rate-limiter-flexible's Postgres store), so every web process
 * counts against the same budget. Keys never contain raw emails: they are hashed first.
 */
import crypto from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type pg from 'pg';
import { getPool } from '../db/index.ts';

export interface LimitPolicy {
  /** Short name, part of every key: `signin-ip`, `register-email`, … */
  name: string;
  points: number;
  durationSeconds: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type StoreClient = { query: (q: { text: string; values?: unknown[] }) => Promise<pg.QueryResult> };

const limiters = new Map<string, RateLimiterPostgres>();
/** Each limiter's store client (the pool it was built with), also used by `consumeInOrder`. */
const stores = new Map<string, StoreClient>();

function limiter(policy: LimitPolicy): RateLimiterPostgres {
  let found = limiters.get(policy.name);
  if (!found) {
    const pool = getPool();
    // Plain (unnamed) statements only, so this works through Supabase's transaction pooler.
    const storeClient: StoreClient = { query: (q) => pool.query({ text: q.text, values: q.values }) };
    stores.set(policy.name, storeClient);
    found = new RateLimiterPostgres({
      storeClient,
      storeType: 'pool',
      schemaName: 'app',
      tableName: 'rate_limits',
      tableCreated: true, // created by a migration, with RLS
      keyPrefix: policy.name,
      points: policy.points,
      duration: policy.durationSeconds
    });
    limiters.set(policy.name, found);
  }
  return found;
}

/** A stable, non-reversible key for personal data such as an email address. */
export function hashKey(value: string): string {
  return crypto.createHash('sha256').update(value.trim().toLowerCase()).digest('base64url').slice(0, 32);
}

/** Counts one attempt; refuses once the budget is spent. */
export async function consume(policy: LimitPolicy, key: string): Promise<LimitDecision> {
  try {
    await limiter(policy).consume(key);
    return { allowed: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) };
    throw error;
  }
}

/**
 * Counts one attempt against each (policy, key) in order, in ONE statement (one round trip, one
 * transaction) instead of one per key, and reports the first refusal. Same semantics as calling
 * `consume` for each in turn and stopping at the first refusal: a key is only counted when every
 * earlier one allowed the attempt (a data-modifying CTE runs its INSERT only under that condition).
 * Same rows and arithmetic as rate-limiter-flexible's Postgres store (key `<name>:<key>`, fixed window
 * from the first point, expire in epoch ms), so `peek`, `reset` and its expiry sweep keep working.
 * Like that store, it writes app.rate_limits as the owner through the pool (see its migration).
 */
export async function consumeInOrder(checks: { policy: LimitPolicy; key: string }[]): Promise<LimitDecision> {
  if (checks.length === 0) return { allowed: true };
  // Built once per policy (not per call): the library's limiters also sweep expired rows on a timer.
  for (const { policy } of checks) limiter(policy);
  const now = Date.now();
  const values: unknown[] = [now];
  const steps = checks.map(({ policy, key }, i) => {
    values.push(`${policy.name}:${key}`, now + policy.durationSeconds * 1000, policy.points);
    const [k, expire, points] = [values.length - 2, values.length - 1, values.length];
    // Every earlier step must exist (it ran) and be within its budget.
    const earlier = checks
      .slice(0, i)
      .map((_, j) => `exists (select 1 from c${j} where c${j}.points <= c${j}.budget)`)
      .join(' and ');
    return `c${i} as (
        insert into app.rate_limits as t (key, points, expire)
        select $${k}::varchar, 1, $${expire}::bigint ${earlier ? `where ${earlier}` : ''}
        on conflict (key) do update set
          points = case when t.expire <= $1::bigint then 1 else t.points + 1 end,
          expire = case when t.expire <= $1::bigint then excluded.expire else t.expire end
        returning points, expire, $${points}::int as budget)`;
  });
  const columns = checks.map((_, i) => `(select points from c${i}) as p${i}, (select expire from c${i}) as e${i}`);
  const { rows } = await stores.get(checks[0].policy.name)!.query({
    text: `with ${steps.join(', ')} select ${columns.join(', ')}`,
    values
  });
  const row = rows[0] as Record<string, number | string | null>;
  for (let i = 0; i < checks.length; i++) {
    const points = row[`p${i}`];
    // No row: an earlier key refused, so this one was not counted (the loop has returned already).
    if (points === null || points === undefined) break;
    if (Number(points) > checks[i].policy.points) {
      const expire = row[`e${i}`];
      const msBeforeNext = expire === null || expire === undefined ? -1 : Number(expire) - Date.now();
      return { allowed: false, retryAfterSeconds: Math.ceil(msBeforeNext / 1000) };
    }
  }
  return { allowed: true };
}

/** Whether the budget is already spent, without counting an attempt. */
export async function peek(policy: LimitPolicy, key: string): Promise<LimitDecision> {
  const state = await limiter(policy).get(key);
  if (state && state.consumedPoints >= policy.points)
    return { allowed: false, retryAfterSeconds: Math.ceil(state.msBeforeNext / 1000) };
  return { allowed: true };
}

/** Clears a key's counter (e.g. after a successful sign-in). */
export async function reset(policy: LimitPolicy, key: string): Promise<void> {
  await limiter(policy).delete(key);
}
