/**
 * Brings a database to a runnable state: the embedded cluster when DATABASE_URL is unset (persistent in
 * .data/ or throwaway), the compat bootstrap where needed, migrations, and demo data on a fresh
 * embedded database.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_APP_PASSWORD, startEmbeddedPostgres, startThrowawayPostgres, type EmbeddedCluster } from './embedded.ts';
import { bootstrap, migrate } from './migrate.ts';
import { isEmpty, seed } from './seed.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface PreparedDatabase {
  url: string;
  /** Local JWT secret for the embedded database (stable across restarts so sign-ins survive). */
  jwtSecret?: string;
  cluster?: EmbeddedCluster;
  seeded: boolean;
}

async function localSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'jwt-secret');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const secret = crypto.randomBytes(32).toString('base64url');
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

export async function prepareDatabase(options: {
  ephemeral?: boolean;
  seed?: boolean;
  log?: (line: string) => void;
}): Promise<PreparedDatabase> {
  const log = options.log ?? ((line: string) => console.log(line));
  const external = process.env.DATABASE_URL;
  if (external) {
    await bootstrap(external);
    await migrate(external, { log });
    let seeded = false;
    if (options.seed && (await isEmpty(external))) {
      await seed(external);
      seeded = true;
    }
    return { url: external, seeded };
  }
  const dataDir = path.resolve(process.env.MAGNETIQ_DATA_DIR ?? path.join(root, '.data'));
  const cluster = options.ephemeral
    ? await startThrowawayPostgres()
    : await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
        persistent: true,
        quiet: true
      });
  try {
    await bootstrap(cluster.adminUrl, { appPassword: LOCAL_APP_PASSWORD });
    await migrate(cluster.appUrl, { log });
    let seeded = false;
    if (options.seed !== false && (await isEmpty(cluster.appUrl))) {
      await seed(cluster.appUrl);
      seeded = true;
      log('loaded demo data (supabase/seed.sql)');
    }
    const jwtSecret = options.ephemeral ? crypto.randomBytes(32).toString('base64url') : await localSecret(dataDir);
    return { url: cluster.appUrl, jwtSecret, cluster, seeded };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
