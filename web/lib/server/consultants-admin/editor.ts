/**
 * Creating and editing consultant profiles, their unavailable periods and their active flag, as the
 * program manager. Every write runs as the caller under RLS (only admins may write other people's
 * profiles and the protected columns; the database refuses anyone else), checks the version the form
 * loaded (a stale save is refused, never applied over someone else's) and appends an audit entry with
 * the before/after of the changed fields in the same transaction.
 */
import { sql, withRls, type JwtClaims, type Tx } from '../db/index.ts';
import { diffFields, hasChanges, recordAudit } from '../audit/index.ts';
import { slugifyName, type ConsultantAdminForm } from '../../schemas/consultant-admin.ts';
import { ADMIN_FIELDS, formToValues, rowToValues, toRow, valuesToForm, type AdminValues } from './fields.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SaveOutcome =
  | { kind: 'saved'; id: string; version: number; changed: string[] }
  | { kind: 'stale'; currentVersion: number }
  | { kind: 'slug_taken'; slug: string }
  | { kind: 'email_taken'; email: string }
  | { kind: 'not_found' }
  | { kind: 'forbidden' };

const isAdmin = async (tx: Tx) => {
  const { rows } = await sql<{ admin: boolean }>`select app.is_admin() as admin`.execute(tx);
  return rows[0]?.admin === true;
};

/** Unique violations the form can explain (two admins saving the same slug or email at once). */
function uniqueConflict(error: unknown, values: AdminValues): SaveOutcome | null {
  const e = error as { code?: string; constraint?: string };
  if (e?.code !== '23505') return null;
  if (e.constraint === 'consultants_slug_key') return { kind: 'slug_taken', slug: String(values.slug) };
  if (e.constraint === 'consultants_email_key') return { kind: 'email_taken', email: String(values.email) };
  return null;
}

async function taken(tx: Tx, column: 'slug' | 'email', value: string, exceptId: string | null) {
  let query = tx.selectFrom('consultants').select('id');
  query = column === 'slug' ? query.where('slug', '=', value) : query.where(sql`lower(email)`, '=', value.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Boolean(await query.executeTakeFirst());
}

/** `base`, `base-2`, `base-3`… whichever is free (generated slugs only; typed ones must be free). */
async function freeSlug(tx: Tx, base: string, exceptId: string | null): Promise<string> {
  for (let n = 1; n < 50; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await taken(tx, 'slug', candidate, exceptId))) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}

/** Slug and email checks shared by create and update; null when both are fine. */
async function identityConflict(tx: Tx, form: ConsultantAdminForm, values: AdminValues, id: string | null) {
  values.slug = form.slug || (await freeSlug(tx, slugifyName(`${form.first_name} ${form.last_name}`), id));
  if (await taken(tx, 'slug', String(values.slug), id)) return { kind: 'slug_taken', slug: String(values.slug) } as const;
  if (await taken(tx, 'email', String(values.email), id)) return { kind: 'email_taken', email: String(values.email) } as const;
  return null;
}

function selectProfile(tx: Tx) {
  return tx
    .selectFrom('consultants')
    .select([...ADMIN_FIELDS.filter((f) => f !== 'next_available_date'), 'id', 'version', 'is_active', 'user_id', 'timezone'])
    .select(sql<string | null>`next_available_date::text`.as('next_available_date'));
}

/** A consultant for the admin form: values, version, flags, login state and upcoming unavailable periods. */
export async function getConsultantForEditor(claims: JwtClaims | null, id: string) {
  if (!UUID.test(id)) return null;
  return withRls(claims, async (tx) => {
    if (!(await isAdmin(tx))) return null;
    const row = await selectProfile(tx).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const [periods, invitation] = await Promise.all([
      tx
        .selectFrom('consultant_unavailable_periods')
        .select(['id', 'starts_at', 'ends_at', 'reason'])
        .where('consultant_id', '=', id)
        .where('ends_at', '>', new Date())
        .orderBy('starts_at')
        .execute(),
      tx
        .selectFrom('consultant_invitations')
        .select(['expires_at', 'accepted_at', 'sent_count', 'updated_at'])
        .where('consultant_id', '=', id)
        .executeTakeFirst()
    ]);
    return {
      id: row.id,
      version: row.version,
      isActive: row.is_active,
      hasLogin: row.user_id !== null,
      timezone: row.timezone,
      name: `${row.first_name} ${row.last_name}`,
      slug: row.slug,
      form: valuesToForm(rowToValues(row), row.version),
      periods,
      invitation: invitation ?? null
    };
  });
}

/** Creates a consultant from the admin form; an empty slug is generated from the name (made unique). */
export async function createConsultant(claims: JwtClaims | null, form: ConsultantAdminForm): Promise<SaveOutcome> {
  const values = formToValues(form);
  try {
    return await withRls(claims, async (tx) => {
      if (!(await isAdmin(tx))) return { kind: 'forbidden' };
      const conflict = await identityConflict(tx, form, values, null);
      if (conflict) return conflict;
      const row = await tx
        .insertInto('consultants')
        .values(toRow(values) as never)
        .returning(['id', 'version'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        action: 'consultant.created',
        entity: 'consultant',
        entityId: row.id,
        data: { version: row.version, ...diffFields({}, values) }
      });
      return { kind: 'saved', id: row.id, version: row.version, changed: [...ADMIN_FIELDS] };
    });
  } catch (error) {
    const outcome = uniqueConflict(error, values);
    if (outcome) return outcome;
    throw error;
  }
}

/** Saves the admin form over consultant `id`, which the form loaded at `form.version`; audits changed fields only. */
export async function updateConsultant(claims: JwtClaims | null, id: string, form: ConsultantAdminForm): Promise<SaveOutcome> {
  if (!UUID.test(id)) return { kind: 'not_found' };
  const values = formToValues(form);
  try {
    return await withRls(claims, async (tx) => {
      if (!(await isAdmin(tx))) return { kind: 'forbidden' };
      const current = await selectProfile(tx).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) return { kind: 'not_found' };
      if (current.version !== form.version) return { kind: 'stale', currentVersion: current.version };
      const conflict = await identityConflict(tx, form, values, id);
      if (conflict) return conflict;
      const change = diffFields(rowToValues(current), values);
      if (!hasChanges(change)) return { kind: 'saved', id, version: current.version, changed: [] };
      const updated = await tx
        .updateTable('consultants')
        .set(toRow(change.after as Partial<AdminValues>) as never)
        .where('id', '=', id)
        .where('version', '=', form.version)
        .returning('version')
        .executeTakeFirst();
      if (!updated) return { kind: 'stale', currentVersion: current.version + 1 };
      await recordAudit(tx, {
        action: 'consultant.updated',
        entity: 'consultant',
        entityId: id,
        data: { version: updated.version, ...change }
      });
      return { kind: 'saved', id, version: updated.version, changed: Object.keys(change.after) };
    });
  } catch (error) {
    const outcome = uniqueConflict(error, values);
    if (outcome) return outcome;
    throw error;
  }
}

export type ActiveOutcome =
  { kind: 'saved'; version: number } | { kind: 'stale'; currentVersion: number } | { kind: 'not_found' } | { kind: 'forbidden' };

/**
 * Deactivates or reactivates a consultant. A deactivated one disappears from the public pages
 * (public_consultants shows active ones only) and cannot sign in (the database bans the linked login
 * and stops recognising it as a consultant, see migration 20261125200000).
 */
export async function setConsultantActive(
  claims: JwtClaims | null,
  id: string,
  active: boolean,
  expectedVersion: number
): Promise<ActiveOutcome> {
  if (!UUID.test(id)) return { kind: 'not_found' };
  return withRls(claims, async (tx) => {
    if (!(await isAdmin(tx))) return { kind: 'forbidden' };
    const current = await tx
      .selectFrom('consultants')
      .select(['version', 'is_active'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return { kind: 'not_found' };
    if (current.version !== expectedVersion) return { kind: 'stale', currentVersion: current.version };
    if (current.is_active === active) return { kind: 'saved', version: current.version };
    const updated = await tx
      .updateTable('consultants')
      .set({ is_active: active })
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: active ? 'consultant.reactivated' : 'consultant.deactivated',
      entity: 'consultant',
      entityId: id,
      data: { version: updated.version, before: { is_active: !active }, after: { is_active: active } }
    });
    return { kind: 'saved', version: updated.version };
  });
}

/** Adds a period consultant `id` cannot speak: whole days from..to (inclusive) in the consultant's zone. */
export async function addUnavailablePeriod(
  claims: JwtClaims | null,
  id: string,
  period: { from: string; to: string; reason: string | null }
): Promise<{ kind: 'added'; periodId: string } | { kind: 'not_found' } | { kind: 'forbidden' }> {
  if (!UUID.test(id)) return { kind: 'not_found' };
  return withRls(claims, async (tx) => {
    if (!(await isAdmin(tx))) return { kind: 'forbidden' };
    const consultant = await tx.selectFrom('consultants').select(['id', 'timezone']).where('id', '=', id).executeTakeFirst();
    if (!consultant) return { kind: 'not_found' };
    const row = await tx
      .insertInto('consultant_unavailable_periods')
      .values({
        consultant_id: id,
        starts_at: sql<Date>`(${period.from}::date)::timestamp at time zone ${consultant.timezone}`,
        ends_at: sql<Date>`(${period.to}::date + 1)::timestamp at time zone ${consultant.timezone}`,
        reason: period.reason
      })
      .returning(['id', 'starts_at', 'ends_at', 'reason'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'consultant.unavailable_period_added',
      entity: 'consultant',
      entityId: id,
      data: { before: {}, after: { period_id: row.id, starts_at: row.starts_at, ends_at: row.ends_at, reason: row.reason } }
    });
    return { kind: 'added', periodId: row.id };
  });
}

/** Removes one unavailable period of consultant `id`. */
export async function removeUnavailablePeriod(
  claims: JwtClaims | null,
  id: string,
  periodId: string
): Promise<{ kind: 'removed' } | { kind: 'not_found' } | { kind: 'forbidden' }> {
  if (!UUID.test(id) || !UUID.test(periodId)) return { kind: 'not_found' };
  return withRls(claims, async (tx) => {
    if (!(await isAdmin(tx))) return { kind: 'forbidden' };
    const row = await tx
      .deleteFrom('consultant_unavailable_periods')
      .where('id', '=', periodId)
      .where('consultant_id', '=', id)
      .returning(['id', 'starts_at', 'ends_at', 'reason'])
      .executeTakeFirst();
    if (!row) return { kind: 'not_found' };
    await recordAudit(tx, {
      action: 'consultant.unavailable_period_removed',
      entity: 'consultant',
      entityId: id,
      data: { before: { period_id: row.id, starts_at: row.starts_at, ends_at: row.ends_at, reason: row.reason }, after: {} }
    });
    return { kind: 'removed' };
  });
}
