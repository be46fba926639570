/**
 * Exports of the filtered registrations list as CSV (csv-stringify), XLSX (exceljs) and PDF (pdfkit).
 * Two purposes: `attendees` (running the session: everyone in the filter) and `marketing` (only people
 * who consented to marketing, whatever the filter says). Erased registrations are never exported.
 * Column labels come from the caller (localised in the route).
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { RegistrationFilters } from '../../schemas/admin-registrations.ts';
import type { TranslatedText } from '../../i18n/text.ts';
import { sql, type JwtClaims } from '../db/index.ts';
import { asAdmin } from './access.ts';
import { scopedQuery } from './list.ts';

/** More than any session has; an export is one bounded read. */
export const EXPORT_LIMIT = 20_000;

export const EXPORT_COLUMNS = [
  'session',
  'session_starts_at',
  'first_name',
  'last_name',
  'email',
  'company',
  'position',
  'status',
  'registered_at',
  'attended',
  'marketing_consent',
  'consultant_follow_up_consent'
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportLabels = Record<ExportColumn, string> & { yes: string; no: string; title: string };

export interface ExportRow {
  session: string;
  session_starts_at: Date;
  first_name: string;
  last_name: string;
  email: string;
  company: string | null;
  position: string | null;
  status: string;
  registered_at: Date;
  attended: boolean;
  marketing_consent: boolean;
  consultant_follow_up_consent: boolean;
}

/** The rows of the filtered list (no paging), oldest registration first. */
export async function exportRows(
  claims: JwtClaims | null,
  filters: RegistrationFilters,
  locale: 'en' | 'de'
): Promise<ExportRow[]> {
  return asAdmin(claims, async (tx) => {
    let q = scopedQuery(tx, filters).where('r.erased_at', 'is', null);
    if (filters.status) q = q.where('r.status', '=', filters.status);
    if (filters.purpose === 'marketing') q = q.where('r.marketing_consent', '=', true);
    const rows = await q
      .select([
        's.starts_at as session_starts_at',
        'r.first_name',
        'r.last_name',
        'r.email',
        'r.company',
        'r.position',
        'r.status',
        'r.registered_at',
        'r.marketing_consent',
        'r.consultant_follow_up_consent'
      ])
      .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
      .select(sql<boolean>`r.status = 'attended'`.as('attended'))
      .orderBy('s.starts_at', 'asc')
      .orderBy('r.registered_at', 'asc')
      .orderBy('r.id', 'asc')
      .limit(EXPORT_LIMIT)
      .execute();
    return rows.map(({ title, ...row }) => ({ ...row, session: title[locale] || title.en }));
  });
}

function cells(row: ExportRow, labels: ExportLabels, date: (d: Date) => string): string[] {
  const yesNo = (b: boolean) => (b ? labels.yes : labels.no);
  return [
    row.session,
    date(row.session_starts_at),
    row.first_name,
    row.last_name,
    row.email,
    row.company ?? '',
    row.position ?? '',
    row.status,
    date(row.registered_at),
    yesNo(row.attended),
    yesNo(row.marketing_consent),
    yesNo(row.consultant_follow_up_consent)
  ];
}

const iso = (d: Date) => new Date(d).toISOString();

/** RFC 4180 CSV with a header row, UTF-8 with BOM (spreadsheet programs then read umlauts right). */
export function toCsv(rows: ExportRow[], labels: ExportLabels): string {
  return stringify([EXPORT_COLUMNS.map((c) => labels[c]), ...rows.map((r) => cells(r, labels, iso))], { bom: true });
}

export async function toXlsx(rows: ExportRow[], labels: ExportLabels): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Magnetiq Webinars';
  const sheet = workbook.addWorksheet(labels.title.slice(0, 31));
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: labels[c], key: c, width: c === 'session' ? 40 : 20 }));
  const yesNo = (b: boolean) => (b ? labels.yes : labels.no);
  for (const row of rows) {
    sheet.addRow({
      ...row,
      session_starts_at: new Date(row.session_starts_at),
      registered_at: new Date(row.registered_at),
      company: row.company ?? '',
      position: row.position ?? '',
      attended: yesNo(row.attended),
      marketing_consent: yesNo(row.marketing_consent),
      consultant_follow_up_consent: yesNo(row.consultant_follow_up_consent)
    });
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A printable list: one block per person (landscape A4), dates in `format`. */
export function toPdf(rows: ExportRow[], labels: ExportLabels, format: (d: Date) => string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 40, info: { Title: labels.title } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(16).text(labels.title);
    doc.moveDown(0.5);
    doc.font('Helvetica').fontSize(9);
    if (rows.length === 0) doc.text('—');
    for (const row of rows) {
      const c = cells(row, labels, format);
      doc.font('Helvetica-Bold').text(`${c[2]} ${c[3]} <${c[4]}>`);
      doc
        .font('Helvetica')
        .text(
          [
            `${labels.company}: ${c[5] || '—'}`,
            `${labels.position}: ${c[6] || '—'}`,
            `${labels.status}: ${c[7]}`,
            `${labels.registered_at}: ${c[8]}`,
            `${labels.attended}: ${c[9]}`,
            `${labels.marketing_consent}: ${c[10]}`,
            `${labels.consultant_follow_up_consent}: ${c[11]}`
          ].join(' · ')
        );
      doc.fillColor('#555555').text(`${labels.session}: ${c[0]} (${c[1]})`).fillColor('#000000');
      doc.moveDown(0.4);
    }
    doc.end();
  });
}
