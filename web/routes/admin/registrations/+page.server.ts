import { bulkAction, loadList, messageAction } from './list.server.ts';
import type { Actions, PageServerLoad } from './$types';

// The hooks guard limits /admin to admins; the services ask the database again (app.is_admin()).
export const load: PageServerLoad = (event) => loadList(event);

export const actions: Actions = { bulk: bulkAction, message: messageAction };
