import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './support/registration.ts';

test.describe.configure({ mode: 'serial' }); // the audit check reads the profile edit's entry

const ANNA = { email: 'anna.schmidt@magnetiq.local', password: 'magnetiq-consultant' };
const BEN = { email: 'ben.carter@magnetiq.local', password: 'magnetiq-consultant' };

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/consultant$/);
}

/** The id of one of Ben's sessions, read from his own portal. */
async function benSessionId(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, BEN);
    const href = await page.locator('a[href*="/consultant/sessions/"]').first().getAttribute('href');
    return /\/consultant\/sessions\/([0-9a-f-]{36})/.exec(href ?? '')![1];
  } finally {
    await context.close();
  }
}

test('Anna sees her sessions, figures and the registrations of a session, but not Ben’s session', async ({ page, browser }) => {
  await signIn(page, ANNA);
  await expect(page.getByText('Welcome, Anna Schmidt')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Upcoming sessions' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Past sessions' })).toBeVisible();
  await expect(page.getByTestId('figure-attendance')).toHaveText(/%/);
  await expect(page.getByTestId('figure-rating')).toHaveText(/ratings/);
  await expectAccessible(page);

  // A past (completed) session has registrations in the demo data.
  await page.getByTestId('past-sessions').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/consultant\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Registrations: / })).toBeVisible();
  const rows = page.getByTestId('registrations').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  await expectAccessible(page);

  const foreign = await benSessionId(browser);
  const response = await page.goto(`/consultant/sessions/${foreign}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText('Registrations:')).toHaveCount(0);
});

test('Anna edits her profile; a stale second tab is told instead of overwriting', async ({ page }) => {
  await signIn(page, ANNA);
  await page.getByRole('link', { name: 'Edit my profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  // The form offers no field the program manager owns.
  for (const name of ['revenue_share_percent', 'consultant_type', 'is_active', 'email', 'slug']) {
    await expect(page.locator(`[name="${name}"]`)).toHaveCount(0);
  }
  await expectAccessible(page);

  const position = page.getByLabel('Position');
  const original = await position.inputValue();

  // A second tab opened before the save holds the old version.
  const other = await page.context().newPage();
  await other.goto('/consultant/profile');

  const changed = `E2E lead ${Date.now().toString(36)}`;
  await position.fill(changed);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status')).toHaveText('Your profile has been saved.');
  await page.reload();
  await expect(page.getByLabel('Position')).toHaveValue(changed);

  await other.getByLabel('Position').fill('Overwrite attempt');
  await other.getByRole('button', { name: 'Save profile' }).click();
  await expect(other.getByRole('alert')).toContainText('Someone saved this profile after you opened it');
  await expect(other.getByLabel('Position')).toHaveValue('Overwrite attempt'); // nothing typed is lost

  // Bad input names the field and keeps the rest of the form.
  await page.getByLabel('LinkedIn URL').fill('not a url');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Enter a full web address starting with https://.')).toBeVisible();
  await expect(page.getByLabel('LinkedIn URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Position')).toHaveValue(changed);

  // Put the demo data back.
  await page.reload();
  await page.getByLabel('Position').fill(original);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status')).toHaveText('Your profile has been saved.');
  await other.close();

  // A hand-made POST with fields the program manager owns changes nothing (no new version).
  await page.reload();
  const version = await page.locator('input[name="version"]').inputValue();
  const fields = await page
    .locator('form[action="?/profile"]')
    .evaluate((form) => Object.fromEntries(new FormData(form as HTMLFormElement)) as Record<string, string>);
  const forged = await page.request.post('/consultant/profile?/profile', {
    headers: { origin: new URL(page.url()).origin },
    form: { ...fields, revenue_share_percent: '99', consultant_type: 'partner', is_active: 'false', slug: 'taken-over' }
  });
  expect(forged.status()).toBe(200);
  await page.reload();
  await expect(page.locator('input[name="version"]')).toHaveValue(version);

  // An unavailable period: added, listed, removed.
  await page.reload();
  const periods = page.locator('section', { has: page.getByRole('heading', { name: 'Unavailable periods' }) });
  await periods.getByLabel('From').fill('2031-07-01');
  await periods.getByLabel('To (inclusive)').fill('2031-06-30');
  await periods.getByRole('button', { name: 'Add period' }).click();
  await expect(periods.getByText('To: must not be before From.')).toBeVisible();
  await periods.getByLabel('To (inclusive)').fill('2031-07-14');
  await periods.getByLabel('Reason (optional)').fill('E2E summer break');
  await periods.getByRole('button', { name: 'Add period' }).click();
  await expect(periods.getByRole('status')).toHaveText('The period has been added.');
  const row = periods.getByRole('row').filter({ hasText: 'E2E summer break' });
  await expect(row).toContainText('1 Jul 2031 – 14 Jul 2031');
  await expectAccessible(page);
  await row.getByRole('button', { name: /Remove the period/ }).click();
  await expect(periods.getByRole('status')).toHaveText('The period has been removed.');
  await expect(periods.getByRole('row').filter({ hasText: 'E2E summer break' })).toHaveCount(0);
});

test('the admin sees the profile change in the audit log', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('admin@magnetiq.local');
  await page.getByLabel('Password').fill('magnetiq-admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/audit?action=consultant.profile');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByTestId('audit-entries').locator('> tbody > tr').first()).toContainText('consultant.profile_updated');
  await expectAccessible(page);
  const bad = await page.goto('/admin/audit?actor=bob');
  expect(bad?.status()).toBe(200);
  await expect(page.getByRole('alert')).toContainText('Actor: enter a user id (UUID).');
});
