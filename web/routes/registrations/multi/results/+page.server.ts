import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { formatDateTime } from '#lib/format.ts';
import { pickText } from '#lib/i18n/text.ts';
import { currentRegistrationSession } from '#server/registration-session/index.ts';
import { sessionsByIds } from '#server/registration-session/sessions.ts';
import { refusalText, statusText } from '#server/registration-session/text.ts';
import type { PageServerLoad } from './$types';

/** One line per session of the last multi-registration, from the registration-session cookie. */
export const load: PageServerLoad = async ({ locals, cookies, setHeaders }) => {
  setHeaders({ 'cache-control': 'private, no-store' });
  const saved = await currentRegistrationSession(cookies);
  const chosen = saved?.sessionIds ?? [];
  const outcomes = (saved?.outcomes ?? []).filter((o) => chosen.includes(o.sessionId));
  const sessions = await sessionsByIds(
    locals.claims,
    outcomes.map((o) => o.sessionId)
  );
  const locale = getLocale();
  return {
    results: outcomes.map((o) => {
      const s = sessions.find((x) => x.id === o.sessionId);
      return {
        sessionId: o.sessionId,
        title: s ? pickText(s.title, locale).text : o.sessionId,
        when: s ? `${formatDateTime(s.starts_at, s.timezone, locale)} (${s.timezone})` : '',
        kind: o.kind,
        text: o.kind === 'refused' ? refusalText(o.reason!) : statusText(o.status ?? ''),
        position: o.position,
        thanksHref: s && o.kind !== 'refused' ? localizeHref(`/webinars/${s.slug}/registered`) : null
      };
    })
  };
};
