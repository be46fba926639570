/**
 * The SMTP side of delivery (nodemailer). One pooled-less transport per SMTP_URL: each send opens
 * a connection, which is plenty for transactional volume and never leaves a stale socket behind.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { OutboxAttachment } from './compose.ts';

let cached: { url: string; transport: Transporter } | undefined;

function transport(url: string): Transporter {
  if (cached?.url !== url) {
    cached = {
      url,
      // Bounded waits: the outbox row stays locked while we talk to the server.
      transport: nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 })
    };
  }
  return cached.transport;
}

export interface OutgoingMessage {
  outboxId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: OutboxAttachment[];
}

/** The domain part of an address, for Message-IDs. */
function domainOf(address: string): string {
  return address.split('@').pop() || 'magnetiq.local';
}

/**
 * Message-ID derived from the outbox id: if a crash between "server accepted" and "row marked sent"
 * makes us send again, the receiving side sees the same id and can drop the duplicate.
 */
export function messageIdFor(outboxId: string, from: string): string {
  return `<outbox-${outboxId}@${domainOf(from)}>`;
}

/** Sends over SMTP; resolves with the Message-ID the server accepted. */
export async function sendSmtp(url: string, message: OutgoingMessage): Promise<string> {
  const calendar = message.attachments.find((a) => a.content_type.startsWith('text/calendar'));
  const others = message.attachments.filter((a) => a !== calendar);
  const messageId = messageIdFor(message.outboxId, message.from);
  const info = await transport(url).sendMail({
    messageId,
    from: message.from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: { 'X-Magnetiq-Outbox-Id': message.outboxId },
    // icalEvent makes it a real invitation (text/calendar alternative with METHOD) plus the .ics file.
    icalEvent: calendar
      ? {
          method: /method=(\w+)/i.exec(calendar.content_type)?.[1] ?? 'REQUEST',
          filename: calendar.filename,
          content: calendar.content
        }
      : undefined,
    attachments: others.map((a) => ({
      filename: a.filename,
      contentType: a.content_type,
      content: Buffer.from(a.content, a.encoding === 'base64' ? 'base64' : 'utf8')
    }))
  });
  return info.messageId || messageId;
}
