/**
 * The audit trail: who changed what, when, and the before/after of the changed fields. Entries are
 * written inside the transaction of the change (so a rolled-back change leaves no entry); the
 * database stamps actor and time for signed-in callers, and RLS lets only admins read entries.
 */
import { sql, type Tx } from '../db/index.ts';

export interface AuditChange {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** JSON with object keys sorted, so jsonb (which reorders keys) compares equal to the same value from a form. */
const canonical = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v
  );

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The fields of `after` whose value differs from `before`, as before/after objects (empty when nothing changed). */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): AuditChange {
  const change: AuditChange = { before: {}, after: {} };
  for (const key of Object.keys(after)) {
    if (same(before[key], after[key])) continue;
    change.before[key] = before[key] ?? null;
    change.after[key] = after[key] ?? null;
  }
  return change;
}

export const hasChanges = (change: AuditChange) => Object.keys(change.after).length > 0;

/** Appends one entry in the caller's transaction. `action` is dotted (`consultant.profile_updated`). */
export async function recordAudit(
  tx: Tx,
  entry: { action: string; entity: string; entityId?: string | null; data?: Record<string, unknown> }
): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      data: JSON.stringify(entry.data ?? {}),
      // Stamped again by the database for signed-in callers; needed for the insert policy's check.
      actor_user_id: sql<string>`auth.uid()`
    })
    .execute();
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  data: Record<string, unknown>;
}

/** Entries newest first, filtered; RLS returns rows only to admins. One extra row tells if there is a next page. */
export async function listAuditEntries(
  tx: Tx,
  filters: {
    action?: string;
    actor?: string;
    entity?: string;
    entityId?: string;
    from?: string;
    to?: string;
    page: number;
  },
  pageSize: number
): Promise<{ entries: AuditEntry[]; hasNext: boolean }> {
  let query = tx
    .selectFrom('audit_log as a')
    .leftJoin('consultants as c', 'c.user_id', 'a.actor_user_id')
    .select(['a.id', 'a.at', 'a.actor_user_id', 'a.actor_role', 'a.action', 'a.entity', 'a.entity_id', 'a.data'])
    .select(sql<string | null>`nullif(concat_ws(' ', c.first_name, c.last_name), '')`.as('actor_name'));
  if (filters.action) {
    const escaped = filters.action.replace(/[\\%_]/g, (ch) => `\\${ch}`);
    query = query.where('a.action', 'like', `${escaped}%`);
  }
  if (filters.actor) query = query.where('a.actor_user_id', '=', filters.actor);
  if (filters.entity) query = query.where('a.entity', '=', filters.entity);
  if (filters.entityId) query = query.where('a.entity_id', '=', filters.entityId);
  // Dates are whole UTC days: from 00:00 of `from` to the end of `to`.
  if (filters.from) query = query.where('a.at', '>=', new Date(`${filters.from}T00:00:00Z`));
  if (filters.to) query = query.where('a.at', '<', new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000));
  const rows = await query
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(pageSize + 1)
    .offset((filters.page - 1) * pageSize)
    .execute();
  return {
    hasNext: rows.length > pageSize,
    entries: rows.slice(0, pageSize).map((row) => ({
      ...row,
      id: Number(row.id),
      at: new Date(row.at as unknown as string),
      data: (row.data ?? {}) as Record<string, unknown>
    }))
  };
}
