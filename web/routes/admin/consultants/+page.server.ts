import * as v from 'valibot';
import { consultantFiltersSchema } from '#lib/schemas/consultant-admin.ts';
import { listConsultants } from '#server/consultants-admin/index.ts';
import type { PageServerLoad } from './$types';

// The hooks guard limits /admin to role admin; RLS enforces it again (others see no rows).
export const load: PageServerLoad = async ({ locals, url }) => {
  const filters = v.parse(consultantFiltersSchema(), {
    q: url.searchParams.get('q') ?? undefined,
    type: url.searchParams.get('type') ?? undefined,
    active: url.searchParams.get('active') ?? undefined,
    availability: url.searchParams.get('availability') ?? undefined
  });
  const page = Math.min(Math.max(Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1, 1), 1000);
  const directory = await listConsultants(locals.claims, filters, page);
  return { filters, page, ...directory };
};
