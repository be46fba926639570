/** The payload of a `registration.email` job, as the registration engine sends it. Ids only. */
import * as v from 'valibot';
import { REGISTRATION_EMAIL_KINDS } from '../../../emails/i18n.ts';

export const RegistrationEmailJobSchema = v.object({
  registrationId: v.pipe(v.string(), v.uuid()),
  kind: v.picklist(REGISTRATION_EMAIL_KINDS),
  /** Optional: a message that must legitimately go out again (e.g. an updated invite) gets version 2, 3, … */
  version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1)
});

export type RegistrationEmailJob = v.InferInput<typeof RegistrationEmailJobSchema>;
