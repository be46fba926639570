import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yFindings, signInAsAdmin } from './support/admin.ts';

test('an admin creates a consultant and invites them; the consultant sets a password and lands in the portal', async ({
  page,
  browser
}) => {
  const suffix = Date.now().toString(36);
  const email = `greta-${suffix}@example.com`;
  await signInAsAdmin(page);
  await page.goto('/admin/consultants');
  await expect(page.getByRole('heading', { level: 1, name: 'Consultants' })).toBeVisible();
  await expectNoSeriousA11yFindings(page);

  await page.getByRole('link', { name: 'New consultant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New consultant' })).toBeVisible();
  await expectNoSeriousA11yFindings(page);

  // A bad revenue share: a named error, and nothing typed is lost.
  await page.getByLabel('First name').fill('Greta');
  await page.getByLabel('Last name').fill(`Müller ${suffix}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Biography (English)').fill('Data strategy for mid-sized firms.');
  await page.getByLabel('Expertise').fill('Data strategy\nAI governance');
  await page.getByLabel('Revenue share (%)').fill('150');
  await page.getByRole('button', { name: 'Create consultant' }).click();
  await expect(page.getByText('Revenue share: a percentage from 0 to 100.')).toBeVisible();
  await expect(page.getByLabel('Revenue share (%)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Last name')).toHaveValue(`Müller ${suffix}`);

  await page.getByLabel('Revenue share (%)').fill('40');
  await page.getByRole('button', { name: 'Create consultant' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Greta Müller ${suffix}`);
  await expect(page.getByText('The consultant was created.')).toBeVisible();
  await expect(page.getByLabel('Web address (slug)')).toHaveValue(`greta-mueller-${suffix}`);
  await expectNoSeriousA11yFindings(page);

  await page.getByRole('button', { name: 'Invite to sign in' }).click();
  await expect(page.getByRole('status')).toContainText(`An invitation was sent to ${email}`);

  // The invitation lands in the local mailbox (no SMTP in e2e), delivered by the worker.
  let link = '';
  await expect(async () => {
    await page.goto('/admin/mailbox');
    const row = page.getByRole('row').filter({ hasText: email }).first();
    await expect(row).toContainText('Sent', { timeout: 1000 });
    await row.getByRole('link').click();
    const text = await page.locator('pre.email-text').innerText();
    link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec(text)?.[0] ?? '';
    expect(link).not.toBe('');
  }).toPass({ timeout: 20_000 });

  // The consultant, in a fresh browser (no admin cookie), opens the link.
  const context = await browser.newContext();
  const consultant = await context.newPage();
  await consultant.goto(new URL(link).pathname);
  await expect(consultant.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
  await expect(consultant.getByText(email)).toBeVisible();
  await expectNoSeriousA11yFindings(consultant);
  await consultant.getByLabel('New password').fill('a long enough password');
  await consultant.getByLabel('Repeat the password').fill('a different password!');
  await consultant.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(consultant.getByText('The two passwords differ.')).toBeVisible();
  await consultant.getByLabel('New password').fill('a long enough password');
  await consultant.getByLabel('Repeat the password').fill('a long enough password');
  await consultant.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(consultant).toHaveURL(/\/consultant$/);

  // The link is spent.
  await consultant.goto(new URL(link).pathname);
  await expect(consultant.getByRole('alert')).toContainText('already been used');
  await context.close();

  // The directory shows the new sign-in; deactivating removes the public profile.
  await page.goto(`/admin/consultants?q=${suffix}`);
  const entry = page.getByRole('row').filter({ hasText: email });
  await expect(entry).toContainText('Can sign in');
  await entry.getByRole('link').click();
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('status')).toHaveText('The consultant was deactivated.');
  const publicPage = await page.request.get(`/consultants/greta-mueller-${suffix}`);
  expect(publicPage.status()).toBe(404);
});
