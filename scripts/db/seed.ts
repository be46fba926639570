/** Loads supabase/seed.sql (demo data) into an empty database, in one transaction. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEED_FILE = path.join(root, 'supabase/seed.sql');

/** True when the database has no sessions yet (a fresh install). */
export async function isEmpty(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select not exists (select from public.sessions) as empty');
    return rows[0].empty;
  } finally {
    await client.end();
  }
}

/** Runs seed.sql; rolls back completely if any statement fails. */
export async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(await fs.readFile(SEED_FILE, 'utf8'));
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
