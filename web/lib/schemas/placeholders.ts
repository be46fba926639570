/** The valibot check shared by every admin-written email text: only the known {placeholders}. */
import * as v from 'valibot';
import { EMAIL_PLACEHOLDERS, unknownPlaceholders } from '../../../emails/placeholders.ts';

/** Refuses unknown placeholders; `message` gets the offending names and the allowed ones, both as "{a}, {b}". */
export const knownPlaceholders = (message: (names: string, allowed: string) => string) =>
  v.check<string, (issue: v.CheckIssue<string>) => string>(
    (value) => unknownPlaceholders(value).length === 0,
    (issue) =>
      message(
        unknownPlaceholders(String(issue.input))
          .map((n) => `{${n}}`)
          .join(', '),
        EMAIL_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')
      )
  );
