import { expect, test } from '@playwright/test';
import { ADMIN, signInAsAdmin } from './support/admin.ts';

test('the admin reads a message in the local mailbox, with its HTML, text and invite', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/mailbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible();
  // The e2e platform runs without SMTP_URL: mail is delivered to this mailbox.
  await expect(page.getByText('No SMTP server is configured')).toBeVisible();

  // The test email goes through the same outbox and delivery path as registration mail.
  await page.getByRole('button', { name: 'Send a test email to me' }).click();
  await expect(page.getByRole('status')).toHaveText(`A test email went to ${ADMIN.email}.`);
  await page.goto('/admin/mailbox');
  const row = page.getByRole('row').filter({ hasText: '[TEST] ' }).first();
  await expect(row).toContainText(ADMIN.email);
  await expect(row).toContainText('Sent');

  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText("[TEST] You're registered:");
  await expect(page.getByText(/^local:/)).toBeVisible();
  const frame = page.frameLocator('iframe[title="HTML version of the email"]');
  await expect(frame.getByText('Welcome, your seat is confirmed')).toBeVisible();
  await expect(page.locator('iframe.email-preview')).toHaveAttribute('sandbox', '');
  await expect(page.locator('pre.email-text')).toContainText('Manage my registration');

  // The attachment route answers as a download (fetched with the page's admin cookie).
  const link = page.getByRole('link', { name: 'invite.ics' });
  const response = await page.request.get((await link.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/calendar');
  expect(response.headers()['content-disposition']).toBe('attachment; filename="invite.ics"');
  expect(await response.text()).toContain('METHOD:REQUEST');
});

test('template previews render in German', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/mailbox/preview/waitlisted?lang=de');
  await expect(page.getByText('Sie stehen auf der Warteliste:')).toBeVisible();
  const frame = page.frameLocator('iframe[title="HTML version of the email"]');
  await expect(frame.getByText('Ihre Position auf der Warteliste: 3')).toBeVisible();
});

test('visitors cannot open the mailbox or its attachments', async ({ page }) => {
  await page.goto('/admin/mailbox');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fmailbox$/);
  const response = await page.request.get('/admin/mailbox/00000000-0000-4000-8000-000000000000/attachments/0', {
    maxRedirects: 0
  });
  expect(response.status()).toBe(303);
});
