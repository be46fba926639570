import { error, redirect } from '@sveltejs/kit';
import { parseCatalogueFilters } from '#lib/schemas/catalogue-filters.ts';
import { browseCatalogue } from '#server/catalogue/listing.ts';
import { ALL_ZONES_PARAM, DEFAULT_ZONE, pickerZones } from '#server/catalogue/timeframe.ts';
import { chosenZone, safeReturnPath, storeZone } from '#server/catalogue/viewer.ts';
import { config } from '#server/config.ts';
import { withRls } from '#server/db/index.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const parsed = parseCatalogueFilters(url.searchParams);
  if (!parsed.ok) error(400, { message: parsed.errors.join('\n') });
  const viewerZone = chosenZone(cookies);
  const result = await withRls(locals.claims, (tx) =>
    browseCatalogue(tx, parsed.filters, viewerZone ?? DEFAULT_ZONE, !locals.claims)
  );
  if (!result.ok) error(400, { message: result.errors.join('\n') });
  return {
    ...result,
    filters: parsed.filters,
    viewerZone,
    zones: pickerZones(viewerZone, url.searchParams.has(ALL_ZONES_PARAM))
  };
};

export const actions: Actions = {
  // The time zone picker posts here from every catalogue page.
  timezone: async ({ request, cookies }) => {
    const form = await request.formData();
    storeZone(cookies, String(form.get('zone') ?? ''), config().secureCookies);
    redirect(303, safeReturnPath(form.get('return_to')));
  }
};
