/** Localised names of topic difficulties and statuses (shared by the admin topic pages). */
import { m } from '#lib/paraglide/messages.js';

export const difficultyLabel = (value: string): string =>
  ({
    beginner: m.admintopic_difficulty_beginner(),
    intermediate: m.admintopic_difficulty_intermediate(),
    advanced: m.admintopic_difficulty_advanced()
  })[value] ?? value;

export const statusLabel = (value: string): string =>
  ({
    draft: m.admintopic_status_draft(),
    active: m.admintopic_status_active(),
    archived: m.admintopic_status_archived()
  })[value] ?? value;
