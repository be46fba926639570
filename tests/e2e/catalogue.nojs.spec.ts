import { expect, test } from '@playwright/test';

// Runs with JavaScript disabled: filters, search, pagination and the zone picker are plain HTML.
test('filters, search and pagination work without JavaScript', async ({ page }) => {
  await page.goto('/webinars');
  await page.getByLabel('Price').selectOption('paid');
  await page.getByRole('button', { name: 'Show webinars' }).click();
  await expect(page).toHaveURL(/price=paid/);
  const prices = await page.getByRole('list', { name: 'Upcoming webinars' }).locator('.price').allTextContents();
  expect(prices.length).toBeGreaterThan(0);
  expect(prices.every((p) => /€/.test(p) && !/Free/.test(p))).toBe(true);

  await page.goto('/webinars');
  await page.getByLabel('Search').fill('Künstliche Intelligenz');
  await page.getByRole('button', { name: 'Show webinars' }).click();
  await expect(page.getByRole('list', { name: 'Upcoming webinars' }).getByRole('listitem').first()).toBeVisible();

  await page.goto('/webinars?timeframe=past');
  await expect(page.getByRole('heading', { level: 1, name: 'Past webinars' })).toBeVisible();
});

test('the zone picker works without JavaScript', async ({ page }) => {
  await page.goto('/webinars');
  await page.getByLabel('Show times in').selectOption('America/New_York');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/webinars$/);
  await expect(page.locator('time').first()).toHaveAttribute('data-zone', 'America/New_York');
});
