/**
 * Configuration, validated once at start-up. Every value has a safe local default except the ones
 * that only make sense in production (a real DATABASE_URL needs a real JWT secret, and so on).
 */
import * as v from 'valibot';

const url = (name: string) => v.pipe(v.string(), v.trim(), v.url(`${name} must be a URL, e.g. https://example.com`));
const postgresUrl = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^postgres(ql)?:\/\/.+/, 'DATABASE_URL must look like postgres://user:password@host:5432/dbname')
);
const optional = <T extends v.GenericSchema>(schema: T) =>
  v.optional(
    v.union([
      v.pipe(
        v.literal(''),
        v.transform(() => undefined)
      ),
      schema
    ])
  );

const EnvSchema = v.object({
  NODE_ENV: v.optional(v.picklist(['development', 'production', 'test']), 'development'),
  PORT: v.optional(v.pipe(v.string(), v.regex(/^\d{2,5}$/, 'PORT must be a number like 3000')), '3000'),
  DATABASE_URL: optional(postgresUrl),
  PUBLIC_BASE_URL: optional(url('PUBLIC_BASE_URL')),
  AUTH_PROVIDER: v.optional(v.picklist(['local', 'supabase'], 'AUTH_PROVIDER must be "local" or "supabase"'), 'local'),
  PUBLIC_SUPABASE_URL: optional(url('PUBLIC_SUPABASE_URL')),
  PUBLIC_SUPABASE_ANON_KEY: optional(v.pipe(v.string(), v.minLength(20, 'PUBLIC_SUPABASE_ANON_KEY looks too short'))),
  SUPABASE_JWT_SECRET: optional(v.pipe(v.string(), v.minLength(32, 'SUPABASE_JWT_SECRET must be at least 32 characters'))),
  // Server-only secret for GoTrue's admin API (consultant invitations). Never PUBLIC_, never sent to a browser.
  SUPABASE_SERVICE_ROLE_KEY: optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.minLength(20, 'SUPABASE_SERVICE_ROLE_KEY looks too short (the service_role or sb_secret_ key)')
    )
  ),
  SMTP_URL: optional(v.pipe(v.string(), v.regex(/^smtps?:\/\/.+/, 'SMTP_URL must look like smtp://user:pass@host:587'))),
  MAIL_FROM: v.optional(v.pipe(v.string(), v.email('MAIL_FROM must be an email address')), 'webinars@magnetiq.local'),
  STRIPE_SECRET_KEY: optional(
    v.pipe(v.string(), v.regex(/^sk_(test|live)_/, 'STRIPE_SECRET_KEY must start with sk_test_ or sk_live_'))
  ),
  STRIPE_WEBHOOK_SECRET: optional(v.pipe(v.string(), v.regex(/^whsec_/, 'STRIPE_WEBHOOK_SECRET must start with whsec_'))),
  STRIPE_API_BASE: optional(url('STRIPE_API_BASE')),
  ODOO_URL: optional(url('ODOO_URL')),
  ODOO_DB: optional(v.string()),
  ODOO_USER: optional(v.string()),
  ODOO_API_KEY: optional(v.string()),
  // Registration abuse limits, "<attempts>/<seconds>" or "off" (web/lib/server/registration/abuse.ts).
  REGISTRATION_LIMIT_PER_IP: optional(
    v.pipe(v.string(), v.regex(/^(off|\d{1,7}\/\d{1,7})$/i, 'REGISTRATION_LIMIT_PER_IP must look like 30/600 or off'))
  ),
  REGISTRATION_LIMIT_PER_EMAIL: optional(
    v.pipe(v.string(), v.regex(/^(off|\d{1,7}\/\d{1,7})$/i, 'REGISTRATION_LIMIT_PER_EMAIL must look like 10/3600 or off'))
  ),
  TURNSTILE_SECRET_KEY: optional(v.string()),
  PUBLIC_TURNSTILE_SITE_KEY: optional(v.string()),
  TURNSTILE_VERIFY_URL: optional(url('TURNSTILE_VERIFY_URL'))
});

export type Config = v.InferOutput<typeof EnvSchema> & {
  /** True when we run our own embedded Postgres (no DATABASE_URL given). */
  embedded: boolean;
  jwtSecret: string;
  baseUrl: string;
  secureCookies: boolean;
};

// Only ever used with the embedded, local database: a real deployment must bring its own secret.
const LOCAL_JWT_SECRET = 'local-development-secret-not-for-production-use-0123456789';

export class ConfigError extends Error {}

/** Parses and checks the environment; throws a ConfigError listing every problem at once. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = v.safeParse(EnvSchema, env);
  if (!result.success) {
    const lines = result.issues.map((issue) => `- ${v.getDotPath(issue) ?? 'env'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const value = result.output;
  const problems: string[] = [];
  const embedded = !value.DATABASE_URL;
  if (!embedded && !value.SUPABASE_JWT_SECRET && value.AUTH_PROVIDER === 'local') {
    problems.push('- SUPABASE_JWT_SECRET: required when DATABASE_URL is set (sessions are signed with it)');
  }
  if (value.AUTH_PROVIDER === 'supabase') {
    if (!value.PUBLIC_SUPABASE_URL) problems.push('- PUBLIC_SUPABASE_URL: required with AUTH_PROVIDER=supabase');
    if (!value.PUBLIC_SUPABASE_ANON_KEY) problems.push('- PUBLIC_SUPABASE_ANON_KEY: required with AUTH_PROVIDER=supabase');
    if (!value.SUPABASE_JWT_SECRET)
      problems.push('- SUPABASE_JWT_SECRET: required with AUTH_PROVIDER=supabase (verifies access tokens)');
    if (value.SUPABASE_SERVICE_ROLE_KEY && value.SUPABASE_SERVICE_ROLE_KEY === value.PUBLIC_SUPABASE_ANON_KEY)
      problems.push('- SUPABASE_SERVICE_ROLE_KEY: must be the service-role (secret) key, not the anon key');
  }
  if (value.STRIPE_SECRET_KEY && !value.STRIPE_WEBHOOK_SECRET) {
    problems.push('- STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set');
  }
  if (value.ODOO_URL && (!value.ODOO_DB || !value.ODOO_API_KEY)) {
    problems.push('- ODOO_DB and ODOO_API_KEY: required when ODOO_URL is set');
  }
  if (Boolean(value.TURNSTILE_SECRET_KEY) !== Boolean(value.PUBLIC_TURNSTILE_SITE_KEY)) {
    problems.push('- TURNSTILE_SECRET_KEY and PUBLIC_TURNSTILE_SITE_KEY: set both or neither');
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const baseUrl = (value.PUBLIC_BASE_URL ?? `http://localhost:${value.PORT}`).replace(/\/$/, '');
  return {
    ...value,
    embedded,
    jwtSecret: value.SUPABASE_JWT_SECRET ?? LOCAL_JWT_SECRET,
    baseUrl,
    secureCookies: baseUrl.startsWith('https://')
  };
}

let cached: Config | undefined;

/** The process-wide configuration (parsed on first use). */
export function config(): Config {
  cached ??= parseConfig();
  return cached;
}
