import { m } from '#lib/paraglide/messages.js';

const REFUSALS: Record<string, () => string> = {
  not_found: m.adminreg_refusal_not_found,
  not_pending: m.adminreg_refusal_not_pending,
  sold_out: m.adminreg_refusal_sold_out,
  session_started: m.adminreg_refusal_session_started,
  session_cancelled: m.adminreg_refusal_session_cancelled,
  already_cancelled: m.adminreg_refusal_already_cancelled,
  not_confirmed: m.adminreg_refusal_not_confirmed,
  session_not_started: m.adminreg_refusal_session_not_started,
  no_meeting_url: m.adminreg_refusal_no_meeting_url
};

export const refusalLabel = (reason: string) => (REFUSALS[reason] ?? m.adminreg_refusal_other)();

const STATUSES: Record<string, () => string> = {
  pending_approval: m.adminreg_status_pending_approval,
  pending_payment: m.adminreg_status_pending_payment,
  confirmed: m.adminreg_status_confirmed,
  waitlisted: m.adminreg_status_waitlisted,
  cancelled: m.adminreg_status_cancelled,
  attended: m.adminreg_status_attended,
  no_show: m.adminreg_status_no_show
};

export const statusLabel = (status: string) => STATUSES[status]?.() ?? status;
