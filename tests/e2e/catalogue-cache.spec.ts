import { expect, test } from '@playwright/test';

// The production entry (scripts/web-server.ts) answers what the catalogue micro-cache holds before
// SvelteKit; these check that wiring on the built server. The cache's rules are tested in
// tests/integration/catalogue-cache.test.ts.
const list = '/webinars?difficulty=beginner';

test('a repeated anonymous list is answered from the micro-cache, compressed, and a signed-in one never is', async ({
  playwright,
  baseURL
}) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  // Other tests change the catalogue while this runs, and each change empties the cache at once, so
  // ask until two requests in a row met no change.
  await expect
    .poll(
      async () => {
        await anonymous.get(list);
        const again = await anonymous.get(list, { headers: { 'accept-encoding': 'br' } });
        const headers = again.headers();
        return {
          cache: headers['x-cache'],
          type: headers['content-type']?.split(';')[0],
          encoding: headers['content-encoding'],
          caching: headers['cache-control'],
          wholePage: (await again.text()).includes('</html>') // decompressed by the client
        };
      },
      { timeout: 20_000 }
    )
    .toEqual({ cache: 'HIT', type: 'text/html', encoding: 'br', caching: 'no-cache', wholePage: true });
  await anonymous.dispose();

  const signedIn = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: 'sb-access-token=whatever' } });
  for (let i = 0; i < 3; i++) {
    const answer = await signedIn.get(list);
    expect(answer.headers()['x-cache']).toBe('BYPASS');
    expect(answer.headers()['cache-control']).toBe('private, no-store');
  }
  await signedIn.dispose();
});
