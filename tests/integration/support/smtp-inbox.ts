/**
 * A real SMTP server (npm smtp-server) for the email tests, with the received messages parsed
 * independently of our code (mailparser for MIME, node-ical for calendar attachments). Each test
 * file that delivers mail starts its own on a free port and points SMTP_URL at it.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import ical, { type VEvent } from 'node-ical';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';

export interface Received {
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpInbox {
  /** Everything received since the last clear(). */
  messages: Received[];
  clear(): void;
  /** Messages to one address. */
  receivedBy(email: string): Received[];
  close(): Promise<void>;
}

/** Starts the server and sets SMTP_URL/MAIL_FROM (config() is cached: call before anything reads it). */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const state: { messages: Received[] } = { messages: [] };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // A recipient with "bounce" in the address is refused: the failure path of delivery.
    onRcptTo(address, _session, callback) {
      if (address.address.includes('bounce')) callback(new Error('mailbox unavailable'));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        state.messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, parsed: await simpleParser(raw) });
        callback();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = 'webinars@magnetiq.test';
  return {
    get messages() {
      return state.messages;
    },
    clear() {
      state.messages = [];
    },
    receivedBy: (email) => state.messages.filter((m) => m.to.includes(email)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

/** The calendar attachment of a message, parsed: its METHOD and its one VEVENT. */
export function inviteOf(mail: ParsedMail): { method: string | undefined; event: VEvent } {
  const attachment = mail.attachments.find((a) => a.filename === 'invite.ics' || a.contentType === 'text/calendar');
  expect(attachment, 'the message carries an .ics').toBeTruthy();
  const parsed = ical.sync.parseICS(attachment!.content.toString('utf8'));
  const event = Object.values(parsed).find((c) => c?.type === 'VEVENT') as VEvent;
  return { method: parsed.vcalendar?.method ?? event.method, event };
}
