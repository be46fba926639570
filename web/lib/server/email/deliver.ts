/**
 * Sends one outbox row. With SMTP_URL set, through nodemailer; without it, the outbox itself is the
 * local mailbox: the row is marked sent with provider_message_id 'local:<id>' and the admin reads it
 * at /admin/mailbox. Nothing is ever silently dropped.
 *
 * The row is locked (`for update skip locked`) for the whole send, so two workers never send it at
 * once; a row already marked sent is never sent again. The one window left is a crash after the SMTP
 * server accepted and before the commit: the retry sends again with the same Message-ID, which
 * receivers use to drop duplicates (at-least-once is the best any SMTP client can promise).
 */
import { sql } from 'kysely';
import { config } from '../config.ts';
import { asServiceRole } from '../db/index.ts';
import { QUEUE_OPTIONS } from '../jobs/queues.ts';
import type { OutboxAttachment } from './compose.ts';
import { sendSmtp } from './transport.ts';

/** One first try plus pg-boss's retries; after that the row is marked failed for an admin to see. */
export const MAX_DELIVERY_ATTEMPTS = (QUEUE_OPTIONS['registration.email']?.retryLimit ?? 8) + 1;

export type DeliverResult =
  | { outcome: 'sent'; providerMessageId: string }
  | { outcome: 'already_sent' | 'already_failed' | 'busy' | 'not_found' }
  | { outcome: 'retry' | 'failed'; error: string };

export class DeliveryError extends Error {}

interface ClaimedRow {
  id: string;
  status: string;
  attempts: number;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  attachments: OutboxAttachment[];
}

/**
 * Delivers `outboxId`. Resolves for every outcome; a failed attempt is recorded on the row and
 * reported as 'retry' (the caller throws so pg-boss retries with backoff) or 'failed' (final).
 */
export async function deliverOutbox(outboxId: string): Promise<DeliverResult> {
  const { SMTP_URL, MAIL_FROM } = config();
  return asServiceRole('worker: deliver one outbox email', async (tx) => {
    const claimed = await sql<ClaimedRow>`
      select id, status, attempts, to_address, subject, html, text, attachments
      from public.email_outbox where id = ${outboxId}
      for update skip locked`.execute(tx);
    const row = claimed.rows[0];
    if (!row) {
      const exists = await tx.selectFrom('email_outbox').select('id').where('id', '=', outboxId).executeTakeFirst();
      // Locked by another worker that is sending it right now: nothing for us to do.
      return { outcome: exists ? 'busy' : 'not_found' };
    }
    if (row.status === 'sent') return { outcome: 'already_sent' };
    if (row.status === 'failed') return { outcome: 'already_failed' };

    const attempts = row.attempts + 1;
    try {
      const providerMessageId = SMTP_URL
        ? await sendSmtp(SMTP_URL, {
            outboxId: row.id,
            from: MAIL_FROM,
            to: row.to_address,
            subject: row.subject,
            html: row.html,
            text: row.text,
            attachments: row.attachments
          })
        : `local:${row.id}`;
      await tx
        .updateTable('email_outbox')
        .set({ status: 'sent', attempts, sent_at: new Date(), provider_message_id: providerMessageId, last_error: null })
        .where('id', '=', row.id)
        .execute();
      return { outcome: 'sent', providerMessageId };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = attempts >= MAX_DELIVERY_ATTEMPTS;
      // Recorded in this transaction, which commits normally: the error is returned, not thrown.
      await tx
        .updateTable('email_outbox')
        .set({ status: final ? 'failed' : 'queued', attempts, last_error: message.slice(0, 2000), next_attempt_at: new Date() })
        .where('id', '=', row.id)
        .execute();
      return { outcome: final ? 'failed' : 'retry', error: message };
    }
  });
}
