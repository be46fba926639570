/**
 * "Invite to sign in" for consultants (local auth adapter; Supabase: supabase-invitations.ts). The admin's transaction creates the
 * login (app.create_consultant_login), stores the SHA-256 of a fresh 256-bit token with a 72 h
 * expiry (a re-invite rotates it: only the newest link works), queues the email in the outbox and
 * the delivery job. The token holder sets a password through app.accept_consultant_invitation, which
 * spends the token in the same transaction, and is signed in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { renderInvitationEmail } from '../../../../emails/invitation.email.tsx';
import { recordAudit } from '../audit/index.ts';
import { config } from '../config.ts';
import { sql, withRls, type JwtClaims } from '../db/index.ts';
import { sendInTransaction } from '../jobs/index.ts';
import { upsertInvitation } from './invitation-record.ts';
import { auth } from './index.ts';
import { inviteConsultantWithSupabase, type SupabaseInviteOutcome } from './supabase-invitations.ts';

export const INVITATION_TTL_HOURS = 72;
/** base64url of 32 random bytes. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const hashInvitationToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export type InviteOutcome =
  | { kind: 'sent'; email: string; outboxId: string; expiresAt: Date; sentCount: number }
  | { kind: 'not_found' }
  | { kind: 'inactive' }
  | { kind: 'email_taken' }
  | { kind: 'unsupported' }
  | { kind: 'forbidden' }
  | Extract<SupabaseInviteOutcome, { kind: 'sent_by_supabase' | 'already_confirmed' | 'provider_error' }>;

/**
 * Invites consultant `consultantId` to sign in, in `locale`; re-inviting rotates the link. With the
 * Supabase adapter, Supabase Auth sends the invitation (supabase-invitations.ts).
 */
export async function inviteConsultant(
  claims: JwtClaims | null,
  consultantId: string,
  locale: 'en' | 'de'
): Promise<InviteOutcome> {
  if (!UUID.test(consultantId)) return { kind: 'not_found' };
  if (config().AUTH_PROVIDER === 'supabase') return inviteConsultantWithSupabase(claims, consultantId, locale);
  return withRls(claims, async (tx) => {
    const { rows } = await sql<{ admin: boolean }>`select app.is_admin() as admin`.execute(tx);
    if (!rows[0]?.admin) return { kind: 'forbidden' };
    const consultant = await tx
      .selectFrom('consultants')
      .select(['id', 'first_name', 'email', 'is_active'])
      .where('id', '=', consultantId)
      .executeTakeFirst();
    if (!consultant) return { kind: 'not_found' };
    if (!consultant.is_active) return { kind: 'inactive' };
    const login = await sql<{ user_id: string | null }>`select app.create_consultant_login(${consultantId}) as user_id`.execute(
      tx
    );
    const userId = login.rows[0]?.user_id;
    if (!userId) return { kind: 'email_taken' };

    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + INVITATION_TTL_HOURS * 3600 * 1000);
    const invitation = await upsertInvitation(tx, {
      consultantId,
      userId,
      email: consultant.email,
      provider: 'local',
      tokenHash: hashInvitationToken(token),
      expiresAt
    });

    const settings = await tx.selectFrom('program_settings').select('support_email').executeTakeFirst();
    const link = `${config().baseUrl}${locale === 'de' ? '/de' : ''}/invite/${token}`;
    const rendered = await renderInvitationEmail({
      locale,
      firstName: consultant.first_name,
      link,
      expiresAt,
      supportEmail: settings?.support_email ?? config().MAIL_FROM
    });
    const outbox = await tx
      .insertInto('email_outbox')
      .values({
        kind: 'consultant_invitation',
        version: invitation.sent_count,
        dedupe_key: `consultant_invitation:${invitation.id}:${invitation.sent_count}`,
        to_address: consultant.email,
        language: locale,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sendInTransaction(tx, [{ name: 'outbox.deliver', data: { outboxId: outbox.id } }]);
    await recordAudit(tx, {
      action: invitation.sent_count > 1 ? 'consultant.reinvited' : 'consultant.invited',
      entity: 'consultant',
      entityId: consultantId,
      data: {
        before: {},
        after: { user_id: userId, email: consultant.email, expires_at: expiresAt, sent_count: invitation.sent_count }
      }
    });
    return { kind: 'sent', email: consultant.email, outboxId: outbox.id, expiresAt, sentCount: invitation.sent_count };
  });
}

export type InvitationState = 'valid' | 'expired' | 'used' | 'inactive' | 'invalid';

/** What the invitation page shows for `token`: its state and, while valid, the email it is for. */
export async function invitationState(token: string): Promise<{ state: InvitationState; email: string | null }> {
  if (!TOKEN_SHAPE.test(token)) return { state: 'invalid', email: null };
  return withRls(null, async (tx) => {
    const { rows } = await sql<{ state: InvitationState; email: string }>`
      select state, email from app.consultant_invitation_state(${token})`.execute(tx);
    const row = rows[0];
    if (!row) return { state: 'invalid', email: null };
    return { state: row.state, email: row.state === 'valid' ? row.email : null };
  });
}

/** Sets the password through the invitation (spending it) and signs the consultant in. */
export async function acceptInvitation(
  cookies: Cookies,
  token: string,
  password: string
): Promise<{ kind: 'accepted' } | { kind: Exclude<InvitationState, 'valid'> }> {
  if (!TOKEN_SHAPE.test(token)) return { kind: 'invalid' };
  const result = await withRls(null, async (tx) => {
    const { rows } = await sql<{ outcome: 'accepted' | Exclude<InvitationState, 'valid'>; email: string | null }>`
      select outcome, email from app.accept_consultant_invitation(${token}, ${password})`.execute(tx);
    return rows[0];
  });
  if (!result || result.outcome !== 'accepted' || !result.email) {
    return { kind: result && result.outcome !== 'accepted' ? result.outcome : 'invalid' };
  }
  const signedIn = await auth().signIn(cookies, result.email, password);
  if (!signedIn.ok) throw new Error('a freshly set password did not sign in');
  return { kind: 'accepted' };
}
