/** Shared steps of the admin e2e specs: signing in with the demo logins and the axe-core check. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const ADMIN = { email: 'admin@magnetiq.local', password: 'magnetiq-admin' };

export async function signInAsAdmin(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

/** No serious or critical axe-core findings on the current page (the email preview frame excluded). */
export async function expectNoSeriousA11yFindings(page: Page) {
  const results = await new AxeBuilder({ page }).exclude('iframe.email-preview').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}
