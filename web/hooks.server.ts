import { sequence, type Handle, type ServerInit } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { appRole, auth } from '#server/auth/index.ts';
import { guardArea } from '#server/auth/guard.ts';
import { startCatalogueChanges, stopCatalogueChanges } from '#server/catalogue/changes.ts';
import { catalogueResponseCache } from '#server/catalogue/response-cache.ts';
import { config } from '#server/config.ts';
import { closeJobClient, jobClient } from '#server/jobs/index.ts';
import { closeDb } from '#server/db/index.ts';

// Fail at start-up, not on the first request, when the configuration is wrong.
config();

/** Boots the pg-boss sending client with the server, so the first registration does not pay for it. */
export const init: ServerInit = async () => {
  await jobClient();
  // The catalogue caches stay bypassed until their change listener is connected; connect it now.
  await startCatalogueChanges();
  // adapter-node closes the HTTP server on SIGTERM/SIGINT and then emits this; the process only exits
  // once nothing keeps the event loop busy, so the long-lived connections (LISTEN client, pg-boss,
  // the pool) must be closed, or `npm start` would hang on Ctrl+C and a deploy would wait for a kill.
  process.once('sveltekit:shutdown', () => {
    void Promise.allSettled([stopCatalogueChanges(), closeJobClient()]).then(() => closeDb());
  });
};

const i18n: Handle = ({ event, resolve }) =>
  // The locale comes from the URL; routing already ignores the /de prefix (hooks.ts reroute).
  paraglideMiddleware(event.request, ({ locale }) => {
    return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
  });

const identify: Handle = async ({ event, resolve }) => {
  event.locals.claims = await auth().getClaims(event.cookies);
  event.locals.role = appRole(event.locals.claims);
  return resolve(event);
};

// Area guards (web/lib/server/auth/guard.ts): signed-out visitors go to sign-in; a signed-in user with
// the wrong role, or a deactivated consultant, gets 403.
const guard: Handle = async ({ event, resolve }) => {
  await guardArea(event);
  return resolve(event);
};

// Anonymous catalogue lists are served from a short-lived, change-invalidated micro-cache; first, so a
// hit skips the rest of the chain (response-cache.ts decides what is anonymous and cacheable).
const catalogueCache: Handle = ({ event, resolve }) =>
  event.route.id === '/webinars' ? catalogueResponseCache.handle(event.request, () => resolve(event)) : resolve(event);

export const handle = sequence(catalogueCache, i18n, identify, guard);
