import fs from 'node:fs/promises';
import pg from 'pg';
import { startThrowawayPostgres } from '../scripts/db/embedded.ts';
import { bootstrap, migrate } from '../scripts/db/migrate.ts';
const c = await startThrowawayPostgres();
try {
  await bootstrap(c.adminUrl, { appPassword: 'postgres' });
  console.log('first', await migrate(c.appUrl));
  console.log('second', await migrate(c.appUrl));
  const client = new pg.Client({ connectionString: c.appUrl });
  await client.connect();
  if (process.argv[2]) {
    const seed = await fs.readFile('supabase/seed.sql', 'utf8');
    const t = Date.now();
    await client.query('begin'); await client.query(seed); await client.query('commit');
    console.log('seeded in', Date.now() - t, 'ms');
  }
  if (process.argv[3]) {
    const sql = await fs.readFile(process.argv[3], 'utf8');
    for (const stmt of sql.split(/;\s*\n--next\n/)) {
      try {
        const r: any = await client.query(stmt);
        const results = Array.isArray(r) ? r : [r];
        for (const x of results) if (x.rows?.length) console.log(JSON.stringify(x.rows));
      } catch (e: any) { console.log('ERR', e.code, e.constraint ?? '', e.message); await client.query('rollback').catch(() => {}); }
    }
  }
  await client.end();
} finally { await c.stop(); }
