export interface DB { worker_heartbeats: { worker_id: string; hostname: string; pid: number; queues: string[]; started_at: Date; beat_at: Date } }
