/** Every pg-boss queue the platform uses; the worker creates them at boot. Later issues add more. */
export const QUEUES = ['system.ping'] as const;
export type QueueName = (typeof QUEUES)[number];
