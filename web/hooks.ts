import type { Reroute } from '@sveltejs/kit/hooks';
import { deLocalizeUrl } from '#lib/paraglide/runtime.js';

// /de/webinars and /webinars resolve to the same route; the locale comes from the URL.
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
