import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yFindings, signInAsAdmin } from './support/admin.ts';

test('an admin creates a topic in English and German, edits it and restores an older version', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const titleEn = `Kubernetes for managers ${suffix}`;
  await signInAsAdmin(page);
  await page.goto('/admin/topics');
  await expect(page.getByRole('heading', { level: 1, name: 'Topic library' })).toBeVisible();
  await expectNoSeriousA11yFindings(page);

  await page.getByRole('link', { name: 'New topic' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New topic' })).toBeVisible();
  await expectNoSeriousA11yFindings(page);

  // A German title without the required English one: a named error, and nothing typed is lost.
  await page.getByLabel('Title (German)', { exact: true }).fill(`Kubernetes für Führungskräfte ${suffix}`);
  await page.getByLabel('Description (German)', { exact: true }).fill('Was Führungskräfte über Kubernetes wissen sollten.');
  await page.getByRole('button', { name: 'Save topic' }).click();
  await expect(page.getByText('Title (English) is required.')).toBeVisible();
  await expect(page.getByLabel('Title (English)', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Title (German)', { exact: true })).toHaveValue(`Kubernetes für Führungskräfte ${suffix}`);

  await page.getByLabel('Title (English)', { exact: true }).fill(titleEn);
  await page.getByLabel('Description (English)', { exact: true }).fill('What managers should know about Kubernetes.');
  await page.getByLabel('Learning objectives (English)', { exact: true }).fill('Explain pods\nRead a cluster bill');
  await page.getByLabel('Learning objectives (German)', { exact: true }).fill('Pods erklären\nEine Cluster-Rechnung lesen');
  await page.getByLabel('Category', { exact: true }).fill('Cloud');
  await page.getByLabel('Tags', { exact: true }).fill('kubernetes, cloud');
  await page.getByLabel('Status', { exact: true }).selectOption('active');
  await page.getByRole('button', { name: 'Save topic' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Edit topic: ${titleEn}`);
  await expect(page.getByRole('status')).toHaveText('Topic created.');
  await expect(page.getByLabel('Address (slug)', { exact: true })).toHaveValue(`kubernetes-for-managers-${suffix}`);
  await expectNoSeriousA11yFindings(page);

  await page.getByLabel('Title (German)', { exact: true }).fill(`Kubernetes für Entscheider ${suffix}`);
  await page.getByRole('button', { name: 'Save topic' }).click();
  await expect(page.getByRole('status')).toHaveText('Topic saved (version 2).');

  await page.getByRole('link', { name: 'Version history' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Version history');
  await page.getByRole('link', { name: 'Compare version 1 with the current one' }).click();
  const diff = page.getByRole('table').first();
  await expect(diff.getByRole('row', { name: /title/ })).toContainText(`DE: Kubernetes für Führungskräfte ${suffix}`);
  await expectNoSeriousA11yFindings(page);
  await page.getByRole('button', { name: 'Restore version 1' }).click();
  await expect(page.getByRole('status')).toHaveText('Version 1 restored as version 3.');

  await page.getByRole('link', { name: 'Back to the editor' }).click();
  await expect(page.getByLabel('Title (German)', { exact: true })).toHaveValue(`Kubernetes für Führungskräfte ${suffix}`);

  // The library finds it, with its usage figures, in German too.
  await page.goto(`/de/admin/topics?q=${encodeURIComponent(suffix)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Themenbibliothek' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(suffix) });
  await expect(row).toContainText('Cloud');
  await expect(row).toContainText('Aktiv');
});

test('a bad filter is refused with 400 and visitors cannot open the topic library', async ({ page }) => {
  await signInAsAdmin(page);
  const bad = await page.request.get('/admin/topics?difficulty=expert');
  expect(bad.status()).toBe(400);

  const visitor = await page.context().browser()!.newContext();
  const anonymous = await visitor.newPage();
  await anonymous.goto('/admin/topics/new');
  await expect(anonymous).toHaveURL(/\/login\?next=%2Fadmin%2Ftopics%2Fnew$/);
  const post = await anonymous.request.post('/admin/topics/new', { form: { title_en: 'x' }, maxRedirects: 0 });
  expect([303, 401, 403]).toContain(post.status());
  await visitor.close();
});

test('a stale save is refused with a clear message and keeps what the admin typed', async ({ page, browser }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/topics/new');
  const suffix = Date.now().toString(36);
  await page.getByLabel('Title (English)', { exact: true }).fill(`Stale save ${suffix}`);
  await page.getByLabel('Description (English)', { exact: true }).fill('Two editors, one topic.');
  await page.getByLabel('Category', { exact: true }).fill('Testing');
  await page.getByRole('button', { name: 'Save topic' }).click();
  await expect(page.getByRole('status')).toHaveText('Topic created.');
  const editorUrl = page.url().replace(/\?.*$/, '');

  // A second admin session opens the same topic and saves first.
  const other = await browser.newContext();
  const second = await other.newPage();
  await signInAsAdmin(second);
  await second.goto(editorUrl);
  await second.getByLabel('Category', { exact: true }).fill('Saved first');
  await second.getByRole('button', { name: 'Save topic' }).click();
  await expect(second.getByRole('status')).toHaveText('Topic saved (version 2).');
  await other.close();

  await page.getByLabel('Category', { exact: true }).fill('Saved second');
  await page.getByRole('button', { name: 'Save topic' }).click();
  await expect(page.getByRole('alert')).toContainText('Someone else saved this topic meanwhile (now version 2)');
  await expect(page.getByLabel('Category', { exact: true })).toHaveValue('Saved second');
  await page.goto(editorUrl);
  await expect(page.getByLabel('Category', { exact: true })).toHaveValue('Saved first');
});

test('an admin duplicates, re-categorises and archives topics from the library', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/topics/new');
  const suffix = Date.now().toString(36);
  await page.getByLabel('Title (English)', { exact: true }).fill(`Bulk ${suffix}`);
  await page.getByLabel('Description (English)', { exact: true }).fill('To be copied and archived.');
  await page.getByLabel('Category', { exact: true }).fill('Testing');
  await page.getByRole('button', { name: 'Save topic' }).click();
  await expect(page.getByRole('status')).toHaveText('Topic created.');

  await page.goto(`/admin/topics?q=${suffix}`);
  await page.getByRole('button', { name: `Duplicate Bulk ${suffix}` }).click();
  await expect(page.getByRole('status')).toContainText('Copy created as a draft.');
  await expect(page.getByLabel('Title (English)', { exact: true })).toHaveValue(`Bulk ${suffix} (copy)`);

  await page.goto(`/admin/topics?q=${suffix}`);
  await page.getByRole('checkbox', { name: `Select Bulk ${suffix} (copy)` }).check();
  await page.getByLabel('New category for the selected topics').fill('Moved');
  await page.getByRole('button', { name: 'Change category of selected' }).click();
  await expect(page.getByRole('status')).toHaveText('1 topics moved to “Moved”.');
  await expect(page.getByRole('row', { name: new RegExp(`Bulk ${suffix} \\(copy\\)`) })).toContainText('Moved');

  await page.goto(`/admin/topics?q=${suffix}`);
  await page.getByRole('checkbox', { name: `Select Bulk ${suffix}`, exact: true }).check();
  await page.getByRole('checkbox', { name: `Select Bulk ${suffix} (copy)` }).check();
  await page.getByRole('button', { name: 'Archive selected' }).click();
  await expect(page.getByRole('status')).toHaveText('2 topics archived.');
  await page.goto(`/admin/topics?q=${suffix}&status=archived&view=grid`);
  await expect(page.getByRole('listitem').filter({ hasText: `Bulk ${suffix}` })).toHaveCount(2);
});

test('the editor works without JavaScript: errors come back with the input kept, then it saves', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAsAdmin(page);
  await page.goto('/admin/topics/new');
  const suffix = Date.now().toString(36);
  await page.getByLabel('Title (English)', { exact: true }).fill(`No script ${suffix}`);
  await page.getByLabel('Description (English)', { exact: true }).fill('Plain form posts.');
  await page.getByLabel('Category', { exact: true }).fill('Testing');
  await page.getByLabel('Default duration (minutes)').fill('5');
  await page.getByRole('button', { name: 'Save topic' }).click();
  await expect(page.getByText('Default duration (minutes) must be a whole number from 15 to 600.')).toBeVisible();
  await expect(page.getByLabel('Title (English)', { exact: true })).toHaveValue(`No script ${suffix}`);
  await page.getByLabel('Default duration (minutes)').fill('45');
  await page.getByRole('button', { name: 'Save topic' }).click();
  await expect(page.getByRole('status')).toHaveText('Topic created.');
  await expect(page.getByLabel('Default duration (minutes)')).toHaveValue('45');
  await context.close();
});

test('the description toolbar formats the selection; the saved rich text is sanitised and previewed', async ({ page }) => {
  const suffix = Date.now().toString(36);
  await signInAsAdmin(page);
  await page.goto('/admin/topics/new');
  await page.waitForLoadState('networkidle'); // the toolbar appears after hydration
  await page.getByLabel('Title (English)', { exact: true }).fill(`Rich text ${suffix}`);
  const description = page.getByLabel('Description (English)', { exact: true });
  await description.fill('Budget basics <img src=x onerror=alert(1)>');
  await description.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 6));
  await page.getByRole('toolbar', { name: 'Formatting' }).first().getByRole('button', { name: 'Bold' }).click();
  await expect(description).toHaveValue('<strong>Budget</strong> basics <img src=x onerror=alert(1)>');
  await page.getByLabel('Category', { exact: true }).fill('Finance');
  await page.getByRole('button', { name: 'Save topic' }).click();
  await expect(page.getByRole('status')).toHaveText('Topic created.');
  // What was stored is the sanitised text: the image and its handler are gone.
  await expect(description).toHaveValue('<strong>Budget</strong> basics');

  await page.getByRole('link', { name: 'Preview the public texts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Rich text ${suffix}` })).toBeVisible();
  await expect(page.locator('article strong', { hasText: 'Budget' })).toBeVisible();
  await expect(page.locator('article img')).toHaveCount(0);
  await expectNoSeriousA11yFindings(page);
});
