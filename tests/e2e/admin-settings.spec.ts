import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yFindings, signInAsAdmin } from './support/admin.ts';

test('an admin changes the default capacity and an email subject, and sees the preview', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expectNoSeriousA11yFindings(page);

  const capacity = page.getByLabel('Default capacity', { exact: true });
  const original = await capacity.inputValue();
  const changed = original === '123' ? '124' : '123';

  // A zone that is not IANA: a named error, nothing stored, the typed capacity kept.
  await capacity.fill(changed);
  const zone = page.getByLabel('Default time zone', { exact: true });
  const originalZone = await zone.inputValue();
  await zone.fill('Mars/Olympus');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Default time zone: enter an IANA time zone name such as Europe/Berlin.')).toBeVisible();
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await expect(capacity).toHaveValue(changed);

  await zone.fill(originalZone);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toContainText('Settings saved');
  await page.reload();
  await expect(page.getByLabel('Default capacity', { exact: true })).toHaveValue(changed);

  await page.getByRole('link', { name: 'Edit email texts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Email texts' })).toBeVisible();
  // The seed customises the confirmation; this test works on the approval email.
  await page.getByLabel('Email', { exact: true }).selectOption('approved');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Registration approved' })).toBeVisible();
  const subject = page.getByLabel('Subject (English)', { exact: true });

  // An unknown placeholder is refused and named; the text stays in the field.
  await subject.fill('Hello {name}: {title}');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Subject (English) uses unknown placeholders: {name}.')).toBeVisible();
  await expect(subject).toHaveValue('Hello {name}: {title}');

  await subject.fill('See you soon, {firstName}: {title}');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('heading', { name: 'Preview with sample data' })).toBeVisible();
  await expect(page.getByTestId('preview-subject-en')).toHaveText('See you soon, Ada: AI strategy for mid-sized companies');
  await expectNoSeriousA11yFindings(page);

  await page.getByRole('button', { name: 'Save email texts' }).click();
  await expect(page.getByRole('status')).toContainText('Email texts saved');
  await page.goto('/admin/settings/emails?kind=approved');
  await expect(page.getByLabel('Subject (English)', { exact: true })).toHaveValue('See you soon, {firstName}: {title}');

  // Put back what the test changed (the settings row is shared).
  await page.getByLabel('Subject (English)', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save email texts' }).click();
  await expect(page.getByRole('status')).toContainText('Email texts saved');
  await page.goto('/admin/settings');
  await page.getByLabel('Default capacity', { exact: true }).fill(original);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toContainText('Settings saved');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a save over settings someone else changed meanwhile is refused and keeps the input', async ({ page, browser }) => {
    await signInAsAdmin(page);
    await page.goto('/admin/settings');
    const capacity = page.getByLabel('Default capacity', { exact: true });
    const original = await capacity.inputValue();

    // Someone else saves in between.
    const other = await browser.newPage();
    await signInAsAdmin(other);
    await other.goto('/admin/settings');
    await other.getByLabel('Default capacity', { exact: true }).fill(original === '77' ? '78' : '77');
    await other.getByRole('button', { name: 'Save settings' }).click();
    await expect(other.getByRole('status')).toContainText('Settings saved');

    await capacity.fill('999');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('alert')).toContainText('Someone else saved the settings meanwhile');
    await expect(page.getByLabel('Default capacity', { exact: true })).toHaveValue('999');

    await other.getByLabel('Default capacity', { exact: true }).fill(original);
    await other.getByRole('button', { name: 'Save settings' }).click();
    await expect(other.getByRole('status')).toContainText('Settings saved');
    await other.close();
  });
});
