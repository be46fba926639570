/**
 * "Send a test email": the sample confirmation (with a sample invite) to an admin's own address,
 * through the same outbox and delivery path as real mail. It proves an SMTP configuration works, and
 * without SMTP it shows the local mailbox in action.
 */
import { randomUUID } from 'node:crypto';
import type { EmailLocale } from '../../../../emails/i18n.ts';
import { renderRegistrationEmail, sampleRegistrationProps } from '../../../../emails/registration.email.tsx';
import { config } from '../config.ts';
import { asServiceRole } from '../db/index.ts';
import type { OutboxAttachment } from './compose.ts';
import { deliverOutbox, type DeliverResult } from './deliver.ts';
import { buildRegistrationIcs } from './ics.ts';

export async function sendTestEmail(
  toAddress: string,
  locale: EmailLocale
): Promise<{ outboxId: string; result: DeliverResult }> {
  const props = sampleRegistrationProps('confirmation', locale);
  const rendered = await renderRegistrationEmail(props);
  const sampleId = randomUUID();
  const ics = buildRegistrationIcs({
    registrationId: sampleId,
    method: 'REQUEST',
    sequence: 1,
    title: props.session.title,
    description: props.session.title,
    startsAt: new Date(props.session.startsAt),
    endsAt: new Date(props.session.endsAt),
    timeZone: props.session.timeZone,
    landingUrl: props.session.landingUrl,
    organizer: { name: 'Magnetiq Webinars', email: config().MAIL_FROM },
    attendee: { name: props.firstName, email: toAddress }
  });
  const attachments: OutboxAttachment[] = [
    { filename: 'invite.ics', content_type: 'text/calendar; charset=utf-8; method=REQUEST', encoding: 'utf8', content: ics }
  ];
  // The admin is checked by the route guard; admins may read but not write the outbox under RLS.
  const outboxId = await asServiceRole('admin mailbox: queue a test email to the signed-in admin', async (tx) => {
    const row = await tx
      .insertInto('email_outbox')
      .values({
        kind: 'test',
        dedupe_key: `test:${sampleId}`,
        to_address: toAddress,
        language: locale,
        subject: `[TEST] ${rendered.subject}`,
        html: rendered.html,
        text: rendered.text,
        attachments: JSON.stringify(attachments)
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return { outboxId, result: await deliverOutbox(outboxId) };
}
