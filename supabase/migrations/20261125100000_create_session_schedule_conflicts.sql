-- Scheduling conflicts of consultants (issue 5, sessions). A consultant cannot be booked for two
-- sessions that overlap, counting the program's buffer (program_settings.conflict_buffer_minutes)
-- before and after each session, nor during one of their unavailable periods.
--
-- The check and the write that follows it must not race: two admins scheduling the same consultant
-- at the same moment would both see a free slot. So the function first takes a transaction-scoped
-- advisory lock per consultant (sorted, so two callers never wait on each other in a cycle), and only
-- then reads. The lock is held until the caller's transaction ends, so the second caller reads after
-- the first has committed (each plpgsql statement takes a fresh snapshot under READ COMMITTED) and
-- sees its session. Every path that changes who speaks when (speakers, schedule, publish, duplicate)
-- goes through this function in the same transaction as its write.
--
-- Sessions that count: draft, published and live (a draft with speakers and a time is a tentative
-- booking); cancelled and completed ones do not. The buffer applies between sessions; unavailable
-- periods are taken as given (the consultant already chose their edges).

create or replace function app.session_schedule_conflicts(
  p_session_id uuid,
  p_starts_at timestamptz,
  p_duration_minutes integer,
  p_consultant_ids uuid[],
  p_lock boolean default true
)
returns table (
  consultant_id uuid,
  consultant_name text,
  kind text,
  conflict_id uuid,
  conflict_title jsonb,
  conflict_reason text,
  conflict_starts_at timestamptz,
  conflict_ends_at timestamptz
)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  buffer interval;
  target uuid;
  slot_ends timestamptz := p_starts_at + make_interval(mins => p_duration_minutes);
begin
  -- Inside this security definer function current_user is the owner, so app.is_system() would say yes
  -- to everyone; the caller's role is in the transaction's `role` setting (anon, authenticated,
  -- service_role, or none for the owner).
  if not (app.is_admin() or coalesce(current_setting('role', true), 'none') not in ('anon', 'authenticated')) then
    raise exception 'Only admins can check scheduling conflicts' using errcode = 'insufficient_privilege';
  end if;
  if p_lock then
    for target in select distinct u from unnest(p_consultant_ids) as u order by 1 loop
      perform pg_advisory_xact_lock(hashtextextended('app.consultant_schedule:' || target::text, 0));
    end loop;
  end if;

  select make_interval(mins => ps.conflict_buffer_minutes) into buffer from public.program_settings ps where ps.id;
  buffer := coalesce(buffer, interval '15 minutes');

  return query
    select ss.consultant_id, concat_ws(' ', c.first_name, c.last_name), 'session'::text, s.id,
           coalesce(s.title, t.title), null::text, s.starts_at, s.ends_at
    from public.session_speakers ss
    join public.sessions s on s.id = ss.session_id
    join public.topics t on t.id = s.topic_id
    join public.consultants c on c.id = ss.consultant_id
    where ss.consultant_id = any (p_consultant_ids)
      and s.id is distinct from p_session_id
      and s.status in ('draft', 'published', 'live')
      and s.starts_at < slot_ends + buffer
      and s.ends_at > p_starts_at - buffer
    union all
    select up.consultant_id, concat_ws(' ', c.first_name, c.last_name), 'unavailable'::text, up.id,
           null::jsonb, up.reason, up.starts_at, up.ends_at
    from public.consultant_unavailable_periods up
    join public.consultants c on c.id = up.consultant_id
    where up.consultant_id = any (p_consultant_ids)
      and up.starts_at < slot_ends
      and up.ends_at > p_starts_at
    order by 7, 2;
end;
$$;

revoke all on function app.session_schedule_conflicts(uuid, timestamptz, integer, uuid[], boolean) from public;
grant execute on function app.session_schedule_conflicts(uuid, timestamptz, integer, uuid[], boolean)
  to authenticated, service_role;
