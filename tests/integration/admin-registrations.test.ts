/**
 * Admin registrations management against the migrated database: list filters and counts, single and
 * bulk actions (approve, reject, cancel, attendance with its timing rule, resend confirmation), the
 * exports parsed back (CSV with csv-parse, XLSX with exceljs, PDF with pdf-parse), and refusals for a
 * consultant and an anonymous caller at the service and at the route handlers.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRegistrationFilters } from '../../web/lib/schemas/admin-registrations.ts';
import {
  AdminOnlyError,
  applyAction,
  applyBulkAction,
  exportRows,
  getRegistrationDetail,
  listRegistrations,
  resendEmail,
  toCsv,
  toPdf,
  toXlsx,
  type ExportLabels
} from '../../web/lib/server/admin-registrations/index.ts';
import { closeJobClient } from '../../web/lib/server/jobs/index.ts';
import { bulkAction, loadList } from '../../web/routes/admin/registrations/list.server.ts';
import { GET as exportGet } from '../../web/routes/admin/registrations/export.[format]/+server.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import {
  createConsentRecord,
  createConsultant,
  createConsultantLogin,
  createRegistration,
  createSession,
  unique
} from './support/factories.ts';

afterAll(async () => {
  await closeJobClient();
});

const HOUR = 3_600_000;

async function session(columns: Record<string, unknown> = {}): Promise<string> {
  const consultantId = await createConsultant();
  return createSession({ speakers: [{ consultantId, role: 'primary' }], ...columns });
}

const filters = (query: string) => {
  const parsed = parseRegistrationFilters(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.filters;
};

const statusOf = async (id: string) =>
  (await ownerPool().query<{ status: string }>('select status from public.registrations where id = $1', [id])).rows[0].status;

const LABELS: ExportLabels = {
  title: 'Registrations',
  yes: 'Yes',
  no: 'No',
  session: 'Session',
  session_starts_at: 'Session start',
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  company: 'Company',
  position: 'Position',
  status: 'Status',
  registered_at: 'Registered at',
  attended: 'Attended',
  marketing_consent: 'Marketing consent',
  consultant_follow_up_consent: 'Consultant follow-up consent'
};

describe('filters', () => {
  it('validates URL filters with localised messages naming the field', () => {
    expect(parseRegistrationFilters(new URLSearchParams('status=bogus'))).toEqual({
      ok: false,
      message: 'Status: choose a status from the list.'
    });
    expect(parseRegistrationFilters(new URLSearchParams('session=nope')).ok).toBe(false);
    expect(parseRegistrationFilters(new URLSearchParams('page=0')).ok).toBe(false);
    expect(parseRegistrationFilters(new URLSearchParams(`q=${'x'.repeat(101)}`)).ok).toBe(false);
    expect(parseRegistrationFilters(new URLSearchParams('marketing=maybe')).ok).toBe(false);
    expect(parseRegistrationFilters(new URLSearchParams('status=&q=&page=2'))).toEqual({ ok: true, filters: { page: 2 } });
  });

  it('filters by session, status, search and marketing consent, with counts by status', async () => {
    const sessionId = await session({ capacity: 10 });
    const tag = unique();
    const a = await createRegistration({ sessionId, status: 'confirmed', company: `Acme ${tag}`, marketing_consent: true });
    const b = await createRegistration({ sessionId, status: 'pending_approval', first_name: `Zed${tag}` });
    const c = await createRegistration({ sessionId, status: 'waitlisted' });
    await createRegistration({ sessionId, status: 'cancelled' });

    const all = await listRegistrations(adminClaims(), filters(`session=${sessionId}`));
    expect(all.total).toBe(4);
    expect(all.counts).toMatchObject({ all: 4, confirmed: 1, pending_approval: 1, waitlisted: 1, cancelled: 1, attended: 0 });
    expect(all.session?.id).toBe(sessionId);

    const waitlist = await listRegistrations(adminClaims(), filters(`session=${sessionId}&status=waitlisted`));
    expect(waitlist.items.map((i) => i.id)).toEqual([c]);
    expect(waitlist.counts.all).toBe(4); // counts keep the scope without the status filter

    expect((await listRegistrations(adminClaims(), filters(`q=acme ${tag}`))).items.map((i) => i.id)).toEqual([a]);
    expect((await listRegistrations(adminClaims(), filters(`q=zed${tag}`))).items.map((i) => i.id)).toEqual([b]);
    // Wildcards are literal.
    expect((await listRegistrations(adminClaims(), filters(`session=${sessionId}&q=%25`))).total).toBe(0);
    const marketing = await listRegistrations(adminClaims(), filters(`session=${sessionId}&marketing=yes`));
    expect(marketing.items.map((i) => i.id)).toEqual([a]);
  });

  it('answers bad filters with 400 at the route', async () => {
    const url = new URL('http://localhost/admin/registrations?status=bogus');
    await expect(loadList({ locals: { claims: adminClaims(), role: 'admin' }, url } as never)).rejects.toMatchObject({
      status: 400,
      body: { message: 'Status: choose a status from the list.' }
    });
  });
});

describe('actions', () => {
  it('bulk-approves pending registrations and reports refusals per row', async () => {
    const sessionId = await session({ capacity: 10, requires_approval: true });
    const p1 = await createRegistration({ sessionId, status: 'pending_approval' });
    const p2 = await createRegistration({ sessionId, status: 'pending_approval' });
    const confirmed = await createRegistration({ sessionId, status: 'confirmed' });
    const results = await applyBulkAction(adminClaims(), 'approve', [p1, p2, confirmed]);
    expect(results).toEqual([
      { id: p1, ok: true, outcome: 'approved' },
      { id: p2, ok: true, outcome: 'approved' },
      { id: confirmed, ok: false, reason: 'not_pending' }
    ]);
    expect(await statusOf(p1)).toBe('confirmed');
    expect(await statusOf(p2)).toBe('confirmed');
  });

  it('bulk action through the form action (no JavaScript): rejects and cancels', async () => {
    const sessionId = await session({ capacity: 10, requires_approval: true });
    const pending = await createRegistration({ sessionId, status: 'pending_approval' });
    const confirmed = await createRegistration({ sessionId, status: 'confirmed' });
    const post = (body: URLSearchParams) =>
      bulkAction({
        locals: { claims: adminClaims(), role: 'admin' },
        request: new Request('http://x/', { method: 'POST', body })
      } as never);

    const rejected = await post(
      new URLSearchParams([
        ['action', 'reject'],
        ['ids', pending],
        ['reason', 'Full programme']
      ])
    );
    expect(rejected).toEqual({ bulk: { action: 'reject', done: 1, refused: [] } });
    const cancelled = await post(
      new URLSearchParams([
        ['action', 'cancel'],
        ['ids', confirmed]
      ])
    );
    expect(cancelled).toEqual({ bulk: { action: 'cancel', done: 1, refused: [] } });
    expect(await statusOf(pending)).toBe('cancelled');
    expect(await statusOf(confirmed)).toBe('cancelled');

    const none = await post(new URLSearchParams([['action', 'approve']]));
    expect(none).toMatchObject({ status: 400, data: { bulkError: 'Selection: select at least one registration.' } });
    const bad = await post(
      new URLSearchParams([
        ['action', 'explode'],
        ['ids', pending]
      ])
    );
    expect(bad).toMatchObject({ status: 400, data: { bulkField: 'action' } });
  });

  it('marks attendance only once the session has started, and lets it be corrected', async () => {
    const upcoming = await session();
    const early = await createRegistration({ sessionId: upcoming, status: 'confirmed' });
    expect(await applyAction(adminClaims(), 'attended', early)).toEqual({ id: early, ok: false, reason: 'session_not_started' });
    expect(await statusOf(early)).toBe('confirmed');

    const past = await session({ status: 'completed', startsAt: new Date(Date.now() - 3 * HOUR) });
    const r1 = await createRegistration({ sessionId: past, status: 'confirmed' });
    const r2 = await createRegistration({ sessionId: past, status: 'confirmed' });
    const r3 = await createRegistration({ sessionId: past, status: 'waitlisted' });
    const results = await applyBulkAction(adminClaims(), 'attended', [r1, r2, r3]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({ ok: false, reason: 'not_confirmed' });
    expect(await applyAction(adminClaims(), 'no_show', r2)).toMatchObject({ ok: true });
    expect([await statusOf(r1), await statusOf(r2), await statusOf(r3)]).toEqual(['attended', 'no_show', 'waitlisted']);

    const audit = await ownerPool().query(
      `select actor_role, data from public.audit_log where entity_id = $1 and action = 'registration.attendance_marked' order by id`,
      [r2]
    );
    expect(audit.rows.map((r) => r.data.after.status)).toEqual(['attended', 'no_show']);
    expect(audit.rows[1].data.before.status).toBe('attended');
    expect(audit.rows[1].actor_role).toBe('admin');
  });

  it('resends the confirmation with a higher version each time, only for confirmed registrations', async () => {
    const sessionId = await session();
    const confirmed = await createRegistration({ sessionId, status: 'confirmed' });
    const waitlisted = await createRegistration({ sessionId, status: 'waitlisted' });
    expect(await resendEmail(adminClaims(), confirmed, 'confirmation')).toMatchObject({ ok: true });
    expect(await resendEmail(adminClaims(), confirmed, 'confirmation')).toMatchObject({ ok: true });
    expect(await resendEmail(adminClaims(), waitlisted, 'confirmation')).toMatchObject({ ok: false, reason: 'not_confirmed' });
    const jobs = await ownerPool().query(
      `select data from pgboss.job where name = 'registration.email' and data ->> 'registrationId' = $1 order by created_on`,
      [confirmed]
    );
    expect(jobs.rows.map((j) => [j.data.kind, j.data.version])).toEqual([
      ['confirmation', 2],
      ['confirmation', 3]
    ]);
  });

  it('shows the detail with consents, history and without the manage-token hash', async () => {
    const sessionId = await session({ capacity: 5, requires_approval: true });
    const id = await createRegistration({ sessionId, status: 'pending_approval' });
    await createConsentRecord({ registrationId: id, kind: 'terms' });
    await applyAction(adminClaims(), 'approve', id);
    const detail = await getRegistrationDetail(adminClaims(), id);
    expect(detail?.registration.status).toBe('confirmed');
    expect(detail?.registration).not.toHaveProperty('manage_token_hash');
    expect(detail?.consents.map((c) => c.kind)).toEqual(['terms']);
    expect(detail?.history.map((h) => [h.from_status, h.to_status])).toEqual([
      [null, 'pending_approval'],
      ['pending_approval', 'confirmed']
    ]);
    expect(await getRegistrationDetail(adminClaims(), '00000000-0000-4000-8000-00000000dead')).toBeNull();
  });
});

describe('exports', () => {
  async function exportSession() {
    const sessionId = await session({ capacity: 10 });
    await createRegistration({
      sessionId,
      first_name: 'Jürgen',
      last_name: 'Müller',
      company: 'Köln, "Quotes" AG',
      marketing_consent: true
    });
    await createRegistration({ sessionId, first_name: 'Nora', last_name: 'Nomail', marketing_consent: false });
    await createRegistration({ sessionId, status: 'cancelled', first_name: 'Carl', last_name: 'Cancel' });
    return sessionId;
  }

  it('writes CSV, XLSX and PDF with the filtered rows; the marketing export only has consenting people', async () => {
    const sessionId = await exportSession();
    const attendees = await exportRows(adminClaims(), filters(`session=${sessionId}&status=confirmed`), 'en');
    const marketing = await exportRows(adminClaims(), filters(`session=${sessionId}&purpose=marketing`), 'en');
    expect(attendees.map((r) => r.last_name)).toEqual(['Müller', 'Nomail']);
    expect(marketing.map((r) => r.last_name)).toEqual(['Müller']);

    const csv = parse(toCsv(attendees, LABELS), { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.map((r) => [r['First name'], r['Last name'], r.Company, r['Marketing consent'], r.Status])).toEqual([
      ['Jürgen', 'Müller', 'Köln, "Quotes" AG', 'Yes', 'confirmed'],
      ['Nora', 'Nomail', 'Attendee GmbH', 'No', 'confirmed']
    ]);
    expect(Object.keys(csv[0])).toEqual(Object.values(LABELS).slice(3));

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(marketing, LABELS)) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(1).getCell(3).value).toBe('First name');
    expect(sheet.getRow(2).getCell(4).value).toBe('Müller');
    expect(sheet.getRow(2).getCell(9).value).toBeInstanceOf(Date);

    const pdf = new PDFParse({ data: new Uint8Array(await toPdf(attendees, LABELS, (d) => d.toISOString())) });
    const text = (await pdf.getText()).text;
    await pdf.destroy();
    expect(text).toContain('Jürgen Müller');
    expect(text).toContain('Nora Nomail');
    expect(text).not.toContain('Carl');
  });

  it('serves the files from the export route with the right type', async () => {
    const sessionId = await exportSession();
    const call = (format: string, query: string) =>
      exportGet({
        locals: { claims: adminClaims(), role: 'admin' },
        params: { format },
        url: new URL(`http://localhost/admin/registrations/export.${format}?${query}`)
      } as never);
    const response = await call('csv', `session=${sessionId}&purpose=marketing`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parse(await response.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r['Last name'])).toEqual(['Müller']);
    expect((await call('xlsx', `session=${sessionId}`)).headers.get('content-disposition')).toMatch(/\.xlsx"$/);
    await expect(call('doc', '')).rejects.toMatchObject({ status: 404 });
    await expect(call('csv', 'purpose=everyone')).rejects.toMatchObject({ status: 400 });
  });
});

describe('who may', () => {
  it('refuses a consultant and an anonymous caller at every service', async () => {
    const consultant = await createConsultantLogin();
    const sessionId = await createSession({
      speakers: [{ consultantId: consultant.consultantId, role: 'primary' }],
      capacity: 5,
      requires_approval: true
    });
    const pending = await createRegistration({ sessionId, status: 'pending_approval' });
    const past = await session({ status: 'completed', startsAt: new Date(Date.now() - 3 * HOUR) });
    const confirmed = await createRegistration({ sessionId: past, status: 'confirmed' });

    for (const claims of [consultant.claims, null]) {
      await expect(listRegistrations(claims, {})).rejects.toBeInstanceOf(AdminOnlyError);
      await expect(getRegistrationDetail(claims, pending)).rejects.toBeInstanceOf(AdminOnlyError);
      await expect(exportRows(claims, { purpose: 'marketing' }, 'en')).rejects.toBeInstanceOf(AdminOnlyError);
      await expect(resendEmail(claims, confirmed, 'confirmation')).rejects.toBeInstanceOf(AdminOnlyError);
    }
    // Even their own session's registrations: the database functions refuse non-admins.
    for (const action of ['approve', 'reject', 'cancel'] as const)
      await expect(applyAction(consultant.claims, action, pending)).rejects.toMatchObject({ code: '42501' });
    await expect(applyAction(consultant.claims, 'attended', confirmed)).rejects.toMatchObject({ code: '42501' });
    await expect(applyAction(null, 'approve', pending)).rejects.toBeInstanceOf(AdminOnlyError);
    expect([await statusOf(pending), await statusOf(confirmed)]).toEqual(['pending_approval', 'confirmed']);
  });

  it('answers 403 from the route handlers for a consultant and an anonymous caller', async () => {
    const consultant = await createConsultantLogin();
    const sessionId = await session({ capacity: 5, requires_approval: true });
    const pending = await createRegistration({ sessionId, status: 'pending_approval' });
    for (const locals of [
      { claims: consultant.claims, role: 'consultant' },
      { claims: null, role: null }
    ]) {
      const body = new URLSearchParams([
        ['action', 'approve'],
        ['ids', pending]
      ]);
      await expect(
        bulkAction({ locals, request: new Request('http://x/', { method: 'POST', body }) } as never)
      ).rejects.toMatchObject({ status: 403 });
      await expect(loadList({ locals, url: new URL('http://x/admin/registrations') } as never)).rejects.toMatchObject({
        status: 403
      });
      await expect(
        exportGet({ locals, params: { format: 'csv' }, url: new URL('http://x/admin/registrations/export.csv') } as never)
      ).rejects.toMatchObject({ status: 403 });
    }
    expect(await statusOf(pending)).toBe('pending_approval');
  });
});
