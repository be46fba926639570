import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yFindings, signInAsAdmin } from './support/admin.ts';

/**
 * The whole program-building path in one go: a new EN/DE topic and a new consultant, then a session
 * of that topic with that consultant through the guided flow, published, visible to visitors.
 */
test('an admin builds a webinar from scratch: topic, consultant, session, published on /webinars', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const topicTitle = `Pricing power ${suffix}`;
  await signInAsAdmin(page);

  // 1. The topic, in English and German, active so it can be planned.
  await page.goto('/admin/topics/new');
  await page.getByLabel('Title (English)', { exact: true }).fill(topicTitle);
  await page.getByLabel('Title (German)', { exact: true }).fill(`Preissetzungsmacht ${suffix}`);
  await page
    .getByLabel('Description (English)', { exact: true })
    .fill('<p>How to raise prices <strong>without</strong> losing clients.</p>');
  await page.getByLabel('Description (German)', { exact: true }).fill('Preise erhöhen, ohne Kunden zu verlieren.');
  await page.getByLabel('Category', { exact: true }).fill('Strategy');
  await page.getByLabel('Tags', { exact: true }).fill(`pricing, pricing-${suffix}`);
  await page.getByLabel('Status', { exact: true }).selectOption('active');
  await page.getByRole('button', { name: 'Save topic' }).click();
  await expect(page.getByRole('status')).toHaveText('Topic created.');

  // 2. The consultant.
  await page.goto('/admin/consultants/new');
  await page.getByLabel('First name').fill('Petra');
  await page.getByLabel('Last name').fill(`Preis ${suffix}`);
  await page.getByLabel('Email').fill(`petra-${suffix}@example.com`);
  await page.getByLabel('Biography (English)').fill('Pricing strategy for B2B services.');
  await page.getByLabel('Expertise').fill(`Pricing\npricing-${suffix}`);
  await page.getByLabel('Revenue share (%)').fill('35');
  await page.getByRole('button', { name: 'Create consultant' }).click();
  await expect(page.getByText('The consultant was created.')).toBeVisible();

  // 3. The session: this topic, this consultant (suggested for the topic), a date, published.
  await page.goto('/admin/sessions/new');
  await page.getByLabel('Topic', { exact: true }).selectOption({ label: topicTitle });
  await page.getByRole('button', { name: 'Create draft and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 2 of 10: Consultants');
  const name = `Petra Preis ${suffix}`;
  await expect(page.locator('tbody').getByRole('rowheader', { name })).toBeVisible();
  await page.getByLabel('Primary consultant', { exact: true }).selectOption({ label: name });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 3 of 10: Schedule');
  const date = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Date', { exact: true }).fill(date);
  await page.getByLabel('Start time', { exact: true }).fill('10:00');
  await page.getByLabel('Time zone', { exact: true }).fill('Europe/Berlin');
  await page.getByLabel('Duration (minutes)', { exact: true }).fill('45');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 4 of 10: Registration');
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: '10. Review and publish' }).click();
  await page.getByLabel('Publish now').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/Status: Published/)).toBeVisible();
  await expectNoSeriousA11yFindings(page);

  // 4. A visitor finds it, with the consultant and the rich description rendered (not as tags).
  const visitor = await browser.newContext();
  const public_ = await visitor.newPage();
  await public_.goto(`/webinars?q=${encodeURIComponent(`Pricing power ${suffix}`)}`);
  await public_.getByRole('link', { name: topicTitle }).first().click();
  await expect(public_.getByRole('heading', { level: 1, name: topicTitle })).toBeVisible();
  await expect(public_.locator('main strong', { hasText: 'without' })).toBeVisible();
  await expect(public_.getByText(name).first()).toBeVisible();
  await visitor.close();
});
