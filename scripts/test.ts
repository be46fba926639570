/**
 * `npm test`: every check CI runs, in order of speed: format/lint, type check, generated-types drift,
 * unit + integration tests (vitest, real Postgres), end-to-end tests (Playwright, real Chromium).
 */
import { spawnSync } from 'node:child_process';

const steps: [string, string[]][] = [
  ['lint', ['npm', 'run', 'lint']],
  ['type check', ['npm', 'run', 'check']],
  ['db types drift', ['npm', 'run', 'db:types:check']],
  ['unit + integration', ['npm', 'run', 'test:integration']],
  ['end-to-end', ['npm', 'run', 'test:e2e']]
];

const only = process.argv.slice(2);
const timings: string[] = [];
const started = Date.now();
for (const [name, command] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${command.join(' ')}`);
  const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: process.env });
  timings.push(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${result.status}). Timings: ${timings.join(', ')}`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\n✓ all checks passed in ${((Date.now() - started) / 1000).toFixed(1)}s (${timings.join(', ')})`);
