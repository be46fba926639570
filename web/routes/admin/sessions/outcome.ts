/** Maps session service outcomes onto forms: localised messages (conflicts listed) and HTTP statuses. */
import { fail } from '@sveltejs/kit';
import { message, type SuperValidated } from 'sveltekit-superforms';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import type { SessionMessage } from '#lib/schemas/session-steps.ts';
import type { Failure, ScheduleConflict } from '#server/sessions-admin/index.ts';
import { statusLabel } from './labels.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Form = SuperValidated<any, SessionMessage>;

/** One conflict as a sentence naming the consultant and the session or period, in zone `tz`. */
export function conflictText(c: ScheduleConflict, tz: string): string {
  const zone = Intl.supportedValuesOf('timeZone').includes(tz) ? tz : 'UTC';
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the zone is appended.
  const format = new Intl.DateTimeFormat(getLocale(), { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
  const start = format.format(c.startsAt);
  const end = `${format.format(c.endsAt)} (${zone})`;
  if (c.kind === 'session') {
    const title = (getLocale() === 'de' ? c.title?.de : undefined) ?? c.title?.en ?? '';
    return m.adminsession_error_conflict_session({ consultant: c.consultantName, title, start, end });
  }
  return m.adminsession_error_conflict_unavailable({
    consultant: c.consultantName,
    start,
    end,
    reason: c.reason ? ` (${c.reason})` : ''
  });
}

const RULES: Record<string, () => string> = {
  sessions_registration_opens_before_end: m.adminsession_error_rule_window_end,
  sessions_registration_closes_before_end: m.adminsession_error_rule_window_end,
  sessions_early_bird_deadline_before_start: m.adminsession_error_rule_early_bird_start
};

/** The message and status for a refused save; the form keeps what the admin typed. */
export function failSave(form: Form, outcome: Failure, tz: string) {
  const error = (text: string, status: 400 | 403 | 404 | 409, conflicts?: string[]) =>
    message(form, { type: 'error', text, conflicts }, { status });
  switch (outcome.kind) {
    case 'stale':
      return error(m.adminsession_error_stale({ version: outcome.currentVersion }), 409);
    case 'not_found':
      return error(m.adminsession_error_not_found(), 404);
    case 'forbidden':
      return error(m.adminsession_error_forbidden(), 403);
    case 'final':
      return error(m.adminsession_final({ status: statusLabel(outcome.status) }), 409);
    case 'conflict':
      return error(
        m.adminsession_error_conflict(),
        409,
        outcome.conflicts.map((c) => conflictText(c, tz))
      );
    case 'capacity_below':
      return error(m.adminsession_error_capacity_below({ taken: Math.max(outcome.taken, 0) }), 409);
    case 'needs_primary':
      return error(m.adminsession_error_needs_primary(), 409);
    case 'has_registrations':
      return error(m.adminsession_error_has_registrations(), 409);
    case 'rejected':
      return error(RULES[outcome.rule]?.() ?? m.adminsession_error_rejected({ rule: outcome.rule }), 400);
  }
}

/** The form is invalid: a summary on top of the field errors, status 400, nothing stored. */
export function failInvalid(form: Form) {
  form.message = { type: 'error', text: m.adminsession_error_form() };
  return fail(400, { form });
}
