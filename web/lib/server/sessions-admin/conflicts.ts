/**
 * Scheduling conflicts: a consultant's other sessions (with the program's buffer) and unavailable
 * periods. The check runs in SQL (app.session_schedule_conflicts) inside the caller's transaction and,
 * by default, first locks each consultant's schedule (advisory lock until commit), so two admins
 * booking the same consultant at the same moment cannot both succeed.
 */
import { sql, type Tx } from '../db/index.ts';

export interface ScheduleConflict {
  consultantId: string;
  consultantName: string;
  kind: 'session' | 'unavailable';
  conflictId: string;
  /** Session title (EN/DE) for a session, null for an unavailable period. */
  title: { en?: string; de?: string } | null;
  reason: string | null;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Conflicts of `consultantIds` if session `sessionId` (null for a new one) ran from `startsAt` for
 * `durationMinutes`. With `lock` (the default) the consultants stay locked until the transaction ends:
 * call it right before the write it guards. `lock: false` exists for suggestions and for the test that
 * proves the lock is needed.
 */
export async function findScheduleConflicts(
  tx: Tx,
  input: { sessionId: string | null; startsAt: Date; durationMinutes: number; consultantIds: string[]; lock?: boolean }
): Promise<ScheduleConflict[]> {
  if (input.consultantIds.length === 0) return [];
  const { rows } = await sql<{
    consultant_id: string;
    consultant_name: string;
    kind: 'session' | 'unavailable';
    conflict_id: string;
    conflict_title: { en?: string; de?: string } | null;
    conflict_reason: string | null;
    conflict_starts_at: Date;
    conflict_ends_at: Date;
  }>`select * from app.session_schedule_conflicts(${input.sessionId}::uuid, ${input.startsAt}::timestamptz,
        ${input.durationMinutes}::integer, ${input.consultantIds}::uuid[], ${input.lock ?? true})`.execute(tx);
  return rows.map((r) => ({
    consultantId: r.consultant_id,
    consultantName: r.consultant_name,
    kind: r.kind,
    conflictId: r.conflict_id,
    title: r.conflict_title,
    reason: r.conflict_reason,
    startsAt: new Date(r.conflict_starts_at),
    endsAt: new Date(r.conflict_ends_at)
  }));
}
