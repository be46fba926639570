/**
 * Admin registrations management: the list filters (URL query, shared by the list pages and the
 * exports) and the actions (single and bulk). Messages are built per request, in the page language.
 */
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';
import { knownPlaceholders } from './placeholders.ts';

export const REGISTRATION_STATUSES = [
  'pending_approval',
  'pending_payment',
  'confirmed',
  'waitlisted',
  'cancelled',
  'attended',
  'no_show'
] as const;
export type AdminRegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const BULK_ACTIONS = ['approve', 'reject', 'cancel', 'attended', 'no_show'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const EXPORT_PURPOSES = ['attendees', 'marketing'] as const;

/** At most this many rows in one bulk action (one page of the list is 50). */
export const BULK_LIMIT = 200;

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/** Filters as they come from the URL (all optional; '' means "not set"). */
export const registrationFiltersSchema = () =>
  v.object({
    session: v.optional(
      v.pipe(
        v.unknown(),
        v.transform(emptyToUndefined),
        v.optional(v.pipe(v.string(), v.uuid(m.adminreg_filter_session_invalid())))
      )
    ),
    status: v.optional(
      v.pipe(
        v.unknown(),
        v.transform(emptyToUndefined),
        v.optional(v.picklist(REGISTRATION_STATUSES, m.adminreg_filter_status_invalid()))
      )
    ),
    q: v.optional(
      v.pipe(
        v.unknown(),
        v.transform(emptyToUndefined),
        v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, m.adminreg_filter_q_invalid())))
      )
    ),
    marketing: v.optional(
      v.pipe(
        v.unknown(),
        v.transform(emptyToUndefined),
        v.optional(v.picklist(['yes', 'no'], m.adminreg_filter_marketing_invalid()))
      )
    ),
    page: v.optional(
      v.pipe(
        v.unknown(),
        v.transform(emptyToUndefined),
        v.optional(
          v.pipe(
            v.string(m.adminreg_filter_page_invalid()),
            v.regex(/^[1-9]\d{0,5}$/, m.adminreg_filter_page_invalid()),
            v.transform(Number)
          )
        )
      )
    ),
    purpose: v.optional(
      v.pipe(
        v.unknown(),
        v.transform(emptyToUndefined),
        v.optional(v.picklist(EXPORT_PURPOSES, m.adminreg_filter_purpose_invalid()))
      )
    )
  });

export interface RegistrationFilters {
  session?: string;
  status?: AdminRegistrationStatus;
  q?: string;
  marketing?: 'yes' | 'no';
  page?: number;
  purpose?: (typeof EXPORT_PURPOSES)[number];
}

/** Parses URL search params; `issues` holds the first localised message when a value is bad. */
export function parseRegistrationFilters(
  params: URLSearchParams
): { ok: true; filters: RegistrationFilters } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const key of ['session', 'status', 'q', 'marketing', 'page', 'purpose']) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const result = v.safeParse(registrationFiltersSchema(), raw);
  if (!result.success) return { ok: false, message: result.issues[0].message };
  const out = result.output as RegistrationFilters;
  if (out.q === '') delete out.q;
  return { ok: true, filters: out };
}

/** A bulk action on selected rows (checkboxes named `ids`). */
export const bulkActionSchema = () =>
  v.object({
    action: v.picklist(BULK_ACTIONS, m.adminreg_action_invalid()),
    ids: v.pipe(
      v.array(v.pipe(v.string(), v.uuid(m.adminreg_ids_invalid()))),
      v.minLength(1, m.adminreg_ids_required()),
      v.maxLength(BULK_LIMIT, m.adminreg_ids_too_many({ max: BULK_LIMIT }))
    ),
    reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500, m.adminreg_reason_too_long())), '')
  });

export type BulkActionInput = v.InferOutput<ReturnType<typeof bulkActionSchema>>;

/** Reads a bulk action form (no JavaScript needed: checkboxes and a submit button named `action`). */
export function parseBulkAction(
  form: FormData
): { ok: true; input: BulkActionInput } | { ok: false; message: string; field: string } {
  const raw = {
    action: form.get('action') ?? '',
    ids: form.getAll('ids').map(String),
    reason: String(form.get('reason') ?? '')
  };
  const result = v.safeParse(bulkActionSchema(), raw);
  if (!result.success) {
    const issue = result.issues[0];
    return { ok: false, message: issue.message, field: String(issue.path?.[0]?.key ?? 'ids') };
  }
  return { ok: true, input: result.output };
}

export const MESSAGE_LIMITS = { subject: 200, body: 5000 } as const;

/**
 * A message to the selected registrants (same checkboxes as the bulk actions). Subject and body may
 * use the email placeholders; unknown ones are refused by name, as in the settings' email texts.
 */
export const messageSchema = () => {
  const text = (label: string, max: number) =>
    v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, m.adminreg_message_required({ field: label })),
      v.maxLength(max, m.adminreg_message_too_long({ field: label, max })),
      knownPlaceholders((names, allowed) => m.adminreg_message_placeholders({ field: label, names, allowed }))
    );
  return v.object({
    ids: bulkActionSchema().entries.ids,
    subject: text(m.adminreg_message_subject(), MESSAGE_LIMITS.subject),
    body: text(m.adminreg_message_body(), MESSAGE_LIMITS.body)
  });
};

export type MessageInput = v.InferOutput<ReturnType<typeof messageSchema>>;

/** Reads the message form; on failure also hands back what was typed, so nothing is lost. */
export function parseMessage(
  form: FormData
): { ok: true; input: MessageInput } | { ok: false; message: string; field: string; subject: string; body: string } {
  const raw = {
    ids: form.getAll('ids').map(String),
    subject: String(form.get('subject') ?? ''),
    body: String(form.get('body') ?? '')
  };
  const result = v.safeParse(messageSchema(), raw);
  if (!result.success) {
    const issue = result.issues[0];
    return {
      ok: false,
      message: issue.message,
      field: String(issue.path?.[0]?.key ?? 'ids'),
      subject: raw.subject,
      body: raw.body
    };
  }
  return { ok: true, input: result.output };
}
