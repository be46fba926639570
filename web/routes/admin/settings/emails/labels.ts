import { m } from '#lib/paraglide/messages.js';
import type { RegistrationEmailKind } from '../../../../../emails/i18n.ts';

const LABELS: Record<RegistrationEmailKind, () => string> = {
  confirmation: m.settings_kind_confirmation,
  waitlisted: m.settings_kind_waitlisted,
  pending_approval: m.settings_kind_pending_approval,
  promoted: m.settings_kind_promoted,
  approved: m.settings_kind_approved,
  rejected: m.settings_kind_rejected,
  cancelled: m.settings_kind_cancelled,
  rescheduled: m.settings_kind_rescheduled,
  session_cancelled: m.settings_kind_session_cancelled,
  reminder: m.settings_kind_reminder,
  meeting_details: m.settings_kind_meeting_details,
  message: m.settings_kind_message
};

export const kindLabel = (kind: string) => LABELS[kind as RegistrationEmailKind]?.() ?? kind;
