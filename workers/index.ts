/**
 * The background worker: boots pg-boss, creates its queues, works them, and records a heartbeat.
 * Stateless: run as many copies as needed (pg-boss hands each job to one of them).
 */
import os from 'node:os';
import { PgBoss } from 'pg-boss';
import { closeDb } from '../web/lib/server/db/index.ts';
import { HEARTBEAT_INTERVAL_MS, recordHeartbeat } from '../web/lib/server/system/heartbeat.ts';
import { QUEUE_OPTIONS, QUEUES } from '../web/lib/server/jobs/queues.ts';
import { handleRegistrationEmail } from './jobs/registration.email.ts';
import { handleOutboxDeliver } from './jobs/outbox.deliver.ts';
import { handleWaitlistSweep, WAITLIST_SWEEP_CRON } from './jobs/waitlist.sweep.ts';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  console.error('[worker] DATABASE_URL is not set (npm start sets it for the embedded database)');
  process.exit(1);
}

// WORKER_ID names a replica explicitly (process managers, tests); hostname:pid otherwise.
const workerId = process.env.WORKER_ID ?? `${os.hostname()}:${process.pid}`;
const startedAt = new Date();
const boss = new PgBoss({ connectionString, schema: 'pgboss', application_name: 'magnetiq-worker' });
boss.on('error', (error) => console.error('[worker] pg-boss error:', error));

await boss.start();
for (const queue of QUEUES) {
  await boss.createQueue(queue, QUEUE_OPTIONS[queue]);
  // createQueue leaves an existing queue as it was; keep its retry policy in step with queues.ts.
  const options = QUEUE_OPTIONS[queue];
  if (options) await boss.updateQueue(queue, options);
}
// A trivial job proves the queue round trip end to end (used by the health tests).
await boss.work('system.ping', async () => ({ pong: true }));
// Registration emails: a few at a time per worker (each holds its outbox row while talking to SMTP).
await boss.work('registration.email', { batchSize: 1, localConcurrency: 4 }, async ([job]) => handleRegistrationEmail(job.data));
// Outbox rows composed by the web server (consultant invitations): deliver with retries.
await boss.work('outbox.deliver', { batchSize: 1, localConcurrency: 2 }, async ([job]) => handleOutboxDeliver(job.data));
// Waitlist sweep (spec: every 2 hours); pg-boss's cron makes one job per tick across all workers.
await boss.schedule('waitlist.sweep', WAITLIST_SWEEP_CRON);
await boss.work('waitlist.sweep', async () => handleWaitlistSweep());

const beat = () =>
  recordHeartbeat(workerId, [...QUEUES], startedAt).catch((error) => console.error('[worker] heartbeat failed:', error));
await beat();
const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
console.log(`[worker] ${workerId} ready; queues: ${QUEUES.join(', ')}`);

async function shutdown(signal: string) {
  console.log(`[worker] ${signal}: stopping`);
  clearInterval(timer);
  await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
  await closeDb();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
