/**
 * Small factories for integration tests. They write through the owner pool (which bypasses RLS), give
 * every row unique values so parallel test files never collide, and return ids.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { JwtClaims } from '../../../web/lib/server/db/index.ts';
import { claimsFor, ownerPool } from './db.ts';

type Row = Record<string, unknown>;

/** A short random lower-case suffix, valid inside slugs and e-mail addresses. */
export function unique(): string {
  return randomUUID().replaceAll('-', '').slice(0, 12);
}

/** Inserts one row and returns its id. Column names come from test code only, never from input. */
async function insertRow(db: pg.Pool | pg.PoolClient, table: string, row: Row, returning = 'id'): Promise<string> {
  const columns = Object.keys(row);
  // Plain objects are jsonb; arrays, dates and buffers go to pg as they are (text[], timestamptz, bytea).
  const isPlainObject = (v: unknown) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
  const values = Object.values(row).map((v) => (isPlainObject(v) ? JSON.stringify(v) : v));
  const text = `insert into ${table} (${columns.map((c) => `"${c}"`).join(', ')})
                values (${columns.map((_, i) => `$${i + 1}`).join(', ')}) returning ${returning}`;
  const { rows } = await db.query(text, values);
  return String(rows[0][returning]);
}

/** Runs `fn` in one owner transaction, so deferred constraint triggers see the whole unit. */
export async function ownerTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await ownerPool().connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export interface TestUser {
  id: string;
  email: string;
  claims: JwtClaims;
}

/** A row in auth.users with an app role (or none) and the JWT claims that user would carry. */
export async function createUser({ role = null }: { role?: 'admin' | 'consultant' | null } = {}): Promise<TestUser> {
  const id = randomUUID();
  const email = `user-${unique()}@test.magnetiq.local`;
  await ownerPool().query(
    `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
                             raw_user_meta_data, created_at, updated_at)
     values ($1, 'authenticated', 'authenticated', $2, extensions.crypt('test-password', extensions.gen_salt('bf', 4)),
             now(), $3, '{}', now(), now())`,
    [id, email, JSON.stringify(role ? { role, provider: 'email' } : { provider: 'email' })]
  );
  return { id, email, claims: claimsFor(id, email, role) };
}

/** A consultant profile; linked to a login when `userId` is given. */
export async function createConsultant({
  userId = null,
  isActive = true,
  ...columns
}: { userId?: string | null; isActive?: boolean } & Row = {}): Promise<string> {
  const suffix = unique();
  return insertRow(ownerPool(), 'public.consultants', {
    user_id: userId,
    slug: `consultant-${suffix}`,
    first_name: 'Test',
    last_name: `Consultant ${suffix}`,
    email: `consultant-${suffix}@test.magnetiq.local`,
    phone: '+49 30 1234567',
    biography: { en: 'Test biography', de: 'Test-Biografie' },
    hourly_rate: 150,
    revenue_share_percent: 40,
    is_active: isActive,
    ...columns
  });
}

export interface TestConsultant extends TestUser {
  userId: string;
  consultantId: string;
}

/** A consultant who can sign in: an auth user with role consultant and a linked, active profile. */
export async function createConsultantLogin(): Promise<TestConsultant> {
  const user = await createUser({ role: 'consultant' });
  const consultantId = await createConsultant({ userId: user.id });
  return { ...user, userId: user.id, consultantId };
}

/** A topic template. */
export async function createTopic({
  status = 'active',
  ...columns
}: { status?: 'draft' | 'active' | 'archived' } & Row = {}): Promise<string> {
  const suffix = unique();
  return insertRow(ownerPool(), 'public.topics', {
    slug: `topic-${suffix}`,
    title: { en: `Topic ${suffix}`, de: `Thema ${suffix}` },
    description: { en: 'What this topic covers.' },
    category: 'testing',
    status,
    ...columns
  });
}

export type SessionStatus = 'draft' | 'published' | 'live' | 'completed' | 'cancelled';
export type SpeakerRole = 'primary' | 'panelist' | 'moderator';

/** The status path a new session walks to reach `status` (new sessions start as draft or published). */
const STATUS_PATH: Record<SessionStatus, SessionStatus[]> = {
  draft: ['draft'],
  published: ['published'],
  live: ['published', 'live'],
  completed: ['published', 'live', 'completed'],
  cancelled: ['published', 'cancelled']
};

/**
 * A session and its speakers in one transaction (a non-draft session needs a primary speaker by
 * commit time). Statuses beyond published are reached through the allowed transitions.
 */
export async function createSession({
  topicId,
  speakers = [],
  status = 'published',
  capacity = null,
  startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000),
  ...columns
}: {
  topicId?: string;
  speakers?: { consultantId: string; role: SpeakerRole }[];
  status?: SessionStatus;
  capacity?: number | null;
  startsAt?: Date;
} & Row = {}): Promise<string> {
  const topic = topicId ?? (await createTopic());
  const [first, ...rest] = STATUS_PATH[status];
  return ownerTransaction(async (client) => {
    const id = await insertRow(client, 'public.sessions', {
      slug: `session-${unique()}`,
      topic_id: topic,
      starts_at: startsAt,
      timezone: 'Europe/Berlin',
      capacity,
      status: first,
      ...columns
    });
    for (const [position, speaker] of speakers.entries()) {
      await client.query(
        'insert into public.session_speakers (session_id, consultant_id, role, position) values ($1, $2, $3, $4)',
        [id, speaker.consultantId, speaker.role, position]
      );
    }
    for (const next of rest) await client.query('update public.sessions set status = $2 where id = $1', [id, next]);
    return id;
  });
}

export type RegistrationStatus =
  'pending_approval' | 'pending_payment' | 'confirmed' | 'waitlisted' | 'cancelled' | 'attended' | 'no_show';

/** The status a registration is inserted with before walking to `status`. */
const REGISTRATION_PATH: Record<RegistrationStatus, RegistrationStatus[]> = {
  pending_approval: ['pending_approval'],
  pending_payment: ['pending_payment'],
  confirmed: ['confirmed'],
  waitlisted: ['waitlisted'],
  cancelled: ['confirmed', 'cancelled'],
  attended: ['confirmed', 'attended'],
  no_show: ['confirmed', 'no_show']
};

/** A registration with the required consents; statuses a new row cannot have are reached by transitions. */
export async function createRegistration({
  sessionId,
  status = 'confirmed',
  consultantFollowUpConsent = false,
  email = `attendee-${unique()}@test.magnetiq.local`,
  ...columns
}: {
  sessionId: string;
  status?: RegistrationStatus;
  consultantFollowUpConsent?: boolean;
  email?: string;
} & Row): Promise<string> {
  const [first, ...rest] = REGISTRATION_PATH[status];
  return ownerTransaction(async (client) => {
    const id = await insertRow(client, 'public.registrations', {
      session_id: sessionId,
      first_name: 'Ada',
      last_name: 'Attendee',
      email,
      phone: '+49 170 1234567',
      company: 'Attendee GmbH',
      position: 'CTO',
      status: first,
      terms_accepted: true,
      privacy_consent: true,
      consultant_follow_up_consent: consultantFollowUpConsent,
      manage_token_hash: randomBytes(32),
      ...columns
    });
    for (const next of rest) await client.query('update public.registrations set status = $2 where id = $1', [id, next]);
    return id;
  });
}

/** A consent record (evidence row) for a registration. */
export async function createConsentRecord({
  registrationId,
  kind = 'terms'
}: {
  registrationId: string;
  kind?: string;
}): Promise<string> {
  return insertRow(ownerPool(), 'public.consent_records', {
    registration_id: registrationId,
    kind,
    granted: true,
    text_version: '2026-11-01'
  });
}
