/** Cron job `waitlist.sweep` (every 2 hours): promote into free seats anything a transaction missed. */
import { sweepWaitlists } from '../../web/lib/server/registration/admin.ts';

export const WAITLIST_SWEEP_CRON = '0 */2 * * *';

export async function handleWaitlistSweep(): Promise<{ promoted: number; resent: number }> {
  const result = await sweepWaitlists();
  if (result.promoted > 0) console.log(`[worker] waitlist sweep promoted ${result.promoted}`);
  return result;
}
