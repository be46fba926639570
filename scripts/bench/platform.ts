/**
 * What both benchmarks need to run the real platform: `scripts/start.ts` against a throwaway database
 * (web server from `build/` plus the worker), a health wait, and a clean stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The origin the current build was made for (build/.origin), so a benchmark on another port does not
 * force a rebuild just for it: the origin only matters for CSRF checks on form posts.
 */
export function builtOrigin(fallback: string): string {
  const stamp = path.join(root, 'build/.origin');
  return fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : fallback;
}

/** Starts the platform; `env` adds or overrides settings, `unset` removes inherited ones. */
export function startPlatform(
  databaseUrl: string,
  port: number,
  origin: string,
  env: NodeJS.ProcessEnv = {},
  unset: string[] = []
): ChildProcess {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    PUBLIC_BASE_URL: origin,
    SUPABASE_JWT_SECRET: crypto.randomBytes(32).toString('base64url'),
    ...env
  };
  for (const key of unset) delete childEnv[key];
  // tsx as a loader (not the CLI wrapper), so SIGTERM reaches start.ts and it stops its children.
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: childEnv
  });
}

/** Resolves once /healthz answers 200 (a build may run first); fails if the platform exits or after `minutes`. */
export async function waitForHealth(base: string, child: ChildProcess, minutes = 10): Promise<void> {
  for (let i = 0; i < minutes * 240; i++) {
    if (child.exitCode !== null) throw new Error(`the platform exited (${child.exitCode}) before it was healthy`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the platform did not become healthy within ${minutes} minutes`);
}

/** Stops the platform (SIGTERM, waits for its exit), then whatever else `after` stops. */
export async function stopPlatform(platform: ChildProcess | undefined, after: () => Promise<void>): Promise<void> {
  if (platform && platform.exitCode === null) {
    const exited = new Promise((resolve) => platform.once('exit', resolve));
    platform.kill('SIGTERM');
    await exited;
  }
  await after();
}
