import { m } from '#lib/paraglide/messages.js';
import { ogImageResponse, type OgImageInput } from '#server/catalogue/og-image.ts';
import type { RequestHandler } from './$types';

/** The site-wide Open Graph image (1200×630 PNG) for pages without their own, e.g. the overview. */
export const GET: RequestHandler = ({ request }) => {
  const input: OgImageInput = {
    title: m.webinars_lead(),
    when: '',
    zone: '',
    speakers: [],
    category: m.webinars_title(),
    brand: m.site_name()
  };
  return ogImageResponse(request, input, { 'cache-control': 'public, max-age=86400' });
};
