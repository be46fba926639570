/**
 * Reads of the outbox for the admin mailbox page. Run inside withRls: only admins may read the
 * outbox (RLS policy "Admins can read the email outbox"), so a non-admin simply sees nothing.
 */
import type { Tx } from '../db/index.ts';
import type { OutboxAttachment } from './compose.ts';

export const MAILBOX_PAGE_SIZE = 25;

export interface MailboxItem {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  status: string;
  language: string;
  attempts: number;
  created_at: Date;
  sent_at: Date | null;
}

/** The zone admins read times in (the program's default). */
export async function mailboxTimeZone(tx: Tx): Promise<string> {
  const row = await tx.selectFrom('program_settings').select('default_timezone').executeTakeFirst();
  return row?.default_timezone ?? 'Europe/Berlin';
}

/** One page of messages, newest first, and the total for the pager. */
export async function listMailbox(tx: Tx, page: number): Promise<{ items: MailboxItem[]; total: number }> {
  const items = await tx
    .selectFrom('email_outbox')
    .select(['id', 'kind', 'to_address', 'subject', 'status', 'language', 'attempts', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(MAILBOX_PAGE_SIZE)
    .offset((page - 1) * MAILBOX_PAGE_SIZE)
    .execute();
  const count = await tx
    .selectFrom('email_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return { items, total: Number(count?.n ?? 0) };
}

export interface MailboxMessage extends MailboxItem {
  registration_id: string | null;
  session_id: string | null;
  version: number;
  html: string;
  text: string;
  attachments: OutboxAttachment[];
  last_error: string | null;
  provider_message_id: string | null;
}

export async function getMailboxMessage(tx: Tx, id: string): Promise<MailboxMessage | null> {
  const row = await tx
    .selectFrom('email_outbox')
    .select([
      'id',
      'kind',
      'to_address',
      'subject',
      'status',
      'language',
      'attempts',
      'created_at',
      'sent_at',
      'registration_id',
      'session_id',
      'version',
      'html',
      'text',
      'attachments',
      'last_error',
      'provider_message_id'
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, attachments: Array.isArray(row.attachments) ? (row.attachments as unknown as OutboxAttachment[]) : [] };
}

/** The bytes of one attachment. */
export function attachmentBytes(attachment: OutboxAttachment): Buffer {
  return Buffer.from(attachment.content, attachment.encoding === 'base64' ? 'base64' : 'utf8');
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
