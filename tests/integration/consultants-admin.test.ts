/**
 * Consultant management against the real, migrated database: create and edit (slug generation and
 * uniqueness, email uniqueness, stale save, audit before/after), the directory's search, filters and
 * figures, unavailable periods, "invite to sign in" (login created and linked, token single use,
 * expiry, rotation on re-invite, the email in the outbox, accepting sets the password and signs in),
 * deactivation (no sign-in, gone from the public view, no portal data), and consultants or anonymous
 * callers refused by the services and by the route actions called with hand-made posts.
 */
import * as v from 'valibot';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '../../web/lib/paraglide/runtime.js';
import { consultantAdminSchema, newConsultantForm, type ConsultantAdminForm } from '../../web/lib/schemas/consultant-admin.ts';
import { invitationSchema } from '../../web/lib/schemas/invitation.ts';
import { acceptInvitation, invitationState, inviteConsultant } from '../../web/lib/server/auth/invitations.ts';
import { createLocalAuth } from '../../web/lib/server/auth/local.ts';
import {
  addUnavailablePeriod,
  createConsultant,
  getConsultantForEditor,
  listConsultants,
  removeUnavailablePeriod,
  setConsultantActive,
  updateConsultant
} from '../../web/lib/server/consultants-admin/index.ts';
import { sql, withRls } from '../../web/lib/server/db/index.ts';
import { closeJobClient } from '../../web/lib/server/jobs/index.ts';
import { cookieJar as jar, postAction as post } from './support/actions.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import {
  createConsultant as createConsultantRow,
  createConsultantLogin,
  createSession,
  createUser,
  unique
} from './support/factories.ts';

const editActions = (await import('../../web/routes/admin/consultants/[id]/+page.server.ts')).actions;
const newActions = (await import('../../web/routes/admin/consultants/new/+page.server.ts')).actions;
const inviteActions = (await import('../../web/routes/invite/[token]/+page.server.ts')).actions;

const originalGetLocale = getLocale;
afterEach(() => overwriteGetLocale(originalGetLocale));
afterAll(async () => {
  await closeJobClient();
});

function form(overrides: Partial<ConsultantAdminForm> = {}): ConsultantAdminForm {
  const suffix = unique();
  return {
    ...newConsultantForm(),
    first_name: 'Jürgen',
    last_name: `Weiß ${suffix}`,
    email: `juergen-${suffix}@example.com`,
    biography_en: 'Cloud architect.',
    biography_de: 'Cloud-Architekt.',
    expertise: 'Cloud\nFinOps\nCloud',
    certifications: 'AWS SA Pro',
    consultant_type: 'external',
    revenue_share_percent: '35',
    hourly_rate: '180.5',
    ...overrides
  };
}

async function row(id: string) {
  const { rows } = await ownerPool().query('select * from public.consultants where id = $1', [id]);
  return rows[0];
}

async function audit(entityId: string) {
  const { rows } = await ownerPool().query(
    `select action, actor_user_id, data from public.audit_log where entity = 'consultant' and entity_id = $1 order by id`,
    [entityId]
  );
  return rows as { action: string; actor_user_id: string | null; data: Record<string, Record<string, unknown>> }[];
}

const formBody = (values: ConsultantAdminForm): Record<string, string> =>
  Object.fromEntries(
    Object.entries(values)
      .filter(([key, value]) => !(key === 'available_for_consultations' && value === false))
      .map(([key, value]) => [key, value === true ? 'on' : String(value)])
  );

/** The newest invitation email to `email` and the token in its link. */
async function invitationMail(email: string) {
  const { rows } = await ownerPool().query(
    `select id, kind, subject, text, html, language, registration_id from public.email_outbox
     where to_address = $1 and kind = 'consultant_invitation' order by created_at desc limit 1`,
    [email]
  );
  const mail = rows[0];
  const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  return { ...mail, token: token as string };
}

describe('create and edit', () => {
  it('creates a consultant with a generated, unique slug and audits every field', async () => {
    const values = form();
    const first = await createConsultant(adminClaims(), values);
    const second = await createConsultant(adminClaims(), { ...values, email: `other-${unique()}@example.com` });
    if (first.kind !== 'saved' || second.kind !== 'saved') throw new Error(`not saved: ${first.kind} ${second.kind}`);
    const a = await row(first.id);
    const b = await row(second.id);
    expect(a.slug).toMatch(/^juergen-weiss-[a-z0-9]+$/);
    expect(b.slug).toBe(`${a.slug}-2`);
    expect(a).toMatchObject({
      consultant_type: 'external',
      revenue_share_percent: '35.00',
      hourly_rate: '180.50',
      expertise: ['Cloud', 'FinOps'],
      certifications: ['AWS SA Pro'],
      biography: { en: 'Cloud architect.', de: 'Cloud-Architekt.' }
    });
    const [entry] = await audit(first.id);
    expect(entry.action).toBe('consultant.created');
    expect(entry.data.after).toMatchObject({ slug: a.slug, revenue_share_percent: '35.00' });
  });

  it('refuses a typed slug or an email another consultant already has, and stores nothing', async () => {
    const existing = await createConsultantRow();
    const taken = await row(existing);
    const values = form({ slug: taken.slug });
    expect(await createConsultant(adminClaims(), values)).toEqual({ kind: 'slug_taken', slug: taken.slug });
    expect(await createConsultant(adminClaims(), form({ email: taken.email.toUpperCase() }))).toEqual({
      kind: 'email_taken',
      email: taken.email.toLowerCase()
    });
    const { rows } = await ownerPool().query('select count(*)::int as n from public.consultants where lower(email) = $1', [
      values.email
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('saves only the changed fields with before/after, and refuses a stale save', async () => {
    const created = await createConsultant(adminClaims(), form());
    if (created.kind !== 'saved') throw new Error(created.kind);
    const editor = await getConsultantForEditor(adminClaims(), created.id);
    if (!editor) throw new Error('no editor');
    const saved = await updateConsultant(adminClaims(), created.id, {
      ...editor.form,
      revenue_share_percent: '50',
      consultant_type: 'partner'
    });
    expect(saved).toMatchObject({ kind: 'saved', version: editor.version + 1 });
    expect(saved.kind === 'saved' && saved.changed.sort()).toEqual(['consultant_type', 'revenue_share_percent']);
    const entries = await audit(created.id);
    expect(entries.at(-1)).toMatchObject({
      action: 'consultant.updated',
      data: {
        before: { consultant_type: 'external', revenue_share_percent: '35.00' },
        after: { consultant_type: 'partner', revenue_share_percent: '50.00' }
      }
    });
    // The same form (old version) again: refused, nothing overwritten.
    const stale = await updateConsultant(adminClaims(), created.id, { ...editor.form, revenue_share_percent: '10' });
    expect(stale).toEqual({ kind: 'stale', currentVersion: editor.version + 1 });
    expect((await row(created.id)).revenue_share_percent).toBe('50.00');
    // Unchanged save: no new version, no audit entry.
    const again = await getConsultantForEditor(adminClaims(), created.id);
    expect(await updateConsultant(adminClaims(), created.id, again!.form)).toMatchObject({ kind: 'saved', changed: [] });
    expect(await audit(created.id)).toHaveLength(entries.length);
  });

  it('names the field in English and German for bad input', () => {
    const bad = { ...form(), revenue_share_percent: '120', email: 'nope', linkedin_url: 'linkedin.com/x' };
    const en = v.safeParse(consultantAdminSchema(), bad);
    expect(en.success).toBe(false);
    const flat = v.flatten(en.issues!).nested!;
    expect(flat.revenue_share_percent?.[0]).toMatch(/^Revenue share/);
    expect(flat.email?.[0]).toMatch(/^Email/);
    expect(flat.linkedin_url?.[0]).toMatch(/https:\/\//);
    overwriteGetLocale(() => 'de');
    const de = v.flatten(v.safeParse(consultantAdminSchema(), bad).issues!).nested!;
    expect(de.revenue_share_percent?.[0]).toMatch(/^Umsatzbeteiligung/);
  });

  it('adds and removes unavailable periods with audit entries', async () => {
    const id = await createConsultantRow({ timezone: 'Europe/Berlin' });
    const added = await addUnavailablePeriod(adminClaims(), id, { from: '2030-07-01', to: '2030-07-03', reason: 'Holiday' });
    if (added.kind !== 'added') throw new Error(added.kind);
    const { rows } = await ownerPool().query(
      'select starts_at, ends_at from public.consultant_unavailable_periods where id = $1',
      [added.periodId]
    );
    expect(rows[0].starts_at.toISOString()).toBe('2030-06-30T22:00:00.000Z');
    expect(rows[0].ends_at.toISOString()).toBe('2030-07-03T22:00:00.000Z');
    expect(await removeUnavailablePeriod(adminClaims(), id, added.periodId)).toEqual({ kind: 'removed' });
    expect((await audit(id)).map((e) => e.action)).toEqual([
      'consultant.unavailable_period_added',
      'consultant.unavailable_period_removed'
    ]);
  });
});

describe('directory', () => {
  it('searches name, expertise and email, filters, and shows figures computed from sessions', async () => {
    const tag = `Quantum${unique()}`;
    const id = await createConsultantRow({ expertise: [tag], consultant_type: 'partner', availability_status: 'busy' });
    await createSession({ speakers: [{ consultantId: id, role: 'primary' }] });
    await createSession({ speakers: [{ consultantId: id, role: 'primary' }], status: 'completed', attended_count: 0 });
    const search = { q: tag.toLowerCase(), type: '', active: 'all', availability: '' } as const;
    const found = await listConsultants(adminClaims(), search);
    expect(found.consultants.map((c) => c.id)).toEqual([id]);
    expect(found.consultants[0]).toMatchObject({ sessions_held: 1, sessions_upcoming: 1, has_login: false, rating_avg: null });
    expect((await listConsultants(adminClaims(), { ...search, type: 'internal' })).consultants).toEqual([]);
    expect((await listConsultants(adminClaims(), { ...search, availability: 'available' })).consultants).toEqual([]);
    expect((await listConsultants(adminClaims(), { ...search, active: 'inactive' })).consultants).toEqual([]);
    const email = (await row(id)).email as string;
    expect((await listConsultants(adminClaims(), { ...search, q: email.toUpperCase() })).consultants.map((c) => c.id)).toEqual([
      id
    ]);
  });

  it('shows a consultant and an anonymous caller nothing', async () => {
    const me = await createConsultantLogin();
    const all = { q: '', type: '', active: 'all', availability: '' } as const;
    expect((await listConsultants(me.claims, all)).consultants.map((c) => c.id)).toEqual([me.consultantId]);
    await expect(listConsultants(null, all)).rejects.toMatchObject({ code: '42501' });
  });
});

describe('invite to sign in', () => {
  it('creates a linked consultant login, emails a set-password link, and the link works exactly once', async () => {
    const id = await createConsultantRow();
    const consultant = await row(id);
    const sent = await inviteConsultant(adminClaims(), id, 'de');
    expect(sent).toMatchObject({ kind: 'sent', email: consultant.email, sentCount: 1 });
    const linked = await row(id);
    const { rows: users } = await ownerPool().query(
      'select email, encrypted_password, raw_app_meta_data from auth.users where id = $1',
      [linked.user_id]
    );
    expect(users[0]).toMatchObject({
      email: consultant.email,
      encrypted_password: null,
      raw_app_meta_data: { role: 'consultant' }
    });

    const mail = await invitationMail(consultant.email);
    expect(mail).toMatchObject({ language: 'de', subject: 'Ihr Zugang zu Magnetiq Webinars', registration_id: null });
    expect(mail.text).toContain(`/de/invite/${mail.token}`);
    // Only the hash is stored.
    const { rows: stored } = await ownerPool().query(
      'select token_hash from public.consultant_invitations where consultant_id = $1',
      [id]
    );
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].token_hash).not.toContain(mail.token);
    expect(await invitationState(mail.token)).toEqual({ state: 'valid', email: consultant.email });

    // Nobody can sign in before the password is set.
    expect(await createLocalAuth().signIn(jar(), consultant.email, 'correct horse battery')).toEqual({
      ok: false,
      reason: 'invalid_credentials'
    });
    const cookies = jar();
    expect(await acceptInvitation(cookies, mail.token, 'correct horse battery')).toEqual({ kind: 'accepted' });
    const claims = await createLocalAuth().getClaims(cookies);
    expect(claims).toMatchObject({ sub: linked.user_id, app_metadata: { role: 'consultant' } });
    expect((await createLocalAuth().signIn(jar(), consultant.email, 'correct horse battery')).ok).toBe(true);

    // Spent: a second use changes nothing.
    expect(await acceptInvitation(jar(), mail.token, 'another password 123')).toEqual({ kind: 'used' });
    expect((await createLocalAuth().signIn(jar(), consultant.email, 'another password 123')).ok).toBe(false);
    expect((await audit(id)).map((e) => e.action)).toEqual(['consultant.invited', 'consultant.invitation_accepted']);
  });

  it('rotates the token on re-invite (the old link dies) and refuses expired links', async () => {
    const id = await createConsultantRow();
    const email = (await row(id)).email as string;
    await inviteConsultant(adminClaims(), id, 'en');
    const first = await invitationMail(email);
    const again = await inviteConsultant(adminClaims(), id, 'en');
    expect(again).toMatchObject({ kind: 'sent', sentCount: 2 });
    const second = await invitationMail(email);
    expect(second.token).not.toBe(first.token);
    expect(second.id).not.toBe(first.id);
    expect(await invitationState(first.token)).toEqual({ state: 'invalid', email: null });
    expect(await acceptInvitation(jar(), first.token, 'correct horse battery')).toEqual({ kind: 'invalid' });

    await ownerPool().query(
      `update public.consultant_invitations set created_at = now() - interval '4 days', expires_at = now() - interval '1 second'
       where consultant_id = $1`,
      [id]
    );
    expect(await invitationState(second.token)).toEqual({ state: 'expired', email: null });
    expect(await acceptInvitation(jar(), second.token, 'correct horse battery')).toEqual({ kind: 'expired' });
    expect((await audit(id)).map((e) => e.action)).toEqual(['consultant.invited', 'consultant.reinvited']);
  });

  it('refuses to invite when another login owns the email, or the consultant is inactive', async () => {
    const id = await createConsultantRow({ isActive: false });
    expect(await inviteConsultant(adminClaims(), id, 'en')).toEqual({ kind: 'inactive' });
    // A consultant without a login whose email already belongs to another account.
    const other = await createUser();
    const clash = await createConsultantRow();
    await ownerPool().query('update auth.users set email = $1 where id = $2', [(await row(clash)).email, other.id]);
    expect(await inviteConsultant(adminClaims(), clash, 'en')).toEqual({ kind: 'email_taken' });
  });

  it('the set-password form needs matching passwords of at least 10 characters', () => {
    expect(v.safeParse(invitationSchema(), { password: 'short', confirm: 'short' }).success).toBe(false);
    const mismatch = v.safeParse(invitationSchema(), { password: 'long enough 1', confirm: 'long enough 2' });
    expect(v.flatten(mismatch.issues!).nested?.confirm?.[0]).toMatch(/differ/);
  });

  it('the invite page signs in and redirects to /consultant; a replay gets 410', async () => {
    const id = await createConsultantRow();
    await inviteConsultant(adminClaims(), id, 'en');
    const { token } = await invitationMail((await row(id)).email);
    const cookies = jar();
    const bad = await post(inviteActions.default, {
      body: { password: 'correct horse', confirm: 'different horse' },
      params: { token },
      cookies
    });
    expect(bad.status).toBe(400);
    expect(await invitationState(token)).toMatchObject({ state: 'valid' });
    const ok = await post(inviteActions.default, {
      body: { password: 'correct horse', confirm: 'correct horse' },
      params: { token },
      cookies
    });
    expect(ok).toMatchObject({ status: 303, location: '/consultant' });
    expect(cookies.values.size).toBe(1);
    const replay = await post(inviteActions.default, {
      body: { password: 'correct horse', confirm: 'correct horse' },
      params: { token }
    });
    expect(replay).toMatchObject({ status: 410, data: { state: 'used' } });
  });
});

describe('deactivate and reactivate', () => {
  it('blocks sign-in, hides the profile and the portal, and audits both changes', async () => {
    const me = await createConsultantLogin();
    const version = (await row(me.consultantId)).version as number;
    expect(await setConsultantActive(adminClaims(), me.consultantId, false, version)).toEqual({
      kind: 'saved',
      version: version + 1
    });
    expect((await createLocalAuth().signIn(jar(), me.email, 'test-password')).ok).toBe(false);
    const visible = await withRls(null, (tx) =>
      sql`select id from public.public_consultants where id = ${me.consultantId}`.execute(tx)
    );
    expect(visible.rows).toEqual([]);
    // A session token issued before the deactivation no longer makes them a consultant in the database.
    const own = await withRls(me.claims, (tx) =>
      sql<{ id: string | null }>`select app.current_consultant_id() as id`.execute(tx)
    );
    expect(own.rows[0].id).toBeNull();
    // Stale version: refused.
    expect(await setConsultantActive(adminClaims(), me.consultantId, true, version)).toEqual({
      kind: 'stale',
      currentVersion: version + 1
    });
    expect(await setConsultantActive(adminClaims(), me.consultantId, true, version + 1)).toMatchObject({ kind: 'saved' });
    expect((await createLocalAuth().signIn(jar(), me.email, 'test-password')).ok).toBe(true);
    expect((await audit(me.consultantId)).map((e) => [e.action, e.data.after])).toEqual([
      ['consultant.deactivated', { is_active: false }],
      ['consultant.reactivated', { is_active: true }]
    ]);
  });
});

describe('refused to consultants and anonymous callers', () => {
  it('services refuse them and change nothing', async () => {
    const me = await createConsultantLogin();
    const target = await createConsultantRow();
    const before = await row(target);
    for (const claims of [me.claims, null]) {
      expect(await createConsultant(claims, form())).toEqual({ kind: 'forbidden' });
      expect(await updateConsultant(claims, target, { ...form(), version: before.version })).toEqual({ kind: 'forbidden' });
      expect(await setConsultantActive(claims, target, false, before.version)).toEqual({ kind: 'forbidden' });
      expect(await inviteConsultant(claims, target, 'en')).toEqual({ kind: 'forbidden' });
      expect(await addUnavailablePeriod(claims, target, { from: '2030-01-01', to: '2030-01-02', reason: null })).toEqual({
        kind: 'forbidden'
      });
      expect(await getConsultantForEditor(claims, target)).toBeNull();
    }
    // Not even their own profile through the admin editor (revenue share, type and active flag are the firm's).
    expect(await updateConsultant(me.claims, me.consultantId, { ...form(), version: 1 })).toEqual({ kind: 'forbidden' });
    expect(await row(target)).toEqual(before);
    expect(await audit(target)).toEqual([]);
  });

  it('route actions refuse hand-made posts from them', async () => {
    const me = await createConsultantLogin();
    const target = await createConsultantRow();
    const before = await row(target);
    for (const claims of [me.claims, null]) {
      const params = { id: target };
      expect((await post(newActions.save, { body: formBody(form()), claims })).status).toBe(403);
      expect(
        (await post(editActions.save, { body: formBody({ ...form(), version: before.version }), params, claims })).status
      ).toBe(403);
      expect((await post(editActions.deactivate, { body: { version: String(before.version) }, params, claims })).status).toBe(
        403
      );
      expect((await post(editActions.invite, { body: { language: 'en' }, params, claims })).status).toBe(403);
      expect((await post(editActions.addPeriod, { body: { from: '2030-01-01', to: '2030-01-02' }, params, claims })).status).toBe(
        403
      );
    }
    expect(await row(target)).toEqual(before);
  });

  it('an admin post saves; a stale post answers 409 and keeps the input', async () => {
    const created = await createConsultant(adminClaims(), form());
    if (created.kind !== 'saved') throw new Error(created.kind);
    const editor = (await getConsultantForEditor(adminClaims(), created.id))!;
    const params = { id: created.id };
    const saved = await post(editActions.save, {
      body: formBody({ ...editor.form, position: 'Partner' }),
      params,
      claims: adminClaims()
    });
    expect(saved.status).toBe(200);
    const stale = await post(editActions.save, {
      body: formBody({ ...editor.form, position: 'Director' }),
      params,
      claims: adminClaims()
    });
    expect(stale.status).toBe(409);
    const staleForm = stale.data?.form as { data: ConsultantAdminForm; message: { text: string } };
    expect(staleForm.data.position).toBe('Director');
    expect(staleForm.message.text).toMatch(/Someone else saved/);
    expect((await row(created.id)).position).toBe('Partner');
    const invalid = await post(editActions.save, {
      body: formBody({ ...editor.form, version: editor.version + 1, revenue_share_percent: 'lots' }),
      params,
      claims: adminClaims()
    });
    expect(invalid.status).toBe(400);
    expect((invalid.data?.form as { errors: Record<string, string[]> }).errors.revenue_share_percent?.[0]).toMatch(
      /Revenue share/
    );
  });
});
