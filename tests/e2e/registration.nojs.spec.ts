import { expect, test } from '@playwright/test';
import { manageLinkFromMailbox, OPEN_SESSION_2, uniqueEmail } from './support/registration.ts';

// Runs in the "no-javascript" project: plain form posts, errors rendered by the server. (axe needs
// JavaScript, so the accessibility checks live in registration.spec.ts.)
test('register and cancel without JavaScript, in German', async ({ page, browser }) => {
  const email = uniqueEmail('nojs');
  await page.goto(`/de/webinars/${OPEN_SESSION_2}/register`);
  await page.getByLabel('Vorname').fill('<script>alert(1)</script>');
  await page.getByLabel('Nachname').fill('Müller-Lüdenscheidt');
  await page.getByLabel('E-Mail').fill(email);
  await page.getByLabel('Unternehmen').fill('Beispiel AG');
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  // The server answers 400 with messages naming each field, linked to the inputs.
  await expect(page.getByText('Vorname: HTML-Tags sind nicht erlaubt.').first()).toBeVisible();
  await expect(
    page.getByText('Datenschutz: Bitte stimmen Sie den Datenschutzhinweisen zu, um sich anzumelden.').first()
  ).toBeVisible();
  await expect(page.getByLabel('Vorname')).toHaveAttribute('aria-invalid', 'true');
  // What was typed is still there.
  await expect(page.getByLabel('Unternehmen')).toHaveValue('Beispiel AG');

  await page.getByLabel('Vorname').fill('Jörg');
  await page.getByLabel('Ich akzeptiere die Teilnahmebedingungen.').check();
  await page.getByLabel(/Ich habe die Datenschutzhinweise gelesen/).check();
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/de/webinars/${OPEN_SESSION_2}/registered$`), { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Sie sind angemeldet!' })).toBeVisible();

  const manage = await manageLinkFromMailbox(browser, email);
  await page.goto(manage);
  await expect(page.getByText('Status: bestätigt')).toBeVisible();
  await page.getByRole('link', { name: 'Anmeldung stornieren' }).click();
  await page.getByRole('button', { name: 'Ja, Anmeldung stornieren' }).click();
  await expect(page.getByText('Ihre Anmeldung ist storniert.')).toBeVisible();
});
