-- "Invite to sign in" (local auth adapter): an admin gives a consultant profile a login. The login is
-- an auth.users row with role consultant linked through consultants.user_id; the consultant sets a
-- password through a single-use, expiring link. Only the SHA-256 of the link's token is stored, one
-- invitation per consultant: a re-invite rotates the token, so only the newest link works.

create table public.consultant_invitations (
  id uuid primary key default gen_random_uuid(),
  consultant_id uuid not null references public.consultants (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  email text not null,
  token_hash text not null,
  expires_at timestamptz not null,
  sent_count integer not null default 1,
  accepted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid default auth.uid(),
  constraint consultant_invitations_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  constraint consultant_invitations_email_format check (app.is_email(email)),
  constraint consultant_invitations_sent_count_positive check (sent_count > 0),
  constraint consultant_invitations_expiry_after_creation check (expires_at > created_at)
);

comment on table public.consultant_invitations is 'Set-password invitations for consultant logins (local auth). Token hashes only; admins read and write, the token holder goes through app.accept_consultant_invitation().';

create unique index consultant_invitations_consultant_key on public.consultant_invitations (consultant_id);
create unique index consultant_invitations_token_hash_key on public.consultant_invitations (token_hash);

create trigger consultant_invitations_touch
  before update on public.consultant_invitations
  for each row execute function app.touch_updated_at();

alter table public.consultant_invitations enable row level security;

create policy "Admins can read consultant invitations"
  on public.consultant_invitations for select to authenticated
  using ((select app.is_admin()));

create policy "Admins can create consultant invitations"
  on public.consultant_invitations for insert to authenticated
  with check ((select app.is_admin()));

create policy "Admins can rotate consultant invitations"
  on public.consultant_invitations for update to authenticated
  using ((select app.is_admin())) with check ((select app.is_admin()));

revoke all on table public.consultant_invitations from anon, authenticated;
grant select, insert, update on table public.consultant_invitations to authenticated;
grant all on table public.consultant_invitations to service_role;

-- The invitation email is queued by the admin's own transaction (so a rolled-back invitation leaves
-- no email); admins may add exactly this kind of outbox row, nothing else.
create policy "Admins can queue consultant invitation emails"
  on public.email_outbox for insert to authenticated
  with check ((select app.is_admin()) and kind = 'consultant_invitation' and registration_id is null);

grant insert on table public.email_outbox to authenticated;

-- Creates the consultant's login (no password yet: nobody can sign in with it until the invitation
-- is accepted) and links it to the profile. Security definer because only the owner may write
-- auth.users; it checks the caller is an admin itself. Returns the linked user id, or null when
-- another account already uses the consultant's email.
create or replace function app.create_consultant_login(p_consultant_id uuid)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  consultant record;
  new_id uuid;
begin
  if not app.is_admin() then
    raise exception 'Only an admin can create consultant logins' using errcode = 'insufficient_privilege';
  end if;
  select c.id, c.user_id, c.email, c.is_active into consultant
  from public.consultants c where c.id = p_consultant_id for update;
  if not found then
    raise exception 'consultant % not found', p_consultant_id using errcode = 'no_data_found';
  end if;
  if consultant.user_id is not null then
    return consultant.user_id;
  end if;
  if exists (select 1 from auth.users u where lower(u.email) = lower(consultant.email)) then
    return null;
  end if;
  new_id := gen_random_uuid();
  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, invited_at,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
                          banned_until)
  values ('00000000-0000-0000-0000-000000000000', new_id, 'authenticated', 'authenticated',
          lower(consultant.email), null, now(),
          jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email'), 'role', 'consultant'),
          '{}'::jsonb, now(), now(),
          case when consultant.is_active then null else 'infinity'::timestamptz end);
  update public.consultants set user_id = new_id where id = p_consultant_id;
  return new_id;
end;
$$;

-- What the invitation page may know about a token: its state and the email it is for.
create or replace function app.consultant_invitation_state(p_token text)
returns table (state text, email text)
language sql
stable
security definer
set search_path = ''
as $$
  select
    case
      when i.accepted_at is not null then 'used'
      when i.expires_at <= now() then 'expired'
      when not c.is_active then 'inactive'
      else 'valid'
    end,
    i.email
  from public.consultant_invitations i
  join public.consultants c on c.id = i.consultant_id
  where i.token_hash = encode(extensions.digest(convert_to(p_token, 'UTF8'), 'sha256'), 'hex')
$$;

-- Sets the password of the invited login and spends the token, in one transaction with a row lock,
-- so two submissions of the same link cannot both succeed. Outcome 'accepted' carries the email to
-- sign in with; any other outcome changes nothing.
create or replace function app.accept_consultant_invitation(p_token text, p_password text)
returns table (outcome text, email text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  invitation record;
begin
  if p_password is null or length(p_password) < 10 or octet_length(p_password) > 72 then
    raise exception 'The password must have 10 to 72 characters' using errcode = 'check_violation';
  end if;
  select i.id, i.consultant_id, i.user_id, i.email, i.expires_at, i.accepted_at, c.is_active
    into invitation
  from public.consultant_invitations i
  join public.consultants c on c.id = i.consultant_id
  where i.token_hash = encode(extensions.digest(convert_to(p_token, 'UTF8'), 'sha256'), 'hex')
  for update of i;
  if not found then
    return query select 'invalid'::text, null::text;
    return;
  end if;
  if invitation.accepted_at is not null then
    return query select 'used'::text, null::text;
    return;
  end if;
  if invitation.expires_at <= now() then
    return query select 'expired'::text, null::text;
    return;
  end if;
  if not invitation.is_active then
    return query select 'inactive'::text, null::text;
    return;
  end if;
  update auth.users
     set encrypted_password = extensions.crypt(p_password, extensions.gen_salt('bf', 10)),
         email_confirmed_at = coalesce(email_confirmed_at, now()),
         updated_at = now()
   where id = invitation.user_id;
  update public.consultant_invitations set accepted_at = now() where id = invitation.id;
  insert into public.audit_log (actor_user_id, actor_role, action, entity, entity_id, data)
  values (invitation.user_id, 'consultant', 'consultant.invitation_accepted', 'consultant',
          invitation.consultant_id::text, jsonb_build_object('invitation_id', invitation.id));
  return query select 'accepted'::text, invitation.email;
end;
$$;

-- A deactivated consultant cannot sign in (GoTrue and the local adapter both refuse banned users)
-- and, through app.current_consultant_id(), no longer sees anything of the portal with a session
-- issued before the deactivation.
create or replace function app.sync_consultant_login_ban()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.user_id is not null then
    update auth.users
       set banned_until = case when new.is_active then null else 'infinity'::timestamptz end,
           updated_at = now()
     where id = new.user_id;
  end if;
  return new;
end;
$$;

create trigger consultants_sync_login_ban
  after update of is_active, user_id on public.consultants
  for each row
  when (old.is_active is distinct from new.is_active or old.user_id is distinct from new.user_id)
  execute function app.sync_consultant_login_ban();

create or replace function app.current_consultant_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select c.id from public.consultants c where c.user_id = auth.uid() and auth.uid() is not null and c.is_active
$$;

revoke all on function app.create_consultant_login(uuid), app.consultant_invitation_state(text),
  app.accept_consultant_invitation(text, text), app.sync_consultant_login_ban() from public;
grant execute on function app.create_consultant_login(uuid) to authenticated, service_role;
grant execute on function app.consultant_invitation_state(text), app.accept_consultant_invitation(text, text)
  to anon, authenticated, service_role;
grant execute on function app.sync_consultant_login_ban() to anon, authenticated, service_role;

-- Performance figures of every consultant (active or not) for the admin directory. Security invoker:
-- the caller's RLS applies, so only admins see all rows.
create view public.consultant_performance
with (security_invoker = true)
as
select
  c.id as consultant_id,
  count(distinct s.id) filter (where s.status = 'completed')::integer as sessions_held,
  count(distinct s.id) filter (where s.status in ('published', 'live') and s.ends_at >= now())::integer as sessions_upcoming,
  coalesce(sum(s.attended_count) filter (where s.status = 'completed'), 0)::integer as attendees_reached,
  r.rating_avg,
  coalesce(r.rating_count, 0)::integer as rating_count
from public.consultants c
left join public.session_speakers ss on ss.consultant_id = c.id
left join public.sessions s on s.id = ss.session_id and s.status <> 'draft'
left join lateral (
  select round(avg(reg.rating)::numeric, 2) as rating_avg, count(reg.rating) as rating_count
  from public.session_speakers ss2
  join public.registrations reg on reg.session_id = ss2.session_id
  where ss2.consultant_id = c.id and reg.rating is not null and reg.erased_at is null
) r on true
group by c.id, r.rating_avg, r.rating_count;

comment on view public.consultant_performance is 'Computed figures per consultant (admin directory): sessions held and upcoming, attendees reached, ratings. Same rules as public_consultant_stats, for all consultants, under the caller''s RLS.';

revoke all on table public.consultant_performance from anon, authenticated;
grant select on table public.consultant_performance to authenticated, service_role;
