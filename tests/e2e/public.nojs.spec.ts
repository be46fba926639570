import { expect, test } from '@playwright/test';

// Runs in the "no-javascript" project: everything here must work as plain HTML.
test('reading the catalogue works without JavaScript', async ({ page }) => {
  await page.goto('/webinars');
  const cards = page.getByRole('list', { name: 'Upcoming webinars' }).getByRole('listitem');
  expect(await cards.count()).toBeGreaterThan(10);
  await cards.first().getByRole('heading').getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'About this webinar' })).toBeVisible();
});

test('signing in and out works without JavaScript, with field messages in German', async ({ page }) => {
  await page.goto('/de/login');
  await page.getByLabel('E-Mail').fill('kein-email');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByText('E-Mail: Bitte geben Sie eine gültige E-Mail-Adresse ein.')).toBeVisible();

  await page.getByLabel('E-Mail').fill('admin@magnetiq.local');
  await page.getByLabel('Passwort').fill('magnetiq-admin');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/de\/admin$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Programmübersicht' })).toBeVisible();
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page).toHaveURL(/\/de\/webinars$/);
});
