/** Public consultant profiles (public view columns only) with computed figures. */
import type { Tx } from '../db/index.ts';

export async function listSpeakerProfiles(tx: Tx, consultantIds: string[]) {
  if (consultantIds.length === 0) return [];
  return profileQuery(tx).where('c.id', 'in', consultantIds).execute();
}

function profileQuery(tx: Tx) {
  return tx
    .selectFrom('public_consultants as c')
    .leftJoin('public_consultant_stats as st', 'st.consultant_id', 'c.id')
    .select([
      'c.id',
      'c.slug',
      'c.first_name',
      'c.last_name',
      'c.title',
      'c.biography',
      'c.company',
      'c.position',
      'c.expertise',
      'c.photo_url',
      'c.linkedin_url',
      'c.website_url',
      'c.consultant_type',
      'c.linkedin_headline',
      'c.certifications',
      'c.education',
      'c.publications',
      'c.speaking_experience_years',
      'c.available_for_consultations',
      'c.availability_status',
      'c.next_available_date',
      'st.sessions_held',
      'st.attendees_reached',
      'st.rating_avg',
      'st.rating_count'
    ]);
}

export type SpeakerProfile = Awaited<ReturnType<typeof listSpeakerProfiles>>[number];

/** One active consultant by slug; undefined for unknown or inactive ones. */
export async function getConsultantProfile(tx: Tx, slug: string) {
  return profileQuery(tx).where('c.slug', '=', slug).executeTakeFirst();
}
