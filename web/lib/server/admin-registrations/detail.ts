/** One registration with everything an admin needs: fields, consents, status history, email log. */
import type { TranslatedText } from '../../i18n/text.ts';
import { sql, type JwtClaims } from '../db/index.ts';
import { asAdmin } from './access.ts';

export interface RegistrationDetail {
  registration: Record<string, unknown> & {
    id: string;
    session_id: string;
    first_name: string;
    last_name: string;
    email: string;
    status: string;
    erased_at: Date | null;
  };
  session: { id: string; title: TranslatedText; starts_at: Date; status: string; started: boolean };
  consents: { id: string; kind: string; granted: boolean; text_version: string; method: string; recorded_at: Date }[];
  history: {
    id: number;
    from_status: string | null;
    to_status: string;
    changed_at: Date;
    actor_role: string | null;
    reason: string | null;
  }[];
  emails: {
    id: string;
    kind: string;
    version: number;
    subject: string;
    status: string;
    created_at: Date;
    sent_at: Date | null;
  }[];
  zone: string;
}

/** Null when there is no such registration. */
export async function getRegistrationDetail(claims: JwtClaims | null, id: string): Promise<RegistrationDetail | null> {
  return asAdmin(claims, async (tx) => {
    const registration = await tx.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!registration) return null;
    // The hash of the manage link is a secret; it never leaves the database.
    const { manage_token_hash: _secret, ...fields } = registration;
    const session = await tx
      .selectFrom('sessions as s')
      .innerJoin('topics as t', 't.id', 's.topic_id')
      .select(['s.id', 's.starts_at', 's.status'])
      .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
      .select(sql<boolean>`s.starts_at <= now() or s.status in ('live', 'completed')`.as('started'))
      .where('s.id', '=', registration.session_id)
      .executeTakeFirstOrThrow();
    const consents = await tx
      .selectFrom('consent_records')
      .select(['id', 'kind', 'granted', 'text_version', 'method', 'recorded_at'])
      .where('registration_id', '=', id)
      .orderBy('recorded_at', 'asc')
      .execute();
    const history = await tx
      .selectFrom('registration_status_history')
      .select(['id', 'from_status', 'to_status', 'changed_at', 'actor_role', 'reason'])
      .where('registration_id', '=', id)
      .orderBy('changed_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    const emails = await tx
      .selectFrom('email_outbox')
      .select(['id', 'kind', 'version', 'subject', 'status', 'created_at', 'sent_at'])
      .where('registration_id', '=', id)
      .orderBy('created_at', 'asc')
      .execute();
    const zone =
      (await tx.selectFrom('program_settings').select('default_timezone').executeTakeFirst())?.default_timezone ??
      'Europe/Berlin';
    return {
      registration: fields as RegistrationDetail['registration'],
      session,
      consents,
      history: history.map((h) => ({ ...h, id: Number(h.id) })),
      emails,
      zone
    };
  });
}
