import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { PageServerLoad } from './$types';

// The session's page is its review step (summary, publishing, duplicate, cancel).
export const load: PageServerLoad = ({ params }) => redirect(307, localizeHref(`/admin/sessions/${params.id}/edit/review`));
