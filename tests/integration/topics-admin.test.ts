/**
 * The admin topic services against the real, migrated database: create and update in EN/DE, form
 * validation (EN and DE messages), slug generation and uniqueness, optimistic concurrency, version
 * history with restore, duplicate and bulk archive, audit entries, the library's filters and usage
 * figures, and RLS refusing consultants and anonymous callers who call the services directly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { getLocale, overwriteGetLocale } from '../../web/lib/paraglide/runtime.js';
import { withRls } from '../../web/lib/server/db/index.ts';
import {
  newTopicForm,
  parseTopicFilters,
  topicFormSchema,
  type TopicFilters,
  type TopicForm
} from '../../web/lib/schemas/topic.ts';
import {
  archiveTopics,
  createTopic,
  diffTopicVersion,
  duplicateTopic,
  getTopicForEditor,
  listTopics,
  listTopicVersions,
  recategoriseTopics,
  restoreTopicVersion,
  topicFromSession,
  updateTopic
} from '../../web/lib/server/topics/index.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import {
  createConsultantLogin,
  createRegistration,
  createSession,
  createTopic as createTopicRow,
  createUser,
  unique
} from './support/factories.ts';

const originalGetLocale = getLocale;
afterEach(() => overwriteGetLocale(originalGetLocale));

function form(overrides: Partial<TopicForm> = {}): TopicForm {
  const suffix = unique();
  return {
    ...newTopicForm(),
    title_en: `Cloud cost basics ${suffix}`,
    title_de: `Grundlagen Cloud-Kosten ${suffix}`,
    description_en: 'How to read a cloud bill.',
    description_de: 'Wie man eine Cloud-Rechnung liest.',
    objectives_en: 'Read a bill\nFind waste',
    objectives_de: 'Eine Rechnung lesen\nVerschwendung finden',
    category: `cat-${suffix}`,
    tags: 'Cloud, FinOps, cloud',
    ...overrides
  };
}

async function row(id: string) {
  const { rows } = await ownerPool().query('select * from public.topics where id = $1', [id]);
  return rows[0];
}

type Change = Record<string, Record<string, unknown> & { de?: string; en?: string }> & Record<string, unknown>;
interface AuditData {
  before: Change;
  after: Change;
  restored_version?: number;
  duplicated_from?: string;
}

async function audit(id: string) {
  const { rows } = await ownerPool().query(
    'select action, actor_user_id, data from public.audit_log where entity = $1 and entity_id = $2 order by id',
    ['topic', id]
  );
  return rows as { action: string; actor_user_id: string; data: AuditData }[];
}

async function saved(outcome: Awaited<ReturnType<typeof createTopic>>) {
  if (outcome.kind !== 'saved') throw new Error(`expected saved, got ${outcome.kind}`);
  return outcome;
}

const issues = (input: unknown) => {
  const result = v.safeParse(topicFormSchema(), input);
  return result.success ? {} : (v.flatten<ReturnType<typeof topicFormSchema>>(result.issues).nested ?? {});
};

describe('creating and editing topics', () => {
  it('stores EN and DE texts, objectives as {en, de} pairs, a generated slug, and audits the creation', async () => {
    const input = form({ default_capacity: 40, default_price: 99.5, currency: 'eur' });
    const parsed = v.parse(topicFormSchema(), input);
    const { id, version } = await saved(await createTopic(adminClaims(), parsed));
    expect(version).toBe(1);
    const stored = await row(id);
    expect(stored.title).toEqual({ en: input.title_en, de: input.title_de });
    expect(stored.learning_objectives).toEqual([
      { en: 'Read a bill', de: 'Eine Rechnung lesen' },
      { en: 'Find waste', de: 'Verschwendung finden' }
    ]);
    expect(stored.tags).toEqual(['cloud', 'finops']);
    expect(stored.slug).toBe(input.title_en.toLowerCase().replaceAll(' ', '-'));
    expect(stored.currency).toBe('EUR');
    expect(stored.default_price).toBe('99.50');
    expect(stored.status).toBe('draft');

    const entries = await audit(id);
    expect(entries).toHaveLength(1);
    expect(entries[0].action).toBe('topic.created');
    expect(entries[0].actor_user_id).toBe(adminClaims().sub);
    expect(entries[0].data.after.title).toEqual({ de: input.title_de, en: input.title_en });
    expect(entries[0].data.before.title).toBeNull();
  });

  it('updates only what changed and audits the before/after of those fields', async () => {
    const { id } = await saved(await createTopic(adminClaims(), v.parse(topicFormSchema(), form())));
    const editor = await withRls(adminClaims(), (tx) => getTopicForEditor(tx, id));
    const edited = { ...editor!.form, description_de: 'Neu: Cloud-Rechnungen verstehen.', status: 'active' as const };
    const outcome = await saved(await updateTopic(adminClaims(), id, v.parse(topicFormSchema(), edited)));
    expect(outcome.version).toBe(2);
    expect(outcome.changed.sort()).toEqual(['description', 'status']);
    const stored = await row(id);
    expect(stored.description.de).toBe('Neu: Cloud-Rechnungen verstehen.');
    expect(stored.status).toBe('active');

    const entry = (await audit(id)).at(-1)!;
    expect(entry.action).toBe('topic.updated');
    expect(Object.keys(entry.data.after).sort()).toEqual(['description', 'status']);
    expect(entry.data.before.status).toBe('draft');
    expect(entry.data.after.status).toBe('active');

    // Saving the same values again writes no version and no entry.
    const again = await saved(await updateTopic(adminClaims(), id, { ...v.parse(topicFormSchema(), edited), version: 2 }));
    expect(again).toMatchObject({ version: 2, changed: [] });
    expect(await audit(id)).toHaveLength(2);
  });

  it('sanitises a rich-text description on save; a description of markup only is refused as empty', async () => {
    const input = form({
      description_en: '<p onclick="steal()">Read the <strong>bill</strong></p><script>alert(1)</script><ul><li>Tags</li></ul>',
      description_de: 'Reiner Text & mehr'
    });
    const { id } = await saved(await createTopic(adminClaims(), v.parse(topicFormSchema(), input)));
    expect((await row(id)).description).toEqual({
      en: '<p>Read the <strong>bill</strong></p><ul><li>Tags</li></ul>',
      de: 'Reiner Text & mehr'
    });
    overwriteGetLocale(() => 'en');
    expect(issues(form({ description_en: '<p> </p><script>x</script>' })).description_en).toEqual([
      'Description (English) is required.'
    ]);
  });

  it('refuses a stale save and leaves the newer version untouched', async () => {
    const { id } = await saved(await createTopic(adminClaims(), v.parse(topicFormSchema(), form())));
    const loaded = (await withRls(adminClaims(), (tx) => getTopicForEditor(tx, id)))!.form;
    await saved(await updateTopic(adminClaims(), id, { ...loaded, category: 'first-editor' }));
    const outcome = await updateTopic(adminClaims(), id, { ...loaded, category: 'second-editor' });
    expect(outcome).toEqual({ kind: 'stale', currentVersion: 2 });
    expect((await row(id)).category).toBe('first-editor');
    expect((await audit(id)).map((e) => e.action)).toEqual(['topic.created', 'topic.updated']);
  });

  it('keeps slugs unique: a typed slug in use is refused, a generated one gets a suffix', async () => {
    const first = await saved(await createTopic(adminClaims(), v.parse(topicFormSchema(), form())));
    const taken = (await row(first.id)).slug as string;
    const refused = await createTopic(adminClaims(), v.parse(topicFormSchema(), form({ slug: taken })));
    expect(refused).toEqual({ kind: 'slug_taken', slug: taken });

    const sameTitle = form({ title_en: (await row(first.id)).title.en });
    const second = await saved(await createTopic(adminClaims(), v.parse(topicFormSchema(), sameTitle)));
    expect((await row(second.id)).slug).toBe(`${taken}-2`);

    const loaded = (await withRls(adminClaims(), (tx) => getTopicForEditor(tx, second.id)))!.form;
    expect(await updateTopic(adminClaims(), second.id, { ...loaded, slug: taken })).toEqual({ kind: 'slug_taken', slug: taken });
    const custom = `custom-${unique()}`;
    await saved(await updateTopic(adminClaims(), second.id, { ...loaded, slug: custom }));
    expect((await row(second.id)).slug).toBe(custom);
  });
});

describe('validation', () => {
  it('names the field in English and accepts a good form', () => {
    overwriteGetLocale(() => 'en');
    const errors = issues({
      ...form(),
      title_en: '  ',
      default_duration_minutes: 5,
      currency: 'EURO',
      slug: 'Not A Slug',
      thumbnail_url: 'javascript:alert(1)',
      objectives_en: 'One',
      objectives_de: 'Eins\nZwei',
      prerequisites_en: '',
      prerequisites_de: 'Nur Deutsch'
    });
    expect(errors.title_en).toEqual(['Title (English) is required.']);
    expect(errors.default_duration_minutes).toEqual(['Default duration (minutes) must be a whole number from 15 to 600.']);
    expect(errors.currency?.[0]).toContain('Currency');
    expect(errors.slug?.[0]).toContain('Address (slug)');
    expect(errors.thumbnail_url?.[0]).toContain('Thumbnail image URL');
    expect(issues(form())).toEqual({});
  });

  it('gives the same errors in German, and the cross-field ones too', () => {
    overwriteGetLocale(() => 'de');
    const errors = issues({
      ...form(),
      title_en: '',
      objectives_en: 'One',
      objectives_de: 'Eins\nZwei',
      prerequisites_de: 'Nur Deutsch'
    });
    expect(errors.title_en).toEqual(['Titel (Englisch) ist erforderlich.']);
    expect(errors.objectives_de).toEqual(['Lernziele (Deutsch) hat mehr Zeilen als die englischen Lernziele.']);
    expect(errors.prerequisites_en).toEqual([
      'Voraussetzungen (Englisch) ist erforderlich, wenn der deutsche Text ausgefüllt ist.'
    ]);
  });

  it('refuses bad library filters and reads good ones', () => {
    expect(parseTopicFilters(new URLSearchParams('difficulty=expert')).ok).toBe(false);
    expect(parseTopicFilters(new URLSearchParams('status=draft&status=active')).ok).toBe(false);
    expect(parseTopicFilters(new URLSearchParams('page=0')).ok).toBe(false);
    const good = parseTopicFilters(new URLSearchParams('status=active&tag=cloud&view=grid&page=2'));
    expect(good).toMatchObject({ ok: true, filters: { status: 'active', tag: 'cloud', view: 'grid', page: 2 } });
  });
});

describe('version history and restore', () => {
  it('diffs a version against the current one and restores it as a new, audited version', async () => {
    const { id } = await saved(await createTopic(adminClaims(), v.parse(topicFormSchema(), form({ title_de: 'Alter Titel' }))));
    const loaded = (await withRls(adminClaims(), (tx) => getTopicForEditor(tx, id)))!.form;
    await saved(await updateTopic(adminClaims(), id, { ...loaded, title_de: 'Neuer Titel', default_duration_minutes: 90 }));

    const versions = await withRls(adminClaims(), (tx) => listTopicVersions(tx, id));
    expect(versions.map((x) => x.version)).toEqual([2, 1]);
    expect(versions[0].changed_fields).toEqual(['title', 'default_duration_minutes']);

    const diff = await withRls(adminClaims(), (tx) => diffTopicVersion(tx, id, 1));
    expect(diff!.map((d) => d.field)).toEqual(['title', 'default_duration_minutes']);
    expect(diff![0].old).toContain('DE: Alter Titel');
    expect(diff![0].current).toContain('DE: Neuer Titel');

    // Restoring from a stale view is refused.
    expect(await restoreTopicVersion(adminClaims(), id, 1, 1)).toEqual({ kind: 'stale', currentVersion: 2 });

    const restored = await saved(await restoreTopicVersion(adminClaims(), id, 1, 2));
    expect(restored.version).toBe(3);
    const stored = await row(id);
    expect(stored.title.de).toBe('Alter Titel');
    expect(stored.default_duration_minutes).toBe(60);
    const entry = (await audit(id)).at(-1)!;
    expect(entry.action).toBe('topic.restored');
    expect(entry.data.restored_version).toBe(1);
    expect(entry.data.before.default_duration_minutes).toBe(90);
    expect(entry.data.after.default_duration_minutes).toBe(60);
    expect(await withRls(adminClaims(), (tx) => diffTopicVersion(tx, id, 1))).toEqual([]);
  });
});

describe('library, duplicate and bulk archive', () => {
  it('filters by category, tag, status and search and shows usage figures', async () => {
    const category = `usage-${unique()}`;
    const used = await createTopicRow({ category, tags: ['alpha'] });
    await createTopicRow({ category, tags: ['beta'], status: 'draft' });
    const sessionId = await createSession({ topicId: used, status: 'draft' });
    await createSession({ topicId: used, status: 'draft' });
    await createRegistration({ sessionId });
    await createRegistration({ sessionId, status: 'cancelled' });

    const list = (filters: Partial<TopicFilters>) =>
      withRls(adminClaims(), (tx) => listTopics(tx, { page: 1, view: 'list', category, ...filters }));
    expect((await list({})).total).toBe(2);
    const alpha = await list({ tag: 'alpha' });
    expect(alpha.items.map((t) => t.id)).toEqual([used]);
    expect(alpha.items[0]).toMatchObject({ sessions_count: 2, registrations_count: 2 });
    expect((await list({ status: 'draft' })).items).toHaveLength(1);
    const title = (await row(used)).title.de as string;
    expect((await list({ q: title })).items.map((t) => t.id)).toEqual([used]);
    expect(alpha.categories).toContain(category);
  });

  it('duplicates a topic as a draft copy and archives a selection, auditing each', async () => {
    const a = await createTopicRow();
    const b = await createTopicRow({ status: 'draft' });
    const copy = await saved(await duplicateTopic(adminClaims(), a));
    const copied = await row(copy.id);
    expect(copied.status).toBe('draft');
    expect(copied.title.en).toMatch(/ \(copy\)$/);
    expect(copied.slug).toBe(`${(await row(a)).slug}-copy`);
    expect((await audit(copy.id))[0]).toMatchObject({ action: 'topic.created', data: { duplicated_from: a } });

    expect(await archiveTopics(adminClaims(), [a, b])).toBe(2);
    expect((await row(a)).status).toBe('archived');
    expect((await audit(b)).at(-1)).toMatchObject({
      action: 'topic.archived',
      data: { before: { status: 'draft' }, after: { status: 'archived' } }
    });
    expect(await archiveTopics(adminClaims(), [a, b])).toBe(0);
  });

  it('makes a draft topic template from a session: its own texts and format, the rest from its topic', async () => {
    const topicId = await createTopicRow({ status: 'active', tags: ['okr'] });
    const sessionId = await createSession({
      topicId,
      status: 'draft',
      title: { en: 'OKRs for product teams', de: 'OKRs für Produktteams' },
      duration_minutes: 90,
      capacity: 40,
      price: 49,
      currency: 'EUR'
    });
    const outcome = await saved(await topicFromSession(adminClaims(), sessionId));
    const template = await row(outcome.id);
    const source = await row(topicId);
    expect(template).toMatchObject({
      status: 'draft',
      title: { en: 'OKRs for product teams', de: 'OKRs für Produktteams' },
      description: source.description,
      tags: ['okr'],
      default_duration_minutes: 90,
      default_capacity: 40,
      default_price: '49.00'
    });
    expect(template.slug).not.toBe(source.slug);
    const [entry] = await audit(outcome.id);
    expect(entry).toMatchObject({ action: 'topic.created', data: { from_session: sessionId } });

    const consultant = await createConsultantLogin();
    expect(await topicFromSession(consultant.claims, sessionId)).toEqual({ kind: 'forbidden' });
  });

  it('re-categorises a selection and audits the old category of each', async () => {
    const a = await createTopicRow({ category: 'old-one' });
    const b = await createTopicRow({ category: 'old-two' });
    const category = `new-${unique()}`;
    expect(await recategoriseTopics(adminClaims(), [a, b], category)).toBe(2);
    expect((await row(b)).category).toBe(category);
    expect((await audit(a)).at(-1)).toMatchObject({
      action: 'topic.recategorised',
      data: { before: { category: 'old-one' }, after: { category } }
    });
    const consultant = await createConsultantLogin();
    expect(await recategoriseTopics(consultant.claims, [a], 'hijacked')).toBe(0);
    expect((await row(a)).category).toBe(category);
  });
});

describe('RLS refuses non-admins calling the services directly', () => {
  it('a consultant can neither create, update, restore nor archive topics', async () => {
    const consultant = await createConsultantLogin();
    await expect(createTopic(consultant.claims, v.parse(topicFormSchema(), form()))).rejects.toMatchObject({ code: '42501' });

    const id = await createTopicRow({ status: 'active' });
    const before = await row(id);
    const loaded = (await withRls(adminClaims(), (tx) => getTopicForEditor(tx, id)))!.form;
    expect(await updateTopic(consultant.claims, id, { ...loaded, category: 'hijacked' })).toEqual({ kind: 'forbidden' });
    expect(await restoreTopicVersion(consultant.claims, id, 1, 1)).toEqual({ kind: 'not_found' });
    expect(await archiveTopics(consultant.claims, [id])).toBe(0);
    const after = await row(id);
    expect(after.category).toBe(before.category);
    expect(after.version).toBe(before.version);
    expect(await audit(id)).toEqual([]);
  });

  it('a signed-in user without a role and an anonymous caller are refused too', async () => {
    const user = await createUser();
    await expect(createTopic(user.claims, v.parse(topicFormSchema(), form()))).rejects.toMatchObject({ code: '42501' });
    await expect(createTopic(null, v.parse(topicFormSchema(), form()))).rejects.toMatchObject({ code: '42501' });
    const id = await createTopicRow({ status: 'draft' });
    const loaded = (await withRls(adminClaims(), (tx) => getTopicForEditor(tx, id)))!.form;
    // Drafts are invisible to them: there is nothing to update.
    expect(await updateTopic(null, id, { ...loaded, category: 'hijacked' })).toEqual({ kind: 'not_found' });
    await expect(withRls(null, (tx) => listTopicVersions(tx, id))).rejects.toMatchObject({ code: '42501' });
    expect(await withRls(user.claims, (tx) => listTopicVersions(tx, id))).toEqual([]);
    expect((await row(id)).category).toBe(loaded.category);
  });
});
