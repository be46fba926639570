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
 * `failNext(503)` makes the next request fail (`'reset'` drops the connection instead).
 */
import { randomBytes, randomUUID } from 'node:crypto';
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
  /** The next `times` requests fail with this HTTP status, or by dropping the connection. */
  failNext(status: number | 'reset', times?: number): void;
  /** Lifetime of access tokens issued from now on (GoTrue's default is 3600 s). */
  setAccessTokenTtl(seconds: number): void;
  /** Ids of sessions that are still active (not logged out). */
  activeSessions(): string[];
  close(): Promise<void>;
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

export async function startGoTrueStandin(options: { jwtSecret: string; anonKey?: string }): Promise<GoTrueStandin> {
  const key = new TextEncoder().encode(options.jwtSecret);
  const sessions = new Map<string, Session>();
  const requests: string[] = [];
  let failures: { status: number | 'reset'; times: number } | undefined;
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
    if (route === 'GET /auth/v1/.well-known/jwks.json') {
      return { status: 200, body: { keys: [] } }; // an HS256-only project publishes no public keys
    }
    throw new HttpError(404, 'not_found', 'Not Found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    requests.push(`${req.method} ${req.url}`);
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

    if (failures && failures.times > 0) {
      const { status } = failures;
      if (--failures.times === 0) failures = undefined;
      if (status === 'reset') return void req.socket.destroy();
      return sendError(new HttpError(status, 'unexpected_failure', 'Injected failure from the GoTrue stand-in'));
    }
    // Kong, in front of GoTrue, wants the project's API key on every request.
    const apikey = req.headers.apikey;
    if (!apikey) return send(401, { message: 'No API key found in request' });
    if (options.anonKey && apikey !== options.anonKey) return send(401, { message: 'Invalid API key' });

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
    failNext(status, times = 1) {
      failures = { status, times };
    },
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
