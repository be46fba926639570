/** Public URLs for sitemap.xml: published sessions and consultants who speak at them. */
import type { Tx } from '../db/index.ts';

export async function sitemapEntries(tx: Tx) {
  const [sessions, consultants] = await Promise.all([
    tx
      .selectFrom('sessions')
      .select(['slug', 'updated_at'])
      .where('status', 'in', ['published', 'live', 'completed'])
      .orderBy('starts_at', 'desc')
      .limit(45000)
      .execute(),
    tx
      .selectFrom('public_consultants as c')
      .select('c.slug')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('session_speakers as ss')
            .innerJoin('sessions as s', 's.id', 'ss.session_id')
            .select('ss.session_id')
            .whereRef('ss.consultant_id', '=', 'c.id')
        )
      )
      .orderBy('c.slug')
      .execute()
  ]);
  return { sessions, consultants };
}
