import { paraglideVitePlugin } from '@inlang/paraglide-js';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    paraglideVitePlugin({
      project: './project.inlang',
      outdir: './web/lib/paraglide',
      // URL-based locale: /webinars is English, /de/webinars German.
      strategy: ['url', 'baseLocale']
    }),
    sveltekit({
      adapter: adapter({ out: 'build' }),
      compilerOptions: { runes: true },
      // DESIGN.md's layout keeps the SvelteKit source in web/ beside supabase/, workers/ and emails/.
      files: { src: 'web', assets: 'static' },
      // Every stylesheet is small (≤ 3 KB); inlined into the HTML they stop being render-blocking
      // requests. Lighthouse mobile counted ~300 ms of FCP for the overview's five CSS files on its
      // simulated slow 4G (npm run bench:catalogue, docs/CATALOGUE.md).
      inlineStyleThreshold: 4096,
      // adapter-node derives the origin as https unless told otherwise; the public URL is fixed at
      // build time so CSRF checks on form posts compare against the real origin (scripts/start.ts
      // rebuilds when it changes).
      paths: { origin: (process.env.PUBLIC_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '') }
    })
  ],
  server: { port: 5173 },
  test: {
    include: ['tests/integration/**/*.test.ts', 'web/**/*.spec.ts', 'workers/**/*.spec.ts', 'scripts/**/*.spec.ts'],
    globalSetup: ['tests/integration/support/global-setup.ts'],
    setupFiles: ['tests/integration/support/setup-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files share one migrated database; each builds its own rows with factories.
    fileParallelism: true,
    maxWorkers: 2
  }
});
