import { sitemapEntries } from '#server/catalogue/sitemap.ts';
import { withRls } from '#server/db/index.ts';
import type { RequestHandler } from './$types';

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Published sessions and consultants, each with its English and German URL (hreflang). */
export const GET: RequestHandler = async ({ locals, url }) => {
  const { sessions, consultants } = await withRls(locals.claims, (tx) => sitemapEntries(tx));
  const entry = (path: string, lastmod?: Date) => {
    const en = url.origin + path;
    const de = `${url.origin}/de${path}`;
    const alternates = `<xhtml:link rel="alternate" hreflang="en" href="${escapeXml(en)}"/><xhtml:link rel="alternate" hreflang="de" href="${escapeXml(de)}"/>`;
    const mod = lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : '';
    return [en, de].map((loc) => `<url><loc>${escapeXml(loc)}</loc>${mod}${alternates}</url>`).join('\n');
  };
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    entry('/webinars'),
    ...sessions.map((s) => entry(`/webinars/${s.slug}`, s.updated_at)),
    ...consultants.map((c) => entry(`/consultants/${c.slug}`)),
    '</urlset>'
  ].join('\n');
  return new Response(body, {
    headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' }
  });
};
