/** What the filter bar offers: categories, speakers and expertise of sessions a visitor can see. */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import { catalogueGeneration, listening, startCatalogueChanges } from './changes.ts';

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

// Anonymous visitors all get the same choices, so one copy per server process serves them; it is
// dropped on any catalogue change (changes.ts) and after a minute at the latest. Signed-in users
// always query (RLS could show them more).
const OPTIONS_TTL_MS = 60_000;
let cached: { options: FilterOptions; generation: number; at: number } | null = null;

/** `loadFilterOptions`, from the process-wide copy for anonymous visitors. */
export async function filterOptionsFor(tx: Tx, anonymous: boolean): Promise<FilterOptions> {
  if (!anonymous) return loadFilterOptions(tx);
  void startCatalogueChanges();
  const generation = catalogueGeneration();
  if (cached && listening() && cached.generation === generation && Date.now() - cached.at < OPTIONS_TTL_MS) return cached.options;
  const options = await loadFilterOptions(tx);
  // Read under `generation`: keep it only if no change arrived meanwhile.
  if (listening() && generation === catalogueGeneration()) cached = { options, generation, at: Date.now() };
  return options;
}
