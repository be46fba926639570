import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkHealth } from '../../web/lib/server/system/heartbeat.ts';
import { ownerPool } from './support/db.ts';

const root = path.resolve(import.meta.dirname, '../..');
let worker: ChildProcess;
let output = '';
const workerId = `worker-test-${process.pid}-${Date.now()}`;

async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}; worker output:\n${output}`);
}

beforeAll(() => {
  // The real worker process, as `npm start` launches it.
  worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'workers/index.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), WORKER_ID: workerId },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  worker.stdout!.on('data', (chunk) => (output += chunk));
  worker.stderr!.on('data', (chunk) => (output += chunk));
});

afterAll(async () => {
  if (worker.exitCode === null) {
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
});

describe('worker process', () => {
  it('boots pg-boss, records a heartbeat that /healthz reports, and works jobs', async () => {
    // Wait for this process's own heartbeat (other test files write heartbeat rows too).
    const beat = await waitFor(async () => {
      const { rows } = await ownerPool().query<{ queues: string[] }>(
        'select queues from public.worker_heartbeats where worker_id = $1',
        [workerId]
      );
      return rows[0];
    }, 'the worker heartbeat');
    expect(beat.queues).toContain('system.ping');
    expect(await checkHealth()).toMatchObject({ ok: true, database: 'ok', worker: 'ok' });
    expect(output).toContain('ready; queues:');

    const boss = new PgBoss({ connectionString: inject('databaseUrl'), schema: 'pgboss', supervise: false, schedule: false });
    await boss.start();
    try {
      const jobId = await boss.send('system.ping', {});
      expect(jobId).toBeTruthy();
      const job = await waitFor(async () => {
        const found = await boss.getJobById('system.ping', jobId!);
        return found?.state === 'completed' ? found : undefined;
      }, 'the ping job to complete');
      expect(job.output).toEqual({ pong: true });
    } finally {
      await boss.stop({ graceful: false });
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    worker.kill('SIGTERM');
    const code = await new Promise((resolve) => worker.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('SIGTERM: stopping');
  });
});
