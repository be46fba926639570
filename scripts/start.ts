/**
 * `npm start`: database (embedded unless DATABASE_URL is set), migrations, demo data, a production
 * build of the web app when the sources changed, then the web server and the pg-boss worker.
 *   --ephemeral  throwaway database (used by the end-to-end tests)
 *   --dev        Vite dev server with hot reload instead of the production build
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, ConfigError } from '../web/lib/server/config.ts';
import { prepareDatabase } from './db/prepare.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const args = new Set(process.argv.slice(2));
const ephemeral = args.has('--ephemeral');
const dev = args.has('--dev');
const started = Date.now();

try {
  parseConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const db = await prepareDatabase({ ephemeral, seed: process.env.DATABASE_URL ? args.has('--seed') : true });
const port = process.env.PORT ?? '3000';
const baseUrl = (process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: db.url,
  PORT: port,
  PUBLIC_BASE_URL: baseUrl,
  ...(db.jwtSecret && !process.env.SUPABASE_JWT_SECRET ? { SUPABASE_JWT_SECRET: db.jwtSecret } : {})
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'paraglide') continue; // generated during the build itself
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

// The build embeds the public origin (CSRF checks), so a different PUBLIC_BASE_URL needs a rebuild.
const originStamp = path.join(root, 'build/.origin');

function buildIfStale() {
  const output = path.join(root, 'build/index.js');
  const inputs = ['web', 'static', 'messages'].map((d) => newestMtime(path.join(root, d)));
  const configs = ['vite.config.ts', 'package-lock.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs);
  const fresh = fs.existsSync(output) && fs.statSync(output).mtimeMs > Math.max(...inputs, ...configs);
  const sameOrigin = fs.existsSync(originStamp) && fs.readFileSync(originStamp, 'utf8') === baseUrl;
  if (fresh && sameOrigin) return;
  console.log(`building the web app for ${baseUrl}…`);
  const result = spawnSync(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error('vite build failed');
  fs.writeFileSync(originStamp, baseUrl);
}

const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, command: string, commandArgs: string[]) {
  const child = spawn(command, commandArgs, { cwd: root, env, stdio: 'inherit' });
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${name} exited (${code}); stopping the platform`);
      void shutdown(1);
    }
  });
  children.push(child);
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))))
  );
  await db.cluster?.stop();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

if (dev) {
  run('web (vite dev)', bin('vite'), ['dev', '--port', port, '--strictPort']);
} else {
  buildIfStale();
  run('web', process.execPath, [path.join(root, 'scripts/web-server.ts')]);
}
// tsx as a loader in the worker's own process (not the tsx CLI wrapper, which force-kills its child
// 30 ms after forwarding SIGTERM), so the worker can finish its jobs and stop pg-boss gracefully.
run('worker', process.execPath, ['--import', 'tsx', path.join(root, 'workers/index.ts')]);

async function waitForHealth() {
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

if (await waitForHealth()) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
Magnetiq Webinars is running at ${baseUrl}  (ready in ${seconds}s)
  database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : ephemeral ? 'embedded PostgreSQL 17 (throwaway)' : 'embedded PostgreSQL 17 in .data/postgres'}${db.seeded ? ', demo data loaded' : ''}
  demo sign-in (${baseUrl}/login):
    admin       admin@magnetiq.local        / magnetiq-admin
    consultant  anna.schmidt@magnetiq.local / magnetiq-consultant
    consultant  ben.carter@magnetiq.local   / magnetiq-consultant
Press Ctrl+C to stop.`);
}
