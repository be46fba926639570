import { afterAll, describe, expect, it } from 'vitest';
import { sql, withRls } from '../../web/lib/server/db/index.ts';
import { closeJobClient, jobClient, sendInTransaction } from '../../web/lib/server/jobs/index.ts';

afterAll(async () => {
  await closeJobClient();
});

describe('sending jobs inside a transaction', () => {
  it('commits the job with the change and restores the caller role afterwards', async () => {
    const { ids, roleAfter } = await withRls(null, async (tx) => {
      const ids = await sendInTransaction(tx, [{ name: 'system.ping', data: { probe: 'commit' } }]);
      const { rows } = await sql<{ role: string }>`select current_user as role`.execute(tx);
      return { ids, roleAfter: rows[0].role };
    });
    expect(roleAfter).toBe('anon');
    expect(ids).toHaveLength(1);
    const job = await (await jobClient()).getJobById('system.ping', ids[0]);
    expect(job?.data).toEqual({ probe: 'commit' });
  });

  it('leaves no job behind when the transaction rolls back', async () => {
    let sentId = '';
    await expect(
      withRls(null, async (tx) => {
        [sentId] = await sendInTransaction(tx, [{ name: 'system.ping', data: { probe: 'rollback' } }]);
        throw new Error('the change failed after the job was sent');
      })
    ).rejects.toThrow('the change failed');
    expect(sentId).toBeTruthy();
    expect(await (await jobClient()).getJobById('system.ping', sentId)).toBeNull();
  });
});
