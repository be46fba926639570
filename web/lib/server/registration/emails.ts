/**
 * The emails the engine asks for. It only sends `registration.email` jobs (ids and a kind) inside the
 * transaction that made the change; the worker renders and delivers them through the outbox, which
 * makes a repeated job harmless.
 */
import type { RegistrationEmailKind as EmailKind } from '../../../../emails/i18n.ts';
import type { JobRequest } from '../jobs/index.ts';
import type { Promotion } from './types.ts';

/** The kinds the engine itself sends (the organisers' kinds go through the admin services). */
export type RegistrationEmailKind = Extract<
  EmailKind,
  'confirmation' | 'waitlisted' | 'pending_approval' | 'promoted' | 'approved' | 'rejected' | 'cancelled'
>;

export function emailJob(registrationId: string, kind: RegistrationEmailKind): JobRequest {
  return { name: 'registration.email', data: { registrationId, kind } };
}

/** Promoted into a seat: 'promoted'; moved up into approval review: 'pending_approval'. */
export function promotionJobs(promoted: Promotion[]): JobRequest[] {
  return promoted.map((p) => emailJob(p.registrationId, p.status === 'pending_approval' ? 'pending_approval' : 'promoted'));
}

/** The `promoted` jsonb column of the cancel/reject/erase functions. */
export function parsePromotions(value: unknown): Promotion[] {
  const items = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as {
    registration_id: string;
    status: Promotion['status'];
  }[];
  return items.map((p) => ({ registrationId: p.registration_id, status: p.status }));
}
