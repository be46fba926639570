/**
 * The invitation page's set-password form. Bcrypt reads at most 72 bytes, so longer passwords are
 * refused rather than silently cut. Messages are built per request so they come out in the page language.
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_BYTES = 72;

export const invitationSchema = () =>
  v.pipe(
    v.object({
      password: v.pipe(
        v.string(),
        v.minLength(MIN_PASSWORD_LENGTH, m.invite_error_password_short({ min: MIN_PASSWORD_LENGTH })),
        v.check((value) => new TextEncoder().encode(value).length <= MAX_PASSWORD_BYTES, m.invite_error_password_long())
      ),
      confirm: v.string()
    }),
    v.forward(
      v.check((input) => input.password === input.confirm, m.invite_error_password_mismatch()),
      ['confirm']
    )
  );
