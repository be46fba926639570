/**
 * Rate limits with state in Postgres (rate-limiter-flexible's Postgres store), so every web process
 * counts against the same budget. Keys never contain raw emails: they are hashed first.
 */
import crypto from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { getPool } from '../db/index.ts';

export interface LimitPolicy {
  /** Short name, part of every key: `signin-ip`, `register-email`, … */
  name: string;
  points: number;
  durationSeconds: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const limiters = new Map<string, RateLimiterPostgres>();

function limiter(policy: LimitPolicy): RateLimiterPostgres {
  let found = limiters.get(policy.name);
  if (!found) {
    const pool = getPool();
    found = new RateLimiterPostgres({
      // Plain (unnamed) statements only, so this works through Supabase's transaction pooler.
      storeClient: { query: (q: { text: string; values?: unknown[] }) => pool.query({ text: q.text, values: q.values }) },
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
