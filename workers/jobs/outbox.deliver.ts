/**
 * `outbox.deliver`: sends one outbox row that was composed in the transaction of the change (a
 * consultant invitation). Safe to run any number of times: deliver never re-sends a sent row.
 */
import * as v from 'valibot';
import { deliverOutbox, DeliveryError } from '../../web/lib/server/email/deliver.ts';

const OutboxDeliverJobSchema = v.object({ outboxId: v.pipe(v.string(), v.uuid()) });

export async function handleOutboxDeliver(payload: unknown) {
  const { outboxId } = v.parse(OutboxDeliverJobSchema, payload);
  const delivered = await deliverOutbox(outboxId);
  // Throwing hands the job back to pg-boss, which retries with backoff (queues.ts).
  if (delivered.outcome === 'retry' || delivered.outcome === 'failed') throw new DeliveryError(delivered.error);
  if (delivered.outcome === 'busy') throw new DeliveryError('another worker is sending this message; retry to confirm');
  return { outboxId, delivered: delivered.outcome };
}
