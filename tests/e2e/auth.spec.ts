import { expect, test, type Page } from '@playwright/test';

const ADMIN = { email: 'admin@magnetiq.local', password: 'magnetiq-admin' };
const ANNA = { email: 'anna.schmidt@magnetiq.local', password: 'magnetiq-consultant' };

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('the admin signs in and lands on the program overview', async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Program overview' })).toBeVisible();
  const sessions = page.locator('.stats li').first().locator('strong');
  expect(Number(await sessions.textContent())).toBeGreaterThanOrEqual(40);
});

test('a consultant signs in, sees only their own sessions and gets 403 on /admin', async ({ page }) => {
  await signIn(page, ANNA);
  await expect(page).toHaveURL(/\/consultant$/);
  await expect(page.getByText('Welcome, Anna Schmidt')).toBeVisible();
  expect(await page.getByRole('row').count()).toBeGreaterThan(1);

  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByText('You do not have access to this area.')).toBeVisible();
});

test('the admin gets 403 on the consultant portal', async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  const response = await page.goto('/consultant');
  expect(response?.status()).toBe(403);
});

test('a wrong password shows a message and no session', async ({ page }) => {
  await signIn(page, { email: ADMIN.email, password: 'not-the-password' });
  await expect(page.getByRole('alert')).toHaveText('The email or password is not correct.');
  const response = await page.goto('/admin');
  expect(page.url()).toContain('/login?next=%2Fadmin');
  expect(response?.status()).toBe(200);
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/webinars$/);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
});

test('a forged session cookie is ignored', async ({ page, context, baseURL }) => {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({
      sub: '00000000-0000-4000-8000-000000000001',
      role: 'authenticated',
      aud: 'authenticated',
      email: ADMIN.email,
      app_metadata: { role: 'admin' },
      exp: 4102444800
    })
  ).toString('base64url');
  await context.addCookies([{ name: 'magnetiq-access-token', value: `${header}.${payload}.forged`, url: baseURL! }]);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
});
