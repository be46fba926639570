/** The registration engine's public surface (see docs/REGISTRATION.md). */
export { registerAttendee } from './register.ts';
export { cancelByToken, eraseByToken, exportByToken, registrationByToken, updateByToken } from './manage.ts';
export {
  approveRegistration,
  cancelRegistration,
  promoteFromWaitlist,
  queuePromotionEmails,
  rejectRegistration,
  rotateManageToken,
  sweepWaitlists
} from './admin.ts';
export type * from './types.ts';
