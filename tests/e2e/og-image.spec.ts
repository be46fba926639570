import { expect, test } from '@playwright/test';

const slug = 'ai-strategy-for-mid-sized-companies-s24';

/** Width and height from a PNG's IHDR chunk (signature, length, "IHDR", then two big-endian uint32). */
function pngSize(bytes: Buffer) {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('og.png is a 1200×630 PNG, cacheable and revalidated by ETag', async ({ request }) => {
  const response = await request.get(`/webinars/${slug}/og.png`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/png');
  expect(response.headers()['cache-control']).toMatch(/^public, max-age=\d+/);
  expect(pngSize(await response.body())).toEqual({ width: 1200, height: 630 });

  const etag = response.headers()['etag'];
  expect(etag).toMatch(/^"og-[\w-]+"$/);
  const again = await request.get(`/webinars/${slug}/og.png`, { headers: { 'if-none-match': etag } });
  expect(again.status()).toBe(304);

  // The German image draws German texts, so it is a different image with its own validator.
  const de = await request.get(`/de/webinars/${slug}/og.png`);
  expect(de.status()).toBe(200);
  expect(pngSize(await de.body())).toEqual({ width: 1200, height: 630 });
  expect(de.headers()['etag']).not.toBe(etag);
});

test('og.png is 404 for drafts and unknown sessions, like the landing page', async ({ request }) => {
  expect((await request.get('/webinars/quantum-computing-primer-s40/og.png')).status()).toBe(404);
  expect((await request.get('/webinars/quantum-computing-primer-s40')).status()).toBe(404);
  expect((await request.get('/webinars/no-such-session-s99/og.png')).status()).toBe(404);
  expect((await request.get('/webinars/Not_A_Slug/og.png')).status()).toBe(404);
});

test('the landing page points og:image and the X card at its og.png', async ({ page, request }) => {
  await page.goto(`/webinars/${slug}`);
  const image = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(image).toMatch(new RegExp(`^http://[^/]+/webinars/${slug}/og\\.png$`));
  await expect(page.locator('meta[property="og:image:width"]')).toHaveAttribute('content', '1200');
  await expect(page.locator('meta[property="og:image:height"]')).toHaveAttribute('content', '630');
  await expect(page.locator('meta[property="og:image:alt"]')).toHaveAttribute('content', /AI Strategy Compact/);
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
  // The advertised URL answers with the image.
  const fetched = await request.get(image!);
  expect(fetched.headers()['content-type']).toBe('image/png');

  await page.goto(`/de/webinars/${slug}`);
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute(
    'content',
    new RegExp(`/de/webinars/${slug}/og\\.png$`)
  );
});

test('the overview uses the site-wide 1200×630 image', async ({ page, request }) => {
  await page.goto('/de/webinars');
  const image = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(image).toMatch(/^http:\/\/[^/]+\/de\/og\.png$/);
  await expect(page.locator('meta[property="og:image:alt"]')).toHaveAttribute('content', /Magnetiq Webinare/);
  const response = await request.get(image!);
  expect(response.headers()['content-type']).toBe('image/png');
  expect(pngSize(await response.body())).toEqual({ width: 1200, height: 630 });
});
