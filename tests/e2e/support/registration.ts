/** Shared steps of the registration end-to-end tests. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

/** Free, open, plenty of seats in the demo data. */
export const OPEN_SESSION = 'cloud-migration-roadmap-s15';
export const OPEN_SESSION_2 = 'generative-ai-in-practice-s17';

export const uniqueEmail = (tag: string) =>
  `e2e-${tag}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;

/** No serious or critical accessibility findings on the page as it is now. */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/**
 * The manage link from the newest email to `email` in the local mailbox (the e2e platform has no
 * SMTP, so the worker delivers there). Read as the admin in a separate browser context.
 */
export async function manageLinkFromMailbox(browser: Browser, email: string, subject: RegExp = /./): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await page.getByLabel('Email').fill('admin@magnetiq.local');
    await page.getByLabel('Password').fill('magnetiq-admin');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin$/);
    // The worker sends within seconds; reload until the message is there.
    const row = page.getByRole('row').filter({ hasText: email }).filter({ hasText: subject });
    await expect(async () => {
      await page.goto('/admin/mailbox');
      await expect(row.first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await row.first().getByRole('link').click();
    const text = await page.locator('pre.email-text').innerText();
    const link = /https?:\/\/[^\s]+\/registrations\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    expect(link, 'manage link in the email').toBeTruthy();
    return new URL(link!).pathname;
  } finally {
    await context.close();
  }
}
