import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import ical from 'node-ical';

async function expectNoSeriousA11yFindings(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

const cardList = (page: Page) => page.getByRole('list', { name: 'Upcoming webinars' });

test('filtering and searching through the form updates the URL and the back button restores it', async ({ page }) => {
  await page.goto('/webinars');
  // Hydration re-syncs bound form fields: choose filters only once the page's JavaScript runs.
  await page.waitForLoadState('networkidle');
  const all = await cardList(page).getByRole('listitem').count();
  await page.getByLabel('Level').selectOption('advanced');
  await page.getByRole('button', { name: 'Show webinars' }).click();
  await expect(page).toHaveURL(/difficulty=advanced/);
  const advanced = cardList(page).getByRole('listitem');
  await expect(advanced.first()).toContainText('Advanced');
  expect(await advanced.count()).toBeLessThan(all);

  await page.getByLabel('Search').fill('kuenstliche intelligenz');
  await page.getByLabel('Level').selectOption('');
  await page.getByRole('button', { name: 'Show webinars' }).click();
  await expect(page).toHaveURL(/q=kuenstliche\+intelligenz/);
  await expect(cardList(page).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: /AI|KI/ }).first()).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/difficulty=advanced/);
  await expect(page.getByLabel('Level')).toHaveValue('advanced');
});

test('cards show their category thumbnail, sized and decorative, lazy below the first row', async ({ page, request }) => {
  await page.goto('/webinars');
  const images = cardList(page).locator('img.thumbnail');
  expect(await images.count()).toBe(await cardList(page).locator('article').count());
  const first = images.first();
  await expect(first).toHaveAttribute('src', /^\/images\/topics\/[a-z-]+\.svg$/);
  await expect(first).toHaveAttribute('alt', '');
  await expect(first).toHaveAttribute('width', '320');
  await expect(first).toHaveAttribute('height', '120');
  await expect(first).toHaveAttribute('loading', 'eager');
  await expect(images.nth(5)).toHaveAttribute('loading', 'lazy');
  await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const svg = await request.get((await first.getAttribute('src'))!);
  expect(svg.headers()['content-type']).toContain('image/svg+xml');
  expect((await svg.body()).length).toBeLessThan(4096);
});

test('an impossible filter combination explains itself and offers to clear the filters', async ({ page }) => {
  await page.goto('/webinars?q=xqzvwpl');
  await expect(page.getByText('Nothing found for “xqzvwpl”.')).toBeVisible();
  await page.getByRole('link', { name: 'Clear all filters' }).last().click();
  await expect(page).toHaveURL(/\/webinars$/);
  expect(await cardList(page).getByRole('listitem').count()).toBeGreaterThan(5);
});

test('bad filter values answer 400 with a message naming the parameter, in the page language', async ({ page }) => {
  const response = await page.goto('/webinars?difficulty=expert&page=0');
  expect(response?.status()).toBe(400);
  await expect(page.getByText('“difficulty”: choose one of beginner, intermediate, advanced.')).toBeVisible();
  await expect(page.getByText('“page”: a whole number from 1 to 1000.')).toBeVisible();
  const de = await page.goto('/de/webinars?language=fr');
  expect(de?.status()).toBe(400);
  await expect(page.getByText('„language“: wählen Sie einen der Werte all, en, de.')).toBeVisible();
});

test.describe('in New York', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('the browser shows New York times although the server rendered the session zone', async ({ page, request }) => {
    const html = await (await request.get('/webinars/ai-strategy-for-mid-sized-companies-s24')).text();
    // Server-rendered: the session's own zone (Europe/Berlin), since no zone was picked.
    // (The first <time> is the hero's.)
    expect(/data-zone="([^"]+)"/.exec(html)![1]).toBe('Europe/Berlin');

    await page.goto('/webinars/ai-strategy-for-mid-sized-companies-s24');
    const time = page.locator('.hero time');
    await expect(time).toHaveAttribute('data-zone', 'America/New_York');
    const iso = (await time.getAttribute('datetime'))!;
    const newYork = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'America/New_York' }).format(
      new Date(iso)
    );
    await expect(time).toContainText(newYork);
    await expect(page.locator('.hero')).toContainText('(America/New York)');
    await expect(page.locator('.hero')).toContainText('(Europe/Berlin)');
  });

  test('a picked zone is kept in a cookie and rendered by the server', async ({ page, request }) => {
    await page.goto('/webinars');
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Show times in').selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.locator('time').first()).toHaveAttribute('data-zone', 'Asia/Tokyo');
    const cookies = await page.context().cookies();
    const html = await (
      await request.get('/webinars', { headers: { cookie: `tz=${cookies.find((c) => c.name === 'tz')!.value}` } })
    ).text();
    expect(html).toMatch(/data-zone="Asia\/Tokyo"/);
  });
});

test('the .ics file parses with an independent parser: start, end, zone and a stable UID', async ({ request }) => {
  const slug = 'ai-strategy-for-mid-sized-companies-s24';
  const first = await request.get(`/webinars/${slug}/calendar.ics`);
  expect(first.status()).toBe(200);
  expect(first.headers()['content-type']).toContain('text/calendar');
  const body = await first.text();
  const events = Object.values(ical.sync.parseICS(body)).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
  expect(events).toHaveLength(1);
  const event = events[0];
  const page = await (await request.get(`/webinars/${slug}`)).text();
  const iso = /<time datetime="([^"]+)"/.exec(page)![1];
  expect(event.start.toISOString()).toBe(new Date(iso).toISOString());
  expect(event.end!.getTime() - event.start.getTime()).toBe(60 * 60 * 1000);
  // The session's own zone: a zoned wall time plus the zone's VTIMEZONE (with its DST rules).
  expect(body).toMatch(/\r\nDTSTART;TZID=Europe\/Berlin:\d{8}T\d{6}\r\n/);
  expect(body).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n');
  expect(body).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
  expect(event.start.tz).toBe('Europe/Berlin');
  expect(String(event.description)).toContain('Europe/Berlin');
  expect(String(event.url ?? '')).toContain(`/webinars/${slug}`);
  const again = Object.values(ical.sync.parseICS(await (await request.get(`/webinars/${slug}/calendar.ics`)).text())).find(
    (c) => c?.type === 'VEVENT'
  ) as ical.VEvent;
  expect(again.uid).toBe(event.uid);
  expect(event.uid).toMatch(/^session-[0-9a-f-]{36}@magnetiq-webinars$/);
  // German page language → German description.
  const de = await (await request.get(`/de/webinars/${slug}/calendar.ics`)).text();
  expect(de).toContain('KI-Strategie kompakt');
});

test('the landing page carries JSON-LD, canonical, hreflang, Open Graph and share links', async ({ page }) => {
  await page.goto('/webinars/ai-strategy-for-mid-sized-companies-s24');
  const json = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(json).toMatchObject({
    '@type': 'Event',
    name: 'AI Strategy Compact (in German)',
    eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
    organizer: { '@type': 'Organization', name: 'Magnetiq Webinars' },
    offers: { price: '0.00', priceCurrency: 'EUR' }
  });
  expect(json.startDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  expect(json.performer[0]).toMatchObject({ '@type': 'Person', name: 'Anna Schmidt' });
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
    'href',
    /\/webinars\/ai-strategy-for-mid-sized-companies-s24$/
  );
  await expect(page.locator('link[hreflang="de"]')).toHaveAttribute(
    'href',
    /\/de\/webinars\/ai-strategy-for-mid-sized-companies-s24$/
  );
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', 'AI Strategy Compact (in German)');
  await expect(page.getByRole('link', { name: 'Share on LinkedIn' })).toHaveAttribute('href', /linkedin\.com\/sharing/);
  await expect(page.getByRole('link', { name: 'Share on X' })).toHaveAttribute('href', /x\.com\/intent\/post\?text=/);
  await expect(page.getByRole('link', { name: 'Google Calendar' })).toHaveAttribute('href', /calendar\.google\.com/);
});

test('landing page states: full with waitlist, cancelled, past with recording', async ({ page }) => {
  await page.goto('/webinars/machine-learning-operations-s14');
  await expect(page.locator('#register')).toContainText('Join the waitlist');
  await page.goto('/webinars/cloud-migration-roadmap-s38');
  await expect(page.locator('#register')).toContainText('This session has been cancelled.');
  await page.goto('/webinars/ai-strategy-for-mid-sized-companies-s01');
  await expect(page.getByRole('link', { name: 'Watch the recording' })).toBeVisible();
  await expect(page.getByText(/Sessions held: \d+/).first()).toBeVisible();
});

test('the language switch keeps the filters', async ({ page }) => {
  await page.goto('/webinars?difficulty=beginner&price=free');
  await page.getByRole('link', { name: 'Deutsch' }).click();
  await expect(page).toHaveURL(/\/de\/webinars\?difficulty=beginner&price=free$/);
  await expect(page.getByLabel('Niveau')).toHaveValue('beginner');
});

test('sitemap lists published sessions and consultants, never drafts', async ({ request }) => {
  const xml = await (await request.get('/sitemap.xml')).text();
  expect(xml).toContain('/webinars/ai-strategy-for-mid-sized-companies-s24</loc>');
  expect(xml).toContain('/de/webinars/ai-strategy-for-mid-sized-companies-s24</loc>');
  expect(xml).toContain('/consultants/anna-schmidt</loc>');
  expect(xml).not.toContain('quantum-computing-primer-s40');
  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toContain('Disallow: /admin');
  expect(robots).toContain('Disallow: /de/invite');
  expect(robots).toMatch(/^Sitemap: http:\/\/localhost:\d+\/sitemap\.xml$/m);
});

for (const path of [
  '/webinars',
  '/de/webinars',
  '/webinars/generative-ai-in-practice-s17',
  '/de/webinars/generative-ai-in-practice-s17',
  '/consultants/anna-schmidt',
  '/de/consultants/anna-schmidt'
]) {
  test(`no serious accessibility findings on ${path}`, async ({ page }) => {
    await page.goto(path);
    await expectNoSeriousA11yFindings(page);
  });
}

test('the consultant profile shows public facts and sessions only', async ({ page }) => {
  await page.goto('/consultants/anna-schmidt');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dr. Anna Schmidt');
  await expect(page.getByRole('heading', { name: 'Upcoming sessions' })).toBeVisible();
  await expect(page.getByText(/Attendees reached: \d+/)).toBeVisible();
  await expect(page.locator('body')).not.toContainText('anna.schmidt@magnetiq.local');
  await expect(page.locator('body')).not.toContainText('+49 30 5550 1011');
  // The demo portrait (a same-site path) is shown and loads, with the name as its text alternative;
  // on the cards below, where the name is printed beside it, it is decorative.
  const photo = page.getByRole('img', { name: 'Photo of Dr. Anna Schmidt' });
  await expect(photo).toHaveCount(1);
  await expect(photo).toHaveAttribute('src', '/images/consultants/anna-schmidt.svg');
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
});
