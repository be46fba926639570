/** Admin registrations management (issue 5, part 5): list, detail, actions and exports. */
export { AdminOnlyError, isRefusal } from './access.ts';
export { listRegistrations, PAGE_SIZE, type RegistrationList, type RegistrationListItem } from './list.ts';
export { getRegistrationDetail, type RegistrationDetail } from './detail.ts';
export {
  applyAction,
  applyBulkAction,
  markAttendance,
  resendEmail,
  RESENDABLE_KINDS,
  sendMessage,
  type ActionResult,
  type MessageOutcome,
  type ResendableKind
} from './actions.ts';
export { EXPORT_COLUMNS, exportRows, toCsv, toPdf, toXlsx, type ExportLabels, type ExportRow } from './export.ts';
