/** Everything the landing page of one session shows, read as the visitor (RLS) in one transaction. */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import { cardQuery } from './cards.ts';
import { listSpeakerProfiles } from './profiles.ts';
import { upcomingInCategory, upcomingWithConsultant } from './related.ts';
import { withState } from './state.ts';

const PUBLIC_STATUSES = ['published', 'live', 'completed', 'cancelled'] as const;

export async function getLandingPage(tx: Tx, slug: string) {
  const row = await cardQuery(tx)
    .select([
      's.topic_id',
      't.learning_objectives',
      't.prerequisites',
      't.target_audience',
      't.tags',
      's.agenda',
      's.cancellation_reason',
      's.materials_url',
      's.slides_url',
      's.requires_approval',
      's.social_copy',
      's.updated_at',
      's.version'
    ])
    .select(sql<string | null>`coalesce(s.promotional_image_url, t.promotional_image_url)`.as('image_url'))
    .where('s.slug', '=', slug)
    .where('s.status', 'in', [...PUBLIC_STATUSES])
    .executeTakeFirst();
  if (!row) return undefined;
  const session = withState(row);

  const primary = session.speakers.find((s) => s.role === 'primary');
  const [profiles, withConsultant, topicFigures, sessionRating] = await Promise.all([
    listSpeakerProfiles(
      tx,
      session.speakers.map((s) => s.id)
    ),
    primary ? upcomingWithConsultant(tx, primary.id, [session.id]) : Promise.resolve([]),
    // Social proof from real numbers: people who attended earlier sessions of the same topic.
    tx
      .selectFrom('sessions')
      .select(sql<number>`coalesce(sum(attended_count), 0)::integer`.as('attendees'))
      .where('topic_id', '=', session.topic_id)
      .where('status', '=', 'completed')
      .where('id', '<>', session.id)
      .executeTakeFirstOrThrow(),
    tx
      .selectFrom('public_session_ratings')
      .select(['rating_avg', 'rating_count'])
      .where('session_id', '=', session.id)
      .executeTakeFirst()
  ]);
  const inCategory = await upcomingInCategory(tx, session.category, [session.id, ...withConsultant.map((s) => s.id)]);
  // Speakers in the session's order (primary, panelists, moderator).
  const speakers = session.speakers.flatMap((s) => {
    const profile = profiles.find((p) => p.id === s.id);
    return profile ? [{ ...profile, role: s.role }] : [];
  });
  return {
    session,
    speakers,
    related: {
      consultant: primary ? { name: `${primary.first_name} ${primary.last_name}`, sessions: withConsultant } : null,
      category: inCategory
    },
    proof: { previousAttendees: topicFigures.attendees, sessionRating: sessionRating ?? null }
  };
}

export type LandingPage = NonNullable<Awaited<ReturnType<typeof getLandingPage>>>;
