/** Every pg-boss queue the platform uses; the worker and the web server create them at boot. */
export const QUEUES = ['system.ping'] as const;
export type QueueName = (typeof QUEUES)[number];
