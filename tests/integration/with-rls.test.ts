/**
 * The transaction wrapper every data path uses (web/lib/server/db/index.ts): BEGIN and the caller's
 * settings go to Postgres in one round trip as literals, so they must arrive exactly (quotes and
 * backslashes in claims included), hold for the whole transaction, and never outlive it on a pooled
 * connection.
 */
import { describe, expect, it } from 'vitest';
import { asServiceRole, getPool, sql, withRls } from '../../web/lib/server/db/index.ts';
import { claimsFor } from './support/db.ts';

interface Seen {
  role: string;
  email: string | null;
  sub: string | null;
  timeout: string;
  inTransaction: boolean;
}

const whoAmI = sql<Seen>`select current_user as role, auth.jwt()->>'email' as email, auth.uid()::text as sub,
  current_setting('statement_timeout') as timeout, now() = statement_timestamp() as "inTransaction"`;

describe('withRls and asServiceRole', () => {
  it("sets the caller's role and claims for the whole transaction, quotes and backslashes intact", async () => {
    const email = `o'brien\\x"y@example.com`;
    const claims = claimsFor('00000000-0000-4000-8000-0000000000b1', email, null);
    const [first, second] = await withRls(claims, async (tx) => {
      const a = (await whoAmI.execute(tx)).rows[0];
      await sql`select pg_sleep(0.01)`.execute(tx);
      const b = (await whoAmI.execute(tx)).rows[0];
      return [a, b];
    });
    expect(first).toMatchObject({ role: 'authenticated', email, sub: claims.sub, timeout: '8s' });
    // Same transaction: now() stays at the transaction's start while statements move on.
    expect(second).toMatchObject({ role: 'authenticated', email, inTransaction: false });

    const anon = await withRls(null, async (tx) => (await whoAmI.execute(tx)).rows[0]);
    expect(anon).toMatchObject({ role: 'anon', email: null, sub: null });
    const system = await asServiceRole('test', async (tx) => (await whoAmI.execute(tx)).rows[0]);
    expect(system.role).toBe('service_role');
  });

  it('leaves no identity on the pooled connections afterwards, also after a failed transaction', async () => {
    const claims = claimsFor('00000000-0000-4000-8000-0000000000b2', 'leak@example.com', 'admin');
    await withRls(claims, (tx) => whoAmI.execute(tx));
    await expect(
      withRls(claims, async (tx) => {
        await sql`select 1 / 0`.execute(tx);
      })
    ).rejects.toThrow(/division by zero/);
    // Every idle connection of the pool: hold them all at once so each one is checked.
    const pool = getPool();
    const clients = await Promise.all(Array.from({ length: pool.totalCount || 1 }, () => pool.connect()));
    try {
      for (const client of clients) {
        const { rows } = await client.query<{ claims: string | null; role: string }>(
          `select current_setting('request.jwt.claims', true) as claims, current_setting('role') as role`
        );
        expect(rows[0].claims ?? '').toBe('');
        expect(rows[0].role).toBe('none');
      }
    } finally {
      for (const client of clients) client.release();
    }
  });
});
