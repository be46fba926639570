-- The registration engine: the only paths that create registrations or move their status. Every
-- function here is security definer (clients cannot write the tables, RLS stays as it is) and lives in
-- schema `app`, which Supabase's PostgREST does not expose: the web server calls them, so rate limits,
-- honeypot and Turnstile in front of them cannot be skipped by calling the database directly.
--
-- Locking argument (docs/REGISTRATION.md): every function that gives, frees or re-assigns a seat first
-- locks the session row (`for no key update`), then the registration rows. All such work on one session
-- is therefore serialised, and the decision (free seat? duplicate? waitlist position?) is taken on the
-- current, committed counts. `for no key update` rather than `for update`, so inserts of rows that only
-- reference the session (outbox, page views) are not blocked. The trigger-kept counters plus the
-- `sessions_not_overbooked` check remain the last line of defence should a future path forget the lock.

-- Small helpers (owner only) ---------------------------------------------------------------------------

-- The manage link carries 32 random bytes, base64url without padding (43 characters, 256 bits). Only the
-- SHA-256 of the token text is stored; anything not shaped like a token never matches.
create or replace function app.registration_token_hash(token text)
returns bytea
language sql
immutable
strict
parallel safe
set search_path = ''
as $$
  select case when token ~ '^[A-Za-z0-9_-]{43}$' then extensions.digest(token, 'sha256') end
$$;

create or replace function app.new_manage_token()
returns text
language sql
volatile
set search_path = ''
as $$
  select translate(rtrim(encode(extensions.gen_random_bytes(32), 'base64'), '='), '+/', '-_')
$$;

-- 1-based place in the session's waitlist (FIFO by waitlisted_at, id as tie-break); null when the
-- registration is not waitlisted.
create or replace function app.waitlist_position(target_registration uuid)
returns integer
language sql
stable
set search_path = ''
as $$
  select (
    select count(*)::integer from public.registrations w
    where w.session_id = r.session_id and w.status = 'waitlisted'
      and (w.waitlisted_at, w.id) <= (r.waitlisted_at, r.id)
  )
  from public.registrations r
  where r.id = target_registration and r.status = 'waitlisted'
$$;

-- Why a session does not take registrations now, or null when it does. Drafts and sessions scheduled
-- for later publication look like unknown sessions, so their existence does not leak.
create or replace function app.session_registration_refusal(s public.sessions)
returns text
language sql
stable
set search_path = ''
as $$
  select case
    when s.id is null or s.status = 'draft' or s.published_at is null or s.published_at > now() then 'session_not_found'
    when s.status = 'cancelled' then 'session_cancelled'
    when s.status in ('live', 'completed') or s.starts_at <= now() then 'session_started'
    when s.registration_opens_at is not null and s.registration_opens_at > now() then 'session_not_open_yet'
    when s.registration_closes_at is not null and s.registration_closes_at <= now() then 'registration_closed'
  end
$$;

-- Price due if the attendee took a seat now (early-bird until its deadline).
create or replace function app.session_price_now(s public.sessions)
returns numeric
language sql
stable
set search_path = ''
as $$
  select case when s.early_bird_deadline is not null and s.early_bird_deadline > now() then s.early_bird_price else s.price end
$$;

-- The status a person gets when a seat is theirs. Paid sessions wait for payment only when the program
-- switched payments on (program_settings.payments_enabled, off by default until the payments issue
-- ships a provider); otherwise the seat is confirmed and the amount stays recorded as payment 'pending'
-- (invoiced outside the platform).
create or replace function app.seat_status(s public.sessions)
returns text
language sql
stable
set search_path = ''
as $$
  select case
    when app.session_price_now(s) > 0
         and coalesce((select ps.payments_enabled from public.program_settings ps where ps.id), false)
      then 'pending_payment'
    else 'confirmed'
  end
$$;

create or replace function app.audit_registration(action text, target_registration uuid, data jsonb)
returns void
language sql
volatile
set search_path = ''
as $$
  insert into public.audit_log (actor_user_id, actor_role, action, entity, entity_id, data)
  values (auth.uid(), coalesce(app.current_role_claim(), auth.role(), 'anon'), action, 'registration',
          target_registration::text, data)
$$;

-- Admin functions also serve workers (service_role claims); anyone else is refused.
create or replace function app.assert_registration_admin()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not (app.is_admin() or coalesce(auth.role(), '') = 'service_role') then
    raise exception 'Only admins can manage registrations' using errcode = 'insufficient_privilege';
  end if;
end;
$$;

-- Promotion ------------------------------------------------------------------------------------------

-- Moves the first waitlisted people (FIFO) into the seats that are free now. The caller must hold the
-- session row lock. Nothing moves once the session has started or is no longer published. In sessions
-- that need approval, promotion leads to pending_approval, and pending approvals count as claims on the
-- free seats (otherwise every waitlisted person would be promoted into pending_approval at once).
create or replace function app.promote_waitlisted_locked(target_session uuid, reason text)
returns table (registration_id uuid, status text)
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_column
declare
  s public.sessions;
  free integer;
  target_status text;
  promoted record;
begin
  select * into s from public.sessions where id = target_session;
  if not found or s.status <> 'published' or s.starts_at <= now() or s.waitlist_count = 0 then
    return;
  end if;
  free := case when s.capacity is null then s.waitlist_count else s.seats_left end;
  if s.requires_approval then
    target_status := 'pending_approval';
    if s.capacity is not null then
      free := free - s.pending_approval_count;
    end if;
  else
    target_status := app.seat_status(s);
  end if;
  if free <= 0 then
    return;
  end if;

  perform set_config('app.status_reason', reason, true);
  for promoted in
    update public.registrations r
    set status = target_status
    from (
      select w.id from public.registrations w
      where w.session_id = target_session and w.status = 'waitlisted'
      order by w.waitlisted_at, w.id
      limit free
      for update
    ) head
    where r.id = head.id
    returning r.id, r.status
  loop
    perform app.audit_registration('registration.promoted', promoted.id,
      jsonb_build_object('session_id', target_session, 'status', promoted.status, 'reason', reason));
    registration_id := promoted.id;
    status := promoted.status;
    return next;
  end loop;
end;
$$;

-- Registration -------------------------------------------------------------------------------------

-- Registers one attendee for one session, atomically. p_attendee uses the column names of
-- public.registrations (first_name, email, current_challenges as a JSON array, ...); unknown keys are
-- ignored. p_consents: {terms_accepted, privacy_consent, marketing_consent, consultant_follow_up_consent,
-- data_processing_consent, text_version}. Business refusals come back as rows (outcome 'refused');
-- malformed values raise the table's check violations (the caller maps them to 'invalid_input').
create or replace function app.register_attendee(
  p_session_id uuid,
  p_attendee jsonb,
  p_consents jsonb,
  p_language text default 'en',
  p_source text default 'website',
  p_utm jsonb default '{}'::jsonb,
  p_registration_session_id uuid default null
)
returns table (outcome text, registration_id uuid, status text, waitlist_position integer, refusal text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  s public.sessions;
  a public.registrations;
  existing record;
  new_status text;
  new_id uuid;
  clean_source text := lower(btrim(coalesce(p_source, '')));
  v_price numeric;
  v_text_version text;
begin
  -- Only JSON true counts as consent: "yes", 1 or a missing key do not.
  if coalesce(p_consents -> 'terms_accepted', 'null') <> 'true'::jsonb
     or coalesce(p_consents -> 'privacy_consent', 'null') <> 'true'::jsonb then
    return query select 'refused', null::uuid, null::text, null::integer, 'consent_missing';
    return;
  end if;
  a := jsonb_populate_record(null::public.registrations, coalesce(p_attendee, '{}'::jsonb));
  -- Any surrounding whitespace (tabs and newlines from pasting too) is not part of an address.
  a.email := btrim(a.email, E' \t\r\n\f\v');

  -- The lock that serialises every seat decision for this session (see the header).
  select * into s from public.sessions where id = p_session_id for no key update;
  if not found or app.session_registration_refusal(s) = 'session_not_found' then
    return query select 'refused', null::uuid, null::text, null::integer, 'session_not_found';
    return;
  end if;

  -- A repeated submission returns what the first one got, whatever the window says by now.
  select r.id, r.status into existing from public.registrations r
  where r.session_id = p_session_id and r.email_normalized = lower(a.email) and r.status <> 'cancelled';
  if found then
    return query select 'already_registered', existing.id, existing.status, app.waitlist_position(existing.id), null::text;
    return;
  end if;

  if app.session_registration_refusal(s) is not null then
    return query select 'refused', null::uuid, null::text, null::integer, app.session_registration_refusal(s);
    return;
  end if;

  if s.seats_left is null or s.seats_left > 0 then
    new_status := case when s.requires_approval then 'pending_approval' else app.seat_status(s) end;
  elsif s.allow_waitlist then
    new_status := 'waitlisted';
  else
    return query select 'refused', null::uuid, null::text, null::integer, 'sold_out';
    return;
  end if;

  v_price := app.session_price_now(s);
  v_text_version := coalesce(nullif(btrim(p_consents ->> 'text_version'), ''),
                           (select ps.consent_text_version from public.program_settings ps where ps.id));
  perform set_config('app.status_reason', 'registered', true);
  insert into public.registrations (
    session_id, registration_session_id, first_name, last_name, email, phone, company, position, website,
    industry_vertical, current_challenges, expertise_interest, consultation_interest, specific_questions,
    learning_objectives, follow_up_preference, interested_one_on_one_consultation, interested_workshop_series,
    interested_whitepaper_downloads, interested_ongoing_mentorship, special_requirements, accessibility_needs,
    status, waitlisted_at, source, utm_source, utm_medium, utm_campaign, utm_term, utm_content, language,
    terms_accepted, privacy_consent, marketing_consent, consultant_follow_up_consent, data_processing_consent,
    payment_status, payment_amount, payment_currency, manage_token_hash
  ) values (
    p_session_id,
    (select rs.id from public.registration_sessions rs where rs.id = p_registration_session_id),
    btrim(a.first_name), btrim(a.last_name), a.email, nullif(btrim(a.phone), ''),
    nullif(btrim(a.company), ''), nullif(btrim(a.position), ''), nullif(btrim(a.website), ''),
    nullif(btrim(a.industry_vertical), ''), coalesce(a.current_challenges, '{}'), coalesce(a.expertise_interest, '{}'),
    coalesce(a.consultation_interest, false), nullif(btrim(a.specific_questions), ''),
    nullif(btrim(a.learning_objectives), ''), a.follow_up_preference,
    coalesce(a.interested_one_on_one_consultation, false), coalesce(a.interested_workshop_series, false),
    coalesce(a.interested_whitepaper_downloads, false), coalesce(a.interested_ongoing_mentorship, false),
    nullif(btrim(a.special_requirements), ''), nullif(btrim(a.accessibility_needs), ''),
    new_status,
    -- The queue is ordered by the time the lock was granted, not the transaction start (now()): a
    -- transaction that began earlier but waited longer for the lock joins behind, matching the
    -- position reported to each caller.
    case when new_status = 'waitlisted' then clock_timestamp() end,
    -- Attribution must never cost a registration: a malformed source falls back, UTM values are cut.
    case when clean_source ~ '^[a-z0-9_-]{1,50}$' then clean_source else 'website' end,
    left(nullif(btrim(p_utm ->> 'source'), ''), 200), left(nullif(btrim(p_utm ->> 'medium'), ''), 200),
    left(nullif(btrim(p_utm ->> 'campaign'), ''), 200), left(nullif(btrim(p_utm ->> 'term'), ''), 200),
    left(nullif(btrim(p_utm ->> 'content'), ''), 200),
    p_language,
    true, true,
    coalesce(p_consents -> 'marketing_consent', 'null') = 'true'::jsonb,
    coalesce(p_consents -> 'consultant_follow_up_consent', 'null') = 'true'::jsonb,
    coalesce(p_consents -> 'data_processing_consent', 'null') = 'true'::jsonb,
    case when v_price > 0 then 'pending' else 'not_required' end,
    case when v_price > 0 then v_price end,
    case when v_price > 0 then s.currency end,
    -- The token itself is thrown away: the email job rotates it and puts the fresh one in the message.
    extensions.digest(app.new_manage_token(), 'sha256')
  )
  returning id into new_id;

  -- Evidence of every consent question, declined ones included, with the text version shown.
  insert into public.consent_records (registration_id, kind, granted, text_version, method)
  select new_id, c.kind, c.granted, v_text_version, 'web-form'
  from (values
    ('terms', true),
    ('privacy', true),
    ('marketing', coalesce(p_consents -> 'marketing_consent', 'null') = 'true'::jsonb),
    ('consultant_follow_up', coalesce(p_consents -> 'consultant_follow_up_consent', 'null') = 'true'::jsonb),
    ('data_processing', coalesce(p_consents -> 'data_processing_consent', 'null') = 'true'::jsonb)
  ) as c(kind, granted);

  perform app.audit_registration('registration.created', new_id,
    jsonb_build_object('session_id', p_session_id, 'status', new_status, 'source', clean_source));

  return query select case when new_status = 'waitlisted' then 'waitlisted' else 'registered' end,
    new_id, new_status, app.waitlist_position(new_id), null::text;
end;
$$;

-- Cancellation ---------------------------------------------------------------------------------------

-- Cancels one registration and gives its seat to the waitlist in the same transaction. Attendees
-- cannot cancel once the session has started (the seat is history by then); admins can.
create or replace function app.cancel_registration_locked(
  target_registration uuid, reason text, status_reason text, by_attendee boolean
)
returns table (outcome text, registration_id uuid, session_id uuid, promoted jsonb)
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_column
declare
  target_session uuid;
  s public.sessions;
  reg public.registrations;
  freed jsonb;
begin
  select r.session_id into target_session from public.registrations r where r.id = target_registration;
  if not found then
    return query select 'not_found', target_registration, null::uuid, '[]'::jsonb;
    return;
  end if;
  select * into s from public.sessions where id = target_session for no key update;
  select * into reg from public.registrations r where r.id = target_registration for update;
  if reg.status = 'cancelled' then
    return query select 'already_cancelled', reg.id, reg.session_id, '[]'::jsonb;
    return;
  end if;
  if reg.status in ('attended', 'no_show')
     or (by_attendee and (s.starts_at <= now() or s.status in ('live', 'completed'))) then
    return query select 'session_started', reg.id, reg.session_id, '[]'::jsonb;
    return;
  end if;

  perform set_config('app.status_reason', status_reason, true);
  update public.registrations r
  set status = 'cancelled', cancellation_reason = left(nullif(btrim(reason), ''), 500)
  where r.id = reg.id;
  perform app.audit_registration('registration.cancelled', reg.id,
    jsonb_build_object('session_id', reg.session_id, 'from_status', reg.status,
                       'by', case when by_attendee then 'attendee' else 'admin' end));

  select coalesce(jsonb_agg(jsonb_build_object('registration_id', p.registration_id, 'status', p.status)), '[]'::jsonb)
  into freed
  from app.promote_waitlisted_locked(reg.session_id, 'promoted from waitlist: a seat was freed by a cancellation') p;
  return query select 'cancelled', reg.id, reg.session_id, freed;
end;
$$;

create or replace function app.cancel_registration_by_token(p_token text, p_reason text default null)
returns table (outcome text, registration_id uuid, session_id uuid, promoted jsonb)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target uuid;
begin
  select r.id into target from public.registrations r
  where r.manage_token_hash = app.registration_token_hash(p_token) and r.erased_at is null;
  if not found then
    return query select 'not_found', null::uuid, null::uuid, '[]'::jsonb;
    return;
  end if;
  return query select * from app.cancel_registration_locked(target, p_reason, 'cancelled by the attendee via the manage link', true);
end;
$$;

create or replace function app.cancel_registration(p_registration_id uuid, p_reason text default null)
returns table (outcome text, registration_id uuid, session_id uuid, promoted jsonb)
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform app.assert_registration_admin();
  return query select * from app.cancel_registration_locked(p_registration_id, p_reason, 'cancelled by an admin', false);
end;
$$;

-- Fills free seats from the waitlist: for admin tools after changes the trigger below does not see,
-- and for the periodic sweep.
create or replace function app.promote_from_waitlist(p_session_id uuid)
returns table (registration_id uuid, status text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform app.assert_registration_admin();
  perform 1 from public.sessions where id = p_session_id for no key update;
  return query select * from app.promote_waitlisted_locked(p_session_id, 'promoted from waitlist by an admin');
end;
$$;

-- A capacity increase (or removing the limit) promotes in the same statement. The trigger cannot send
-- pg-boss jobs, so it leaves 'id:status' pairs in the transaction-local setting
-- app.promoted_registrations; the service's queuePromotionEmails(tx) sends their emails before commit,
-- and the periodic sweep re-sends any it finds missing (the outbox makes that idempotent).
create or replace function app.promote_after_capacity_increase()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids text;
begin
  select string_agg(p.registration_id::text || ':' || p.status, ',') into ids
  from app.promote_waitlisted_locked(new.id, 'promoted from waitlist: capacity increased') p;
  if ids is not null then
    perform set_config('app.promoted_registrations',
      concat_ws(',', nullif(current_setting('app.promoted_registrations', true), ''), ids), true);
  end if;
  return null;
end;
$$;

create trigger sessions_promote_after_capacity_increase
  after update of capacity on public.sessions
  for each row
  when (old.capacity is not null and (new.capacity is null or new.capacity > old.capacity))
  execute function app.promote_after_capacity_increase();

-- Approval -------------------------------------------------------------------------------------------

-- Approves a pending registration. Approval respects capacity: with a free seat the person is confirmed
-- (or waits for payment); when the session is full they join the back of the waitlist if it has one,
-- otherwise the approval is refused as 'sold_out' and the registration stays pending.
create or replace function app.approve_registration(p_registration_id uuid)
returns table (outcome text, registration_id uuid, status text, waitlist_position integer)
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
  new_status text;
begin
  perform app.assert_registration_admin();
  select r.session_id into target_session from public.registrations r where r.id = p_registration_id;
  if not found then
    return query select 'not_found', p_registration_id, null::text, null::integer;
    return;
  end if;
  select * into s from public.sessions where id = target_session for no key update;
  select * into reg from public.registrations r where r.id = p_registration_id for update;
  if reg.status <> 'pending_approval' then
    return query select 'not_pending', reg.id, reg.status, app.waitlist_position(reg.id);
    return;
  end if;
  if s.status = 'cancelled' then
    return query select 'session_cancelled', reg.id, reg.status, null::integer;
    return;
  end if;
  if s.status in ('live', 'completed') or s.starts_at <= now() then
    return query select 'session_started', reg.id, reg.status, null::integer;
    return;
  end if;

  if s.seats_left is null or s.seats_left > 0 then
    new_status := app.seat_status(s);
  elsif s.allow_waitlist then
    new_status := 'waitlisted';
  else
    return query select 'sold_out', reg.id, reg.status, null::integer;
    return;
  end if;
  perform set_config('app.status_reason', 'approved by an admin', true);
  update public.registrations r set status = new_status where r.id = reg.id;
  perform app.audit_registration('registration.approved', reg.id,
    jsonb_build_object('session_id', reg.session_id, 'status', new_status));
  return query select case when new_status = 'waitlisted' then 'waitlisted' else 'approved' end,
    reg.id, new_status, app.waitlist_position(reg.id);
end;
$$;

-- Rejects a pending registration. It held no seat, but in approval sessions pending approvals reserve
-- the free seats against promotion, so a rejection may let the next waitlisted person move up.
create or replace function app.reject_registration(p_registration_id uuid, p_reason text default null)
returns table (outcome text, registration_id uuid, session_id uuid, promoted jsonb)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target_session uuid;
  reg public.registrations;
  freed jsonb;
begin
  perform app.assert_registration_admin();
  select r.session_id into target_session from public.registrations r where r.id = p_registration_id;
  if not found then
    return query select 'not_found', p_registration_id, null::uuid, '[]'::jsonb;
    return;
  end if;
  perform 1 from public.sessions where id = target_session for no key update;
  select * into reg from public.registrations r where r.id = p_registration_id for update;
  if reg.status <> 'pending_approval' then
    return query select 'not_pending', reg.id, reg.session_id, '[]'::jsonb;
    return;
  end if;
  perform set_config('app.status_reason', 'rejected by an admin', true);
  update public.registrations r
  set status = 'cancelled', cancellation_reason = left(nullif(btrim(p_reason), ''), 500)
  where r.id = reg.id;
  perform app.audit_registration('registration.rejected', reg.id, jsonb_build_object('session_id', reg.session_id));
  select coalesce(jsonb_agg(jsonb_build_object('registration_id', p.registration_id, 'status', p.status)), '[]'::jsonb)
  into freed
  from app.promote_waitlisted_locked(reg.session_id, 'promoted from waitlist: a pending approval was rejected') p;
  return query select 'rejected', reg.id, reg.session_id, freed;
end;
$$;

-- Privileges -----------------------------------------------------------------------------------------
-- New functions are executable by PUBLIC unless revoked; helpers stay owner-only (the security definer
-- functions run them as the owner).
revoke all on function
  app.registration_token_hash(text),
  app.new_manage_token(),
  app.waitlist_position(uuid),
  app.session_registration_refusal(public.sessions),
  app.session_price_now(public.sessions),
  app.seat_status(public.sessions),
  app.audit_registration(text, uuid, jsonb),
  app.assert_registration_admin(),
  app.promote_waitlisted_locked(uuid, text),
  app.cancel_registration_locked(uuid, text, text, boolean),
  app.promote_after_capacity_increase(),
  app.register_attendee(uuid, jsonb, jsonb, text, text, jsonb, uuid),
  app.cancel_registration_by_token(text, text),
  app.cancel_registration(uuid, text),
  app.promote_from_waitlist(uuid),
  app.approve_registration(uuid),
  app.reject_registration(uuid, text)
from public;

-- Attendees have no account: the public form and the manage link act as anon.
grant execute on function
  app.register_attendee(uuid, jsonb, jsonb, text, text, jsonb, uuid),
  app.cancel_registration_by_token(text, text)
to anon, authenticated, service_role;

-- Admin actions check app.is_admin() inside; consultants get a permission error.
grant execute on function
  app.cancel_registration(uuid, text),
  app.promote_from_waitlist(uuid),
  app.approve_registration(uuid),
  app.reject_registration(uuid, text)
to authenticated, service_role;
