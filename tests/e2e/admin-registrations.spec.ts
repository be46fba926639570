import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import fs from 'node:fs/promises';
import { expectNoSeriousA11yFindings, signInAsAdmin } from './support/admin.ts';

/** Demo session s20: requires approval, has pending registrations (supabase/seed.sql). */
const S20 = '00000000-0000-4000-8000-000000003020';

test('the admin bulk-approves the pending registrations of a session and downloads the CSV', async ({ page }) => {
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
