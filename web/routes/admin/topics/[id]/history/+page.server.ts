import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { topicRestoreSchema } from '#lib/schemas/topic.ts';
import { withRls } from '#server/db/index.ts';
import { diffTopicVersion, getTopicForEditor, listTopicVersions, restoreTopicVersion } from '#server/topics/index.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!UUID.test(params.id)) error(404, { message: m.admintopic_error_not_found() });
  const raw = url.searchParams.get('compare');
  if (raw !== null && !/^\d{1,6}$/.test(raw)) error(400, { message: m.admintopic_error_filter({ param: 'compare' }) });
  const compare = raw === null ? null : Number(raw);
  const result = await withRls(locals.claims, async (tx) => {
    const topic = await getTopicForEditor(tx, params.id);
    if (!topic) return null;
    const versions = await listTopicVersions(tx, params.id);
    const diff = compare === null ? null : await diffTopicVersion(tx, params.id, compare);
    return { topic, versions, diff };
  });
  if (!result) error(404, { message: m.admintopic_error_not_found() });
  if (compare !== null && !result.diff) error(404, { message: m.error_not_found() });
  const { topic, versions, diff } = result;
  return {
    topic: { id: topic.id, title: topic.title, version: topic.version },
    versions,
    compare,
    diff,
    restored: /^\d{1,6}$/.test(url.searchParams.get('restored') ?? '') ? url.searchParams.get('restored') : null
  };
};

export const actions: Actions = {
  // Writes an old version's values back as a new version; refused if the topic changed meanwhile.
  restore: async ({ locals, params, request }) => {
    if (!UUID.test(params.id)) error(404, { message: m.admintopic_error_not_found() });
    const form = await request.formData();
    const parsed = v.safeParse(topicRestoreSchema(), { restore: form.get('restore'), version: form.get('version') });
    if (!parsed.success) return fail(400, { restoreError: m.admintopic_error_not_found() });
    const outcome = await restoreTopicVersion(locals.claims, params.id, parsed.output.restore, parsed.output.version);
    switch (outcome.kind) {
      case 'saved':
        redirect(303, localizeHref(`/admin/topics/${params.id}/history?restored=${parsed.output.restore}`));
      // falls through never: redirect throws
      case 'stale':
        return fail(409, { restoreError: m.admintopic_error_stale({ version: outcome.currentVersion }) });
      case 'slug_taken':
        return fail(409, { restoreError: m.admintopic_error_slug_taken({ slug: outcome.slug }) });
      case 'forbidden':
        return fail(403, { restoreError: m.admintopic_error_forbidden() });
      default:
        return fail(404, { restoreError: m.admintopic_error_not_found() });
    }
  }
};
