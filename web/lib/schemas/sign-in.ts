import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';

/** Sign-in form; messages are built per request so they come out in the page language. */
export const signInSchema = () =>
  v.object({
    email: v.pipe(v.string(), v.trim(), v.maxLength(255, m.login_email_invalid()), v.email(m.login_email_invalid())),
    password: v.pipe(v.string(), v.minLength(1, m.login_password_required()), v.maxLength(200, m.login_invalid()))
  });
