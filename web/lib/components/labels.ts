/** Localised labels for the catalogue's enum values (unknown values are shown as they are). */
import { m } from '#lib/paraglide/messages.js';

type Labels = Record<string, () => string>;
const lookup = (labels: Labels) => (value: string) => labels[value]?.() ?? value;

export const difficultyLabel = lookup({
  beginner: () => m.catalogue_difficulty_beginner(),
  intermediate: () => m.catalogue_difficulty_intermediate(),
  advanced: () => m.catalogue_difficulty_advanced()
});

export const sessionTypeLabel = lookup({
  'single-speaker': () => m.catalogue_session_type_single_speaker(),
  'panel-discussion': () => m.catalogue_session_type_panel_discussion(),
  workshop: () => m.catalogue_session_type_workshop(),
  'q-and-a': () => m.catalogue_session_type_q_and_a()
});

export const consultantTypeLabel = lookup({
  internal: () => m.catalogue_consultant_type_internal(),
  external: () => m.catalogue_consultant_type_external(),
  partner: () => m.catalogue_consultant_type_partner()
});

export const panelSizeLabel = lookup({
  single: () => m.catalogue_panel_size_single(),
  'small-panel': () => m.catalogue_panel_size_small_panel(),
  'large-panel': () => m.catalogue_panel_size_large_panel()
});

export const timeframeLabel = lookup({
  'all-upcoming': () => m.catalogue_timeframe_all_upcoming(),
  'this-week': () => m.catalogue_timeframe_this_week(),
  'this-month': () => m.catalogue_timeframe_this_month(),
  past: () => m.catalogue_timeframe_past()
});

export const languageLabel = (value: string) => (value === 'de' ? m.catalogue_language_de() : m.catalogue_language_en());

export const roleLabel = (role: string) =>
  role === 'moderator' ? m.role_moderator() : role === 'panelist' ? m.role_panelist() : m.role_primary();

/** "(in English)" after a text shown in the other language. */
export const fallbackMarker = (lang: string) => (lang === 'de' ? m.catalogue_text_in_de() : m.catalogue_text_in_en());
