import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yFindings, signInAsAdmin } from './support/admin.ts';
import { uniqueEmail } from './support/registration.ts';

/** A date far enough ahead and different per run, so seeded and earlier sessions never collide. */
function uniqueDate(): string {
  const day = new Date(Date.UTC(2029, 0, 1) + (Date.now() % 600) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** Step 1: a draft from the first topic in the list; lands on the consultants step. */
async function createDraft(page: Page) {
  await page.goto('/admin/sessions/new');
  await page.getByLabel('Topic', { exact: true }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Create draft and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 2 of 10: Consultants');
  return page.url().match(/sessions\/([0-9a-f-]{36})\//)![1];
}

async function schedule(page: Page, id: string, date: string) {
  await page.goto(`/admin/sessions/${id}/edit/schedule`);
  await page.getByLabel('Date', { exact: true }).fill(date);
  await page.getByLabel('Start time', { exact: true }).fill('15:00');
  await page.getByLabel('Time zone', { exact: true }).fill('Europe/Berlin');
  await page.getByLabel('Duration (minutes)', { exact: true }).fill('60');
}

test('an admin plans a session through the guided flow, publishes it, and a conflicting schedule is refused', async ({
  page
}) => {
  const suffix = Date.now().toString(36);
  const title = `Quarterly outlook ${suffix}`;
  const date = uniqueDate();
  await signInAsAdmin(page);
  await page.goto('/admin/sessions');
  await expect(page.getByRole('heading', { level: 1, name: 'Sessions' })).toBeVisible();
  await expectNoSeriousA11yFindings(page);

  const id = await createDraft(page);
  await expect(page.getByRole('status')).toContainText('Draft created');
  await expectNoSeriousA11yFindings(page);

  // Consultants: the suggestions table ranks free consultants first; take the first one.
  const consultant = (await page.locator('tbody tr').first().getByRole('rowheader').textContent())!.trim();
  await page.getByLabel('Primary consultant', { exact: true }).selectOption({ label: consultant });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 3 of 10: Schedule');

  await schedule(page, id, date);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 4 of 10: Registration');

  // Back to the topic step through the stepper to give the session its own title.
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: '1. Topic' }).click();
  await page.getByLabel('Title (English)', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');

  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: '10. Review and publish' }).click();
  await expect(page.getByText(`${date} 15:00 (Europe/Berlin)`)).toBeVisible();
  await page.getByLabel('Publish now').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/Status: Published/)).toBeVisible();

  await page.goto(`/webinars?q=${encodeURIComponent(suffix)}`);
  await expect(page.getByRole('link', { name: title }).first()).toBeVisible();

  // A second session with the same consultant at the same time: refused, naming both, input kept.
  const second = await createDraft(page);
  await page.getByLabel('Primary consultant', { exact: true }).selectOption({ label: consultant });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 3 of 10: Schedule');
  await schedule(page, second, date);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Scheduling conflict; nothing was saved');
  await expect(alert).toContainText(`${consultant} is in "${title}"`);
  await expect(page.getByLabel('Date', { exact: true })).toHaveValue(date);
  await expectNoSeriousA11yFindings(page);
});

test('rescheduling a published session sends its registrants the new date with an updated invite', async ({ page, browser }) => {
  test.setTimeout(120_000); // a whole flow plus waiting for the worker's email
  const suffix = Date.now().toString(36);
  const title = `Reschedule check ${suffix}`;
  const date = uniqueDate();
  await signInAsAdmin(page);
  const id = await createDraft(page);
  // The top suggestion; the other test may book them on this date too, but at 15:00 (this one: 09:00, 11:00).
  const consultant = (await page.locator('tbody tr').first().getByRole('rowheader').textContent())!.trim();
  await page.getByLabel('Primary consultant', { exact: true }).selectOption({ label: consultant });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 3 of 10: Schedule');
  await schedule(page, id, date);
  await page.getByLabel('Start time', { exact: true }).fill('09:00');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Step 4 of 10: Registration');
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: '1. Topic' }).click();
  await page.getByLabel('Title (English)', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: '10. Review and publish' }).click();
  await page.getByLabel('Publish now').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/Status: Published/)).toBeVisible();

  // Someone registers on the public page (a separate browser, no admin cookie).
  const email = uniqueEmail('moved');
  const visitor = await browser.newContext();
  const attendee = await visitor.newPage();
  await attendee.goto(`/webinars?q=${encodeURIComponent(suffix)}`);
  const landing = await attendee.getByRole('link', { name: title }).first().getAttribute('href');
  await attendee.goto(`${landing}/register`);
  await attendee.getByLabel('First name').fill('Moved');
  await attendee.getByLabel('Last name').fill('Attendee');
  await attendee.getByLabel('Email').fill(email);
  await attendee.getByLabel('Company').fill('Moving Parts GmbH');
  await attendee.getByLabel('I accept the terms of participation.').check();
  await attendee.getByLabel(/I have read the privacy notice/).check();
  await attendee.locator('form button[type="submit"]').last().click();
  await expect(attendee).toHaveURL(/\/registered$/, { timeout: 20_000 });
  await visitor.close();

  // The admin moves the session by two hours.
  await schedule(page, id, date);
  await page.getByLabel('Start time', { exact: true }).fill('11:00');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Saved');

  // The worker composes "New date" with an invite.ics: same event (UID), METHOD:REQUEST, the new time.
  const row = page
    .getByRole('row')
    .filter({ hasText: email })
    .filter({ hasText: `New date: ${title}` });
  await expect(async () => {
    await page.goto('/admin/mailbox');
    await expect(row.first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await row.first().getByRole('link').click();
  await expect(page.locator('pre.email-text')).toContainText('11:00');
  const href = await page.getByRole('link', { name: 'invite.ics' }).getAttribute('href');
  const ics = await (await page.request.get(href!)).text();
  expect(ics).toContain('METHOD:REQUEST');
  // The session's wall time in its own zone, with the zone's VTIMEZONE.
  expect(ics).toContain(`DTSTART;TZID=Europe/Berlin:${date.replace(/-/g, '')}T110000`);
  expect(ics).toContain('BEGIN:VTIMEZONE');
  expect(ics).toMatch(/UID:registration-[0-9a-f-]{36}@magnetiq/);
  expect(Number(/SEQUENCE:(\d+)/.exec(ics)?.[1])).toBeGreaterThan(1);
});
