/** The audit page's filters (one valibot schema) and the listing service; only admins read entries. */
import { describe, expect, it } from 'vitest';
import { auditFiltersToSearch, parseAuditFilters } from '../../web/lib/schemas/audit-filters.ts';
import { listAuditEntries } from '../../web/lib/server/audit/index.ts';
import { asServiceRole, sql, withRls } from '../../web/lib/server/db/index.ts';
import { adminClaims } from './support/db.ts';
import { createConsultantLogin, unique } from './support/factories.ts';

const filters = (query: string) => {
  const result = parseAuditFilters(new URLSearchParams(query));
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.filters;
};

/** Three entries with a unique action prefix; one is dated two days ago. */
async function seedEntries() {
  const prefix = `audittest_${unique().replace(/[0-9]/g, 'x')}`;
  const actor = await createConsultantLogin();
  const entity = `e${unique().replace(/[0-9]/g, 'x')}`;
  await asServiceRole('test setup: audit entries with chosen actors and times', (tx) =>
    sql`insert into public.audit_log (at, actor_user_id, actor_role, action, entity, entity_id, data) values
      (now() - interval '2 days', ${actor.id}, 'consultant', ${`${prefix}.profile_updated`}, ${entity}, 'one',
       ${JSON.stringify({ before: { position: null }, after: { position: 'CTO' } })}::jsonb),
      (now() - interval '1 minute', ${actor.id}, 'consultant', ${`${prefix}.profile_updated`}, ${entity}, 'two', '{}'::jsonb),
      (now(), null, 'service_role', ${`${prefix}.swept`}, ${entity}, 'three', '{}'::jsonb)`.execute(tx)
  );
  return { prefix, actor, entity };
}

describe('audit filters schema', () => {
  it('accepts valid filters and defaults the page', () => {
    expect(filters('action=consultant.&from=2026-11-01&to=2026-11-30')).toMatchObject({
      action: 'consultant.',
      from: '2026-11-01',
      to: '2026-11-30',
      page: 1
    });
  });

  it('refuses bad values with messages naming the field', () => {
    const result = parseAuditFilters(new URLSearchParams('actor=bob&from=yesterday&page=0'));
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.join(' | ');
    expect(errors).toMatch(/Actor/);
    expect(errors).toMatch(/from/);
    expect(errors).toMatch(/Page/);
    expect(parseAuditFilters(new URLSearchParams('from=2026-11-30&to=2026-11-01')).ok).toBe(false);
  });

  it('round-trips through the URL', () => {
    const f = filters('action=a.b&entity=consultant&page=3');
    expect(filters(auditFiltersToSearch(f).slice(1))).toEqual(f);
    expect(auditFiltersToSearch(f, { page: 1 })).toBe('?action=a.b&entity=consultant');
  });
});

describe('audit listing', () => {
  it('lists newest first and filters by action prefix, actor, entity and dates', async () => {
    const { prefix, actor, entity } = await seedEntries();
    const list = (query: string) =>
      withRls(adminClaims(), (tx) => listAuditEntries(tx, filters(query), 50)).then((r) => r.entries.map((e) => e.entity_id));

    expect(await list(`action=${prefix}.`)).toEqual(['three', 'two', 'one']);
    expect(await list(`action=${prefix}.profile`)).toEqual(['two', 'one']);
    expect(await list(`action=${prefix}.&actor=${actor.id}`)).toEqual(['two', 'one']);
    expect(await list(`entity=${entity}&entityId=one`)).toEqual(['one']);
    const today = new Date().toISOString().slice(0, 10);
    expect(await list(`action=${prefix}.&from=${today}`)).not.toContain('one');
    const { entries } = await withRls(adminClaims(), (tx) => listAuditEntries(tx, filters(`entity=${entity}&entityId=one`), 50));
    expect(entries[0].data).toEqual({ before: { position: null }, after: { position: 'CTO' } });
    expect(entries[0].actor_name).toMatch(/^Test Consultant/);
  });

  it('paginates', async () => {
    const { prefix } = await seedEntries();
    const page = (n: number) => withRls(adminClaims(), (tx) => listAuditEntries(tx, filters(`action=${prefix}.&page=${n}`), 2));
    const first = await page(1);
    const second = await page(2);
    expect(first.entries.map((e) => e.entity_id)).toEqual(['three', 'two']);
    expect(first.hasNext).toBe(true);
    expect(second.entries.map((e) => e.entity_id)).toEqual(['one']);
    expect(second.hasNext).toBe(false);
  });

  it('a consultant cannot read audit entries, not even their own', async () => {
    const { prefix, actor } = await seedEntries();
    const { entries } = await withRls(actor.claims, (tx) => listAuditEntries(tx, filters(`action=${prefix}.`), 50));
    expect(entries).toEqual([]);
  });
});
