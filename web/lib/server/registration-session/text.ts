/** Localised words for registration outcomes, statuses and refusals (the page language of the request). */
import { m } from '../../paraglide/messages.js';
import type { RegistrationRefusal, RegistrationStatus } from '../registration/types.ts';

export function statusText(status: RegistrationStatus | string): string {
  const words: Record<string, () => string> = {
    confirmed: m.register_status_confirmed,
    pending_approval: m.register_status_pending_approval,
    pending_payment: m.register_status_pending_payment,
    waitlisted: m.register_status_waitlisted,
    cancelled: m.register_status_cancelled,
    attended: m.register_status_attended,
    no_show: m.register_status_no_show
  };
  return words[status]?.() ?? status;
}

export function refusalText(reason: RegistrationRefusal): string {
  const words: Record<RegistrationRefusal, () => string> = {
    session_not_found: m.register_refused_session_not_found,
    session_not_open_yet: m.register_refused_session_not_open_yet,
    registration_closed: m.register_refused_registration_closed,
    session_started: m.register_refused_session_started,
    session_cancelled: m.register_refused_session_cancelled,
    sold_out: m.register_refused_sold_out,
    consent_missing: m.register_refused_consent_missing,
    invalid_input: m.register_refused_invalid_input
  };
  return (words[reason] ?? m.register_refused_invalid_input)();
}

/** 404 for an unknown session, 400 for input the attendee can fix, 409 for the session's state. */
export function refusalStatus(reason: RegistrationRefusal): 400 | 404 | 409 {
  if (reason === 'session_not_found') return 404;
  if (reason === 'consent_missing' || reason === 'invalid_input') return 400;
  return 409;
}
