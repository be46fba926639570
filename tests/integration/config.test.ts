import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../web/lib/server/config.ts';

describe('configuration', () => {
  it('has safe local defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      PORT: '3000',
      AUTH_PROVIDER: 'local',
      embedded: true,
      baseUrl: 'http://localhost:3000',
      secureCookies: false
    });
  });

  it('names every malformed value at once', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x', PORT: 'abc', SMTP_URL: 'http://mail' })).toThrow(ConfigError);
    try {
      parseConfig({ DATABASE_URL: 'mysql://x', PORT: 'abc', SMTP_URL: 'http://mail' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL must look like postgres://');
      expect(message).toContain('PORT must be a number');
      expect(message).toContain('SMTP_URL must look like smtp://');
    }
  });

  it('requires a real JWT secret with a real database, and Supabase keys with Supabase auth', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://u:p@db:5432/app' })).toThrow(/SUPABASE_JWT_SECRET: required/);
    expect(() => parseConfig({ AUTH_PROVIDER: 'supabase' })).toThrow(/PUBLIC_SUPABASE_URL: required/);
    expect(() => parseConfig({ STRIPE_SECRET_KEY: 'sk_test_123' })).toThrow(/STRIPE_WEBHOOK_SECRET: required/);
    expect(() => parseConfig({ TURNSTILE_SECRET_KEY: 'secret' })).toThrow(/set both or neither/);
    expect(() => parseConfig({ REGISTRATION_LIMIT_PER_IP: 'lots' })).toThrow(
      /REGISTRATION_LIMIT_PER_IP must look like 30\/600 or off/
    );
    expect(parseConfig({ REGISTRATION_LIMIT_PER_IP: 'off', REGISTRATION_LIMIT_PER_EMAIL: '5/60' })).toMatchObject({
      REGISTRATION_LIMIT_PER_IP: 'off'
    });
  });

  it('uses secure cookies behind https', () => {
    expect(parseConfig({ PUBLIC_BASE_URL: 'https://webinars.example.com/' })).toMatchObject({
      baseUrl: 'https://webinars.example.com',
      secureCookies: true
    });
  });
});
