import { afterAll, inject } from 'vitest';
import { closeDb } from '../../../web/lib/server/db/index.ts';
import { closeOwnerPool } from './db.ts';

// The app's db module reads DATABASE_URL lazily, so setting it here points it at the test cluster.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.SUPABASE_JWT_SECRET ??= 'integration-tests-secret-0123456789abcdef';

afterAll(async () => {
  await closeDb();
  await closeOwnerPool();
});
