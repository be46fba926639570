/**
 * Reading a topic for the editor and its version history (snapshots written by the database trigger
 * in supabase/migrations/20261124100200_create_topics.sql). RLS lets only admins read the history.
 */
import type { Tx } from '../db/index.ts';
import type { TopicForm } from '../../schemas/topic.ts';
import { displayValue, EDITABLE_FIELDS, pickEditable, valuesToForm, type EditableField } from './fields.ts';

export interface EditableTopic {
  id: string;
  slug: string;
  status: string;
  version: number;
  title: unknown;
  form: TopicForm;
}

/** The topic as the editor's form data (with the version it was loaded at), or null. */
export async function getTopicForEditor(tx: Tx, id: string): Promise<EditableTopic | null> {
  const row = await tx.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return { id: row.id, slug: row.slug, status: row.status, version: row.version, title: row.title, form: valuesToForm(row) };
}

export interface TopicVersionEntry {
  version: number;
  changed_at: Date;
  changed_fields: EditableField[];
}

export interface FieldDiff {
  field: EditableField;
  old: string;
  current: string;
}

/** Every version, newest first, each with the fields it changed relative to the one before. */
export async function listTopicVersions(tx: Tx, id: string): Promise<TopicVersionEntry[]> {
  const rows = await tx
    .selectFrom('topic_versions')
    .select(['version', 'changed_at', 'snapshot'])
    .where('topic_id', '=', id)
    .orderBy('version', 'asc')
    .execute();
  const out: TopicVersionEntry[] = [];
  let previous: Record<string, unknown> | null = null;
  for (const row of rows) {
    const values = pickEditable(row.snapshot as Record<string, unknown>);
    const changed = previous
      ? EDITABLE_FIELDS.filter((f) => JSON.stringify(values[f]) !== JSON.stringify(previous![f]))
      : [...EDITABLE_FIELDS];
    out.push({ version: row.version, changed_at: row.changed_at, changed_fields: changed });
    previous = values;
  }
  return out.reverse();
}

/** The fields where version `version` differs from the current topic, as display text; null if unknown. */
export async function diffTopicVersion(tx: Tx, id: string, version: number): Promise<FieldDiff[] | null> {
  const [current, old] = await Promise.all([
    tx.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst(),
    tx
      .selectFrom('topic_versions')
      .select('snapshot')
      .where('topic_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst()
  ]);
  if (!current || !old) return null;
  const a = pickEditable(old.snapshot as Record<string, unknown>);
  const b = pickEditable(current);
  return EDITABLE_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f])).map((field) => ({
    field,
    old: displayValue(a[field]),
    current: displayValue(b[field])
  }));
}
