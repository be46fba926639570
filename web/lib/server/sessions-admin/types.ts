/** Outcomes of the session services, mapped by the routes onto localised messages and statuses. */
import type { ScheduleConflict } from './conflicts.ts';

export type SaveOutcome =
  | { kind: 'saved'; id: string; version: number; changed: string[]; jobs: number; promoted: number }
  | { kind: 'stale'; currentVersion: number }
  | { kind: 'not_found' }
  | { kind: 'forbidden' }
  /** Cancelled and completed sessions are final. */
  | { kind: 'final'; status: string }
  | { kind: 'conflict'; conflicts: ScheduleConflict[] }
  /** Capacity below the seats already given (confirmed + pending payment). */
  | { kind: 'capacity_below'; taken: number }
  | { kind: 'needs_primary' }
  /** Unpublishing a session people registered for; cancel it instead. */
  | { kind: 'has_registrations' }
  /** Another database rule refused the change (constraint name). */
  | { kind: 'rejected'; rule: string };

export type Failure = Exclude<SaveOutcome, { kind: 'saved' }>;

/** Statuses of registrations that are still "on": they hear about reschedules and cancellations. */
export const ACTIVE_REGISTRATION_STATUSES = ['confirmed', 'pending_approval', 'waitlisted', 'pending_payment'] as const;
