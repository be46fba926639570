import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThrowawayPostgres, type EmbeddedCluster } from '../../scripts/db/embedded.ts';
import { bootstrap, listMigrations, migrate } from '../../scripts/db/migrate.ts';

// Its own cluster: these tests start from an empty database, which the shared one is not.
let cluster: EmbeddedCluster;

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  cluster = await startThrowawayPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('compat bootstrap and migrations', () => {
  it('applies every migration from zero as the non-superuser owner, and a second run is a no-op', async () => {
    expect(await bootstrap(cluster.adminUrl, { appPassword: 'postgres' })).toBe('applied');
    // Idempotent: a second bootstrap changes nothing and does not fail.
    expect(await bootstrap(cluster.adminUrl, { appPassword: 'postgres' })).toBe('applied');

    const files = await listMigrations();
    const applied = await migrate(cluster.appUrl);
    expect(applied).toEqual(files.map((f) => f.version));
    expect(await migrate(cluster.appUrl)).toEqual([]);

    const rows = await query<{ version: string; name: string }>(
      cluster.appUrl,
      'select version, name from supabase_migrations.schema_migrations order by version'
    );
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));

    // The owner is not a superuser, as on hosted Supabase.
    const [owner] = await query<{ rolsuper: boolean }>(
      cluster.appUrl,
      `select rolsuper from pg_roles where rolname = current_user`
    );
    expect(owner.rolsuper).toBe(false);
    const [table] = await query<{ owner: string }>(
      cluster.appUrl,
      `select tableowner as owner from pg_tables where tablename = 'sessions'`
    );
    expect(table.owner).toBe('postgres');
  });

  it('provides the Supabase pieces the app relies on', async () => {
    const [row] = await query<Record<string, boolean>>(
      cluster.appUrl,
      `select
         exists (select from pg_roles where rolname = 'anon') as anon,
         exists (select from pg_roles where rolname = 'authenticated') as authenticated,
         (select rolbypassrls from pg_roles where rolname = 'service_role') as service_role_bypasses_rls,
         pg_has_role('authenticator', 'anon', 'member') as authenticator_can_be_anon,
         to_regclass('auth.users') is not null as auth_users,
         to_regclass('realtime.messages') is not null as realtime_messages,
         exists (select from pg_publication where pubname = 'supabase_realtime') as publication`
    );
    expect(row).toEqual({
      anon: true,
      authenticated: true,
      service_role_bypasses_rls: true,
      authenticator_can_be_anon: true,
      auth_users: true,
      realtime_messages: true,
      publication: true
    });
    const [claims] = await query<{ uid: string; role: string; email: string }>(
      cluster.appUrl,
      `select set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-8000-0000000000aa","role":"authenticated","email":"a@b.de"}', false),
              auth.uid()::text as uid, auth.role() as role, auth.email() as email`
    );
    expect(claims).toMatchObject({ uid: '00000000-0000-4000-8000-0000000000aa', role: 'authenticated', email: 'a@b.de' });
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'magnetiq-migrations-'));
    const existing = await listMigrations();
    for (const m of existing) await fs.copyFile(m.file, path.join(dir, path.basename(m.file)));
    await fs.writeFile(
      path.join(dir, '29991231000000_break_things.sql'),
      'create table public.half_done (id int);\ninsert into public.half_done values (1);\nselect 1 / 0;\n'
    );
    await expect(migrate(cluster.appUrl, { dir })).rejects.toThrow(/29991231000000_break_things.sql failed and was rolled back/);
    const [row] = await query<{ table_exists: boolean; recorded: boolean }>(
      cluster.appUrl,
      `select to_regclass('public.half_done') is not null as table_exists,
              exists (select from supabase_migrations.schema_migrations where version = '29991231000000') as recorded`
    );
    expect(row).toEqual({ table_exists: false, recorded: false });
    await fs.rm(dir, { recursive: true, force: true });
  });
});

describe('Supabase CLI compatibility', () => {
  it('the real Supabase CLI applies supabase/migrations to a bootstrapped database, and our migrator agrees', async () => {
    const other = await startThrowawayPostgres();
    try {
      await bootstrap(other.adminUrl, { appPassword: 'postgres' });
      const root = path.resolve(import.meta.dirname, '../..');
      const { stdout } = await promisify(execFile)(
        path.join(root, 'node_modules/.bin/supabase'),
        ['migration', 'up', `--remote=${other.appUrl}`, '--yes'],
        { cwd: root, env: { ...process.env, PGSSLMODE: 'disable', DO_NOT_TRACK: '1' } }
      );
      expect(stdout).toContain('Remote database is up to date');
      const versions = (await listMigrations()).map((m) => m.version);
      const rows = await query<{ version: string }>(
        other.appUrl,
        'select version from supabase_migrations.schema_migrations order by version'
      );
      expect(rows.map((r) => r.version)).toEqual(versions);
      // Same bookkeeping table: nothing left for our migrator to do.
      expect(await migrate(other.appUrl)).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
