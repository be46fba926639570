/** Worker liveness: workers record heartbeats, /healthz reads them. */
import os from 'node:os';
import { asServiceRole, sql } from '../db/index.ts';

/** A worker is alive when it beat within this window (it beats every HEARTBEAT_INTERVAL_MS). */
export const WORKER_STALE_AFTER_SECONDS = 60;
export const HEARTBEAT_INTERVAL_MS = 10_000;

/** Records that worker `workerId` is alive and which queues it works. */
export async function recordHeartbeat(workerId: string, queues: string[], startedAt: Date): Promise<void> {
  await asServiceRole('worker records its own heartbeat', (tx) =>
    tx
      .insertInto('worker_heartbeats')
      .values({
        worker_id: workerId,
        hostname: os.hostname(),
        pid: process.pid,
        queues,
        started_at: startedAt,
        beat_at: new Date()
      })
      .onConflict((oc) => oc.column('worker_id').doUpdateSet({ queues, beat_at: new Date() }))
      .execute()
  );
}

export interface Health {
  ok: boolean;
  database: 'ok' | 'down';
  worker: 'ok' | 'stale' | 'none';
  lastHeartbeatAt: string | null;
}

/** Database reachability and the freshest worker heartbeat. */
export async function checkHealth(): Promise<Health> {
  try {
    const row = await asServiceRole('health check reads worker liveness', async (tx) => {
      const { rows } = await sql<{ beat_at: Date | null; fresh: boolean | null }>`
        select max(beat_at) as beat_at,
               max(beat_at) > now() - make_interval(secs => ${WORKER_STALE_AFTER_SECONDS}) as fresh
        from public.worker_heartbeats`.execute(tx);
      return rows[0];
    });
    const worker = row?.beat_at ? (row.fresh ? 'ok' : 'stale') : 'none';
    return { ok: worker === 'ok', database: 'ok', worker, lastHeartbeatAt: row?.beat_at?.toISOString() ?? null };
  } catch {
    return { ok: false, database: 'down', worker: 'none', lastHeartbeatAt: null };
  }
}
