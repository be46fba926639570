/**
 * "Invite to sign in" with the Supabase auth adapter. Supabase Auth (GoTrue) owns the login, the
 * one-time token and the email; we drive it through its admin API with the service-role key (server
 * only) and record the invitation in consultant_invitations (provider 'supabase', no token hash).
 *
 * Order, so nothing is half-written:
 *  1. as the admin: is the caller an admin, does the consultant exist, is it active?
 *  2. no login yet: POST /admin/users (email, unconfirmed, no password, app_metadata.role = consultant,
 *     so the role is there before any email goes out), then link consultants.user_id in our database;
 *     a failed link deletes the new login again (DELETE /admin/users/<id>).
 *  3. POST /invite?redirect_to=<our /invite/confirm>: GoTrue re-sends the invitation to the existing,
 *     unconfirmed user (a confirmed one is refused with email_exists).
 *  4. as the admin: upsert the invitation row and the audit entry.
 * GoTrue down at 2 → nothing stored; down at 3 → the consultant is linked to a login that exists, no
 * invitation is recorded, and inviting again sends it.
 *
 * Accepting (the email's link lands on /invite/confirm?token_hash=…&type=invite): POST /verify
 * (verifyOtp type invite, which sets the session cookie), then PUT /user with the password, then the
 * invitation is marked accepted. If the password step fails after the token was spent, the session
 * stays and the same page may set the password of a login whose invitation is still pending.
 */
import { createClient, isAuthRetryableFetchError, type AuthError } from '@supabase/supabase-js';
import type { Cookies } from '@sveltejs/kit';
import { recordAudit } from '../audit/index.ts';
import { config } from '../config.ts';
import { asServiceRole, sql, withRls, type JwtClaims } from '../db/index.ts';
import { upsertInvitation } from './invitation-record.ts';
import { supabaseServerClient } from './supabase.ts';

/** GoTrue's default lifetime of an invitation link (MAILER_OTP_EXP, 24 h); informational only. */
export const SUPABASE_INVITATION_TTL_HOURS = 24;

export type SupabaseInviteOutcome =
  | { kind: 'sent_by_supabase'; email: string; sentCount: number }
  | { kind: 'not_found' }
  | { kind: 'inactive' }
  | { kind: 'email_taken' }
  | { kind: 'already_confirmed' }
  | { kind: 'provider_error' }
  | { kind: 'unsupported' }
  | { kind: 'forbidden' };

export type SupabaseAcceptOutcome =
  { kind: 'accepted' } | { kind: 'invalid' } | { kind: 'inactive' } | { kind: 'password_rejected' } | { kind: 'unavailable' };

const outage = (error: AuthError | null) =>
  !!error && (isAuthRetryableFetchError(error) || !error.status || error.status >= 500 || error.status === 429);

function adminApi() {
  const { PUBLIC_SUPABASE_URL: url, SUPABASE_SERVICE_ROLE_KEY: key } = config();
  if (!url || !key) return null;
  return createClient(url, key, { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } }).auth
    .admin;
}

/** Where the invitation email's link sends the consultant (must be in Supabase's redirect allow list). */
export const supabaseInviteRedirect = (locale: 'en' | 'de') =>
  `${config().baseUrl}${locale === 'de' ? '/de' : ''}/invite/confirm`;

export async function inviteConsultantWithSupabase(
  claims: JwtClaims | null,
  consultantId: string,
  locale: 'en' | 'de'
): Promise<SupabaseInviteOutcome> {
  const admin = adminApi();
  if (!admin) return { kind: 'unsupported' };
  const target = await withRls(claims, async (tx) => {
    const { rows } = await sql<{ admin: boolean }>`select app.is_admin() as admin`.execute(tx);
    if (!rows[0]?.admin) return { kind: 'forbidden' as const };
    const consultant = await tx
      .selectFrom('consultants')
      .select(['id', 'first_name', 'last_name', 'email', 'is_active', 'user_id'])
      .where('id', '=', consultantId)
      .executeTakeFirst();
    if (!consultant) return { kind: 'not_found' as const };
    if (!consultant.is_active) return { kind: 'inactive' as const };
    return { kind: 'ok' as const, consultant };
  });
  if (target.kind !== 'ok') return target;
  const { consultant } = target;

  let userId = consultant.user_id;
  if (!userId) {
    const created = await admin.createUser({
      email: consultant.email.toLowerCase(),
      email_confirm: false,
      app_metadata: { role: 'consultant' },
      user_metadata: { first_name: consultant.first_name, last_name: consultant.last_name, locale }
    });
    if (created.error || !created.data.user) {
      if (created.error?.code === 'email_exists' || created.error?.status === 422) return { kind: 'email_taken' };
      return { kind: 'provider_error' };
    }
    const newId = created.data.user.id;
    let linked = false;
    try {
      linked = await withRls(claims, async (tx) => {
        const row = await tx
          .updateTable('consultants')
          .set({ user_id: newId })
          .where('id', '=', consultantId)
          .where('user_id', 'is', null)
          .returning('id')
          .executeTakeFirst();
        return !!row;
      });
    } finally {
      // Never leave a login behind that no consultant points to.
      if (!linked) await admin.deleteUser(newId).catch(() => undefined);
    }
    if (!linked) return { kind: 'provider_error' };
    userId = newId;
  }

  // GoTrue invites by email: use the linked login's own address (the profile's email may have been
  // edited since), or GoTrue would create a second, unlinked login for the new address.
  const inviteEmail = consultant.user_id ? ((await loginEmail(consultant.user_id)) ?? consultant.email) : consultant.email;
  const invited = await admin.inviteUserByEmail(inviteEmail.toLowerCase(), {
    redirectTo: supabaseInviteRedirect(locale),
    data: { locale }
  });
  if (invited.error) {
    if (invited.error.code === 'email_exists' || invited.error.status === 422) return { kind: 'already_confirmed' };
    return { kind: 'provider_error' };
  }

  const linkedUser = userId;
  return withRls(claims, async (tx) => {
    const expiresAt = new Date(Date.now() + SUPABASE_INVITATION_TTL_HOURS * 3600 * 1000);
    const invitation = await upsertInvitation(tx, {
      consultantId,
      userId: linkedUser,
      email: inviteEmail,
      provider: 'supabase',
      tokenHash: null,
      expiresAt
    });
    await recordAudit(tx, {
      action: invitation.sent_count > 1 ? 'consultant.reinvited' : 'consultant.invited',
      entity: 'consultant',
      entityId: consultantId,
      data: {
        before: {},
        after: { user_id: linkedUser, email: inviteEmail, provider: 'supabase', sent_count: invitation.sent_count }
      }
    });
    return { kind: 'sent_by_supabase' as const, email: inviteEmail, sentCount: invitation.sent_count };
  });
}

/** The email of login `userId` (auth.users lives in the same database with Supabase). */
async function loginEmail(userId: string): Promise<string | undefined> {
  return asServiceRole('a re-invite reads the linked login email', async (tx) => {
    const { rows } = await sql<{ email: string | null }>`select email from auth.users where id = ${userId}`.execute(tx);
    return rows[0]?.email ?? undefined;
  });
}

/** The pending (not yet accepted) Supabase invitation of login `userId` whose consultant is active. */
async function pendingInvitation(userId: string) {
  return asServiceRole('invitation acceptance reads the pending invitation of the signed-in login', async (tx) =>
    tx
      .selectFrom('consultant_invitations as i')
      .innerJoin('consultants as c', 'c.id', 'i.consultant_id')
      .select(['i.id', 'i.consultant_id', 'c.is_active'])
      .where('i.user_id', '=', userId)
      .where('i.provider', '=', 'supabase')
      .where('i.accepted_at', 'is', null)
      .executeTakeFirst()
  );
}

const TOKEN_HASH = /^[A-Za-z0-9_-]{20,200}$/;

/** Spends GoTrue's invitation token, sets the password and leaves the consultant signed in. */
export async function acceptSupabaseInvitation(
  cookies: Cookies,
  tokenHash: string,
  password: string
): Promise<SupabaseAcceptOutcome> {
  const supabase = supabaseServerClient(cookies);
  let userId: string | undefined;
  if (TOKEN_HASH.test(tokenHash)) {
    const verified = await supabase.auth.verifyOtp({ type: 'invite', token_hash: tokenHash });
    if (verified.error?.code === 'user_banned') return { kind: 'inactive' };
    if (outage(verified.error)) return { kind: 'unavailable' };
    userId = verified.data.user?.id;
  }
  if (!userId) {
    // The token may have been spent by an earlier attempt whose password step failed: that attempt
    // left the session, and the invitation is still pending.
    const { data } = await supabase.auth.getClaims().catch(() => ({ data: null }));
    const sub = data?.claims?.sub;
    if (!sub || !(await pendingInvitation(sub))) return { kind: 'invalid' };
    userId = sub;
  }
  const pending = await pendingInvitation(userId);
  if (pending && !pending.is_active) return { kind: 'inactive' };

  const updated = await supabase.auth.updateUser({ password });
  if (updated.error) return outage(updated.error) ? { kind: 'unavailable' } : { kind: 'password_rejected' };

  if (pending) {
    await asServiceRole('the invited consultant accepted their Supabase invitation', async (tx) => {
      await tx
        .updateTable('consultant_invitations')
        .set({ accepted_at: new Date() })
        .where('id', '=', pending.id)
        .where('accepted_at', 'is', null)
        .execute();
      await tx
        .insertInto('audit_log')
        .values({
          actor_user_id: userId,
          actor_role: 'consultant',
          action: 'consultant.invitation_accepted',
          entity: 'consultant',
          entity_id: pending.consultant_id,
          data: JSON.stringify({ invitation_id: pending.id, provider: 'supabase' })
        })
        .execute();
    });
  }
  return { kind: 'accepted' };
}
