import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { auth } from '#server/auth/index.ts';
import type { RequestHandler } from './$types';

// POST only: a link or prefetch must never sign someone out.
export const POST: RequestHandler = async ({ cookies }) => {
  await auth().signOut(cookies);
  redirect(303, localizeHref('/webinars'));
};
