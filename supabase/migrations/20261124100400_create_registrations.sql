-- Registrations of attendees (spec: WebinarRegistration + RegistrationFormData), their consents and
-- status history, and the short-lived registration sessions used for auto-fill (spec: Session Retention).
-- Attendees have no account: they reach their registration through a secret link whose SHA-256 is
-- stored here. Clients never write these tables; the registration functions (security definer) do.

-- The registration lifecycle. attended <-> no_show stays open so attendance can be corrected;
-- cancelled is final (registering again creates a new row).
create or replace function app.registration_transition_allowed(from_status text, to_status text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select from_status = to_status or (from_status, to_status) in (
    ('pending_approval', 'confirmed'),
    ('pending_approval', 'pending_payment'),
    ('pending_approval', 'waitlisted'),
    ('pending_approval', 'cancelled'),
    ('pending_payment', 'confirmed'),
    ('pending_payment', 'cancelled'),
    ('waitlisted', 'confirmed'),
    ('waitlisted', 'pending_payment'),
    ('waitlisted', 'pending_approval'),
    ('waitlisted', 'cancelled'),
    ('confirmed', 'cancelled'),
    ('confirmed', 'attended'),
    ('confirmed', 'no_show'),
    ('attended', 'no_show'),
    ('no_show', 'attended')
  )
$$;

grant execute on function app.registration_transition_allowed(text, text) to anon, authenticated, service_role;

create table public.registration_sessions (
  id uuid primary key default gen_random_uuid(),
  -- SHA-256 of the cookie value; the cookie itself is never stored.
  token_hash bytea not null,
  user_id uuid references auth.users (id) on delete cascade,
  email text,
  registration_data jsonb not null default '{}'::jsonb,
  session_ids uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '4 hours',
  completed_at timestamptz,
  constraint registration_sessions_token_hash_sha256 check (octet_length(token_hash) = 32),
  constraint registration_sessions_email_format check (email is null or app.is_email(email)),
  constraint registration_sessions_data_object check (
    jsonb_typeof(registration_data) = 'object' and pg_column_size(registration_data) <= 32768),
  constraint registration_sessions_session_ids_limit check (cardinality(session_ids) <= 20),
  constraint registration_sessions_expires_after_created check (expires_at > created_at)
);

create unique index registration_sessions_token_hash_key on public.registration_sessions (token_hash);
create index registration_sessions_expires_at_idx on public.registration_sessions (expires_at);
create index registration_sessions_email_idx on public.registration_sessions (lower(email)) where email is not null;

create trigger registration_sessions_touch
  before update on public.registration_sessions
  for each row execute function app.touch_updated_at();

create table public.registrations (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references public.sessions (id) on delete restrict,
  registration_session_id uuid references public.registration_sessions (id) on delete set null,

  -- Attendee
  first_name text not null,
  last_name text not null,
  email text not null,
  email_normalized text generated always as (lower(btrim(email))) stored,
  phone text,
  company text,
  position text,
  website text,

  -- Consultant-specific information and preparation
  industry_vertical text,
  current_challenges text[] not null default '{}',
  expertise_interest text[] not null default '{}',
  consultation_interest boolean not null default false,
  specific_questions text,
  learning_objectives text,
  follow_up_preference text,
  interested_one_on_one_consultation boolean not null default false,
  interested_workshop_series boolean not null default false,
  interested_whitepaper_downloads boolean not null default false,
  interested_ongoing_mentorship boolean not null default false,
  special_requirements text,
  accessibility_needs text,

  -- Registration details
  status text not null,
  source text not null default 'website',
  utm_source text,
  utm_medium text,
  utm_campaign text,
  utm_term text,
  utm_content text,
  language text not null default 'en',

  -- Consents at the time of registration, for quick reads; consent_records holds the evidence.
  terms_accepted boolean not null default false,
  privacy_consent boolean not null default false,
  marketing_consent boolean not null default false,
  consultant_follow_up_consent boolean not null default false,
  data_processing_consent boolean not null default false,

  -- Payment
  payment_status text not null default 'not_required',
  payment_amount numeric(10, 2),
  payment_currency text,
  payment_method text,
  payment_reference text,
  paid_at timestamptz,

  -- Attendance and engagement
  joined_at timestamptz,
  left_at timestamptz,
  attendance_minutes integer,
  questions_asked integer not null default 0,
  chat_messages integer not null default 0,
  rating smallint,
  feedback text,
  rated_at timestamptz,

  -- Integration
  odoo_lead_id integer,
  odoo_registration_id integer,
  odoo_synced_at timestamptz,

  -- SHA-256 of the manage-my-registration token; the token itself only ever appears in the email.
  manage_token_hash bytea not null,

  registered_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Set by the trigger when the status enters the state; waitlisted_at orders the waitlist (FIFO).
  confirmed_at timestamptz,
  waitlisted_at timestamptz,
  cancelled_at timestamptz,
  cancellation_reason text,
  erased_at timestamptz,

  constraint registrations_first_name_length check (length(btrim(first_name)) between 2 and 50),
  constraint registrations_last_name_length check (length(btrim(last_name)) between 2 and 50),
  constraint registrations_email_format check (app.is_email(btrim(email))),
  constraint registrations_phone_format check (phone is null or app.is_phone(phone)),
  constraint registrations_company_length check (company is null or length(btrim(company)) between 2 and 200),
  constraint registrations_position_length check (position is null or length(position) <= 200),
  constraint registrations_website_format check (website is null or app.is_http_url(website)),
  constraint registrations_industry_vertical_length check (industry_vertical is null or length(industry_vertical) <= 100),
  constraint registrations_current_challenges_list check (app.is_text_list(current_challenges, 20, 200)),
  constraint registrations_expertise_interest_list check (app.is_text_list(expertise_interest, 20, 100)),
  constraint registrations_specific_questions_length check (specific_questions is null or length(specific_questions) <= 2000),
  constraint registrations_learning_objectives_length check (learning_objectives is null or length(learning_objectives) <= 2000),
  constraint registrations_follow_up_preference_valid check (
    follow_up_preference is null or follow_up_preference in ('email', 'consultation', 'resources', 'none')),
  constraint registrations_special_requirements_length check (special_requirements is null or length(special_requirements) <= 500),
  constraint registrations_accessibility_needs_length check (accessibility_needs is null or length(accessibility_needs) <= 500),
  constraint registrations_status_valid check (
    status in ('pending_approval', 'pending_payment', 'confirmed', 'waitlisted', 'cancelled', 'attended', 'no_show')),
  constraint registrations_source_format check (source ~ '^[a-z0-9_-]{1,50}$'),
  constraint registrations_utm_length check (
    coalesce(length(utm_source), 0) <= 200 and coalesce(length(utm_medium), 0) <= 200
    and coalesce(length(utm_campaign), 0) <= 200 and coalesce(length(utm_term), 0) <= 200
    and coalesce(length(utm_content), 0) <= 200),
  constraint registrations_language_valid check (language in ('en', 'de')),
  -- Terms and privacy are required to register; an erased registration keeps no personal consent.
  constraint registrations_required_consents check (erased_at is not null or (terms_accepted and privacy_consent)),
  constraint registrations_payment_status_valid check (
    payment_status in ('not_required', 'pending', 'completed', 'failed', 'refunded')),
  constraint registrations_payment_amount_non_negative check (payment_amount is null or payment_amount >= 0),
  constraint registrations_payment_amount_required check (
    payment_status in ('not_required', 'pending', 'failed') or payment_amount is not null),
  constraint registrations_payment_currency_format check (payment_currency is null or payment_currency ~ '^[A-Z]{3}$'),
  constraint registrations_payment_method_length check (payment_method is null or length(payment_method) <= 50),
  constraint registrations_payment_reference_length check (payment_reference is null or length(payment_reference) <= 200),
  constraint registrations_left_after_joined check (left_at is null or joined_at is null or left_at >= joined_at),
  constraint registrations_attendance_minutes_non_negative check (attendance_minutes is null or attendance_minutes >= 0),
  constraint registrations_engagement_non_negative check (questions_asked >= 0 and chat_messages >= 0),
  constraint registrations_rating_range check (rating is null or rating between 1 and 5),
  constraint registrations_feedback_length check (feedback is null or length(feedback) <= 5000),
  constraint registrations_odoo_ids_positive check (
    coalesce(odoo_lead_id, 1) > 0 and coalesce(odoo_registration_id, 1) > 0),
  constraint registrations_manage_token_hash_sha256 check (octet_length(manage_token_hash) = 32),
  constraint registrations_cancellation_reason_length check (cancellation_reason is null or length(cancellation_reason) <= 500)
);

-- One live registration per person and session; cancelling frees the address for a new one.
create unique index registrations_session_email_key on public.registrations (session_id, email_normalized)
  where status <> 'cancelled';
create unique index registrations_manage_token_hash_key on public.registrations (manage_token_hash);
create index registrations_session_status_idx on public.registrations (session_id, status);
create index registrations_waitlist_idx on public.registrations (session_id, waitlisted_at, id) where status = 'waitlisted';
create index registrations_email_idx on public.registrations (email_normalized);
create index registrations_registered_at_idx on public.registrations (registered_at desc);
create index registrations_registration_session_idx on public.registrations (registration_session_id)
  where registration_session_id is not null;

create or replace function app.registrations_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if new.status not in ('pending_approval', 'pending_payment', 'confirmed', 'waitlisted') then
      raise exception 'A new registration must start as pending_approval, pending_payment, confirmed or waitlisted, not %', new.status
        using errcode = 'check_violation', constraint = 'registrations_status_transition';
    end if;
  else
    if new.session_id <> old.session_id then
      raise exception 'A registration cannot move to another session; cancel it and register again'
        using errcode = 'check_violation', constraint = 'registrations_session_immutable';
    end if;
    if not app.registration_transition_allowed(old.status, new.status) then
      raise exception 'A registration cannot go from % to %', old.status, new.status
        using errcode = 'check_violation', constraint = 'registrations_status_transition';
    end if;
    new.updated_at := now();
  end if;

  if tg_op = 'INSERT' or new.status <> old.status then
    case new.status
      when 'confirmed' then new.confirmed_at := coalesce(new.confirmed_at, now());
      -- Re-entering the waitlist (e.g. from pending approval) queues at the back.
      when 'waitlisted' then new.waitlisted_at := case when tg_op = 'INSERT' then coalesce(new.waitlisted_at, new.registered_at) else now() end;
      when 'cancelled' then new.cancelled_at := coalesce(new.cancelled_at, now());
      else null;
    end case;
  end if;
  return new;
end;
$$;

grant execute on function app.registrations_before_write() to anon, authenticated, service_role;

create trigger registrations_before_write
  before insert or update on public.registrations
  for each row execute function app.registrations_before_write();

-- Session counters follow every registration change, inside the same transaction: the update takes
-- the session row lock, so concurrent registrations serialise on it and the counts never drift.
create or replace function app.apply_registration_counters()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  d_confirmed integer := 0;
  d_pending_approval integer := 0;
  d_pending_payment integer := 0;
  d_waitlist integer := 0;
  d_attended integer := 0;
  target_session uuid := case when tg_op = 'DELETE' then old.session_id else new.session_id end;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    d_confirmed := d_confirmed - (old.status in ('confirmed', 'attended', 'no_show'))::integer;
    d_pending_approval := d_pending_approval - (old.status = 'pending_approval')::integer;
    d_pending_payment := d_pending_payment - (old.status = 'pending_payment')::integer;
    d_waitlist := d_waitlist - (old.status = 'waitlisted')::integer;
    d_attended := d_attended - (old.status = 'attended')::integer;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    d_confirmed := d_confirmed + (new.status in ('confirmed', 'attended', 'no_show'))::integer;
    d_pending_approval := d_pending_approval + (new.status = 'pending_approval')::integer;
    d_pending_payment := d_pending_payment + (new.status = 'pending_payment')::integer;
    d_waitlist := d_waitlist + (new.status = 'waitlisted')::integer;
    d_attended := d_attended + (new.status = 'attended')::integer;
  end if;
  if (d_confirmed, d_pending_approval, d_pending_payment, d_waitlist, d_attended) <> (0, 0, 0, 0, 0) then
    update public.sessions
    set confirmed_count = confirmed_count + d_confirmed,
        pending_approval_count = pending_approval_count + d_pending_approval,
        pending_payment_count = pending_payment_count + d_pending_payment,
        waitlist_count = waitlist_count + d_waitlist,
        attended_count = attended_count + d_attended
    where id = target_session;
  end if;
  return null;
end;
$$;

revoke all on function app.apply_registration_counters() from public;

create trigger registrations_apply_counters
  after insert or update of status or delete on public.registrations
  for each row execute function app.apply_registration_counters();

-- Repair tool (service role only): recompute one session's counters from its rows.
create or replace function app.recount_session_counters(target_session uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform set_config('app.recounting_sessions', 'on', true);
  update public.sessions s
  set confirmed_count = c.confirmed, pending_approval_count = c.pending_approval,
      pending_payment_count = c.pending_payment, waitlist_count = c.waitlist, attended_count = c.attended
  from (
    select
      count(*) filter (where r.status in ('confirmed', 'attended', 'no_show'))::integer as confirmed,
      count(*) filter (where r.status = 'pending_approval')::integer as pending_approval,
      count(*) filter (where r.status = 'pending_payment')::integer as pending_payment,
      count(*) filter (where r.status = 'waitlisted')::integer as waitlist,
      count(*) filter (where r.status = 'attended')::integer as attended
    from public.registrations r where r.session_id = target_session
  ) c
  where s.id = target_session;
  perform set_config('app.recounting_sessions', 'off', true);
end;
$$;

revoke all on function app.recount_session_counters(uuid) from public;
grant execute on function app.recount_session_counters(uuid) to service_role;

-- Every status a registration passes through, with who moved it. The reason, when a service has one,
-- comes from the transaction-local setting app.status_reason.
create table public.registration_status_history (
  id bigint generated always as identity primary key,
  registration_id uuid not null references public.registrations (id) on delete cascade,
  from_status text,
  to_status text not null,
  changed_at timestamptz not null default now(),
  changed_by uuid references auth.users (id) on delete set null,
  actor_role text,
  reason text,
  constraint registration_status_history_reason_length check (reason is null or length(reason) <= 500)
);

create index registration_status_history_registration_idx
  on public.registration_status_history (registration_id, changed_at);

create or replace function app.record_registration_status()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    insert into public.registration_status_history (registration_id, from_status, to_status, changed_by, actor_role, reason)
    values (
      new.id,
      case when tg_op = 'UPDATE' then old.status end,
      new.status,
      auth.uid(),
      coalesce(app.current_role_claim(), auth.role(), session_user::text),
      left(nullif(current_setting('app.status_reason', true), ''), 500)
    );
  end if;
  return null;
end;
$$;

revoke all on function app.record_registration_status() from public;

create trigger registrations_record_status
  after insert or update of status on public.registrations
  for each row execute function app.record_registration_status();

-- Evidence of each consent: which text version the person saw, when and how. Booleans on the
-- registration are the current state; these rows are the history (a withdrawal is a new row).
create table public.consent_records (
  id uuid primary key default gen_random_uuid(),
  registration_id uuid not null references public.registrations (id) on delete cascade,
  kind text not null,
  granted boolean not null,
  text_version text not null,
  method text not null default 'web-form',
  recorded_at timestamptz not null default now(),
  constraint consent_records_kind_valid check (
    kind in ('terms', 'privacy', 'marketing', 'consultant_follow_up', 'data_processing')),
  constraint consent_records_text_version_length check (length(btrim(text_version)) between 1 and 50),
  constraint consent_records_method_valid check (method in ('web-form', 'manage-link', 'admin', 'import', 'api'))
);

create index consent_records_registration_idx on public.consent_records (registration_id, kind, recorded_at desc);

alter table public.registration_sessions enable row level security;
alter table public.registrations enable row level security;
alter table public.registration_status_history enable row level security;
alter table public.consent_records enable row level security;

-- Only reads are granted to signed-in users; no role but the owner and service_role can write.
-- Attendee writes arrive through security definer functions (registration engine issue).
create policy "Admins can read all registrations"
  on public.registrations for select to authenticated
  using ((select app.is_admin()));

create policy "Admins can read registration status history"
  on public.registration_status_history for select to authenticated
  using ((select app.is_admin()));

create policy "Admins can read consent records"
  on public.consent_records for select to authenticated
  using ((select app.is_admin()));

create policy "Admins can read registration sessions"
  on public.registration_sessions for select to authenticated
  using ((select app.is_admin()));

revoke all on table public.registrations, public.registration_status_history, public.consent_records,
  public.registration_sessions from anon, authenticated;
grant select on table public.registrations, public.registration_status_history, public.consent_records,
  public.registration_sessions to authenticated;
grant all on table public.registrations, public.registration_status_history, public.consent_records,
  public.registration_sessions to service_role;

-- What a speaker may know about the people registered for their sessions. Contact details only with
-- consent to consultant follow-up. Runs with the owner's rights and filters by the caller's
-- consultant id, so consultant B sees nothing of consultant A's sessions.
create view public.consultant_registrations
with (security_barrier = true)
as
select
  r.id,
  r.session_id,
  r.status,
  r.language,
  r.registered_at,
  r.first_name,
  r.last_name,
  r.company,
  r.position,
  r.website,
  r.industry_vertical,
  r.current_challenges,
  r.expertise_interest,
  r.consultation_interest,
  r.specific_questions,
  r.learning_objectives,
  r.follow_up_preference,
  r.interested_one_on_one_consultation,
  r.interested_workshop_series,
  r.interested_whitepaper_downloads,
  r.interested_ongoing_mentorship,
  r.special_requirements,
  r.accessibility_needs,
  r.consultant_follow_up_consent,
  case when r.consultant_follow_up_consent then r.email end as email,
  case when r.consultant_follow_up_consent then r.phone end as phone,
  r.joined_at,
  r.left_at,
  r.attendance_minutes,
  r.questions_asked,
  r.chat_messages,
  r.rating,
  r.feedback
from public.registrations r
where r.erased_at is null
  and r.session_id in (
    select ss.session_id from public.session_speakers ss
    where ss.consultant_id = app.current_consultant_id()
  );

comment on view public.consultant_registrations is 'Registrations of the calling consultant''s own sessions; email/phone only with consultant follow-up consent.';

revoke all on table public.consultant_registrations from anon, authenticated;
grant select on table public.consultant_registrations to authenticated, service_role;
