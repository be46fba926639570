/**
 * The admin consultant directory: every consultant (active or not) with search, filters and the
 * performance figures the database computes (public.consultant_performance, same rules as the public
 * figures). Runs as the caller: RLS shows all rows to admins only.
 */
import { sql, withRls, type JwtClaims } from '../db/index.ts';
import { CONSULTANT_PAGE_SIZE, type ConsultantFilters } from '../../schemas/consultant-admin.ts';

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** One page of the directory (name order) and whether there are more. */
export async function listConsultants(claims: JwtClaims | null, filters: ConsultantFilters, page = 1) {
  return withRls(claims, async (tx) => {
    let query = tx
      .selectFrom('consultants as c')
      .leftJoin('consultant_performance as p', 'p.consultant_id', 'c.id')
      .leftJoin('consultant_invitations as i', 'i.consultant_id', 'c.id')
      .select([
        'c.id',
        'c.slug',
        'c.first_name',
        'c.last_name',
        'c.email',
        'c.consultant_type',
        'c.expertise',
        'c.is_active',
        'c.availability_status',
        'p.sessions_held',
        'p.sessions_upcoming',
        'p.attendees_reached',
        'p.rating_avg',
        'p.rating_count',
        'i.accepted_at as invitation_accepted_at',
        'i.expires_at as invitation_expires_at'
      ])
      .select(sql<boolean>`c.user_id is not null`.as('has_login'));
    if (filters.q) {
      const pattern = `%${escapeLike(filters.q)}%`;
      query = query.where((eb) =>
        eb.or([
          eb(sql`c.first_name || ' ' || c.last_name`, 'ilike', pattern),
          eb('c.email', 'ilike', pattern),
          eb(sql`array_to_string(c.expertise, ' ')`, 'ilike', pattern)
        ])
      );
    }
    if (filters.type) query = query.where('c.consultant_type', '=', filters.type);
    if (filters.active !== 'all') query = query.where('c.is_active', '=', filters.active === 'active');
    if (filters.availability) query = query.where('c.availability_status', '=', filters.availability);
    const rows = await query
      .orderBy('c.last_name')
      .orderBy('c.first_name')
      .orderBy('c.id')
      .limit(CONSULTANT_PAGE_SIZE + 1)
      .offset((page - 1) * CONSULTANT_PAGE_SIZE)
      .execute();
    return {
      hasNext: rows.length > CONSULTANT_PAGE_SIZE,
      consultants: rows.slice(0, CONSULTANT_PAGE_SIZE).map((row) => ({
        ...row,
        rating_avg: row.rating_avg === null ? null : Number(row.rating_avg)
      }))
    };
  });
}
