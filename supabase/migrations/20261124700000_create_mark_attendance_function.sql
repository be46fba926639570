-- Admin attendance marking (issue 5, registrations management). Clients cannot update registrations
-- (only select is granted), so the admin path is a security definer function that checks the caller
-- itself, like the engine's approve/reject/cancel functions.
--
-- Rules: only attended or no_show; only from confirmed, attended or no_show (the transition table in
-- app.registration_transition_allowed); only once the session has started (starts_at passed, or the
-- session is live or completed). The change is audited with before/after.
create or replace function app.mark_attendance(p_registration_id uuid, p_status text)
returns table (outcome text, registration_id uuid, from_status text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target_session uuid;
  s public.sessions;
  reg public.registrations;
begin
  perform app.assert_registration_admin();
  if p_status is null or p_status not in ('attended', 'no_show') then
    raise exception 'Attendance status must be attended or no_show, not %', p_status
      using errcode = 'check_violation', constraint = 'registrations_status_transition';
  end if;
  select r.session_id into target_session from public.registrations r where r.id = p_registration_id;
  if not found then
    return query select 'not_found', p_registration_id, null::text;
    return;
  end if;
  select * into s from public.sessions where id = target_session for no key update;
  select * into reg from public.registrations r where r.id = p_registration_id for update;
  if reg.status = p_status then
    return query select 'unchanged', reg.id, reg.status;
    return;
  end if;
  if reg.status not in ('confirmed', 'attended', 'no_show') then
    return query select 'not_confirmed', reg.id, reg.status;
    return;
  end if;
  if not (s.starts_at <= now() or s.status in ('live', 'completed')) then
    return query select 'session_not_started', reg.id, reg.status;
    return;
  end if;

  perform set_config('app.status_reason', 'attendance marked by an admin', true);
  update public.registrations r set status = p_status where r.id = reg.id;
  perform app.audit_registration('registration.attendance_marked', reg.id,
    jsonb_build_object('session_id', reg.session_id,
                       'before', jsonb_build_object('status', reg.status),
                       'after', jsonb_build_object('status', p_status)));
  return query select 'marked', reg.id, reg.status;
end;
$$;

revoke all on function app.mark_attendance(uuid, text) from public;
-- The function checks app.is_admin() (or service-role claims) inside; consultants get a permission error.
grant execute on function app.mark_attendance(uuid, text) to authenticated, service_role;
