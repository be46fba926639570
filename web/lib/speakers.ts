/** Speakers as the public pages show them (cards, profiles, the Open Graph image). */

interface Named {
  title: string | null;
  first_name: string | null;
  last_name: string | null;
}

/** Display name with the academic title: "Dr. Anna Schmidt". */
export const speakerName = (p: Named) => `${p.title ? `${p.title} ` : ''}${p.first_name} ${p.last_name}`;

/** The speakers on stage: everyone but the moderator (also what the panel-size filter counts). */
export const onStage = <T extends { role: string }>(speakers: T[]) => speakers.filter((s) => s.role !== 'moderator');
