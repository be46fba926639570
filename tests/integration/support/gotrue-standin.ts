/**
 * A stand-in for Supabase Auth (GoTrue) at its HTTP boundary, speaking the wire format
 * @supabase/auth-js uses: password and refresh-token grants, GET /user, POST /logout and the JWKS
 * document. Passwords are checked against the real `auth.users` table of the test database with
 * pgcrypto's `crypt` (bcrypt, as GoTrue stores them); access tokens are HS256 JWTs with GoTrue's
 * claims, signed with the project's JWT secret. Sessions and refresh tokens live in memory.
 *
 * Errors use GoTrue's shapes: `{code, message}` when the client sends `X-Supabase-Api-Version:
 * 2024-01-01` (auth-js always does; the version is echoed back), the legacy `{code: <status>,
 * error_code, msg}` otherwise, and Kong's `{message}` for a missing or wrong `apikey`.
 * `failNext(503)` makes the next request fail (`'reset'` drops the connection instead); give a route
 * like `'POST /auth/v1/invite'` to fail only requests to it.
 *
 * Consultant invitations (admin API, `Authorization: Bearer <service-role JWT>`): POST /admin/users,
 * DELETE /admin/users/<id>, POST /invite (`redirect_to` query; the "email" lands in `invites` with
 * GoTrue's token hash, sha224 hex of email + OTP), POST /verify `{type: 'invite', token_hash}` (single
 * use, confirms the email, returns a session) and PUT /user `{password}`.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, jwtVerify } from 'jose';
import { ownerPool } from './db.ts';

const API_VERSION_HEADER = 'x-supabase-api-version';
const API_VERSION_2024 = '2024-01-01';

export interface GoTrueStandin {
  /** Project URL to give the client (`PUBLIC_SUPABASE_URL`); the API lives under `/auth/v1`. */
  url: string;
  /** Every request received, e.g. `POST /auth/v1/token?grant_type=password`. */
  requests: string[];
  /** The next `times` requests (to `route`, e.g. `POST /auth/v1/invite`, if given) fail with this status or a dropped connection. */
  failNext(status: number | 'reset', times?: number, route?: string): void;
  /** Invitation emails GoTrue would have sent, oldest first. */
  invites: SentInvite[];
  /** Lifetime of access tokens issued from now on (GoTrue's default is 3600 s). */
  setAccessTokenTtl(seconds: number): void;
  /** Ids of sessions that are still active (not logged out). */
  activeSessions(): string[];
  close(): Promise<void>;
}

export interface SentInvite {
  email: string;
  userId: string;
  tokenHash: string;
  redirectTo: string | null;
}

interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  banned_until: Date | null;
  is_anonymous: boolean | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
}

interface Session {
  id: string;
  userId: string;
  refreshToken: string;
  revoked: boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string
  ) {
    super(message);
  }
}

const USER_COLUMNS = `id, aud, role, email, phone, email_confirmed_at, last_sign_in_at, created_at, updated_at,
  banned_until, is_anonymous, raw_app_meta_data, raw_user_meta_data`;

/** GoTrue's JSON for a user (the `user` of a token response, and the body of GET /user). */
function userJson(u: UserRow) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: u.id,
    aud: u.aud ?? 'authenticated',
    role: u.role ?? 'authenticated',
    email: u.email ?? '',
    email_confirmed_at: iso(u.email_confirmed_at),
    phone: u.phone ?? '',
    confirmed_at: iso(u.email_confirmed_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: [],
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    is_anonymous: u.is_anonymous ?? false
  };
}

export async function startGoTrueStandin(options: {
  jwtSecret: string;
  anonKey?: string;
  serviceRoleKey?: string;
}): Promise<GoTrueStandin> {
  const key = new TextEncoder().encode(options.jwtSecret);
  const sessions = new Map<string, Session>();
  const requests: string[] = [];
  let failures: { status: number | 'reset'; times: number; route?: string } | undefined;
  const invites: SentInvite[] = [];
  // token hash → pending invitation (GoTrue keeps it in auth.one_time_tokens; single use).
  const inviteTokens = new Map<string, { userId: string; expiresAt: number }>();
  let ttl = 3600;
  let url = '';
  const issuer = () => `${url}/auth/v1`;

  async function findUser(where: 'email' | 'id', value: string): Promise<UserRow | undefined> {
    const column = where === 'email' ? 'lower(email) = lower($1)' : 'id = $1::uuid';
    const { rows } = await ownerPool().query<UserRow>(
      `select ${USER_COLUMNS} from auth.users where ${column} and deleted_at is null`,
      [value]
    );
    return rows[0];
  }

  async function passwordMatches(userId: string, password: string): Promise<boolean> {
    const { rows } = await ownerPool().query<{ ok: boolean }>(
      `select coalesce(extensions.crypt($2, encrypted_password) = encrypted_password, false) as ok
         from auth.users where id = $1`,
      [userId, password]
    );
    return rows[0]?.ok ?? false;
  }

  async function issueSession(user: UserRow, session: Session) {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      aud: 'authenticated',
      email: user.email ?? '',
      phone: user.phone ?? '',
      app_metadata: user.raw_app_meta_data ?? {},
      user_metadata: user.raw_user_meta_data ?? {},
      role: user.role ?? 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: now }],
      session_id: session.id,
      is_anonymous: user.is_anonymous ?? false
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(issuer())
      .setSubject(user.id)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .sign(key);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: ttl,
      expires_at: now + ttl,
      refresh_token: session.refreshToken,
      user: userJson(user)
    };
  }

  const newRefreshToken = () => randomBytes(9).toString('base64url'); // 12 characters, like GoTrue's

  async function passwordGrant(body: Record<string, unknown>) {
    const email = typeof body.email === 'string' ? body.email : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!email && !body.phone) throw new HttpError(400, 'validation_failed', 'missing email or phone');
    const user = email ? await findUser('email', email) : undefined;
    if (!user || !(await passwordMatches(user.id, password))) {
      throw new HttpError(400, 'invalid_credentials', 'Invalid login credentials');
    }
    if (!user.email_confirmed_at) throw new HttpError(400, 'email_not_confirmed', 'Email not confirmed');
    if (user.banned_until && user.banned_until > new Date()) throw new HttpError(400, 'user_banned', 'User is banned');
    await ownerPool().query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
    const session: Session = { id: randomUUID(), userId: user.id, refreshToken: newRefreshToken(), revoked: false };
    sessions.set(session.id, session);
    return issueSession({ ...user, last_sign_in_at: new Date() }, session);
  }

  async function refreshGrant(body: Record<string, unknown>) {
    const token = typeof body.refresh_token === 'string' ? body.refresh_token : '';
    if (!token) throw new HttpError(400, 'validation_failed', 'refresh_token required');
    const session = [...sessions.values()].find((s) => s.refreshToken === token && !s.revoked);
    if (!session) throw new HttpError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    const user = await findUser('id', session.userId);
    if (!user) throw new HttpError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    session.refreshToken = newRefreshToken(); // rotation
    return issueSession(user, session);
  }

  /** GoTrue's requireAuthentication: a valid HS256 bearer token whose user and session still exist. */
  async function authenticate(req: IncomingMessage): Promise<{ user: UserRow; session: Session }> {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new HttpError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    let claims: { sub?: string; session_id?: string };
    try {
      ({ payload: claims } = await jwtVerify(match[1], key, { algorithms: ['HS256'] }));
    } catch (error) {
      throw new HttpError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${(error as Error).message}`);
    }
    const user = claims.sub ? await findUser('id', claims.sub).catch(() => undefined) : undefined;
    if (!user) throw new HttpError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
    const session = claims.session_id ? sessions.get(claims.session_id) : undefined;
    if (!session || session.revoked || session.userId !== user.id) {
      throw new HttpError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    }
    return { user, session };
  }

  /** GoTrue's requireAdmin: a bearer JWT signed with the project's secret whose role is service_role. */
  async function requireAdmin(req: IncomingMessage): Promise<void> {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new HttpError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    let role: unknown;
    try {
      ({
        payload: { role }
      } = await jwtVerify(match[1], key, { algorithms: ['HS256'] }));
    } catch (error) {
      throw new HttpError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${(error as Error).message}`);
    }
    if (role !== 'service_role' && role !== 'supabase_admin') throw new HttpError(403, 'not_admin', 'User not allowed');
  }

  /** GoTrue's admin create user (also used by invite for a new email): unconfirmed unless email_confirm. */
  async function createUser(body: Record<string, unknown>): Promise<UserRow> {
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    if (!email) throw new HttpError(400, 'validation_failed', 'Unable to validate email address: invalid format');
    if (await findUser('email', email)) {
      throw new HttpError(422, 'email_exists', 'A user with this email address has already been registered');
    }
    const object = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
    const appMetadata = { provider: 'email', providers: ['email'], ...object(body.app_metadata) };
    const id = randomUUID();
    await ownerPool().query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
               case when $3::text is null then null else extensions.crypt($3, extensions.gen_salt('bf', 10)) end,
               case when $4 then now() end, $5, $6, now(), now())`,
      [
        id,
        email,
        typeof body.password === 'string' ? body.password : null,
        body.email_confirm === true,
        appMetadata,
        object(body.user_metadata)
      ]
    );
    return (await findUser('id', id))!;
  }

  async function route(req: IncomingMessage, path: URL): Promise<{ status: number; body?: unknown }> {
    const route = `${req.method} ${path.pathname}`;
    if (route === 'POST /auth/v1/token') {
      const body = (await readJson(req)) as Record<string, unknown>;
      const grant = path.searchParams.get('grant_type');
      if (grant === 'password') return { status: 200, body: await passwordGrant(body) };
      if (grant === 'refresh_token') return { status: 200, body: await refreshGrant(body) };
      throw new HttpError(400, 'validation_failed', 'unsupported_grant_type');
    }
    if (route === 'GET /auth/v1/user') {
      const { user } = await authenticate(req);
      return { status: 200, body: userJson(user) };
    }
    if (route === 'POST /auth/v1/logout') {
      const scope = path.searchParams.get('scope') ?? 'global';
      if (!['global', 'local', 'others'].includes(scope)) {
        throw new HttpError(400, 'validation_failed', `Unsupported logout scope "${scope}"`);
      }
      const { user, session } = await authenticate(req);
      for (const s of sessions.values()) {
        if (s.userId !== user.id) continue;
        if (scope === 'global' || (scope === 'local' && s.id === session.id) || (scope === 'others' && s.id !== session.id)) {
          s.revoked = true;
        }
      }
      return { status: 204 };
    }
    if (route === 'POST /auth/v1/admin/users') {
      await requireAdmin(req);
      return { status: 200, body: userJson(await createUser((await readJson(req)) as Record<string, unknown>)) };
    }
    const adminUser = /^DELETE \/auth\/v1\/admin\/users\/([^/]+)$/.exec(route);
    if (adminUser) {
      await requireAdmin(req);
      const user = await findUser('id', adminUser[1]).catch(() => undefined);
      if (!user) throw new HttpError(404, 'user_not_found', 'User not found');
      await ownerPool().query('delete from auth.users where id = $1', [user.id]);
      return { status: 200, body: {} };
    }
    if (route === 'POST /auth/v1/invite') {
      await requireAdmin(req);
      const body = (await readJson(req)) as Record<string, unknown>;
      const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
      if (!email) throw new HttpError(400, 'validation_failed', 'An email address is required');
      let user = await findUser('email', email);
      if (user?.email_confirmed_at) {
        throw new HttpError(422, 'email_exists', 'A user with this email address has already been registered');
      }
      user ??= await createUser({ email, user_metadata: body.data });
      await ownerPool().query('update auth.users set invited_at = now(), updated_at = now() where id = $1', [user.id]);
      const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const tokenHash = createHash('sha224')
        .update(email + otp)
        .digest('hex');
      for (const [hash, pending] of inviteTokens) if (pending.userId === user.id) inviteTokens.delete(hash);
      inviteTokens.set(tokenHash, { userId: user.id, expiresAt: Date.now() + 86_400_000 });
      invites.push({ email, userId: user.id, tokenHash, redirectTo: path.searchParams.get('redirect_to') });
      return { status: 200, body: userJson(user) };
    }
    if (route === 'POST /auth/v1/verify') {
      const body = (await readJson(req)) as Record<string, unknown>;
      const hash = typeof body.token_hash === 'string' ? body.token_hash : '';
      const pending = body.type === 'invite' ? inviteTokens.get(hash) : undefined;
      if (!pending || pending.expiresAt < Date.now()) {
        throw new HttpError(403, 'otp_expired', 'Email link is invalid or has expired');
      }
      const user = await findUser('id', pending.userId);
      if (!user) throw new HttpError(403, 'otp_expired', 'Email link is invalid or has expired');
      if (user.banned_until && user.banned_until > new Date()) throw new HttpError(400, 'user_banned', 'User is banned');
      inviteTokens.delete(hash);
      await ownerPool().query(
        'update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()), last_sign_in_at = now() where id = $1',
        [user.id]
      );
      const session: Session = { id: randomUUID(), userId: user.id, refreshToken: newRefreshToken(), revoked: false };
      sessions.set(session.id, session);
      return { status: 200, body: await issueSession((await findUser('id', user.id))!, session) };
    }
    if (route === 'PUT /auth/v1/user') {
      const { user } = await authenticate(req);
      const body = (await readJson(req)) as Record<string, unknown>;
      if (typeof body.password === 'string') {
        if (body.password.length < 6) throw new HttpError(422, 'weak_password', 'Password should be at least 6 characters.');
        await ownerPool().query(
          `update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)), updated_at = now()
           where id = $1`,
          [user.id, body.password]
        );
      }
      return { status: 200, body: userJson((await findUser('id', user.id))!) };
    }
    if (route === 'GET /auth/v1/.well-known/jwks.json') {
      return { status: 200, body: { keys: [] } }; // an HS256-only project publishes no public keys
    }
    throw new HttpError(404, 'not_found', 'Not Found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    requests.push(`${req.method} ${req.url}`);
    // No keep-alive: an idle client socket left in fetch's pool would keep the test worker from exiting.
    res.shouldKeepAlive = false;
    const version = req.headers[API_VERSION_HEADER];
    const modern = typeof version === 'string' && version >= API_VERSION_2024;
    if (modern) res.setHeader(API_VERSION_HEADER, API_VERSION_2024);
    const send = (status: number, body?: unknown) => {
      if (body === undefined) return void res.writeHead(status).end();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const sendError = (e: HttpError) =>
      send(
        e.status,
        modern ? { code: e.errorCode, message: e.message } : { code: e.status, error_code: e.errorCode, msg: e.message }
      );

    const target = `${req.method} ${new URL(req.url ?? '/', 'http://standin').pathname}`;
    if (failures && failures.times > 0 && (!failures.route || target === failures.route)) {
      const { status } = failures;
      if (--failures.times === 0) failures = undefined;
      if (status === 'reset') return void req.socket.destroy();
      return sendError(new HttpError(status, 'unexpected_failure', 'Injected failure from the GoTrue stand-in'));
    }
    // Kong, in front of GoTrue, wants the project's API key on every request.
    const apikey = req.headers.apikey;
    if (!apikey) return send(401, { message: 'No API key found in request' });
    if (options.anonKey && apikey !== options.anonKey && apikey !== options.serviceRoleKey) {
      return send(401, { message: 'Invalid API key' });
    }

    try {
      const { status, body } = await route(req, new URL(req.url ?? '/', 'http://standin'));
      send(status, body);
    } catch (error) {
      if (error instanceof HttpError) return sendError(error);
      sendError(new HttpError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information'));
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    failNext(status, times = 1, route) {
      failures = { status, times, route };
    },
    invites,
    setAccessTokenTtl(seconds) {
      ttl = seconds;
    },
    activeSessions: () => [...sessions.values()].filter((s) => !s.revoked).map((s) => s.id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_json', 'Could not parse request body as JSON');
  }
}
