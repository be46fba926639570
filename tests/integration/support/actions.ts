/**
 * Calling SvelteKit route actions in integration tests the way SvelteKit does for a form post, with a
 * cookie jar standing in for the browser.
 */
import { isRedirect, type Cookies } from '@sveltejs/kit';

export type CookieJar = Cookies & { values: Map<string, string> };

/** A cookie jar with the part of SvelteKit's Cookies the routes use; like a browser, maxAge 0 deletes. */
export function cookieJar(): CookieJar {
  const values = new Map<string, string>();
  return {
    values,
    get: (name: string) => values.get(name),
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string, opts?: { maxAge?: number }) =>
      void (opts?.maxAge === 0 || value === '' ? values.delete(name) : values.set(name, value)),
    delete: (name: string) => void values.delete(name),
    serialize: () => ''
  } as unknown as CookieJar;
}

export interface ActionResult {
  status: number;
  location?: string;
  data?: Record<string, unknown>;
}

/** Posts `body` urlencoded to `action`; a thrown redirect becomes its status and location. */
export async function postAction(
  action: unknown,
  {
    body,
    params = {},
    claims = null,
    cookies = cookieJar(),
    url = 'http://localhost/'
  }: {
    body: Record<string, string>;
    params?: Record<string, string>;
    claims?: unknown;
    cookies?: Cookies;
    url?: string;
  }
): Promise<ActionResult> {
  const request = new Request(url, {
    method: 'POST',
    body: new URLSearchParams(body).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' }
  });
  const role = (claims as { app_metadata?: { role?: string } } | null)?.app_metadata?.role ?? null;
  const event = {
    request,
    params,
    cookies,
    url: new URL(url),
    locals: { claims, role },
    getClientAddress: () => '127.0.0.1',
    setHeaders: () => {}
  };
  try {
    const result = (await (action as (e: never) => Promise<unknown>)(event as never)) as {
      status?: number;
      data?: Record<string, unknown>;
    };
    return { status: result?.status ?? 200, data: result?.data ?? (result as Record<string, unknown>) };
  } catch (thrown) {
    if (isRedirect(thrown)) return { status: thrown.status, location: thrown.location };
    throw thrown;
  }
}
