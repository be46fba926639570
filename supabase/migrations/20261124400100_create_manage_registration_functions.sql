-- Manage-my-registration (the secret link), the periodic waitlist sweep and manage-token rotation.
-- The link's token is the only credential: each function resolves it to exactly one registration by
-- its SHA-256 and touches nothing else. Erased registrations no longer answer to any token.

create or replace function app.registration_id_by_token(p_token text, lock_row boolean default false)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  found_id uuid;
begin
  if lock_row then
    select r.id into found_id from public.registrations r
    where r.manage_token_hash = app.registration_token_hash(p_token) and r.erased_at is null
    for update;
  else
    select r.id into found_id from public.registrations r
    where r.manage_token_hash = app.registration_token_hash(p_token) and r.erased_at is null;
  end if;
  return found_id;
end;
$$;

-- What the attendee may change about themselves (not the email: it identifies the registration and
-- the duplicate rule; cancel and register again to use another address).
create or replace function app.registration_attendee_json(r public.registrations)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'first_name', r.first_name, 'last_name', r.last_name, 'email', r.email, 'phone', r.phone,
    'company', r.company, 'position', r.position, 'website', r.website,
    'industry_vertical', r.industry_vertical, 'current_challenges', to_jsonb(r.current_challenges),
    'expertise_interest', to_jsonb(r.expertise_interest), 'consultation_interest', r.consultation_interest,
    'specific_questions', r.specific_questions, 'learning_objectives', r.learning_objectives,
    'follow_up_preference', r.follow_up_preference,
    'interested_one_on_one_consultation', r.interested_one_on_one_consultation,
    'interested_workshop_series', r.interested_workshop_series,
    'interested_whitepaper_downloads', r.interested_whitepaper_downloads,
    'interested_ongoing_mentorship', r.interested_ongoing_mentorship,
    'special_requirements', r.special_requirements, 'accessibility_needs', r.accessibility_needs
  )
$$;

-- The manage page's view of one registration: status, waitlist position, consents, attendee fields
-- and the session it belongs to. Null for an unknown token.
create or replace function app.registration_by_token(p_token text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', r.id,
    'status', r.status,
    'waitlist_position', app.waitlist_position(r.id),
    'language', r.language,
    'registered_at', r.registered_at,
    'cancelled_at', r.cancelled_at,
    'payment_status', r.payment_status,
    'payment_amount', r.payment_amount,
    'payment_currency', r.payment_currency,
    'consents', jsonb_build_object(
      'terms_accepted', r.terms_accepted, 'privacy_consent', r.privacy_consent,
      'marketing_consent', r.marketing_consent, 'consultant_follow_up_consent', r.consultant_follow_up_consent,
      'data_processing_consent', r.data_processing_consent),
    'attendee', app.registration_attendee_json(r),
    'session', jsonb_build_object(
      'id', s.id, 'slug', s.slug, 'title', coalesce(s.title, t.title), 'starts_at', s.starts_at,
      'ends_at', s.ends_at, 'timezone', s.timezone, 'duration_minutes', s.duration_minutes,
      'status', s.status, 'platform', s.platform, 'language', s.language)
  )
  from public.registrations r
  join public.sessions s on s.id = r.session_id
  join public.topics t on t.id = s.topic_id
  where r.manage_token_hash = app.registration_token_hash(p_token) and r.erased_at is null
$$;

-- Partial update of the attendee's own details: only keys present in p_changes change (column names as
-- in public.registrations). p_consents may switch the optional consents (marketing, consultant
-- follow-up, data processing); every switch is recorded as consent evidence from the manage link.
create or replace function app.update_registration_by_token(p_token text, p_changes jsonb, p_consents jsonb default null)
returns table (outcome text, registration_id uuid)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target uuid := app.registration_id_by_token(p_token, true);
  old_row public.registrations;
  a public.registrations;
  changes jsonb := coalesce(p_changes, '{}'::jsonb) - 'email';
  changed text[];
  v_text_version text;
begin
  if target is null then
    return query select 'not_found', null::uuid;
    return;
  end if;
  select * into old_row from public.registrations r where r.id = target;
  if old_row.status = 'cancelled' then
    return query select 'cancelled', old_row.id;
    return;
  end if;
  a := jsonb_populate_record(old_row, changes);
  update public.registrations r set
    first_name = btrim(a.first_name), last_name = btrim(a.last_name), phone = nullif(btrim(a.phone), ''),
    company = nullif(btrim(a.company), ''), position = nullif(btrim(a.position), ''),
    website = nullif(btrim(a.website), ''), industry_vertical = nullif(btrim(a.industry_vertical), ''),
    current_challenges = coalesce(a.current_challenges, '{}'), expertise_interest = coalesce(a.expertise_interest, '{}'),
    consultation_interest = coalesce(a.consultation_interest, false),
    specific_questions = nullif(btrim(a.specific_questions), ''),
    learning_objectives = nullif(btrim(a.learning_objectives), ''), follow_up_preference = a.follow_up_preference,
    interested_one_on_one_consultation = coalesce(a.interested_one_on_one_consultation, false),
    interested_workshop_series = coalesce(a.interested_workshop_series, false),
    interested_whitepaper_downloads = coalesce(a.interested_whitepaper_downloads, false),
    interested_ongoing_mentorship = coalesce(a.interested_ongoing_mentorship, false),
    special_requirements = nullif(btrim(a.special_requirements), ''),
    accessibility_needs = nullif(btrim(a.accessibility_needs), '')
  where r.id = target;

  select array_agg(k.key order by k.key) into changed
  from jsonb_each(app.registration_attendee_json(old_row)) k
  join jsonb_each(app.registration_attendee_json((select r from public.registrations r where r.id = target))) n
    on n.key = k.key
  where k.value is distinct from n.value;

  if p_consents is not null then
    v_text_version := coalesce(nullif(btrim(p_consents ->> 'text_version'), ''),
                               (select ps.consent_text_version from public.program_settings ps where ps.id));
    with wanted (kind, col, granted) as (
      select 'marketing', 'marketing_consent', p_consents -> 'marketing_consent'
      union all select 'consultant_follow_up', 'consultant_follow_up_consent', p_consents -> 'consultant_follow_up_consent'
      union all select 'data_processing', 'data_processing_consent', p_consents -> 'data_processing_consent'
    ), switched as (
      select w.kind, w.col, w.granted = 'true'::jsonb as granted
      from wanted w
      where jsonb_typeof(w.granted) = 'boolean'
        and (w.granted = 'true'::jsonb) is distinct from ((to_jsonb(old_row) -> w.col) = 'true'::jsonb)
    ), evidence as (
      insert into public.consent_records (registration_id, kind, granted, text_version, method)
      select target, sw.kind, sw.granted, v_text_version, 'manage-link' from switched sw
      returning kind
    )
    select coalesce(changed, '{}') || coalesce(array_agg(sw.col order by sw.col), '{}') into changed from switched sw;
    update public.registrations r set
      marketing_consent = case jsonb_typeof(p_consents -> 'marketing_consent')
        when 'boolean' then (p_consents ->> 'marketing_consent')::boolean else r.marketing_consent end,
      consultant_follow_up_consent = case jsonb_typeof(p_consents -> 'consultant_follow_up_consent')
        when 'boolean' then (p_consents ->> 'consultant_follow_up_consent')::boolean else r.consultant_follow_up_consent end,
      data_processing_consent = case jsonb_typeof(p_consents -> 'data_processing_consent')
        when 'boolean' then (p_consents ->> 'data_processing_consent')::boolean else r.data_processing_consent end
    where r.id = target;
  end if;

  -- Field names only: the audit log must hold no personal data (it outlives erasure).
  if cardinality(changed) > 0 then
    perform app.audit_registration('registration.updated', target, jsonb_build_object('fields', to_jsonb(changed)));
  end if;
  return query select 'updated', target;
end;
$$;

-- Everything stored about the person behind the link (GDPR Art. 15/20): the registration, every
-- consent record and the status history. The export itself is audited.
create or replace function app.export_registration_by_token(p_token text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  target uuid := app.registration_id_by_token(p_token);
  result jsonb;
begin
  if target is null then
    return null;
  end if;
  select jsonb_build_object(
    'exported_at', now(),
    'registration', jsonb_build_object(
      'id', r.id, 'status', r.status, 'language', r.language, 'source', r.source,
      'utm', jsonb_strip_nulls(jsonb_build_object('source', r.utm_source, 'medium', r.utm_medium,
        'campaign', r.utm_campaign, 'term', r.utm_term, 'content', r.utm_content)),
      'registered_at', r.registered_at, 'confirmed_at', r.confirmed_at, 'waitlisted_at', r.waitlisted_at,
      'cancelled_at', r.cancelled_at, 'cancellation_reason', r.cancellation_reason,
      'payment', jsonb_build_object('status', r.payment_status, 'amount', r.payment_amount,
        'currency', r.payment_currency, 'paid_at', r.paid_at),
      'attendance', jsonb_build_object('joined_at', r.joined_at, 'left_at', r.left_at,
        'attendance_minutes', r.attendance_minutes, 'questions_asked', r.questions_asked,
        'chat_messages', r.chat_messages, 'rating', r.rating, 'feedback', r.feedback)),
    'attendee', app.registration_attendee_json(r),
    'consents', jsonb_build_object(
      'terms_accepted', r.terms_accepted, 'privacy_consent', r.privacy_consent,
      'marketing_consent', r.marketing_consent, 'consultant_follow_up_consent', r.consultant_follow_up_consent,
      'data_processing_consent', r.data_processing_consent),
    'consent_records', coalesce((
      select jsonb_agg(jsonb_build_object('kind', c.kind, 'granted', c.granted, 'text_version', c.text_version,
        'method', c.method, 'recorded_at', c.recorded_at) order by c.recorded_at, c.kind)
      from public.consent_records c where c.registration_id = r.id), '[]'::jsonb),
    'status_history', coalesce((
      select jsonb_agg(jsonb_build_object('from', h.from_status, 'to', h.to_status, 'at', h.changed_at,
        'reason', h.reason) order by h.id)
      from public.registration_status_history h where h.registration_id = r.id), '[]'::jsonb),
    'session', jsonb_build_object('id', s.id, 'slug', s.slug, 'title', coalesce(s.title, t.title),
      'starts_at', s.starts_at, 'timezone', s.timezone)
  ) into result
  from public.registrations r
  join public.sessions s on s.id = r.session_id
  join public.topics t on t.id = s.topic_id
  where r.id = target;
  perform app.audit_registration('registration.exported', target, '{}'::jsonb);
  return result;
end;
$$;

-- Erasure (GDPR Art. 17): anonymises the row in place so counts, attendance and audit facts stay true.
-- A registration for a session still to come is cancelled first (nobody can attend as "Erased", and the
-- seat goes to the waitlist); past ones keep their status. Optional consents that were granted get a
-- withdrawal record; the earlier consent records stay (kind, version, time: no personal data once the
-- row is anonymous). Copies of the person's emails in the outbox are blanked, queued ones never sent.
-- The link dies with it: the token hash is replaced by a random one.
create or replace function app.erase_registration_by_token(p_token text)
returns table (outcome text, registration_id uuid, session_id uuid, promoted jsonb)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target uuid := app.registration_id_by_token(p_token);
  reg public.registrations;
  s public.sessions;
  freed jsonb := '[]'::jsonb;
begin
  if target is null then
    return query select 'not_found', null::uuid, null::uuid, '[]'::jsonb;
    return;
  end if;
  select * into s from public.sessions where id = (select r.session_id from public.registrations r where r.id = target)
  for no key update;
  select * into reg from public.registrations r where r.id = target for update;

  if reg.status in ('pending_approval', 'pending_payment', 'confirmed', 'waitlisted') and s.starts_at > now() then
    select c.promoted into freed
    from app.cancel_registration_locked(target, null, 'cancelled because the attendee erased their data', true) c;
  end if;

  insert into public.consent_records (registration_id, kind, granted, text_version, method)
  select target, c.kind, false, (select ps.consent_text_version from public.program_settings ps where ps.id), 'manage-link'
  from (values
    ('marketing', reg.marketing_consent),
    ('consultant_follow_up', reg.consultant_follow_up_consent),
    ('data_processing', reg.data_processing_consent)
  ) as c(kind, granted)
  where c.granted;

  update public.registrations r set
    first_name = 'Erased', last_name = 'Erased', email = 'erased-' || r.id || '@erased.invalid',
    phone = null, company = null, position = null, website = null, industry_vertical = null,
    current_challenges = '{}', expertise_interest = '{}', consultation_interest = false,
    specific_questions = null, learning_objectives = null, follow_up_preference = null,
    interested_one_on_one_consultation = false, interested_workshop_series = false,
    interested_whitepaper_downloads = false, interested_ongoing_mentorship = false,
    special_requirements = null, accessibility_needs = null, utm_term = null, utm_content = null,
    terms_accepted = false, privacy_consent = false, marketing_consent = false,
    consultant_follow_up_consent = false, data_processing_consent = false,
    feedback = null, cancellation_reason = null, registration_session_id = null,
    manage_token_hash = extensions.digest(extensions.gen_random_bytes(32), 'sha256'),
    erased_at = now()
  where r.id = target;

  update public.email_outbox o set
    to_address = 'erased@erased.invalid', subject = '[erased]', html = '', text = '', attachments = '[]'::jsonb,
    last_error = case when o.status = 'queued' then 'recipient erased their data' else o.last_error end,
    status = case when o.status = 'queued' then 'failed' else o.status end
  where o.registration_id = target;

  perform app.audit_registration('registration.erased', target,
    jsonb_build_object('session_id', reg.session_id, 'status_before', reg.status));
  return query select 'erased', target, reg.session_id, coalesce(freed, '[]'::jsonb);
end;
$$;

-- The periodic sweep (pg-boss cron): promotes wherever seats are free and people wait, for anything a
-- transaction missed. Sessions busy right now are skipped (their own transaction promotes; the next
-- sweep looks again). p_session_ids limits it to some sessions (admin tools, tests).
create or replace function app.sweep_waitlists(p_session_ids uuid[] default null)
returns table (session_id uuid, registration_id uuid, status text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  candidate uuid;
begin
  perform app.assert_registration_admin();
  for candidate in
    select s.id from public.sessions s
    where s.status = 'published' and s.starts_at > now() and s.waitlist_count > 0
      and (p_session_ids is null or s.id = any (p_session_ids))
      and (s.capacity is null
           or s.seats_left > case when s.requires_approval then s.pending_approval_count else 0 end)
    order by s.starts_at
  loop
    perform 1 from public.sessions s where s.id = candidate for no key update skip locked;
    if found then
      return query select candidate, p.registration_id, p.status
        from app.promote_waitlisted_locked(candidate, 'promoted from waitlist by the periodic sweep') p;
    end if;
  end loop;
end;
$$;

-- Issues a fresh manage link for a registration (the email job puts it in each message); the previous
-- link stops working. Returns the token (the only time it exists outside the email) or null.
create or replace function app.rotate_manage_token(p_registration_id uuid)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  token text := app.new_manage_token();
begin
  perform app.assert_registration_admin();
  update public.registrations r set manage_token_hash = extensions.digest(token, 'sha256')
  where r.id = p_registration_id and r.erased_at is null;
  return case when found then token end;
end;
$$;

revoke all on function
  app.registration_id_by_token(text, boolean),
  app.registration_attendee_json(public.registrations),
  app.registration_by_token(text),
  app.update_registration_by_token(text, jsonb, jsonb),
  app.export_registration_by_token(text),
  app.erase_registration_by_token(text),
  app.sweep_waitlists(uuid[]),
  app.rotate_manage_token(uuid)
from public;

grant execute on function
  app.registration_by_token(text),
  app.update_registration_by_token(text, jsonb, jsonb),
  app.export_registration_by_token(text),
  app.erase_registration_by_token(text)
to anon, authenticated, service_role;

-- Workers only (assert_registration_admin also admits admins, but nobody else gets execute).
grant execute on function app.sweep_waitlists(uuid[]), app.rotate_manage_token(uuid) to service_role;
