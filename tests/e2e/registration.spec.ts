import { expect, test } from '@playwright/test';
import { expectAccessible, manageLinkFromMailbox, OPEN_SESSION, OPEN_SESSION_2, uniqueEmail } from './support/registration.ts';

test('register with JavaScript: live field validation, thank-you page, email, cancel via the manage link', async ({
  page,
  browser
}) => {
  const email = uniqueEmail('js');
  await page.goto(`/webinars/${OPEN_SESSION}/register`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Register:');
  // Live validation needs the page's JavaScript running (slow to arrive on a loaded machine).
  await page.waitForLoadState('networkidle');

  // Instant feedback when leaving a field, before any submit.
  await page.getByLabel('First name').fill('A');
  await page.getByLabel('Last name').focus();
  await expect(page.getByText('First name: please enter 2 to 50 characters.')).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveAttribute('aria-describedby', 'firstName-error');
  await page.getByLabel('First name').fill('Ada');
  await expect(page.getByText('First name: please enter 2 to 50 characters.')).toBeHidden();

  // Submitting without consent: the client refuses and names both consents.
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Company').fill('Analytical Engines Ltd');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText('Terms: please accept the terms of participation to register.').first()).toBeVisible();
  // Optional consents are never pre-ticked.
  await expect(page.getByLabel('Send me news about upcoming webinars (optional).')).not.toBeChecked();

  await page.getByLabel('I accept the terms of participation.').check();
  await page.getByLabel(/I have read the privacy notice/).check();
  await page.getByRole('button', { name: 'Register' }).click();
  // The first registration also starts the job client (pg-boss), so allow it more time.
  await expect(page).toHaveURL(new RegExp(`/webinars/${OPEN_SESSION}/registered$`), { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1, name: "You're registered!" })).toBeVisible();
  await expect(page.getByRole('heading', { name: /You will learn from/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download .ics' })).toHaveAttribute(
    'href',
    `/webinars/${OPEN_SESSION}/calendar.ics`
  );
  await expect(page.getByRole('link', { name: 'Google Calendar' })).toHaveAttribute('href', /calendar\.google\.com/);
  await expectAccessible(page);

  // "Register for another": the next form is filled in from the registration session.
  await page.goto(`/webinars/${OPEN_SESSION_2}/register`);
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByText('We filled in the details you entered earlier.')).toBeVisible();

  // The confirmation email's personal link: view and cancel (with a confirmation step).
  const manage = await manageLinkFromMailbox(browser, email, /registered/i);
  const response = await page.goto(manage);
  expect(response?.headers()['cache-control']).toBe('no-store');
  expect(response?.headers()['referrer-policy']).toBe('same-origin');
  await expect(page.getByText('Status: confirmed')).toBeVisible();
  await page.getByRole('link', { name: 'Cancel my registration' }).click();
  await page.getByLabel('Reason (optional)').fill('Double booked');
  await page.getByRole('button', { name: 'Yes, cancel my registration' }).click();
  await expect(page.getByText('Your registration is cancelled.')).toBeVisible();
  await expect(page.getByText('Status: cancelled')).toBeVisible();
});

test('a resumed form survives a reload (live draft save)', async ({ page }) => {
  await page.goto(`/webinars/${OPEN_SESSION}/register`);
  // Draft saving is progressive enhancement: type only once the page's JavaScript is running.
  await page.waitForLoadState('networkidle');
  const saved = page.waitForResponse((r) => r.url().includes('?/draft') && r.ok());
  await page.getByLabel('Company').fill('Draft Company GmbH');
  // The draft is saved about a second after typing stops.
  await saved;
  await page.reload();
  await expect(page.getByLabel('Company')).toHaveValue('Draft Company GmbH');
  await page.getByRole('button', { name: 'Forget my details' }).click();
  await expect(page.getByText('Your saved details were deleted.')).toBeVisible();
  await expect(page.getByLabel('Company')).toHaveValue('');
});

test('with JavaScript the landing page opens the form in a dialog with live validation; Back closes it', async ({ page }) => {
  await page.goto(`/webinars/${OPEN_SESSION_2}`);
  await page.waitForLoadState('networkidle'); // the dialog is progressive enhancement
  await page
    .locator('#register')
    .getByRole('link', { name: /Register now|Join the waitlist/ })
    .click();
  const dialog = page.getByRole('dialog', { name: /^Registration: / });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/webinars/${OPEN_SESSION_2}/register$`));
  await expectAccessible(page);

  // Field-level feedback as soon as the field is left, before any submit.
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByLabel('First name').focus();
  await expect(dialog.getByText(/Email: /).first()).toBeVisible();

  // Back closes the dialog and returns to the landing page.
  await page.goBack();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/webinars/${OPEN_SESSION_2}$`));

  await page
    .locator('#register')
    .getByRole('link', { name: /Register now|Join the waitlist/ })
    .click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('First name').fill('Dialog');
  await dialog.getByLabel('Last name').fill('User');
  await dialog.getByLabel('Email').fill(uniqueEmail('dialog'));
  await dialog.getByLabel('Company').fill('Modal GmbH');
  await dialog.getByLabel('I accept the terms of participation.').check();
  await dialog.getByLabel(/I have read the privacy notice/).check();
  await dialog.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page).toHaveURL(/\/registered$/, { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1, name: "You're registered!" })).toBeVisible();
});

test('unknown manage links are 404', async ({ page }) => {
  const response = await page.goto(`/registrations/${'A'.repeat(43)}`);
  expect(response?.status()).toBe(404);
});

for (const lang of ['en', 'de'] as const) {
  test(`form (empty, with errors) and thank-you page have no serious accessibility findings (${lang})`, async ({ page }) => {
    const de = lang === 'de';
    await page.goto(`${de ? '/de' : ''}/webinars/${OPEN_SESSION_2}/register`);
    await expectAccessible(page);
    await page.getByRole('button', { name: de ? 'Anmelden' : 'Register', exact: true }).click();
    await expect(page.locator('.error-summary')).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel(de ? 'Vorname' : 'First name').fill('Grace');
    await page.getByLabel(de ? 'Nachname' : 'Last name').fill('Hopper');
    await page.getByLabel(de ? 'E-Mail' : 'Email').fill(uniqueEmail(`a11y-${lang}`));
    await page.getByLabel(de ? 'Unternehmen' : 'Company').fill('Navy');
    await page.getByLabel(de ? 'Ich akzeptiere die Teilnahmebedingungen.' : 'I accept the terms of participation.').check();
    await page.getByLabel(de ? /Ich habe die Datenschutzhinweise gelesen/ : /I have read the privacy notice/).check();
    await page.getByRole('button', { name: de ? 'Anmelden' : 'Register', exact: true }).click();
    await expect(page).toHaveURL(/\/registered$/, { timeout: 20_000 });
    await expect(page.getByRole('heading', { level: 1, name: de ? 'Sie sind angemeldet!' : "You're registered!" })).toBeVisible();
    await expectAccessible(page);
  });
}

test('a waitlisted attendee moves up when the confirmed one cancels, and is told by email', async ({ browser }) => {
  // Demo session s44: one free seat, waitlist on, nobody registered.
  const slug = 'okr-in-practice-s44';
  const first = uniqueEmail('seat');
  const second = uniqueEmail('queue');

  async function register(email: string, firstName: string) {
    const context = await browser.newContext(); // separate people: no shared registration session
    const page = await context.newPage();
    await page.goto(`/webinars/${slug}/register`);
    await page.getByLabel('First name').fill(firstName);
    await page.getByLabel('Last name').fill('Tester');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Company').fill('Queue Theory GmbH');
    await page.getByLabel('I accept the terms of participation.').check();
    await page.getByLabel(/I have read the privacy notice/).check();
    await page.locator('form button[type="submit"]').last().click();
    await expect(page).toHaveURL(new RegExp(`/webinars/${slug}/registered$`), { timeout: 20_000 });
    return { context, page };
  }

  const a = await register(first, 'Seated');
  await expect(a.page.getByRole('heading', { level: 1, name: "You're registered!" })).toBeVisible();
  const b = await register(second, 'Waiting');
  await expect(b.page.getByRole('heading', { level: 1, name: "You're on the waitlist" })).toBeVisible();
  await expect(b.page.getByText('You are number 1 on the waitlist')).toBeVisible();

  // The confirmed attendee cancels through the link in their confirmation email (the demo settings
  // override its subject: "You are registered: …").
  await a.page.goto(await manageLinkFromMailbox(browser, first, /You are registered/));
  await a.page.getByRole('link', { name: 'Cancel my registration' }).click();
  await a.page.getByRole('button', { name: 'Yes, cancel my registration' }).click();
  await expect(a.page.getByText('Status: cancelled')).toBeVisible();

  // The waitlisted attendee is promoted in the same transaction and gets the "seat opened up" email,
  // whose link shows the new status.
  await b.page.goto(await manageLinkFromMailbox(browser, second, /A seat opened up/));
  await expect(b.page.getByText('Status: confirmed')).toBeVisible();
  await a.context.close();
  await b.context.close();
});
