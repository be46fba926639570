/**
 * Registration emails end to end: the job handler composes the outbox row and delivers it to a real
 * SMTP server started here (npm smtp-server); the received message is parsed independently
 * (mailparser for MIME, node-ical for the invite).
 */
import { createHash } from 'node:crypto';
import ical from 'node-ical';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleRegistrationEmail } from '../../workers/jobs/registration.email.ts';
import { composeRegistrationEmail } from '../../web/lib/server/email/compose.ts';
import { deliverOutbox, MAX_DELIVERY_ATTEMPTS } from '../../web/lib/server/email/deliver.ts';
import { buildRegistrationIcs, type IcsMethod } from '../../web/lib/server/email/ics.ts';
import { ownerPool } from './support/db.ts';
import { createConsultant, createRegistration, createSession, ownerTransaction } from './support/factories.ts';
import { inviteOf, startSmtpInbox, type SmtpInbox } from './support/smtp-inbox.ts';

let smtp: SmtpInbox;

beforeAll(async () => {
  smtp = await startSmtpInbox();
});

afterAll(async () => {
  await smtp.close();
});

beforeEach(() => {
  smtp.clear();
});

const receivedBy = (email: string) => smtp.receivedBy(email);

async function storedHash(registrationId: string): Promise<Buffer> {
  const { rows } = await ownerPool().query('select manage_token_hash from public.registrations where id = $1', [registrationId]);
  return rows[0].manage_token_hash as Buffer;
}

async function outboxRows(registrationId: string) {
  const { rows } = await ownerPool().query(
    'select id, kind, status, attempts, last_error, provider_message_id from public.email_outbox where registration_id = $1',
    [registrationId]
  );
  return rows as {
    id: string;
    kind: string;
    status: string;
    attempts: number;
    last_error: string | null;
    provider_message_id: string | null;
  }[];
}

async function sessionRow(sessionId: string) {
  const { rows } = await ownerPool().query('select starts_at, version from public.sessions where id = $1', [sessionId]);
  return rows[0] as { starts_at: Date; version: number };
}

async function speakerSession(columns: Record<string, unknown> = {}) {
  const consultantId = await createConsultant({
    first_name: 'Anna',
    last_name: 'Schmidt',
    position: 'Partner',
    expertise: ['KI-Strategie', 'Datenschutz']
  });
  return createSession({ speakers: [{ consultantId, role: 'primary' }], ...columns });
}

describe('registration emails over SMTP', () => {
  it('sends a German confirmation with a working manage link and a calendar invitation', async () => {
    // 14:30 in Berlin (CET) is 13:30 UTC: the invite must carry the instant, not the wall time.
    const sessionId = await speakerSession({
      title: { en: 'Data strategy', de: 'Datenstrategie' },
      startsAt: new Date(Date.UTC(2027, 2, 15, 13, 30))
    });
    const registrationId = await createRegistration({ sessionId, language: 'de' });
    const email = (await ownerPool().query('select email from public.registrations where id = $1', [registrationId])).rows[0]
      .email;

    const result = await handleRegistrationEmail({ registrationId, kind: 'confirmation' });
    expect(result).toMatchObject({ composed: 'queued', delivered: 'sent' });

    const messages = receivedBy(email);
    expect(messages).toHaveLength(1);
    const mail = messages[0].parsed;
    // The demo settings override this subject (settings → email texts, "{title}" placeholder); the
    // built-in one would be "Anmeldung bestätigt: …". The intro below is still the built-in text.
    expect(mail.subject).toBe('Sie sind angemeldet: Datenstrategie');
    expect(mail.text).toContain('Hallo Ada,');
    expect(mail.text).toContain('Anna Schmidt');
    expect(mail.text).toContain('KI-Strategie, Datenschutz');
    expect(mail.text).toContain('Europe/Berlin');
    expect(mail.text).toContain('Montag, 15. März 2027');
    expect(mail.text).toMatch(/14:30\s*–\s*15:30 Uhr MEZ/);
    expect(mail.html).toContain('lang="de"');
    const [outbox] = await outboxRows(registrationId);
    expect(mail.messageId).toBe(`<outbox-${outbox.id}@magnetiq.test>`);
    expect(outbox).toMatchObject({ status: 'sent', attempts: 1 });

    // The link is German, carries a 256-bit token, and only its SHA-256 is stored.
    const token = /\/de\/registrations\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(
      createHash('sha256')
        .update(token!)
        .digest()
        .equals(await storedHash(registrationId))
    ).toBe(true);

    const session = await sessionRow(sessionId);
    const { method, event } = inviteOf(mail);
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(`registration-${registrationId}@magnetiq`);
    expect(new Date(event.start).toISOString()).toBe('2027-03-15T13:30:00.000Z');
    // Written in the session's zone with its VTIMEZONE, so calendars label the session's zone.
    const ics = mail.attachments.find((a) => a.filename === 'invite.ics')!.content.toString('utf8');
    expect(ics).toContain('\r\nDTSTART;TZID=Europe/Berlin:20270315T143000\r\n');
    expect(ics).toContain('\r\nDTEND;TZID=Europe/Berlin:20270315T153000\r\n');
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n');
    expect(event.start.tz).toBe('Europe/Berlin');
    expect(new Date(event.start).getTime()).toBe(session.starts_at.getTime());
    expect(new Date(event.end!).getTime()).toBe(session.starts_at.getTime() + 60 * 60_000);
    expect(Number(event.sequence)).toBe(session.version);
    expect(String(event.url)).toContain('/de/webinars/');
    expect(JSON.stringify(event.organizer)).toContain('webinars@magnetiq.test');
    expect(JSON.stringify(event.attendee)).toContain(email);
  });

  it('running the job twice sends one message and keeps the first link valid', async () => {
    const sessionId = await speakerSession();
    const registrationId = await createRegistration({ sessionId });
    const email = (await ownerPool().query('select email from public.registrations where id = $1', [registrationId])).rows[0]
      .email;

    await handleRegistrationEmail({ registrationId, kind: 'confirmation' });
    const hashAfterFirst = await storedHash(registrationId);
    const second = await handleRegistrationEmail({ registrationId, kind: 'confirmation' });

    expect(second).toMatchObject({ composed: 'existing', delivered: 'already_sent' });
    expect(receivedBy(email)).toHaveLength(1);
    expect((await storedHash(registrationId)).equals(hashAfterFirst)).toBe(true);
    expect(await outboxRows(registrationId)).toHaveLength(1);
  });

  it('a job retried after a crash between compose and send sends once, without rotating the token again', async () => {
    const sessionId = await speakerSession();
    const registrationId = await createRegistration({ sessionId });
    const email = (await ownerPool().query('select email from public.registrations where id = $1', [registrationId])).rows[0]
      .email;

    // The first run composed (committed) and then died before delivering.
    const composed = await composeRegistrationEmail(registrationId, 'confirmation');
    expect(composed.outcome).toBe('queued');
    const hashAfterCompose = await storedHash(registrationId);

    await handleRegistrationEmail({ registrationId, kind: 'confirmation' });
    const messages = receivedBy(email);
    expect(messages).toHaveLength(1);
    const token = /\/registrations\/([A-Za-z0-9_-]+)/.exec(messages[0].parsed.text ?? '')?.[1];
    expect(createHash('sha256').update(token!).digest().equals(hashAfterCompose)).toBe(true);

    // And a retry after the row was marked sent (crash after commit, before the job completed) sends nothing.
    await handleRegistrationEmail({ registrationId, kind: 'confirmation' });
    expect(receivedBy(email)).toHaveLength(1);
  });

  it('sends an English cancellation with METHOD:CANCEL for the same event and leaves the link alone', async () => {
    const sessionId = await speakerSession();
    const registrationId = await createRegistration({ sessionId, status: 'cancelled', language: 'en' });
    const email = (await ownerPool().query('select email from public.registrations where id = $1', [registrationId])).rows[0]
      .email;
    const hashBefore = await storedHash(registrationId);

    await handleRegistrationEmail({ registrationId, kind: 'cancelled' });
    const [message] = receivedBy(email);
    expect(message.parsed.subject).toMatch(/^Registration cancelled: /);
    expect(message.parsed.text).not.toContain('/registrations/');
    const { method, event } = inviteOf(message.parsed);
    expect(method).toBe('CANCEL');
    expect(event.uid).toBe(`registration-${registrationId}@magnetiq`);
    expect(Number(event.sequence)).toBe((await sessionRow(sessionId)).version + 1);
    expect((await storedHash(registrationId)).equals(hashBefore)).toBe(true);
  });

  it('tells a waitlisted attendee their position, without an invite', async () => {
    const sessionId = await speakerSession();
    await createRegistration({ sessionId, status: 'waitlisted' });
    const registrationId = await createRegistration({ sessionId, status: 'waitlisted' });
    const email = (await ownerPool().query('select email from public.registrations where id = $1', [registrationId])).rows[0]
      .email;

    await handleRegistrationEmail({ registrationId, kind: 'waitlisted' });
    const [message] = receivedBy(email);
    expect(message.parsed.text).toContain('Your position on the waitlist: 2');
    expect(message.parsed.attachments).toHaveLength(0);
  });

  it('drops an email that is no longer true (a waitlist job after the promotion)', async () => {
    const sessionId = await speakerSession();
    const registrationId = await createRegistration({ sessionId, status: 'confirmed' });
    const result = await handleRegistrationEmail({ registrationId, kind: 'waitlisted' });
    expect(result).toEqual({ composed: 'skipped', reason: 'stale_status' });
    expect(await outboxRows(registrationId)).toHaveLength(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it('escapes attendee and session text', async () => {
    const sessionId = await speakerSession({ title: { en: '<script>alert(1)</script> & more' } });
    const registrationId = await createRegistration({ sessionId, first_name: '<b>Eve</b>' });
    const composed = await composeRegistrationEmail(registrationId, 'confirmation');
    expect(composed.outcome).toBe('queued');
    const { rows } = await ownerPool().query('select html from public.email_outbox where registration_id = $1', [registrationId]);
    expect(rows[0].html).not.toContain('<script>');
    expect(rows[0].html).not.toContain('<b>Eve</b>');
    expect(rows[0].html).toContain('&lt;script&gt;');
  });

  it('records a refused delivery, retries through the job, and gives up after the last attempt', async () => {
    const sessionId = await speakerSession();
    const registrationId = await createRegistration({ sessionId, email: `bounce-${Date.now()}@test.magnetiq.local` });

    await expect(handleRegistrationEmail({ registrationId, kind: 'confirmation' })).rejects.toThrow(/mailbox unavailable/);
    let [row] = await outboxRows(registrationId);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.last_error).toMatch(/mailbox unavailable/);

    // The last attempt marks the row failed for an admin to see; later runs do not try again.
    await ownerTransaction((c) =>
      c.query('update public.email_outbox set attempts = $2 where id = $1', [row.id, MAX_DELIVERY_ATTEMPTS - 1])
    );
    expect(await deliverOutbox(row.id)).toMatchObject({ outcome: 'failed' });
    [row] = await outboxRows(registrationId);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS });
    expect(await deliverOutbox(row.id)).toEqual({ outcome: 'already_failed' });
  });

  it('rejects a malformed job payload', async () => {
    await expect(handleRegistrationEmail({ registrationId: 'not-a-uuid', kind: 'confirmation' })).rejects.toThrow();
    await expect(handleRegistrationEmail({ registrationId: crypto.randomUUID(), kind: 'spam' })).rejects.toThrow();
  });
});

describe('the invite states its times in the session zone', () => {
  const invite = (method: IcsMethod, startsAt: string, endsAt: string, timeZone: string) => {
    const text = buildRegistrationIcs({
      registrationId: '00000000-0000-4000-8000-0000000000aa',
      method,
      sequence: 4,
      title: 'Data strategy',
      description: 'Data strategy',
      startsAt: new Date(startsAt),
      endsAt: new Date(endsAt),
      timeZone,
      landingUrl: 'https://example.org/webinars/data-strategy',
      organizer: { name: 'Magnetiq Webinars', email: 'webinars@magnetiq.test' },
      attendee: { name: 'Ada Lovelace', email: 'ada@example.org' }
    });
    const parsed = ical.sync.parseICS(text);
    const event = Object.values(parsed).find((c) => c?.type === 'VEVENT') as ical.VEvent;
    return { text, event, method: parsed.vcalendar?.method ?? event.method };
  };

  it.each([
    // The Monday after the last Sunday of October 2026: CET (+01:00) again.
    ['REQUEST', '2026-10-26T09:00:00Z', '2026-10-26T10:00:00Z', 'Europe/Berlin', '20261026T100000', '20261026T110000'],
    // The Monday after the last Sunday of March 2027: CEST (+02:00).
    ['CANCEL', '2027-03-29T08:00:00Z', '2027-03-29T09:00:00Z', 'Europe/Berlin', '20270329T100000', '20270329T110000'],
    ['REQUEST', '2026-07-01T01:00:00Z', '2026-07-01T02:30:00Z', 'Asia/Tokyo', '20260701T100000', '20260701T113000']
  ] as const)('%s for %s in %s', (method, start, end, zone, wallStart, wallEnd) => {
    const { text, event, method: parsedMethod } = invite(method, start, end, zone);
    expect(text).toContain(`\r\nDTSTART;TZID=${zone}:${wallStart}\r\n`);
    expect(text).toContain(`\r\nDTEND;TZID=${zone}:${wallEnd}\r\n`);
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(text.indexOf('END:VTIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    expect(event.start.toISOString()).toBe(new Date(start).toISOString());
    expect(event.end!.toISOString()).toBe(new Date(end).toISOString());
    expect(event.start.tz).toBe(zone);
    // The iTIP parts are untouched.
    expect(parsedMethod).toBe(method);
    expect(event.uid).toBe('registration-00000000-0000-4000-8000-0000000000aa@magnetiq');
    expect(Number(event.sequence)).toBe(method === 'CANCEL' ? 5 : 4);
    expect(JSON.stringify(event.organizer)).toContain('webinars@magnetiq.test');
    expect(JSON.stringify(event.attendee)).toContain('ada@example.org');
  });
});
