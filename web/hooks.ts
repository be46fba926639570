import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '#lib/paraglide/runtime';

// /de/webinars and /webinars resolve to the same route; the locale comes from the URL.
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
