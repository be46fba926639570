/**
 * Creating, editing, restoring, duplicating and archiving topics. Every write runs as the caller
 * under RLS (only admins may write topics; the database refuses anyone else), checks the version the
 * editor loaded (optimistic concurrency: a stale save is refused, never applied over someone else's),
 * and appends an audit entry with the before/after of the changed fields in the same transaction.
 * The database trigger records a full snapshot per version in topic_versions.
 */
import { sql, withRls, type JwtClaims, type Tx } from '../db/index.ts';
import { diffFields, hasChanges, recordAudit } from '../audit/index.ts';
import { slugify, TOPIC_LIMITS, type TopicForm } from '../../schemas/topic.ts';
import { EDITABLE_FIELDS, formToValues, pickEditable, type FormValues } from './fields.ts';

export type SaveOutcome =
  | { kind: 'saved'; id: string; version: number; changed: string[] }
  | { kind: 'stale'; currentVersion: number }
  | { kind: 'slug_taken'; slug: string }
  | { kind: 'not_found' }
  | { kind: 'forbidden' };

const FORM_FIELDS = EDITABLE_FIELDS.filter((f) => f !== 'seo_keywords');

/** Postgres unique violation on the slug (two editors picking the same slug at the same moment). */
function isSlugConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === 'topics_slug_key';
}

async function slugTaken(tx: Tx, slug: string, exceptId: string | null): Promise<boolean> {
  let query = tx.selectFrom('topics').select('id').where('slug', '=', slug);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Boolean(await query.executeTakeFirst());
}

/** `base`, or `base-2`, `base-3`… whichever is free (for generated slugs only; typed ones must be free). */
async function freeSlug(tx: Tx, base: string, exceptId: string | null): Promise<string> {
  for (let n = 1; n < 50; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const candidate = `${base.slice(0, TOPIC_LIMITS.slug - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!(await slugTaken(tx, candidate, exceptId))) return candidate;
  }
  return `${base.slice(0, 100)}-${Date.now().toString(36)}`;
}

/** The JSON columns as JSON text for the insert/update (Kysely passes objects to pg as-is). */
function toRow(values: Partial<FormValues> & { seo_keywords?: string[] }) {
  const row: Record<string, unknown> = { ...values };
  for (const key of [
    'title',
    'description',
    'learning_objectives',
    'prerequisites',
    'target_audience',
    'seo_meta_title',
    'seo_meta_description'
  ]) {
    if (key in row) row[key] = row[key] === null ? null : JSON.stringify(row[key]);
  }
  return row;
}

async function guard(fn: () => Promise<SaveOutcome>, slug: string): Promise<SaveOutcome> {
  try {
    return await fn();
  } catch (error) {
    if (isSlugConflict(error)) return { kind: 'slug_taken', slug };
    throw error;
  }
}

/** Creates a topic from the editor; an empty slug is generated from the English title (made unique). */
export async function createTopic(claims: JwtClaims | null, form: TopicForm): Promise<SaveOutcome> {
  const values = formToValues(form);
  return guard(
    () =>
      withRls(claims, async (tx) => {
        values.slug = form.slug ? values.slug : await freeSlug(tx, values.slug, null);
        if (await slugTaken(tx, values.slug, null)) return { kind: 'slug_taken', slug: values.slug };
        const row = await tx
          .insertInto('topics')
          .values(toRow(values) as never)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(tx, {
          action: 'topic.created',
          entity: 'topic',
          entityId: row.id,
          data: { version: row.version, ...diffFields({}, pickEditable(row, FORM_FIELDS)) }
        });
        return { kind: 'saved', id: row.id, version: row.version, changed: [...FORM_FIELDS] };
      }),
    values.slug
  );
}

/**
 * Writes `values` over topic `id` if it is still at `expectedVersion`; only changed fields are
 * audited (action `action`), and a save that changes nothing writes nothing.
 */
async function writeTopic(
  tx: Tx,
  id: string,
  expectedVersion: number,
  values: Record<string, unknown>,
  fields: readonly (typeof EDITABLE_FIELDS)[number][],
  action: string,
  extra: Record<string, unknown> = {}
): Promise<SaveOutcome> {
  const before = await tx.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) return { kind: 'not_found' };
  if (before.version !== expectedVersion) return { kind: 'stale', currentVersion: before.version };
  const change = diffFields(pickEditable(before, fields), pickEditable(values, fields));
  if (!hasChanges(change)) return { kind: 'saved', id, version: before.version, changed: [] };
  const updated = await tx
    .updateTable('topics')
    .set(toRow(change.after as Partial<FormValues>) as never)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning(['id', 'version'])
    .executeTakeFirst();
  if (!updated) {
    // Either someone saved in between, or RLS let the caller see the topic but not change it.
    const now = await tx.selectFrom('topics').select('version').where('id', '=', id).executeTakeFirst();
    if (now && now.version !== expectedVersion) return { kind: 'stale', currentVersion: now.version };
    return { kind: 'forbidden' };
  }
  await recordAudit(tx, {
    action,
    entity: 'topic',
    entityId: id,
    data: { version: updated.version, ...extra, ...change }
  });
  return { kind: 'saved', id, version: updated.version, changed: Object.keys(change.after) };
}

/** Saves the editor over topic `id`, which the editor loaded at `form.version`. */
export async function updateTopic(claims: JwtClaims | null, id: string, form: TopicForm): Promise<SaveOutcome> {
  const values = formToValues(form);
  return guard(
    () =>
      withRls(claims, async (tx) => {
        values.slug = form.slug ? values.slug : await freeSlug(tx, values.slug, id);
        if (await slugTaken(tx, values.slug, id)) return { kind: 'slug_taken', slug: values.slug };
        return writeTopic(tx, id, form.version, values as unknown as Record<string, unknown>, FORM_FIELDS, 'topic.updated');
      }),
    values.slug
  );
}

/**
 * Writes the values of an old version back as a new version (the history keeps both). Refused when
 * the topic moved on since the admin looked at it, or when the old slug now belongs to another topic.
 */
export async function restoreTopicVersion(
  claims: JwtClaims | null,
  id: string,
  restoreVersion: number,
  expectedVersion: number
): Promise<SaveOutcome> {
  let slug = '';
  return guard(
    () =>
      withRls(claims, async (tx) => {
        const old = await tx
          .selectFrom('topic_versions')
          .select('snapshot')
          .where('topic_id', '=', id)
          .where('version', '=', restoreVersion)
          .executeTakeFirst();
        if (!old) return { kind: 'not_found' };
        const snapshot = old.snapshot as Record<string, unknown>;
        slug = String(snapshot.slug);
        if (await slugTaken(tx, slug, id)) return { kind: 'slug_taken', slug };
        return writeTopic(tx, id, expectedVersion, snapshot, EDITABLE_FIELDS, 'topic.restored', {
          restored_version: restoreVersion
        });
      }),
    slug
  );
}

/** A draft copy of a topic, with a free slug and "(copy)" titles; audited as created. */
export async function duplicateTopic(claims: JwtClaims | null, id: string): Promise<SaveOutcome> {
  return withRls(claims, async (tx) => {
    const source = await tx.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst();
    if (!source) return { kind: 'not_found' };
    const values = pickEditable(source) as Record<string, unknown>;
    const title = values.title as { en: string; de?: string };
    const copy = (text: string, suffix: string) => `${text.slice(0, TOPIC_LIMITS.title - suffix.length)}${suffix}`;
    values.title = title.de
      ? { de: copy(title.de, ' (Kopie)'), en: copy(title.en, ' (copy)') }
      : { en: copy(title.en, ' (copy)') };
    values.slug = await freeSlug(tx, slugify(`${source.slug}-copy`), null);
    return insertDraftTopic(tx, values, { duplicated_from: id });
  });
}

/**
 * "Make a template from this session": a new draft topic with the session's own title and
 * description (where it overrides its topic's) and its format as the defaults (duration, capacity,
 * price), everything else from the session's topic. The session itself is not changed.
 */
export async function topicFromSession(claims: JwtClaims | null, sessionId: string): Promise<SaveOutcome> {
  return withRls(claims, async (tx) => {
    // Asked first so a consultant (who can read their own session and its topic) gets an answer, not an error.
    const { rows } = await sql<{ admin: boolean }>`select app.is_admin() as admin`.execute(tx);
    if (!rows[0]?.admin) return { kind: 'forbidden' };
    const session = await tx
      .selectFrom('sessions')
      .select(['id', 'slug', 'topic_id', 'title', 'description', 'duration_minutes', 'capacity', 'price', 'currency'])
      .where('id', '=', sessionId)
      .executeTakeFirst();
    if (!session) return { kind: 'not_found' };
    const topic = await tx.selectFrom('topics').selectAll().where('id', '=', session.topic_id).executeTakeFirst();
    if (!topic) return { kind: 'not_found' };
    const values = pickEditable(topic) as Record<string, unknown>;
    if (session.title) values.title = session.title;
    if (session.description) values.description = session.description;
    values.default_duration_minutes = session.duration_minutes;
    if (session.capacity !== null) values.default_capacity = session.capacity;
    values.default_price = session.price;
    values.currency = session.currency;
    values.slug = await freeSlug(tx, slugify(session.slug.replace(/-s?\d+$/, '')), null);
    return insertDraftTopic(tx, values, { from_session: sessionId });
  });
}

/** Inserts `values` as a new draft topic and audits it as created, with where it came from. */
async function insertDraftTopic(tx: Tx, values: Record<string, unknown>, origin: Record<string, string>): Promise<SaveOutcome> {
  values.status = 'draft';
  const row = await tx
    .insertInto('topics')
    .values(toRow(values as Partial<FormValues>) as never)
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    action: 'topic.created',
    entity: 'topic',
    entityId: row.id,
    data: { version: row.version, ...origin, ...diffFields({}, pickEditable(values)) }
  });
  return { kind: 'saved', id: row.id, version: row.version, changed: [...EDITABLE_FIELDS] };
}

/** Archives the chosen topics (those not archived yet); returns how many changed. Audited per topic. */
export async function archiveTopics(claims: JwtClaims | null, ids: string[]): Promise<number> {
  return withRls(claims, async (tx) => {
    const before = await tx
      .selectFrom('topics')
      .select(['id', 'status'])
      .where('id', 'in', ids)
      .where('status', '<>', 'archived')
      .execute();
    if (!before.length) return 0;
    const rows = await tx
      .updateTable('topics')
      .set({ status: 'archived' })
      .where(
        'id',
        'in',
        before.map((row) => row.id)
      )
      .where('status', '<>', 'archived')
      .returning(['id', 'version'])
      .execute();
    const statusOf = new Map(before.map((row) => [row.id, row.status]));
    for (const row of rows) {
      await recordAudit(tx, {
        action: 'topic.archived',
        entity: 'topic',
        entityId: row.id,
        data: { version: row.version, before: { status: statusOf.get(row.id) }, after: { status: 'archived' } }
      });
    }
    return rows.length;
  });
}

/** Moves the chosen topics to `category` (those not in it yet); returns how many changed. Audited per topic. */
export async function recategoriseTopics(claims: JwtClaims | null, ids: string[], category: string): Promise<number> {
  return withRls(claims, async (tx) => {
    const before = await tx
      .selectFrom('topics')
      .select(['id', 'category'])
      .where('id', 'in', ids)
      .where('category', '<>', category)
      .execute();
    if (!before.length) return 0;
    const rows = await tx
      .updateTable('topics')
      .set({ category })
      .where(
        'id',
        'in',
        before.map((row) => row.id)
      )
      .returning(['id', 'version'])
      .execute();
    const categoryOf = new Map(before.map((row) => [row.id, row.category]));
    for (const row of rows) {
      await recordAudit(tx, {
        action: 'topic.recategorised',
        entity: 'topic',
        entityId: row.id,
        data: { version: row.version, before: { category: categoryOf.get(row.id) }, after: { category } }
      });
    }
    return rows.length;
  });
}
