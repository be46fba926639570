/**
 * Applies the compat bootstrap (plain Postgres only) and then supabase/migrations in order, with the
 * Supabase CLI's bookkeeping (supabase_migrations.schema_migrations), each migration in its own
 * transaction so a failing one leaves the database as it was.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { LOCAL_APP_PASSWORD } from './embedded.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MIGRATIONS_DIR = path.join(root, 'supabase/migrations');
const BOOTSTRAP_FILE = path.join(root, 'supabase/local/bootstrap.sql');
// Any constant works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK = 727_001;

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
}

/** Migration files sorted by version: `<timestamp>_<verb_noun>.sql`. */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = /^(\d{14})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file name must be <14-digit timestamp>_<verb_noun>.sql: ${file}`);
    return { version: match[1], name: match[2], file: path.join(dir, file) };
  });
}

async function isHostedSupabase(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query(`select exists (select from pg_roles where rolname = 'supabase_auth_admin') as hosted`);
  return rows[0].hosted;
}

async function isSuperuser(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query(`select rolsuper from pg_roles where rolname = current_user`);
  return rows[0]?.rolsuper === true;
}

/** Runs the compat bootstrap as superuser; skipped on Supabase, where the image provides all of it. */
export async function bootstrap(adminUrl: string, options: { appPassword?: string } = {}): Promise<'skipped' | 'applied'> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (await isHostedSupabase(client)) return 'skipped';
    if (!(await isSuperuser(client))) {
      const { rows } = await client.query(`select to_regclass('auth.users') is not null as ready`);
      if (rows[0].ready) return 'skipped';
      throw new Error(
        'The compat bootstrap needs a superuser connection the first time (roles, auth and realtime schemas). ' +
          'Run `npm run db:migrate` once with DATABASE_URL pointing at a superuser.'
      );
    }
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(await fs.readFile(BOOTSTRAP_FILE, 'utf8'));
      if (options.appPassword) {
        await client.query(`alter role postgres password '${options.appPassword.replaceAll("'", "''")}'`);
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
    return 'applied';
  } finally {
    await client.end();
  }
}

/** Applies pending migrations; returns the versions applied now. Safe to run concurrently. */
export async function migrate(url: string, options: { log?: (line: string) => void; dir?: string } = {}): Promise<string[]> {
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    // Migrations run as the non-superuser owner (like hosted `postgres`), so privilege mistakes
    // fail here too instead of only in production.
    if (await isSuperuser(client)) {
      const { rows } = await client.query(`select rolsuper from pg_roles where rolname = 'postgres'`);
      if (rows[0] && !rows[0].rolsuper) await client.query('set role postgres');
    }
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = new Set(
      (await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map(
        (r) => r.version
      )
    );
    for (const migration of await listMigrations(options.dir)) {
      if (done.has(migration.version)) continue;
      const sql = await fs.readFile(migration.file, 'utf8');
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query('insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)', [
          migration.version,
          migration.name,
          [sql]
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${path.basename(migration.file)} failed and was rolled back: ${(error as Error).message}`, {
          cause: error
        });
      }
      applied.push(migration.version);
      log(`applied ${path.basename(migration.file)}`);
    }
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  } finally {
    await client.end();
  }
  return applied;
}

export { LOCAL_APP_PASSWORD };
