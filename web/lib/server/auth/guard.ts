/**
 * Area guards for /admin and /consultant: signed-out visitors go to sign-in; a signed-in user with the
 * wrong role gets 403. A consultant must also still be an active consultant: a token issued before
 * the deactivation keeps its role claim until it expires, so /consultant asks the database once per
 * request (app.current_consultant_id() is null for an inactive or unlinked profile).
 */
import { error, redirect } from '@sveltejs/kit';
import { m } from '../../paraglide/messages.js';
import { localizeHref } from '../../paraglide/runtime.js';
import { sql, withRls, type JwtClaims } from '../db/index.ts';
import type { AppRole } from './types.ts';

const AREAS: { prefix: string; role: AppRole }[] = [
  { prefix: '/admin', role: 'admin' },
  { prefix: '/consultant', role: 'consultant' }
];

/** True when `claims` belong to the login of an active consultant profile. */
export async function isActiveConsultant(claims: JwtClaims): Promise<boolean> {
  return withRls(claims, async (tx) => {
    const { rows } = await sql<{ active: boolean }>`select app.current_consultant_id() is not null as active`.execute(tx);
    return rows[0]?.active ?? false;
  });
}

type GuardEvent = { route: { id: string | null }; url: URL; locals: Pick<App.Locals, 'claims' | 'role'> };

/** Throws the sign-in redirect or the 403 for a request to a guarded area the caller may not enter. */
export async function guardArea(event: GuardEvent): Promise<void> {
  const routeId = event.route.id ?? '';
  const area = AREAS.find((a) => routeId === a.prefix || routeId.startsWith(`${a.prefix}/`));
  if (!area) return;
  const { claims, role } = event.locals;
  if (!claims) {
    const next = event.url.pathname + event.url.search;
    redirect(303, localizeHref(`/login?next=${encodeURIComponent(next)}`));
  }
  if (role !== area.role) error(403, m.error_forbidden());
  if (area.role === 'consultant' && !(await isActiveConsultant(claims))) error(403, m.error_forbidden());
}
