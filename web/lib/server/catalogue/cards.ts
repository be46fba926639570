/** The session card shape shared by the catalogue, related sessions and consultant profiles. */
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { TranslatedText } from '../../i18n/text.ts';
import type { Tx } from '../db/index.ts';

export interface CardSpeaker {
  id: string;
  slug: string;
  first_name: string;
  last_name: string;
  title: string | null;
  position: string | null;
  company: string | null;
  photo_url: string | null;
  expertise: string[];
  consultant_type: string;
  available_for_consultations: boolean;
  role: 'primary' | 'panelist' | 'moderator';
  rating_avg: number | null;
  rating_count: number;
}

/**
 * Sessions joined to their topic with everything a card shows. Only public columns of sessions
 * (anon has column grants) and the public consultant view.
 */
export function cardQuery(tx: Tx) {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('topics as t', 't.id', 's.topic_id')
    .select([
      's.id',
      's.slug',
      's.status',
      's.session_type',
      's.language',
      's.starts_at',
      's.ends_at',
      's.timezone',
      's.duration_minutes',
      's.price',
      's.currency',
      's.early_bird_price',
      's.early_bird_deadline',
      's.capacity',
      's.seats_left',
      's.allow_waitlist',
      's.registration_opens_at',
      's.registration_closes_at',
      's.primary_expertise',
      's.recording_url',
      't.category',
      't.difficulty',
      't.thumbnail_url'
    ])
    .select(sql<TranslatedText>`coalesce(s.title, t.title)`.as('title'))
    .select(sql<TranslatedText>`coalesce(s.description, t.description)`.as('description'))
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('session_speakers as ss')
          .innerJoin('public_consultants as c', 'c.id', 'ss.consultant_id')
          // Rated per speaker (a function, not public_consultant_stats, which aggregates everyone).
          .leftJoinLateral(
            (eb) =>
              eb
                .selectFrom(
                  sql<{ rating_avg: number | null; rating_count: number }>`public.consultant_rating(${sql.ref('c.id')})`.as('r')
                )
                .selectAll('r')
                .as('st'),
            (join) => join.onTrue()
          )
          .select([
            'c.id',
            'c.slug',
            'c.first_name',
            'c.last_name',
            'c.title',
            'c.position',
            'c.company',
            'c.photo_url',
            'c.expertise',
            'c.consultant_type',
            'c.available_for_consultations',
            'ss.role',
            'st.rating_avg',
            sql<number>`coalesce(st.rating_count, 0)`.as('rating_count')
          ])
          .whereRef('ss.session_id', '=', 's.id')
          // Primary first, then panelists, then the moderator, each in their set order.
          .orderBy(sql`case ss.role when 'primary' then 0 when 'panelist' then 1 else 2 end`)
          .orderBy('ss.position')
      )
        .$castTo<CardSpeaker[]>()
        .as('speakers')
    );
}

export type CatalogueCard = Awaited<ReturnType<ReturnType<typeof cardQuery>['execute']>>[number];
