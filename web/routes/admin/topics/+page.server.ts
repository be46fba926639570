import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { parseTopicFilters, topicRecategoriseSchema, topicSelectionSchema } from '#lib/schemas/topic.ts';
import { withRls } from '#server/db/index.ts';
import { archiveTopics, duplicateTopic, listTopics, recategoriseTopics } from '#server/topics/index.ts';
import type { Actions, PageServerLoad } from './$types';

// The hooks guard limits /admin to role admin; RLS enforces it again for every query and write.
export const load: PageServerLoad = async ({ locals, url }) => {
  const parsed = parseTopicFilters(url.searchParams);
  if (!parsed.ok) error(400, { message: parsed.errors.join('\n') });
  const library = await withRls(locals.claims, (tx) => listTopics(tx, parsed.filters));
  if (parsed.filters.page > library.pages) error(404, { message: m.error_not_found() });
  return { library, filters: parsed.filters };
};

const selection = (form: FormData) => v.safeParse(topicSelectionSchema(), { ids: form.getAll('ids').map(String) });

export const actions: Actions = {
  archive: async ({ locals, request }) => {
    const parsed = selection(await request.formData());
    if (!parsed.success) return fail(400, { bulkError: parsed.issues[0].message });
    const count = await archiveTopics(locals.claims, parsed.output.ids);
    return { archived: count };
  },
  recategorise: async ({ locals, request }) => {
    const form = await request.formData();
    const parsed = v.safeParse(topicRecategoriseSchema(), {
      ids: form.getAll('ids').map(String),
      category: String(form.get('category') ?? '')
    });
    if (!parsed.success) return fail(400, { bulkError: parsed.issues[0].message, category: String(form.get('category') ?? '') });
    const count = await recategoriseTopics(locals.claims, parsed.output.ids, parsed.output.category);
    return { recategorised: count, category: parsed.output.category };
  },
  duplicate: async ({ locals, request }) => {
    const parsed = selection(await request.formData());
    if (!parsed.success || parsed.output.ids.length !== 1) return fail(400, { bulkError: m.admintopic_error_selection() });
    const outcome = await duplicateTopic(locals.claims, parsed.output.ids[0]);
    if (outcome.kind !== 'saved')
      return fail(outcome.kind === 'not_found' ? 404 : 403, { bulkError: m.admintopic_error_not_found() });
    redirect(303, localizeHref(`/admin/topics/${outcome.id}?duplicated=1`));
  }
};
