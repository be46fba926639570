/**
 * One throwaway, migrated and seeded PostgreSQL 17 for the whole integration run. Test files build
 * their own rows with the factories in ./factories.ts and never depend on each other.
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '../../../scripts/db/embedded.ts';
import { bootstrap, migrate } from '../../../scripts/db/migrate.ts';
import { seed } from '../../../scripts/db/seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startThrowawayPostgres();
  await bootstrap(cluster.adminUrl, { appPassword: 'postgres' });
  await migrate(cluster.appUrl);
  await seed(cluster.appUrl);
  project.provide('databaseUrl', cluster.appUrl);
  project.provide('adminDatabaseUrl', cluster.adminUrl);
  return async () => {
    await cluster.stop();
  };
}
