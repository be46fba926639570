/**
 * With no SMTP_URL the outbox is the local mailbox: delivery marks the row sent ('local:<id>') and
 * admins, and only admins, read it through the mailbox queries. A separate file because config()
 * is cached per process and email.test.ts sets SMTP_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asServiceRole, withRls } from '../../web/lib/server/db/index.ts';
import { closeJobClient, jobClient, sendInTransaction } from '../../web/lib/server/jobs/index.ts';
import { attachmentBytes, getMailboxMessage, listMailbox } from '../../web/lib/server/email/mailbox.ts';
import { handleRegistrationEmail } from '../../workers/jobs/registration.email.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import { createConsultantLogin, createRegistration, createSession } from './support/factories.ts';

beforeAll(() => {
  delete process.env.SMTP_URL;
});

afterAll(async () => {
  await closeJobClient();
});

describe('the local mailbox', () => {
  it('keeps every message when no SMTP server is configured, readable by admins only', async () => {
    const consultant = await createConsultantLogin();
    const sessionId = await createSession({ speakers: [{ consultantId: consultant.consultantId, role: 'primary' }] });
    const registrationId = await createRegistration({ sessionId });

    const result = await handleRegistrationEmail({ registrationId, kind: 'confirmation' });
    expect(result).toMatchObject({ composed: 'queued', delivered: 'sent' });
    const { rows } = await ownerPool().query(
      'select id, status, provider_message_id, sent_at from public.email_outbox where registration_id = $1',
      [registrationId]
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', provider_message_id: `local:${rows[0].id}` });

    const page = await withRls(adminClaims(), (tx) => listMailbox(tx, 1));
    expect(page.total).toBeGreaterThanOrEqual(1);
    const message = await withRls(adminClaims(), (tx) => getMailboxMessage(tx, rows[0].id));
    // The demo settings' override of the confirmation subject (built-in: "You're registered: …").
    expect(message?.subject).toMatch(/^You are registered: /);
    expect(message?.attachments.map((a) => a.filename)).toEqual(['invite.ics']);
    expect(attachmentBytes(message!.attachments[0]).toString('utf8')).toContain('METHOD:REQUEST');

    // A retry finds the row sent and does nothing.
    expect(await handleRegistrationEmail({ registrationId, kind: 'confirmation' })).toMatchObject({ delivered: 'already_sent' });

    // RLS: neither visitors nor consultants read the mailbox.
    await expect(withRls(null, (tx) => listMailbox(tx, 1))).rejects.toThrow(/permission denied/);
    expect(await withRls(consultant.claims, (tx) => getMailboxMessage(tx, rows[0].id))).toBeNull();
  });

  it("a job sent in the change's transaction carries the queue's retry policy and its payload works", async () => {
    const speaker = await createConsultantLogin();
    const sessionId = await createSession({ speakers: [{ consultantId: speaker.consultantId, role: 'primary' }] });
    const registrationId = await createRegistration({ sessionId, status: 'waitlisted', language: 'de' });
    // As the engine does it: the job goes out inside the transaction of the change.
    const [jobId] = await asServiceRole('test: send a registration email job', (tx) =>
      sendInTransaction(tx, [{ name: 'registration.email', data: { registrationId, kind: 'waitlisted' } }])
    );
    const boss = await jobClient();
    const job = await boss.getJobById('registration.email', jobId);
    expect(job).toMatchObject({ retryLimit: 8, retryBackoff: true });

    // Run the handler on the stored payload, as the worker does (a running worker may have taken it
    // already; either way exactly one message results).
    const result = await handleRegistrationEmail(job!.data);
    expect(result).toMatchObject({ delivered: expect.stringMatching(/^(sent|already_sent)$/) });
    const { rows } = await ownerPool().query('select subject, status from public.email_outbox where registration_id = $1', [
      registrationId
    ]);
    expect(rows).toEqual([{ subject: expect.stringMatching(/^Sie stehen auf der Warteliste: /), status: 'sent' }]);
  });
});
