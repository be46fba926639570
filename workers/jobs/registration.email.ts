/**
 * `registration.email`: compose the outbox row for (registration, kind), then deliver it. Safe to run
 * any number of times: compose reuses the existing row, deliver never re-sends a sent one.
 */
import * as v from 'valibot';
import { RegistrationEmailJobSchema } from '../../web/lib/schemas/registration-email-job.ts';
import { composeRegistrationEmail } from '../../web/lib/server/email/compose.ts';
import { deliverOutbox, DeliveryError } from '../../web/lib/server/email/deliver.ts';

export async function handleRegistrationEmail(payload: unknown) {
  const job = v.parse(RegistrationEmailJobSchema, payload);
  const composed = await composeRegistrationEmail(job.registrationId, job.kind, job.version);
  if (composed.outcome === 'skipped') return { composed: composed.outcome, reason: composed.reason };
  const delivered = await deliverOutbox(composed.outboxId);
  // Throwing hands the job back to pg-boss, which retries with backoff (queues.ts).
  if (delivered.outcome === 'retry' || delivered.outcome === 'failed') throw new DeliveryError(delivered.error);
  if (delivered.outcome === 'busy') throw new DeliveryError('another worker is sending this message; retry to confirm');
  return { composed: composed.outcome, outboxId: composed.outboxId, delivered: delivered.outcome };
}
