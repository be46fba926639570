import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yFindings, signInAsAdmin } from './support/admin.ts';

test('the admin overview shows totals, tasks, the funnel and charts with their data tables', async ({ page }) => {
  await signInAsAdmin(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Program overview' })).toBeVisible();
  await expect(page.getByText('Attendance rate (completed sessions)')).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Pending tasks \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Conversion, last 90 days' })).toBeVisible();

  // Each chart is a figure whose data is a table (the accessible alternative); chart.js draws the canvas.
  const weekly = page.getByRole('figure', { name: 'Registrations per week, last 12 weeks' });
  await expect(weekly.getByRole('row')).toHaveCount(13);
  await page.waitForLoadState('networkidle');
  await expect(weekly.locator('canvas')).toHaveAttribute('style', /display: block/);
  const topics = page.getByRole('figure', { name: 'Most popular topics by registrations' });
  await expect(topics.getByRole('row').nth(1)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Consultant performance' })).toBeVisible();
  await expectNoSeriousA11yFindings(page);

  // The demo data has registrations waiting for approval: the task links to them.
  await page.getByRole('link', { name: /registrations waiting for approval$/ }).click();
  await expect(page).toHaveURL(/\/admin\/registrations\?status=pending_approval$/);
});

test('an admin sends a message to selected registrants; a bad placeholder keeps the text', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/registrations?status=confirmed');
  const firstRow = page.getByRole('checkbox').first();
  await firstRow.check();
  await page.getByLabel('Subject').fill('About {title} on {day}');
  await page.getByLabel('Message').fill('Hello {firstName},\n\nsee you soon.');
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Subject: unknown placeholder {day}. Allowed: {title}, {firstName}, {date}, {time}.'
  );
  await expect(page.getByLabel('Message')).toHaveValue('Hello {firstName},\n\nsee you soon.');

  await page.getByRole('checkbox').first().check();
  await page.getByLabel('Subject').fill('About {title} on {date}');
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('status')).toHaveText('Message queued. Recipients: 1; left out (cancelled or erased): 0.');
  await expectNoSeriousA11yFindings(page);
});
