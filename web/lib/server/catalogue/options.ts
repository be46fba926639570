/** What the filter bar offers: categories, speakers and expertise of sessions a visitor can see. */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';

export interface FilterOptions {
  categories: string[];
  speakers: { id: string; slug: string; name: string }[];
  expertise: string[];
}

const VISIBLE = ['published', 'live', 'completed'] as const;

/** The choices, from data (RLS limits them to public sessions). */
export async function loadFilterOptions(tx: Tx): Promise<FilterOptions> {
  const [categories, speakers] = await Promise.all([
    tx
      .selectFrom('topics as t')
      .select('t.category')
      .distinct()
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('sessions as s')
            .select(sql`1`.as('one'))
            .whereRef('s.topic_id', '=', 't.id')
            .where('s.status', 'in', VISIBLE)
        )
      )
      .orderBy('t.category')
      .execute(),
    tx
      .selectFrom('public_consultants as c')
      .select(['c.id', 'c.slug', 'c.first_name', 'c.last_name', 'c.expertise'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('session_speakers as ss')
            .innerJoin('sessions as s', 's.id', 'ss.session_id')
            .select(sql`1`.as('one'))
            .whereRef('ss.consultant_id', '=', 'c.id')
            .where('s.status', 'in', VISIBLE)
        )
      )
      .orderBy('c.last_name')
      .orderBy('c.first_name')
      .execute()
  ]);
  // View columns are typed nullable; the view never returns null ids, slugs or lists.
  const expertise = [...new Set(speakers.flatMap((s) => s.expertise ?? []))].sort((a, b) => a.localeCompare(b));
  return {
    categories: categories.map((c) => c.category),
    speakers: speakers.map((s) => ({ id: s.id!, slug: s.slug!, name: `${s.first_name} ${s.last_name}` })),
    expertise
  };
}
