import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { formatDateTime } from '#lib/format.ts';
import { parseRegistrationFilters } from '#lib/schemas/admin-registrations.ts';
import { exportRows, isRefusal, toCsv, toPdf, toXlsx, type ExportLabels } from '#server/admin-registrations/index.ts';
import type { RequestHandler } from './$types';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf'
} as const;

// /admin/registrations/export.csv|xlsx|pdf?<list filters>&purpose=attendees|marketing
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const format = params.format as keyof typeof TYPES;
  if (!(format in TYPES)) error(404, m.error_not_found());
  const parsed = parseRegistrationFilters(url.searchParams);
  if (!parsed.ok) error(400, parsed.message);
  const locale = getLocale() === 'de' ? 'de' : 'en';
  const marketing = parsed.filters.purpose === 'marketing';
  const rows = await exportRows(locals.claims, parsed.filters, locale).catch((e) => {
    if (isRefusal(e)) error(403, m.error_forbidden());
    throw e;
  });
  const labels: ExportLabels = {
    title: marketing ? m.adminreg_export_title_marketing() : m.adminreg_export_title(),
    yes: m.adminreg_yes(),
    no: m.adminreg_no(),
    session: m.adminreg_col_session(),
    session_starts_at: m.adminreg_col_session_start(),
    first_name: m.adminreg_col_first_name(),
    last_name: m.adminreg_col_last_name(),
    email: m.adminreg_col_email(),
    company: m.adminreg_col_company(),
    position: m.adminreg_col_position(),
    status: m.adminreg_col_status(),
    registered_at: m.adminreg_col_registered(),
    attended: m.adminreg_col_attended(),
    marketing_consent: m.adminreg_col_marketing(),
    consultant_follow_up_consent: m.adminreg_col_follow_up()
  };
  const body =
    format === 'csv'
      ? toCsv(rows, labels)
      : format === 'xlsx'
        ? await toXlsx(rows, labels)
        : await toPdf(rows, labels, (d) => formatDateTime(d, 'Europe/Berlin', locale));
  const name = `registrations-${marketing ? 'marketing' : 'attendees'}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    headers: {
      'content-type': TYPES[format],
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store'
    }
  });
};
