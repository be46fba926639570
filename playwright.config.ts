import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://localhost:${PORT}`;
// Debian's Chromium when installed (CI installs it); Playwright's own browser otherwise.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: systemChromium,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic'
    ]
  }
};

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  // Generous: CI shares two cores between the build, Postgres, the worker and the browser.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: { baseURL, trace: 'retain-on-failure', locale: 'en-GB', timezoneId: 'Europe/Berlin' },
  projects: [
    { name: 'chromium', use: chromium, testIgnore: /\.nojs\.spec\.ts$/ },
    { name: 'no-javascript', use: { ...chromium, javaScriptEnabled: false }, testMatch: /\.nojs\.spec\.ts$/ }
  ],
  webServer: {
    // The real platform (production build, worker, throwaway embedded Postgres with demo data).
    command: 'tsx scripts/start.ts --ephemeral',
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PORT: String(PORT), PUBLIC_BASE_URL: baseURL }
  }
});
