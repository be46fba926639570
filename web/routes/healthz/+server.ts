import { json } from '@sveltejs/kit';
import { checkHealth } from '#server/system/heartbeat.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
  const health = await checkHealth();
  return json(health, { status: health.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
