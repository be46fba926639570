import { expect, test } from '@playwright/test';
import { signInAsAdmin } from './support/admin.ts';

test('the session stepper works without JavaScript: create a draft, a refused step keeps the input, a valid one moves on', async ({
  page
}) => {
  await signInAsAdmin(page);
  await page.goto('/admin/sessions/new');
  await page.getByLabel('Topic', { exact: true }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Create draft and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 2 of 10: Consultants');

  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: '3. Schedule' }).click();
  await page.getByLabel('Time zone', { exact: true }).fill('Mars/Olympus');
  await page.getByLabel('Duration (minutes)', { exact: true }).fill('45');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByText('Time zone must be a time zone name such as Europe/Berlin.')).toBeVisible();
  await expect(page.getByLabel('Time zone', { exact: true })).toHaveValue('Mars/Olympus');
  await expect(page.getByLabel('Duration (minutes)', { exact: true })).toHaveValue('45');

  await page.getByLabel('Time zone', { exact: true }).fill('America/New_York');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 4 of 10: Registration');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByLabel('Time zone', { exact: true })).toHaveValue('America/New_York');
  await expect(page.getByLabel('Duration (minutes)', { exact: true })).toHaveValue('45');
});
