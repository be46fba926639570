/** Admin session services: list, guided create/edit flow, lifecycle, conflicts. */
export { listSessions, getSessionEditor, listTopicOptions, suggestConsultants } from './list.ts';
export type { SessionListItem, SessionEditorData, ConsultantSuggestion } from './list.ts';
export { createSessionDraft, saveSessionStep, cancelSession, duplicateSession } from './editor.ts';
export { findScheduleConflicts, type ScheduleConflict } from './conflicts.ts';
export type { SaveOutcome, Failure } from './types.ts';
export { ACTIVE_REGISTRATION_STATUSES } from './types.ts';
export { stepFormValues } from './forms.ts';
