import type { RequestHandler } from './$types';

/**
 * Public catalogue pages are for everyone; staff areas, sign-in, invitations and personal
 * registration links are not. A route rather than a static file because the Sitemap line needs the
 * absolute public URL, which only the configured origin knows.
 */
const PRIVATE = ['/admin', '/consultant$', '/consultant/', '/registrations', '/login', '/invite'];

export const GET: RequestHandler = ({ url }) => {
  const lines = ['User-agent: *'];
  for (const path of PRIVATE) lines.push(`Disallow: ${path}`, `Disallow: /de${path}`);
  lines.push('Disallow: /*/calendar.ics$', '', `Sitemap: ${url.origin}/sitemap.xml`, '');
  return new Response(lines.join('\n'), {
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' }
  });
};
