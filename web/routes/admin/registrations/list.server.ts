/** Shared by /admin/registrations and /admin/sessions/[id]/registrations: load and the bulk action. */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import {
  parseBulkAction,
  parseMessage,
  parseRegistrationFilters,
  type RegistrationFilters
} from '#lib/schemas/admin-registrations.ts';
import { applyBulkAction, isRefusal, listRegistrations, sendMessage } from '#server/admin-registrations/index.ts';

export async function loadList(event: Pick<RequestEvent, 'locals' | 'url'>, sessionId?: string) {
  const parsed = parseRegistrationFilters(event.url.searchParams);
  if (!parsed.ok) error(400, parsed.message);
  const filters: RegistrationFilters = sessionId ? { ...parsed.filters, session: sessionId } : parsed.filters;
  try {
    const list = await listRegistrations(event.locals.claims, filters);
    if (sessionId && !list.session) error(404, m.error_not_found());
    if (list.page > list.pages) error(404, m.error_not_found());
    return { list, filters };
  } catch (e) {
    if (isRefusal(e)) error(403, m.error_forbidden());
    throw e;
  }
}

/** Form action `?/bulk`: checkboxes `ids`, a submit button `action`, an optional `reason`. */
export async function bulkAction({ locals, request }: Pick<RequestEvent, 'locals' | 'request'>) {
  const parsed = parseBulkAction(await request.formData());
  if (!parsed.ok) return fail(400, { bulkError: parsed.message, bulkField: parsed.field });
  try {
    const results = await applyBulkAction(locals.claims, parsed.input.action, parsed.input.ids, parsed.input.reason);
    return {
      bulk: {
        action: parsed.input.action,
        done: results.filter((r) => r.ok).length,
        refused: results.flatMap((r) => (r.ok ? [] : [{ id: r.id, reason: r.reason }]))
      }
    };
  } catch (e) {
    if (isRefusal(e)) error(403, m.error_forbidden());
    throw e;
  }
}

/** Form action `?/message`: the same checkboxes, a subject and a body; one transaction for everyone. */
export async function messageAction({ locals, request }: Pick<RequestEvent, 'locals' | 'request'>) {
  const parsed = parseMessage(await request.formData());
  if (!parsed.ok) {
    return fail(400, {
      messageError: parsed.message,
      messageField: parsed.field,
      messageValues: { subject: parsed.subject, body: parsed.body }
    });
  }
  try {
    const outcome = await sendMessage(locals.claims, parsed.input);
    if (!outcome) {
      return fail(409, {
        messageError: m.adminreg_message_nobody(),
        messageField: 'ids',
        messageValues: { subject: parsed.input.subject, body: parsed.input.body }
      });
    }
    return { messageSent: { sent: outcome.sent.length, skipped: outcome.skipped.length } };
  } catch (e) {
    if (isRefusal(e)) error(403, m.error_forbidden());
    throw e;
  }
}
