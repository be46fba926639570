/**
 * The area guard of web/hooks.server.ts (web/lib/server/auth/guard.ts): a consultant deactivated while
 * signed in is refused by /consultant at once, although their token still says "consultant".
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { guardArea } from '../../web/lib/server/auth/guard.ts';
import { appRole } from '../../web/lib/server/auth/types.ts';
import { setConsultantActive } from '../../web/lib/server/consultants-admin/index.ts';
import type { JwtClaims } from '../../web/lib/server/db/index.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import { createConsultantLogin, createUser } from './support/factories.ts';

/** What the guard does for a request to `path` (route id = path) by `claims`. */
async function request(path: string, claims: JwtClaims | null): Promise<number | string> {
  try {
    await guardArea({
      route: { id: path },
      url: new URL(`http://localhost${path}?x=1`),
      locals: { claims, role: appRole(claims) }
    });
    return 'pass';
  } catch (thrown) {
    if (isRedirect(thrown)) return `${thrown.status} ${thrown.location}`;
    if (isHttpError(thrown)) return `${thrown.status} ${thrown.body.message}`;
    throw thrown;
  }
}

const version = async (id: string) =>
  (await ownerPool().query<{ version: number }>('select version from public.consultants where id = $1', [id])).rows[0].version;

describe('/consultant guard', () => {
  it('lets an active consultant in and refuses them at once after deactivation, with the same 403 as a wrong role', async () => {
    const me = await createConsultantLogin();
    expect(await request('/consultant', me.claims)).toBe('pass');
    expect(await request('/consultant/profile', me.claims)).toBe('pass');

    expect(await setConsultantActive(adminClaims(), me.consultantId, false, await version(me.consultantId))).toMatchObject({
      kind: 'saved'
    });
    // Same (unexpired) token as before.
    expect(await request('/consultant', me.claims)).toBe('403 You do not have access to this area.');
    expect(await request('/consultant/profile', me.claims)).toBe('403 You do not have access to this area.');
    expect(await request('/consultant', adminClaims())).toBe('403 You do not have access to this area.');

    expect(await setConsultantActive(adminClaims(), me.consultantId, true, await version(me.consultantId))).toMatchObject({
      kind: 'saved'
    });
    expect(await request('/consultant', me.claims)).toBe('pass');
  });

  it('refuses a consultant-role token without a consultant profile, and sends anonymous visitors to sign-in', async () => {
    const orphan = await createUser({ role: 'consultant' });
    expect(await request('/consultant', orphan.claims)).toBe('403 You do not have access to this area.');
    expect(await request('/consultant', null)).toBe(`303 /login?next=${encodeURIComponent('/consultant?x=1')}`);
  });

  it('leaves other areas as they were', async () => {
    const me = await createConsultantLogin();
    expect(await request('/admin', me.claims)).toBe('403 You do not have access to this area.');
    expect(await request('/admin', adminClaims())).toBe('pass');
    expect(await request('/webinars', null)).toBe('pass');
    expect(await request('/consultants/[slug]', me.claims)).toBe('pass');
  });
});
