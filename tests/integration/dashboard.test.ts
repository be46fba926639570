/**
 * The admin overview dashboard (issue 5, part 1) against the migrated, seeded database. Other test
 * files add rows at the same time, so each figure is checked through rows only this file creates
 * (a currency nobody else uses, sessions that start sooner than any other) or by its shape.
 */
import { describe, expect, it } from 'vitest';
import { programOverview, WEEKS } from '../../web/lib/server/dashboard/overview.ts';
import { withRls } from '../../web/lib/server/db/index.ts';
import { load } from '../../web/routes/admin/+page.server.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import { createConsultant, createConsultantLogin, createRegistration, createSession } from './support/factories.ts';

const MINUTE = 60_000;

async function speakerSession(columns: Record<string, unknown> = {}) {
  const consultantId = await createConsultant();
  return createSession({ speakers: [{ consultantId, role: 'primary' }], ...columns });
}

const overviewAs = (claims: Parameters<typeof withRls>[0]) => withRls(claims, (tx) => programOverview(tx));

describe('admin overview', () => {
  it('lists the pending tasks: a published session without a meeting link and a draft starting soon', async () => {
    // Minutes from now: sooner than anything else in the database, so inside the first ten.
    const noLink = await speakerSession({ startsAt: new Date(Date.now() + 20 * MINUTE), title: { en: 'No link yet' } });
    const withLink = await speakerSession({ startsAt: new Date(Date.now() + 21 * MINUTE) });
    await ownerPool().query('insert into public.session_meetings (session_id, meeting_url) values ($1, $2)', [
      withLink,
      'https://teams.microsoft.com/l/meetup-join/abc'
    ]);
    const draft = await speakerSession({ status: 'draft', startsAt: new Date(Date.now() + 22 * MINUTE) });

    const { tasks } = await overviewAs(adminClaims());
    const missing = tasks.withoutMeetingUrl.map((s) => s.id);
    expect(missing).toContain(noLink);
    expect(missing).not.toContain(withLink);
    expect(missing).not.toContain(draft);
    expect(tasks.draftsSoon.map((s) => s.id)).toContain(draft);
    expect(tasks.draftsSoon.map((s) => s.id)).not.toContain(noLink);
  });

  it('sums completed payments per currency and ignores pending and refunded ones', async () => {
    const sessionId = await speakerSession({ price: 99, currency: 'CHF' });
    const paid = { payment_amount: 120.5, payment_currency: 'CHF' };
    await createRegistration({ sessionId, ...paid, payment_status: 'completed' });
    await createRegistration({ sessionId, ...paid, payment_status: 'completed' });
    await createRegistration({ sessionId, ...paid, payment_status: 'refunded' });
    await createRegistration({ sessionId, status: 'pending_payment', ...paid, payment_status: 'pending' });
    const { totals } = await overviewAs(adminClaims());
    expect(totals.revenue.find((r) => r.currency === 'CHF')).toEqual({ currency: 'CHF', amount: 241 });
    expect(totals.attendanceRate).toBeGreaterThanOrEqual(0);
    expect(totals.attendanceRate).toBeLessThanOrEqual(1);
  });

  it('shows the last twelve weeks, oldest first, with this week counting a new registration', async () => {
    const sessionId = await speakerSession();
    await createRegistration({ sessionId });
    const { weekly } = await overviewAs(adminClaims());
    expect(weekly).toHaveLength(WEEKS);
    const days = weekly.map((w) => Date.parse(`${w.week}T00:00:00Z`));
    for (let i = 1; i < days.length; i++) expect(days[i] - days[i - 1]).toBe(7 * 24 * 60 * MINUTE);
    expect(weekly.at(-1)!.registrations).toBeGreaterThanOrEqual(1);
    expect(new Date(days.at(-1)!).getUTCDay()).toBe(1); // ISO weeks start on Monday
  });

  it('the newest registration is first in the recent list, with its session', async () => {
    const sessionId = await speakerSession({ title: { en: 'Fresh session' } });
    const registrationId = await createRegistration({
      sessionId,
      first_name: 'Newest',
      registered_at: new Date(Date.now() + MINUTE)
    });
    const { recentRegistrations } = await overviewAs(adminClaims());
    expect(recentRegistrations[0]).toMatchObject({
      id: registrationId,
      name: 'Newest Attendee',
      session_title: { en: 'Fresh session' }
    });
  });

  it('shows a consultant nothing of the program: no registrations, payments or tasks', async () => {
    const consultant = await createConsultantLogin();
    const sessionId = await speakerSession({ startsAt: new Date(Date.now() + 25 * MINUTE) });
    await createRegistration({ sessionId, status: 'pending_approval' });
    const overview = await overviewAs(consultant.claims);
    expect(overview.totals.registrations).toBe(0);
    expect(overview.totals.revenue).toEqual([]);
    expect(overview.tasks.approvalsWaiting).toBe(0);
    expect(overview.recentRegistrations).toEqual([]);
    expect(overview.tasks.draftsSoon).toEqual([]);
  });

  it('the page load returns the overview for an admin', async () => {
    const data = (await load({ locals: { claims: adminClaims() } } as never)) as {
      overview: { weekly: unknown[] };
      funnelDays: number;
    };
    expect(data.overview.weekly).toHaveLength(WEEKS);
    expect(data.funnelDays).toBe(90);
  });
});
