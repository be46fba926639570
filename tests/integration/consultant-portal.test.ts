/**
 * The consultant portal's services: own sessions and figures, attendees with the consent rule, and the
 * own-profile edit. Ownership is enforced by the database (RLS, the consultant_registrations view and
 * the admin-columns trigger), so these tests pass other consultants' ids on purpose.
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { consultantProfileSchema, toProfileInput } from '../../web/lib/schemas/consultant-profile.ts';
import { sql, withRls } from '../../web/lib/server/db/index.ts';
import {
  addOwnUnavailablePeriod,
  ownProfile,
  removeOwnUnavailablePeriod,
  ownSessionRegistrations,
  portalOverview,
  updateOwnProfile,
  type ProfileInput
} from '../../web/lib/server/consultant-portal/index.ts';
import { dbError, ownerPool } from './support/db.ts';
import { createConsultantLogin, createRegistration, createSession } from './support/factories.ts';

const DAY = 86_400_000;

async function consultantWithSessions() {
  const me = await createConsultantLogin();
  const speakers = [{ consultantId: me.consultantId, role: 'primary' as const }];
  const upcoming = await createSession({ speakers });
  const completed = await createSession({ speakers, status: 'completed', startsAt: new Date(Date.now() - 3 * DAY) });
  return { me, upcoming, completed };
}

async function profileInput(
  claims: Parameters<typeof ownProfile>[0],
  changes: Partial<ProfileInput> = {}
): Promise<ProfileInput> {
  const p = (await ownProfile(claims))!;
  return {
    version: p.version,
    title: p.title,
    position: p.position,
    company: p.company,
    biography: p.biography as ProfileInput['biography'],
    expertise: p.expertise,
    photo_url: p.photo_url,
    linkedin_url: p.linkedin_url,
    website_url: p.website_url,
    availability_status: p.availability_status as ProfileInput['availability_status'],
    available_for_consultations: p.available_for_consultations,
    ...changes
  };
}

describe('consultant portal overview', () => {
  it('splits own sessions into upcoming and past and computes figures from the data', async () => {
    const { me, upcoming, completed } = await consultantWithSessions();
    const other = await createConsultantLogin();
    await createSession({ speakers: [{ consultantId: other.consultantId, role: 'primary' }] });

    // Completed session: 3 attended, 1 no-show, 1 cancelled (not counted), ratings 5 and 4.
    await createRegistration({ sessionId: completed, status: 'attended', rating: 5 });
    await createRegistration({ sessionId: completed, status: 'attended', rating: 4, consultation_interest: true });
    await createRegistration({ sessionId: completed, status: 'attended' });
    await createRegistration({ sessionId: completed, status: 'no_show' });
    await createRegistration({ sessionId: completed, status: 'cancelled' });
    // Upcoming session: not in the attendance rate; one follow-up request by consent.
    await createRegistration({ sessionId: upcoming, status: 'confirmed', consultantFollowUpConsent: true });

    const overview = await portalOverview(me.claims);
    expect(overview.upcoming.map((s) => s.id)).toEqual([upcoming]);
    expect(overview.past.map((s) => s.id)).toEqual([completed]);
    expect(overview.figures).toEqual({
      completedSessions: 1,
      attendanceRate: 3 / 4,
      averageRating: 4.5,
      ratingCount: 2,
      followUpRequests: 2
    });
  });

  it('shows no figures of other consultants and empty figures without data', async () => {
    const { me } = await consultantWithSessions();
    const overview = await portalOverview(me.claims);
    expect(overview.figures).toEqual({
      completedSessions: 1,
      attendanceRate: null,
      averageRating: null,
      ratingCount: 0,
      followUpRequests: 0
    });
  });
});

describe('registrations of an own session', () => {
  it('lists attendees with email and phone only where they consented', async () => {
    const { me, upcoming } = await consultantWithSessions();
    const consenting = await createRegistration({
      sessionId: upcoming,
      consultantFollowUpConsent: true,
      specific_questions: 'How do we start?'
    });
    const private_ = await createRegistration({ sessionId: upcoming });
    const result = await ownSessionRegistrations(me.claims, upcoming);
    expect(result?.session.id).toBe(upcoming);
    const byId = new Map(result!.registrations.map((r) => [r.id, r]));
    expect(byId.get(consenting)).toMatchObject({ company: 'Attendee GmbH', position: 'CTO', phone: '+49 170 1234567' });
    expect(byId.get(consenting)?.email).toMatch(/@test\.magnetiq\.local$/);
    expect(byId.get(consenting)?.specific_questions).toBe('How do we start?');
    expect(byId.get(private_)).toMatchObject({ first_name: 'Ada', email: null, phone: null });
  });

  it("gives consultant A nothing of consultant B's session, even with B's session id", async () => {
    const a = await consultantWithSessions();
    const b = await consultantWithSessions();
    await createRegistration({ sessionId: b.upcoming, consultantFollowUpConsent: true });
    expect(await ownSessionRegistrations(a.me.claims, b.upcoming)).toBeNull();
    expect(await ownSessionRegistrations(a.me.claims, 'not-a-uuid')).toBeNull();
    // The view itself returns nothing of B's session to A.
    const rows = await withRls(a.me.claims, (tx) =>
      tx.selectFrom('consultant_registrations').select('id').where('session_id', '=', b.upcoming).execute()
    );
    expect(rows).toEqual([]);
  });
});

describe('own profile edit', () => {
  it('saves the allowed fields, bumps the version and writes an audit entry with the changed fields', async () => {
    const { me } = await consultantWithSessions();
    const input = await profileInput(me.claims, {
      position: 'Principal',
      expertise: ['AI strategy', 'MLOps'],
      biography: { en: 'New English bio', de: 'Neue Biografie' },
      availability_status: 'busy'
    });
    const outcome = await updateOwnProfile(me.claims, input);
    expect(outcome).toMatchObject({ kind: 'saved', version: input.version + 1 });
    const { rows } = await ownerPool().query(
      'select position, expertise, biography, availability_status, version from public.consultants where id = $1',
      [me.consultantId]
    );
    expect(rows[0]).toMatchObject({
      position: 'Principal',
      expertise: ['AI strategy', 'MLOps'],
      biography: { en: 'New English bio', de: 'Neue Biografie' },
      availability_status: 'busy',
      version: input.version + 1
    });
    const audit = await ownerPool().query(
      `select actor_user_id, action, entity, data from public.audit_log where entity_id = $1 order by id`,
      [me.consultantId]
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor_user_id: me.id, action: 'consultant.profile_updated', entity: 'consultant' });
    expect(audit.rows[0].data.after).toEqual({
      position: 'Principal',
      expertise: ['AI strategy', 'MLOps'],
      biography: { en: 'New English bio', de: 'Neue Biografie' },
      availability_status: 'busy'
    });
    expect(audit.rows[0].data.before).toMatchObject({ position: null, availability_status: 'available' });
  });

  it('saving unchanged values writes nothing (no new version, no audit entry)', async () => {
    const { me } = await consultantWithSessions();
    const input = await profileInput(me.claims);
    // jsonb returns the biography's keys in its own order; that is not a change.
    const outcome = await updateOwnProfile(me.claims, { ...input, biography: { en: 'Test biography', de: 'Test-Biografie' } });
    expect(outcome).toEqual({ kind: 'saved', version: input.version, changed: [] });
    const audit = await ownerPool().query('select 1 from public.audit_log where entity_id = $1', [me.consultantId]);
    expect(audit.rows).toEqual([]);
  });

  it('refuses a stale version without changing anything', async () => {
    const { me } = await consultantWithSessions();
    const first = await profileInput(me.claims, { position: 'First' });
    expect((await updateOwnProfile(me.claims, first)).kind).toBe('saved');
    const outcome = await updateOwnProfile(me.claims, { ...first, position: 'Second' });
    expect(outcome).toEqual({ kind: 'stale' });
    const { rows } = await ownerPool().query('select position from public.consultants where id = $1', [me.consultantId]);
    expect(rows[0].position).toBe('First');
  });

  it('drops protected fields of a hand-made submission and the database refuses them directly', async () => {
    const { me } = await consultantWithSessions();
    const current = await ownProfile(me.claims);
    // What the route does with a POST carrying extra fields: the schema strips them.
    const posted = {
      version: current!.version,
      biography_en: 'Bio',
      availability_status: 'available',
      revenue_share_percent: 99,
      consultant_type: 'partner',
      is_active: false,
      email: 'hacker@example.com',
      slug: 'taken-over'
    };
    const parsed = v.parse(consultantProfileSchema(), posted);
    expect(Object.keys(parsed)).not.toContain('revenue_share_percent');
    const input = { ...toProfileInput(parsed), ...posted } as unknown as ProfileInput;
    expect((await updateOwnProfile(me.claims, input)).kind).toBe('saved');
    const { rows } = await ownerPool().query(
      'select revenue_share_percent, consultant_type, is_active, email, slug from public.consultants where id = $1',
      [me.consultantId]
    );
    expect(rows[0]).toMatchObject({ revenue_share_percent: '40.00', consultant_type: 'internal', is_active: true });
    expect(rows[0].email).not.toBe('hacker@example.com');
    expect(rows[0].slug).not.toBe('taken-over');

    const refused = await dbError(
      withRls(me.claims, (tx) =>
        tx.updateTable('consultants').set({ revenue_share_percent: '99' }).where('id', '=', me.consultantId).execute()
      )
    );
    expect(refused.code).toBe('42501');
  });

  it("cannot read or change another consultant's profile", async () => {
    const a = await createConsultantLogin();
    const b = await createConsultantLogin();
    expect((await ownProfile(a.claims))?.id).toBe(a.consultantId);
    const updated = await withRls(a.claims, (tx) =>
      tx.updateTable('consultants').set({ position: 'Hijacked' }).where('id', '=', b.consultantId).executeTakeFirst()
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const seen = await withRls(a.claims, (tx) =>
      tx.selectFrom('consultants').select('id').where('id', '=', b.consultantId).execute()
    );
    expect(seen).toEqual([]);
    const { rows } = await ownerPool().query('select position from public.consultants where id = $1', [b.consultantId]);
    expect(rows[0].position).toBeNull();
  });

  it('a consultant cannot forge the actor of an audit entry', async () => {
    const a = await createConsultantLogin();
    const b = await createConsultantLogin();
    await withRls(a.claims, (tx) =>
      sql`insert into public.audit_log (action, entity, entity_id, actor_user_id) values ('consultant.test_entry', 'consultant', ${a.consultantId}, ${b.id})`.execute(
        tx
      )
    ).catch(() => undefined);
    const { rows } = await ownerPool().query(`select actor_user_id from public.audit_log where entity_id = $1`, [a.consultantId]);
    for (const row of rows) expect(row.actor_user_id).toBe(a.id);
  });
});

describe('own unavailable periods', () => {
  it('adds whole days in the consultant’s time zone, lists them, and audits add and remove', async () => {
    const me = await createConsultantLogin();
    const added = await addOwnUnavailablePeriod(me.claims, { from: '2027-03-01', to: '2027-03-02', reason: 'Holiday' });
    expect(added.kind).toBe('added');
    const profile = await ownProfile(me.claims);
    expect(profile?.periods).toHaveLength(1);
    // Europe/Berlin is UTC+1 in March: 1 March 00:00 local .. 3 March 00:00 local.
    expect(new Date(profile!.periods[0].starts_at).toISOString()).toBe('2027-02-28T23:00:00.000Z');
    expect(new Date(profile!.periods[0].ends_at).toISOString()).toBe('2027-03-02T23:00:00.000Z');

    const periodId = (added as { id: string }).id;
    expect(await removeOwnUnavailablePeriod(me.claims, periodId)).toEqual({ kind: 'removed' });
    expect((await ownProfile(me.claims))?.periods).toEqual([]);
    const { rows } = await ownerPool().query('select action, data from public.audit_log where entity_id = $1 order by id', [
      me.consultantId
    ]);
    expect(rows.map((r) => r.action)).toEqual(['consultant.unavailable_period_added', 'consultant.unavailable_period_removed']);
    expect(rows[0].data.after).toMatchObject({ period_id: periodId, reason: 'Holiday' });
  });

  it("cannot see or remove another consultant's period", async () => {
    const a = await createConsultantLogin();
    const b = await createConsultantLogin();
    const added = await addOwnUnavailablePeriod(b.claims, { from: '2027-04-01', to: '2027-04-01', reason: null });
    const periodId = (added as { id: string }).id;
    expect((await ownProfile(a.claims))?.periods).toEqual([]);
    expect(await removeOwnUnavailablePeriod(a.claims, periodId)).toEqual({ kind: 'not_found' });
    const { rows } = await ownerPool().query('select id from public.consultant_unavailable_periods where id = $1', [periodId]);
    expect(rows).toHaveLength(1);
  });
});
