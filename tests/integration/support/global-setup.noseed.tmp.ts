import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '../../../scripts/db/embedded.ts';
import { bootstrap, migrate } from '../../../scripts/db/migrate.ts';
import { seed } from '../../../scripts/db/seed.ts';

export default async function setup(project: TestProject) {
  const cluster = await startThrowawayPostgres();
  await bootstrap(cluster.adminUrl, { appPassword: 'postgres' });
  await migrate(cluster.appUrl);
  if (process.env.SABOTAGE) { const pg = (await import('pg')).default; const c = new pg.Client({ connectionString: cluster.appUrl }); await c.connect(); await c.query(process.env.SABOTAGE); await c.end(); }
  if (fs.existsSync('supabase/seed.sql')) await seed(cluster.appUrl);
  project.provide('databaseUrl', cluster.appUrl);
  project.provide('adminDatabaseUrl', cluster.adminUrl);
  return async () => {
    await cluster.stop();
  };
}
