import { expect, test } from '@playwright/test';

// Runs in the "no-javascript" project: creating, inviting and accepting work as plain HTML, in German.
test('without JavaScript an admin invites a consultant, who sets a password on the German invitation page', async ({
  page,
  browser
}) => {
  const suffix = Date.now().toString(36);
  const email = `lena-${suffix}@example.com`;
  await page.goto('/de/login');
  await page.getByLabel('E-Mail').fill('admin@magnetiq.local');
  await page.getByLabel('Passwort').fill('magnetiq-admin');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/de\/admin$/);

  await page.goto('/de/admin/consultants/new');
  await page.getByLabel('Vorname').fill('Lena');
  await page.getByLabel('Nachname').fill(`Vogel ${suffix}`);
  await page.getByLabel('E-Mail').fill(email);
  await page.getByLabel('Umsatzbeteiligung (%)').fill('20');
  await page.getByRole('button', { name: 'Berater anlegen' }).click();
  // The English biography is missing: a named German error, and the typed values stay.
  await expect(page.getByText('Die Biografie (Englisch) ist erforderlich.')).toBeVisible();
  await expect(page.getByLabel('Nachname')).toHaveValue(`Vogel ${suffix}`);
  await page.getByLabel('Biografie (Englisch)').fill('Supply chain resilience.');
  await page.getByRole('button', { name: 'Berater anlegen' }).click();
  await expect(page.getByText('Der Berater wurde angelegt.')).toBeVisible();

  await page.getByLabel('Sprache der E-Mail').selectOption('de');
  await page.getByRole('button', { name: 'Zum Anmelden einladen' }).click();
  await expect(page.getByRole('status')).toContainText(`Eine Einladung wurde an ${email} gesendet`);

  let path = '';
  await expect(async () => {
    await page.goto('/de/admin/mailbox');
    const row = page.getByRole('row').filter({ hasText: email }).first();
    await row.getByRole('link').click();
    const text = await page.locator('pre.email-text').innerText();
    path = /\/de\/invite\/[A-Za-z0-9_-]{43}/.exec(text)?.[0] ?? '';
    expect(path).not.toBe('');
  }).toPass({ timeout: 20_000 });

  const context = await browser.newContext({ javaScriptEnabled: false });
  const consultant = await context.newPage();
  await consultant.goto(path);
  await expect(consultant.getByRole('heading', { level: 1, name: 'Passwort festlegen' })).toBeVisible();
  await consultant.getByLabel('Neues Passwort').fill('kurz');
  await consultant.getByLabel('Passwort wiederholen').fill('kurz');
  await consultant.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(consultant.getByText('Passwort: mindestens 10 Zeichen.')).toBeVisible();
  await consultant.getByLabel('Neues Passwort').fill('ein ausreichend langes Passwort');
  await consultant.getByLabel('Passwort wiederholen').fill('ein ausreichend langes Passwort');
  await consultant.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(consultant).toHaveURL(/\/de\/consultant$/);
  await context.close();
});
