/**
 * Emails the organisers send (issue 5, parts 4–6): reminders and access details resent from the
 * registration page, the "session moved" and "session cancelled" notices with their calendar
 * updates, messages to a selection of registrants, and the demographics of the registrations list.
 * Jobs are run through the worker's handler and delivered to a real SMTP server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleRegistrationEmail } from '../../workers/jobs/registration.email.ts';
import { parseMessage, parseRegistrationFilters } from '../../web/lib/schemas/admin-registrations.ts';
import { AdminOnlyError, listRegistrations, resendEmail, sendMessage } from '../../web/lib/server/admin-registrations/index.ts';
import { closeJobClient } from '../../web/lib/server/jobs/index.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import {
  createConsultant,
  createConsultantLogin,
  createRegistration,
  createSession,
  ownerTransaction
} from './support/factories.ts';
import { inviteOf, startSmtpInbox, type SmtpInbox } from './support/smtp-inbox.ts';

let smtp: SmtpInbox;

beforeAll(async () => {
  smtp = await startSmtpInbox();
});

afterAll(async () => {
  await smtp.close();
  await closeJobClient();
});

beforeEach(() => {
  smtp.clear();
});

async function speakerSession(columns: Record<string, unknown> = {}) {
  const consultantId = await createConsultant({ first_name: 'Anna', last_name: 'Schmidt' });
  return createSession({ speakers: [{ consultantId, role: 'primary' }], ...columns });
}

async function withMeeting(sessionId: string, url = 'https://zoom.us/j/9876543210', password: string | null = 'tulip') {
  await ownerPool().query('insert into public.session_meetings (session_id, meeting_url, meeting_password) values ($1, $2, $3)', [
    sessionId,
    url,
    password
  ]);
}

const emailOf = async (registrationId: string) =>
  (await ownerPool().query<{ email: string }>('select email from public.registrations where id = $1', [registrationId])).rows[0]
    .email;

const manageHash = async (registrationId: string) =>
  (await ownerPool().query('select manage_token_hash from public.registrations where id = $1', [registrationId])).rows[0]
    .manage_token_hash as Buffer;

/** The registration.email jobs queued for one registration, oldest first. */
async function jobsFor(registrationId: string) {
  const { rows } = await ownerPool().query<{ data: { kind: string; version?: number } }>(
    `select data from pgboss.job where name = 'registration.email' and data ->> 'registrationId' = $1 order by created_on, id`,
    [registrationId]
  );
  return rows.map((r) => r.data);
}

/** Runs every queued job of a registration through the worker's handler, as the worker would. */
async function runJobs(registrationId: string) {
  for (const job of await jobsFor(registrationId)) await handleRegistrationEmail({ registrationId, ...job });
}

describe('reminders and access details', () => {
  it('sends the join link and password to a confirmed attendee without killing their manage link', async () => {
    const sessionId = await speakerSession({ title: { en: 'Cloud costs', de: 'Cloud-Kosten' } });
    await withMeeting(sessionId);
    const registrationId = await createRegistration({ sessionId, language: 'de' });
    const hashBefore = await manageHash(registrationId);

    expect(await resendEmail(adminClaims(), registrationId, 'reminder')).toMatchObject({ ok: true });
    expect(await resendEmail(adminClaims(), registrationId, 'meeting_details')).toMatchObject({ ok: true });
    expect((await jobsFor(registrationId)).map((j) => [j.kind, j.version])).toEqual([
      ['reminder', 1],
      ['meeting_details', 1]
    ]);
    await runJobs(registrationId);

    const messages = smtp.receivedBy(await emailOf(registrationId));
    expect(messages.map((m) => m.parsed.subject)).toEqual(['Erinnerung: Cloud-Kosten', 'So nehmen Sie teil: Cloud-Kosten']);
    for (const message of messages) {
      expect(message.parsed.text).toContain('https://zoom.us/j/9876543210');
      expect(message.parsed.text).toContain('Meeting-Passwort: tulip');
      expect(message.parsed.text).not.toContain('/registrations/');
      expect(message.parsed.attachments).toHaveLength(0);
    }
    expect((await manageHash(registrationId)).equals(hashBefore)).toBe(true);
  });

  it('a second reminder is a new email (version 2); a rerun of the same job is not', async () => {
    const sessionId = await speakerSession();
    await withMeeting(sessionId);
    const registrationId = await createRegistration({ sessionId });
    await resendEmail(adminClaims(), registrationId, 'reminder');
    await resendEmail(adminClaims(), registrationId, 'reminder');
    await runJobs(registrationId);
    await runJobs(registrationId);
    expect(smtp.receivedBy(await emailOf(registrationId))).toHaveLength(2);
  });

  it('refuses access details while the session has no meeting link, and both for people without a seat', async () => {
    const sessionId = await speakerSession();
    const confirmed = await createRegistration({ sessionId });
    const waitlisted = await createRegistration({ sessionId, status: 'waitlisted' });
    expect(await resendEmail(adminClaims(), confirmed, 'meeting_details')).toMatchObject({ ok: false, reason: 'no_meeting_url' });
    expect(await resendEmail(adminClaims(), waitlisted, 'reminder')).toMatchObject({ ok: false, reason: 'not_confirmed' });
    expect(await jobsFor(confirmed)).toEqual([]);
    expect(await jobsFor(waitlisted)).toEqual([]);
  });

  it('a reminder without a meeting link still goes out, without a join section', async () => {
    const sessionId = await speakerSession();
    const registrationId = await createRegistration({ sessionId });
    await resendEmail(adminClaims(), registrationId, 'reminder');
    await runJobs(registrationId);
    const [message] = smtp.receivedBy(await emailOf(registrationId));
    expect(message.parsed.subject).toMatch(/^Reminder: /);
    expect(message.parsed.text).not.toContain('How to join');
  });

  it('refuses consultants and anonymous callers', async () => {
    const consultant = await createConsultantLogin();
    const registrationId = await createRegistration({ sessionId: await speakerSession() });
    await expect(resendEmail(consultant.claims, registrationId, 'reminder')).rejects.toBeInstanceOf(AdminOnlyError);
    await expect(resendEmail(null, registrationId, 'reminder')).rejects.toBeInstanceOf(AdminOnlyError);
    expect(await jobsFor(registrationId)).toEqual([]);
  });
});

describe('session moved or cancelled', () => {
  it('a confirmed attendee gets the new date with an updated invite (same UID, SEQUENCE = the new version)', async () => {
    const sessionId = await speakerSession({ title: { en: 'Pricing' }, startsAt: new Date(Date.UTC(2027, 4, 10, 8, 0)) });
    await withMeeting(sessionId);
    const confirmed = await createRegistration({ sessionId });
    const waitlisted = await createRegistration({ sessionId, status: 'waitlisted' });
    // The reschedule itself (sessions admin) moves the session and queues these jobs in its transaction.
    const { rows } = await ownerPool().query<{ version: number }>(
      `update public.sessions set starts_at = $2, ends_at = $2::timestamptz + interval '60 minutes' where id = $1 returning version`,
      [sessionId, new Date(Date.UTC(2027, 4, 17, 12, 0))]
    );
    const version = rows[0].version;

    await handleRegistrationEmail({ registrationId: confirmed, kind: 'rescheduled', version });
    await handleRegistrationEmail({ registrationId: waitlisted, kind: 'rescheduled', version });

    const [seated] = smtp.receivedBy(await emailOf(confirmed));
    expect(seated.parsed.subject).toBe('New date: Pricing');
    expect(seated.parsed.text).toContain('Monday, 17 May 2027');
    expect(seated.parsed.text).toContain('https://zoom.us/j/9876543210');
    expect(seated.parsed.text).toContain('/registrations/');
    const { method, event } = inviteOf(seated.parsed);
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(`registration-${confirmed}@magnetiq`);
    expect(Number(event.sequence)).toBe(version);
    expect(event.start.toISOString()).toBe('2027-05-17T12:00:00.000Z');

    const [waiting] = smtp.receivedBy(await emailOf(waitlisted));
    expect(waiting.parsed.subject).toBe('New date: Pricing');
    expect(waiting.parsed.attachments).toHaveLength(0);
    expect(waiting.parsed.text).not.toContain('zoom.us');
  });

  it('a cancelled session tells registrants with the reason and removes the event from their calendar', async () => {
    const sessionId = await speakerSession({ title: { en: 'Ops review' } });
    const registrationId = await createRegistration({ sessionId });
    await ownerTransaction(async (client) => {
      await client.query(
        `update public.sessions set status = 'cancelled', cancelled_at = now(), cancellation_reason = 'The speaker is ill.' where id = $1`,
        [sessionId]
      );
      await client.query(
        `update public.registrations set status = 'cancelled', cancellation_reason = 'The speaker is ill.' where id = $1`,
        [registrationId]
      );
    });
    await handleRegistrationEmail({ registrationId, kind: 'session_cancelled', version: 2 });
    const [message] = smtp.receivedBy(await emailOf(registrationId));
    expect(message.parsed.subject).toBe('Session cancelled: Ops review');
    expect(message.parsed.text).toContain('Reason: The speaker is ill.');
    const { method, event } = inviteOf(message.parsed);
    expect(method).toBe('CANCEL');
    expect(event.uid).toBe(`registration-${registrationId}@magnetiq`);
  });

  it('drops a "new date" email for a registration cancelled meanwhile', async () => {
    const registrationId = await createRegistration({ sessionId: await speakerSession(), status: 'cancelled' });
    expect(await handleRegistrationEmail({ registrationId, kind: 'rescheduled', version: 3 })).toEqual({
      composed: 'skipped',
      reason: 'stale_status'
    });
    expect(smtp.receivedBy(await emailOf(registrationId))).toHaveLength(0);
  });
});

describe('messages to a selection', () => {
  it('stores the message once and sends it to each reachable registrant, with placeholders filled', async () => {
    const sessionId = await speakerSession({ title: { en: 'Board AI', de: 'KI im Vorstand' } });
    const english = await createRegistration({ sessionId, first_name: 'Erin', language: 'en' });
    const german = await createRegistration({ sessionId, first_name: 'Jonas', language: 'de', status: 'waitlisted' });
    const cancelled = await createRegistration({ sessionId, status: 'cancelled' });

    const outcome = await sendMessage(adminClaims(), {
      ids: [english, german, cancelled],
      subject: 'Slides for {title}',
      body: 'Hi {firstName},\n\nthe slides are online.'
    });
    expect(outcome?.skipped).toEqual([cancelled]);
    expect(outcome!.sent.sort()).toEqual([english, german].sort());
    const stored = await ownerPool().query(
      'select session_id, subject, recipient_count from public.registration_messages where id = $1',
      [outcome!.messageId]
    );
    expect(stored.rows[0]).toEqual({ session_id: sessionId, subject: 'Slides for {title}', recipient_count: 2 });
    expect(await jobsFor(cancelled)).toEqual([]);

    await runJobs(english);
    await runJobs(german);
    await runJobs(english); // a retried job sends nothing new
    const [toErin] = smtp.receivedBy(await emailOf(english));
    expect(smtp.receivedBy(await emailOf(english))).toHaveLength(1);
    expect(toErin.parsed.subject).toBe('Slides for Board AI');
    expect(toErin.parsed.text).toContain('Hi Erin,');
    expect(toErin.parsed.text).toContain('the slides are online.');
    const [toJonas] = smtp.receivedBy(await emailOf(german));
    expect(toJonas.parsed.subject).toBe('Slides for KI im Vorstand');
    expect(toJonas.parsed.text).toContain('Hi Jonas,');

    const audit = await ownerPool().query(
      `select data from public.audit_log where action = 'registration.message_sent' and entity_id = $1`,
      [String(outcome!.messageId)]
    );
    expect(audit.rows[0].data).toEqual({ subject: 'Slides for {title}', recipients: 2 });
  });

  it('stores nothing when nobody selected can be reached', async () => {
    const cancelled = await createRegistration({ sessionId: await speakerSession(), status: 'cancelled' });
    const body = `Nobody gets this ${cancelled}`;
    expect(await sendMessage(adminClaims(), { ids: [cancelled], subject: 'Hello', body })).toBeNull();
    const stored = await ownerPool().query('select id from public.registration_messages where body = $1', [body]);
    expect(stored.rows).toEqual([]);
    expect(await jobsFor(cancelled)).toEqual([]);
  });

  it('refuses unknown placeholders and empty texts by name, keeping what was typed', () => {
    const form = new FormData();
    form.append('ids', '7d4c1f4e-51c5-4a8e-9d0e-7b9e1f2a3b4c');
    form.set('subject', 'Hello {name}');
    form.set('body', 'Body');
    expect(parseMessage(form)).toEqual({
      ok: false,
      field: 'subject',
      message: 'Subject: unknown placeholder {name}. Allowed: {title}, {firstName}, {date}, {time}.',
      subject: 'Hello {name}',
      body: 'Body'
    });
    form.set('subject', 'Hello');
    form.set('body', '   ');
    expect(parseMessage(form)).toMatchObject({ ok: false, field: 'body', message: 'Message: please fill this in.' });
  });

  it('refuses consultants and anonymous callers and stores nothing', async () => {
    const consultant = await createConsultantLogin();
    const registrationId = await createRegistration({ sessionId: await speakerSession() });
    for (const claims of [consultant.claims, null]) {
      await expect(sendMessage(claims, { ids: [registrationId], subject: 'Hi', body: 'Spam' })).rejects.toBeInstanceOf(
        AdminOnlyError
      );
    }
    expect(await jobsFor(registrationId)).toEqual([]);
  });
});

describe('demographics of the registrations list', () => {
  it('counts companies, positions and industries case-insensitively within the filters, erased rows left out', async () => {
    const sessionId = await speakerSession();
    await createRegistration({ sessionId, company: 'Acme', position: 'CTO', industry_vertical: 'Retail' });
    await createRegistration({ sessionId, company: ' acme ', position: 'cto', industry_vertical: 'Retail' });
    await createRegistration({ sessionId, company: 'Globex', position: 'CFO', industry_vertical: null });
    await createRegistration({ sessionId, company: 'Initech', position: 'CEO', erased_at: new Date() });
    const parsed = parseRegistrationFilters(new URLSearchParams(`session=${sessionId}`));
    if (!parsed.ok) throw new Error(parsed.message);
    const { demographics } = await listRegistrations(adminClaims(), parsed.filters);
    expect(demographics.people).toBe(3);
    expect(demographics.companies).toEqual([
      { value: 'Acme', count: 2 },
      { value: 'Globex', count: 1 }
    ]);
    expect(demographics.positions[0]).toEqual({ value: expect.stringMatching(/^cto$/i), count: 2 });
    expect(demographics.industries).toEqual([{ value: 'Retail', count: 2 }]);
  });
});
