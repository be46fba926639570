import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import { expectNoSeriousA11yFindings, signInAsAdmin } from './support/admin.ts';

/** Demo session s20: requires approval, has pending registrations (supabase/seed.sql). */
const S20 = '00000000-0000-4000-8000-000000003020';

test('the admin bulk-approves the pending registrations of a session and downloads CSV, XLSX and PDF', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto(`/admin/sessions/${S20}/registrations?status=pending_approval`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Registrations:');
  await expectNoSeriousA11yFindings(page);

  const boxes = page.getByRole('checkbox', { name: /^Select / });
  const count = await boxes.count();
  expect(count).toBeGreaterThan(0);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    await boxes.nth(i).check();
    names.push((await boxes.nth(i).getAttribute('aria-label'))!.replace(/^Select /, ''));
  }
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText(`${count} registration(s) updated.`);

  // The approved people are confirmed (or waitlisted when the session is full) in the attendee CSV.
  await page.goto(`/admin/sessions/${S20}/registrations`);
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'CSV' }).first().click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^registrations-attendees-.*\.csv$/);
  const rows = parse(await fs.readFile((await download.path())!), { columns: true, bom: true }) as Record<string, string>[];
  for (const name of names) {
    const row = rows.find((r) => `${r['First name']} ${r['Last name']}` === name);
    expect(row, name).toBeDefined();
    expect(['confirmed', 'waitlisted']).toContain(row!.Status);
  }

  // The same list as Excel (read back with exceljs) and PDF (text extracted with pdf-parse).
  const xlsxDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'XLSX' }).first().click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await fs.readFile((await (await xlsxDownload).path())!)) as never);
  const sheet = workbook.worksheets[0];
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const firstCol = header.indexOf('First name');
  const lastCol = header.indexOf('Last name');
  const xlsxNames: string[] = [];
  sheet.eachRow((row, index) => {
    if (index > 1) xlsxNames.push(`${row.getCell(firstCol).text} ${row.getCell(lastCol).text}`);
  });
  for (const name of names) expect(xlsxNames).toContain(name);

  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'PDF' }).first().click();
  const parser = new PDFParse({ data: new Uint8Array(await fs.readFile((await (await pdfDownload).path())!)) });
  const { text } = await parser.getText();
  await parser.destroy();
  for (const name of names) expect(text.replace(/\s+/g, ' ')).toContain(name.split(' ')[1]);

  // The detail page of one of them shows the approval in its status history.
  await page.getByRole('link', { name: names[0] }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(names[0]);
  await expect(page.getByRole('heading', { name: 'Status history' })).toBeVisible();
  await expectNoSeriousA11yFindings(page);
});

test('a bad filter value answers 400 with a message naming the field', async ({ page }) => {
  await signInAsAdmin(page);
  const response = await page.goto('/admin/registrations?status=bogus');
  expect(response?.status()).toBe(400);
  await expect(page.getByText('Status: choose a status from the list.')).toBeVisible();
});
