/**
 * Sending pg-boss jobs from the web server and services. Jobs go out inside the same transaction as
 * the change that causes them, so a rolled-back change never leaves a job behind and a committed one
 * always has its job (pg-boss's `db` option with the Kysely adapter).
 */
import { PgBoss, fromKysely, type SendOptions } from 'pg-boss';
import { sql, type Tx } from '../db/index.ts';
import { QUEUE_OPTIONS, QUEUES, type QueueName } from './queues.ts';

export { QUEUES, type QueueName };

let booting: Promise<PgBoss> | undefined;

/** A pg-boss client for sending only (no polling, no maintenance: the worker does those). */
export function jobClient(): Promise<PgBoss> {
  booting ??= (async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    const boss = new PgBoss({
      connectionString,
      schema: 'pgboss',
      supervise: false,
      schedule: false,
      max: 2,
      application_name: 'magnetiq-web-jobs'
    });
    boss.on('error', (error) => console.error('[jobs] pg-boss error:', error));
    await boss.start();
    for (const queue of QUEUES) await boss.createQueue(queue, QUEUE_OPTIONS[queue]);
    return boss;
  })();
  return booting;
}

export interface JobRequest {
  name: QueueName;
  /** Ids, never row snapshots: handlers re-read current state (pg-boss is at-least-once). */
  data: Record<string, string | number | boolean | null>;
  options?: SendOptions;
}

/**
 * Sends `jobs` inside `tx`. pg-boss's tables belong to the owner, not to anon/authenticated, so the
 * inserts run as the connection's own role (SET ROLE is checked against the session user, so this is
 * allowed) and the caller's role is restored afterwards.
 */
export async function sendInTransaction(
  tx: Tx,
  jobs: JobRequest[],
  { last = false }: { /** The caller commits right after: the switched role ends with the transaction. */ last?: boolean } = {}
): Promise<string[]> {
  if (jobs.length === 0) return [];
  const boss = await jobClient();
  // Read the caller's role and drop to the connection's own in one round trip (the materialised CTE
  // is read before the switch): in a registration this runs while the session row lock is held.
  const { rows } = await sql<{ role: string }>`
    with caller as materialized (select current_setting('role') as role)
    select role, set_config('role', 'none', true) as switched from caller`.execute(tx);
  const callerRole = rows[0]?.role ?? 'none';
  try {
    const ids: string[] = [];
    for (const job of jobs) {
      const id = await boss.send(job.name, job.data, { ...job.options, db: fromKysely(tx) });
      if (id) ids.push(id);
    }
    return ids;
  } finally {
    // set_config(…, true) is local to the transaction, so when nothing follows before COMMIT the
    // switch back is a round trip for nothing, and in a registration it runs under the session lock.
    if (!last) await sql`select set_config('role', ${callerRole}, true)`.execute(tx);
  }
}

/** Stops the sending client (tests, graceful shutdown). */
export async function closeJobClient(): Promise<void> {
  const current = booting;
  booting = undefined;
  if (current) await (await current).stop({ graceful: false });
}
