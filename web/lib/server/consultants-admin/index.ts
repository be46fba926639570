/** Consultant management for the program manager: directory, profile editor, lifecycle. */
export { listConsultants } from './directory.ts';
export {
  addUnavailablePeriod,
  createConsultant,
  getConsultantForEditor,
  removeUnavailablePeriod,
  setConsultantActive,
  updateConsultant,
  type ActiveOutcome,
  type SaveOutcome
} from './editor.ts';
