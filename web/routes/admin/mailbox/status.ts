import { m } from '#lib/paraglide/messages.js';

/** The outbox status in the admin's language (unknown values are shown as they are). */
export function statusLabel(status: string): string {
  if (status === 'queued') return m.mailbox_status_queued();
  if (status === 'sent') return m.mailbox_status_sent();
  if (status === 'failed') return m.mailbox_status_failed();
  return status;
}
