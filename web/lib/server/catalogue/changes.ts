/**
 * Knowing when catalogue data changed, so in-process caches (rendered lists, filter choices) can be
 * dropped the moment a change commits instead of living out their TTL.
 *
 * Statement triggers on sessions, session_speakers, topics, consultants and registrations (ratings)
 * send `NOTIFY catalogue_changed` (migration 20261125400000). One dedicated connection per server
 * process LISTENs; every notification bumps `generation`. Caches remember the generation an entry was
 * rendered under and treat any other generation as a miss.
 *
 * Caches may only be used while the listener is connected (`listening()`): between a dropped
 * connection and the next successful LISTEN a change could go unnoticed, so the generation is bumped
 * on every (re)connect and callers bypass their caches while not listening.
 *
 * LISTEN needs a session (not a transaction-pooler) connection: on Supabase set
 * CATALOGUE_LISTEN_URL to the direct or session-mode connection string; it defaults to DATABASE_URL.
 */
import pg from 'pg';

const CHANNEL = 'catalogue_changed';
const RETRY_MS = 2000;

let generation = 0;
let client: pg.Client | null = null;
let connected = false;
let starting: Promise<void> | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;
let stopped = false;
const subscribers = new Set<() => void>();

function bump() {
  generation++;
  for (const fn of subscribers) fn();
}

/** Current generation; changes whenever catalogue data may have changed. */
export function catalogueGeneration(): number {
  return generation;
}

/** True while changes are being received; caches must bypass themselves otherwise. */
export function listening(): boolean {
  return connected;
}

/** Called on every change (and reconnect); returns an unsubscribe function. */
export function onCatalogueChange(fn: () => void): () => void {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

function scheduleRetry() {
  if (stopped || retry) return;
  retry = setTimeout(() => {
    retry = null;
    void startCatalogueChanges();
  }, RETRY_MS);
  retry.unref();
}

function lost(c: pg.Client) {
  if (client !== c) return;
  client = null;
  connected = false;
  bump();
  c.removeAllListeners();
  c.on('error', () => {});
  void c.end().catch(() => {});
  scheduleRetry();
}

/**
 * Starts listening (idempotent; resolves once LISTEN is active or failed). Failures are not thrown:
 * the caches just stay bypassed and a retry is scheduled.
 */
export function startCatalogueChanges(): Promise<void> {
  if (connected) return Promise.resolve();
  stopped = false;
  starting ??= (async () => {
    const url = process.env.CATALOGUE_LISTEN_URL ?? process.env.DATABASE_URL;
    if (!url) return;
    const c = new pg.Client({ connectionString: url, application_name: 'magnetiq-catalogue-listen' });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    c.on('notification', (message) => {
      if (message.channel === CHANNEL) bump();
    });
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
      client = c;
      connected = true;
      // Anything cached before this point was not covered by a listener.
      bump();
    } catch {
      c.removeAllListeners();
      c.on('error', () => {});
      await c.end().catch(() => {});
      scheduleRetry();
    }
  })().finally(() => {
    starting = null;
  });
  return starting;
}

/** Stops listening (tests, shutdown). */
export async function stopCatalogueChanges(): Promise<void> {
  stopped = true;
  if (retry) clearTimeout(retry);
  retry = null;
  await starting;
  const c = client;
  client = null;
  connected = false;
  bump();
  if (c) {
    c.removeAllListeners();
    c.on('error', () => {});
    await c.end().catch(() => {});
  }
}
