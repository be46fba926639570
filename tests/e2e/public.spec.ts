import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

async function expectNoSeriousA11yFindings(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test('the public list shows seeded sessions from the database and opens a landing page', async ({ page }) => {
  await page.goto('/webinars');
  await expect(page.getByRole('heading', { level: 1, name: 'Upcoming webinars' })).toBeVisible();
  const cards = page.getByRole('list', { name: 'Upcoming webinars' }).getByRole('listitem');
  expect(await cards.count()).toBeGreaterThan(10);
  await expectNoSeriousA11yFindings(page);

  const firstLink = cards.first().getByRole('heading').getByRole('link');
  const title = (await firstLink.textContent())!.trim();
  await firstLink.click();
  await expect(page).toHaveURL(/\/webinars\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('heading', { name: 'Speakers' })).toBeVisible();
  await expectNoSeriousA11yFindings(page);
});

test('German pages use German texts and keep the page when switching language', async ({ page }) => {
  await page.goto('/de/webinars');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1, name: 'Kommende Webinare' })).toBeVisible();
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/webinars$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Upcoming webinars' })).toBeVisible();
});

test('unknown and malformed slugs are a 404 page, not an error', async ({ page }) => {
  for (const slug of ['no-such-webinar', 'DROP%20TABLE', '-x-']) {
    const response = await page.goto(`/webinars/${slug}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('404');
  }
});

test('health check reports database and worker alive', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, database: 'ok', worker: 'ok' });
});
