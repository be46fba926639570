-- Append-only record of who changed what (pretix log_action style): written by services, read by
-- admins. No foreign key to auth.users on purpose: deleting a user must neither fail on nor rewrite
-- history.

create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user_id uuid,
  actor_role text,
  action text not null,
  entity text not null,
  entity_id text,
  data jsonb not null default '{}'::jsonb,
  constraint audit_log_action_format check (action ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$' and length(action) <= 100),
  constraint audit_log_entity_format check (entity ~ '^[a-z][a-z_]{1,49}$'),
  constraint audit_log_entity_id_length check (entity_id is null or length(entity_id) <= 100),
  constraint audit_log_data_object check (jsonb_typeof(data) = 'object')
);

create index audit_log_at_idx on public.audit_log (at desc);
create index audit_log_entity_idx on public.audit_log (entity, entity_id, at desc);
create index audit_log_actor_idx on public.audit_log (actor_user_id, at desc);
create index audit_log_action_idx on public.audit_log (action, at desc);

-- Signed-in callers cannot forge the actor or the time; system paths (workers) may say who acted.
create or replace function app.stamp_audit_entry()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not app.is_system() then
    new.actor_user_id := auth.uid();
    new.actor_role := coalesce(app.current_role_claim(), auth.role(), current_user::text);
    new.at := now();
  else
    new.actor_user_id := coalesce(new.actor_user_id, auth.uid());
    new.actor_role := coalesce(new.actor_role, app.current_role_claim(), current_user::text);
  end if;
  return new;
end;
$$;

create or replace function app.refuse_audit_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', lower(tg_op)
    using errcode = 'insufficient_privilege';
end;
$$;

grant execute on function app.stamp_audit_entry(), app.refuse_audit_change() to anon, authenticated, service_role;

create trigger audit_log_stamp_entry
  before insert on public.audit_log
  for each row execute function app.stamp_audit_entry();

create trigger audit_log_refuse_update_delete
  before update or delete on public.audit_log
  for each row execute function app.refuse_audit_change();

create trigger audit_log_refuse_truncate
  before truncate on public.audit_log
  for each statement execute function app.refuse_audit_change();

alter table public.audit_log enable row level security;

create policy "Admins can read the audit log"
  on public.audit_log for select to authenticated
  using ((select app.is_admin()));

create policy "Signed-in users can append audit entries as themselves"
  on public.audit_log for insert to authenticated
  with check (actor_user_id = (select auth.uid()));

revoke all on table public.audit_log from anon, authenticated;
grant insert on table public.audit_log to authenticated;
grant select on table public.audit_log to authenticated;
grant select, insert on table public.audit_log to service_role;
