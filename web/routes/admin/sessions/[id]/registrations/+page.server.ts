import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { isUuid } from '#server/registration/errors.ts';
import { bulkAction, loadList, messageAction } from '../../../registrations/list.server.ts';
import type { Actions, PageServerLoad } from './$types';

// One session's registrations: the same list with the session filter fixed by the URL.
export const load: PageServerLoad = (event) => {
  if (!isUuid(event.params.id)) error(404, m.error_not_found());
  return loadList(event, event.params.id);
};

export const actions: Actions = { bulk: bulkAction, message: messageAction };
