/** The public consultant profile page: public view columns, computed figures, sessions. */
import type { Tx } from '../db/index.ts';
import { getConsultantProfile } from './profiles.ts';
import { pastWithConsultant, upcomingWithConsultant } from './related.ts';

export async function getConsultantPage(tx: Tx, slug: string) {
  const profile = await getConsultantProfile(tx, slug);
  if (!profile?.id) return undefined;
  const [upcoming, past] = await Promise.all([
    upcomingWithConsultant(tx, profile.id, [], 24),
    pastWithConsultant(tx, profile.id)
  ]);
  return { profile, upcoming, past };
}
