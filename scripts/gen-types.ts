/**
 * Generates web/lib/server/db/schema.ts (Kysely row types) from the migrated schema, so queries are
 * typed by what the database really has. `--check` fails when the committed file has drifted (CI).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startThrowawayPostgres } from './db/embedded.ts';
import { bootstrap, migrate } from './db/migrate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(root, 'web/lib/server/db/schema.ts');
const check = process.argv.includes('--check');

const cluster = await startThrowawayPostgres();
let failed = false;
try {
  await bootstrap(cluster.adminUrl, { appPassword: 'postgres' });
  await migrate(cluster.appUrl);
  const args = [
    '--dialect',
    'postgres',
    '--url',
    cluster.appUrl,
    '--out-file',
    outFile,
    '--include-pattern',
    '{public,app}.*',
    '--date-parser',
    'timestamp',
    '--numeric-parser',
    'string',
    '--log-level',
    'warn',
    ...(check ? ['--verify'] : [])
  ];
  try {
    execFileSync(path.join(root, 'node_modules/.bin/kysely-codegen'), args, { stdio: 'inherit' });
  } catch {
    failed = true;
    if (check) console.error('schema.ts is out of date: run `npm run db:types` and commit the result.');
  }
} finally {
  await cluster.stop();
}
process.exit(failed ? 1 : 0);
