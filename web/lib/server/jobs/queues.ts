/** Every pg-boss queue the platform uses; the worker and the web server create them at boot. */
import type { QueueOptions } from 'pg-boss';

export const QUEUES = ['system.ping', 'registration.email', 'waitlist.sweep', 'outbox.deliver'] as const;
export type QueueName = (typeof QUEUES)[number];

/**
 * Retry policy per queue, inherited by every job sent to it. Registration emails retry with
 * exponential backoff (30 s, 1 min, 2 min, … capped at 30 min; about 2 hours in all) so an SMTP
 * outage of that length loses nothing; the outbox row records each attempt (see email/deliver.ts,
 * whose MAX_DELIVERY_ATTEMPTS is retryLimit + 1).
 */
export const QUEUE_OPTIONS: Partial<Record<QueueName, QueueOptions>> = {
  'registration.email': { retryLimit: 8, retryDelay: 30, retryBackoff: true, retryDelayMax: 1800 },
  // Delivers an outbox row composed elsewhere (e.g. a consultant invitation); same policy as above.
  'outbox.deliver': { retryLimit: 8, retryDelay: 30, retryBackoff: true, retryDelayMax: 1800 }
};
