-- Sessions are scheduled instances of a topic (spec: WebinarSession, SessionCreationForm).

-- The session lifecycle. Unpublishing (published -> draft) is allowed only while nobody is registered
-- (checked in the trigger); completed and cancelled are final.
create or replace function app.session_transition_allowed(from_status text, to_status text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select from_status = to_status or (from_status, to_status) in (
    ('draft', 'published'),
    ('draft', 'cancelled'),
    ('published', 'draft'),
    ('published', 'live'),
    ('published', 'completed'),
    ('published', 'cancelled'),
    ('live', 'completed'),
    ('live', 'cancelled')
  )
$$;

-- Agenda items: {"offset_minutes": 0, "title": {"en": "...", "de": "..."}}.
create or replace function app.is_agenda(value jsonb)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select jsonb_typeof(value) = 'array'
    and jsonb_array_length(value) <= 50
    and not exists (
      select 1 from jsonb_array_elements(value) as e(item)
      where jsonb_typeof(e.item) <> 'object'
         or jsonb_typeof(e.item -> 'offset_minutes') <> 'number'
         or (e.item ->> 'offset_minutes')::numeric < 0
         or not coalesce(app.is_translated_text(e.item -> 'title', 200), false)
    )
$$;

grant execute on function app.session_transition_allowed(text, text), app.is_agenda(jsonb)
  to anon, authenticated, service_role;

create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  slug text not null,
  topic_id uuid not null references public.topics (id) on delete restrict,

  -- Overrides of the topic's texts (null = use the topic's)
  title jsonb,
  description jsonb,
  social_copy jsonb,
  agenda jsonb not null default '[]'::jsonb,
  primary_expertise text,
  secondary_topics text[] not null default '{}',
  language text not null default 'en',

  -- Schedule. ends_at is derived by the trigger (timestamptz + interval is not immutable, so it
  -- cannot be a generated column) and serves overlap and "is it over" queries.
  starts_at timestamptz not null,
  timezone text not null default 'Europe/Berlin',
  duration_minutes integer not null default 60,
  ends_at timestamptz not null,

  session_type text not null default 'single-speaker',

  -- Pricing
  price numeric(10, 2) not null default 0,
  currency text not null default 'EUR',
  early_bird_price numeric(10, 2),
  early_bird_deadline timestamptz,

  -- Registration settings. capacity null = unlimited.
  capacity integer,
  requires_approval boolean not null default false,
  allow_waitlist boolean not null default true,
  registration_opens_at timestamptz,
  registration_closes_at timestamptz,

  -- Platform and content. The join link and password live in session_meetings (not public).
  platform text not null default 'zoom',
  recording_enabled boolean not null default true,
  recording_url text,
  materials_url text,
  slides_url text,
  certificate_template text,
  promotional_image_url text,

  -- Publishing. publish_at schedules publication; published_at is when the session became (or
  -- becomes) publicly visible, set by the trigger; anon sees a session only once published_at <= now().
  status text not null default 'draft',
  publish_at timestamptz,
  published_at timestamptz,
  cancelled_at timestamptz,
  cancellation_reason text,

  -- Integrations
  create_odoo_event boolean not null default true,
  create_calendar_event boolean not null default true,
  odoo_event_id integer,
  google_calendar_event_id text,

  -- Kept by triggers on registrations; client writes to these are ignored. confirmed_count counts
  -- every seat given for good (confirmed, attended, no_show); pending_payment holds a seat too.
  confirmed_count integer not null default 0,
  pending_approval_count integer not null default 0,
  pending_payment_count integer not null default 0,
  waitlist_count integer not null default 0,
  attended_count integer not null default 0,
  pending_count integer generated always as (pending_approval_count + pending_payment_count) stored,
  seats_left integer generated always as (
    case when capacity is null then null
         else greatest(capacity - confirmed_count - pending_payment_count, 0) end) stored,

  -- Kept by sessions_refresh_search (below), not a generated column: see there.
  search_vector tsvector,

  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  updated_by uuid default auth.uid() references auth.users (id) on delete set null,

  constraint sessions_slug_format check (app.is_slug(slug)),
  constraint sessions_title_translated check (title is null or app.is_translated_text(title, 200)),
  constraint sessions_description_translated check (description is null or app.is_translated_text(description, 20000)),
  constraint sessions_social_copy_translated check (social_copy is null or app.is_translated_text(social_copy, 3000)),
  constraint sessions_agenda_valid check (app.is_agenda(agenda)),
  constraint sessions_primary_expertise_length check (primary_expertise is null or length(primary_expertise) <= 100),
  constraint sessions_secondary_topics_list check (app.is_text_list(secondary_topics, 20, 100)),
  constraint sessions_language_valid check (language in ('en', 'de')),
  constraint sessions_duration_range check (duration_minutes between 15 and 600),
  constraint sessions_type_valid check (session_type in ('single-speaker', 'panel-discussion', 'workshop', 'q-and-a')),
  constraint sessions_price_non_negative check (price >= 0),
  constraint sessions_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint sessions_early_bird_complete check ((early_bird_price is null) = (early_bird_deadline is null)),
  constraint sessions_early_bird_price_range check (early_bird_price is null or early_bird_price between 0 and price),
  constraint sessions_early_bird_deadline_before_start check (early_bird_deadline is null or early_bird_deadline < starts_at),
  constraint sessions_capacity_positive check (capacity is null or capacity > 0),
  constraint sessions_registration_closes_after_opens check (
    registration_opens_at is null or registration_closes_at is null or registration_closes_at > registration_opens_at),
  constraint sessions_registration_opens_before_end check (registration_opens_at is null or registration_opens_at < ends_at),
  constraint sessions_registration_closes_before_end check (registration_closes_at is null or registration_closes_at <= ends_at),
  constraint sessions_platform_valid check (platform in ('zoom', 'teams', 'webex', 'custom')),
  constraint sessions_recording_url_format check (recording_url is null or app.is_http_url(recording_url)),
  constraint sessions_materials_url_format check (materials_url is null or app.is_http_url(materials_url)),
  constraint sessions_slides_url_format check (slides_url is null or app.is_http_url(slides_url)),
  constraint sessions_certificate_template_length check (certificate_template is null or length(certificate_template) <= 200),
  constraint sessions_promotional_image_url_format check (promotional_image_url is null or app.is_image_url(promotional_image_url)),
  constraint sessions_status_valid check (status in ('draft', 'published', 'live', 'completed', 'cancelled')),
  constraint sessions_cancellation_reason_length check (cancellation_reason is null or length(cancellation_reason) <= 500),
  constraint sessions_odoo_event_id_positive check (odoo_event_id is null or odoo_event_id > 0),
  constraint sessions_google_calendar_event_id_length check (google_calendar_event_id is null or length(google_calendar_event_id) <= 1024),
  constraint sessions_counters_non_negative check (
    confirmed_count >= 0 and pending_approval_count >= 0 and pending_payment_count >= 0
    and waitlist_count >= 0 and attended_count >= 0),
  -- Last line of defence against overbooking: whatever path adds a seat, the counter update fails
  -- rather than exceed capacity (and capacity cannot be cut below the seats already given).
  constraint sessions_not_overbooked check (capacity is null or confirmed_count + pending_payment_count <= capacity)
);

create unique index sessions_slug_key on public.sessions (slug);
-- The public list: visible statuses by start time.
create index sessions_public_starts_at_idx on public.sessions (starts_at)
  where status in ('published', 'live', 'completed', 'cancelled');
create index sessions_status_starts_at_idx on public.sessions (status, starts_at);
create index sessions_topic_idx on public.sessions (topic_id, starts_at);
create index sessions_scheduled_publish_idx on public.sessions (publish_at) where status = 'draft' and publish_at is not null;
create index sessions_search_vector_idx on public.sessions using gin (search_vector);

-- The search document is rebuilt only when the texts change. As a stored generated column it was
-- recomputed on every write to the row, including each counter update on the registration hot path.
create or replace function app.sessions_refresh_search()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.search_vector := app.search_document(new.title, new.description);
  return new;
end;
$$;

create trigger sessions_refresh_search
  before insert or update of title, description, secondary_topics, primary_expertise on public.sessions
  for each row execute function app.sessions_refresh_search();

create trigger sessions_stamp_update
  before update on public.sessions
  for each row execute function app.stamp_update();

-- Lifecycle, derived columns and counter protection in one place, so the order is explicit.
create or replace function app.sessions_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.timezone is distinct from old.timezone then
    perform app.assert_iana_timezone(new.timezone, 'sessions_timezone_iana');
  end if;
  new.ends_at := new.starts_at + make_interval(mins => new.duration_minutes);

  if tg_op = 'INSERT' then
    if new.status not in ('draft', 'published') then
      raise exception 'A new session must start as draft or published, not %', new.status
        using errcode = 'check_violation', constraint = 'sessions_status_transition';
    end if;
    -- Counters start at zero; registrations move them.
    new.confirmed_count := 0; new.pending_approval_count := 0; new.pending_payment_count := 0;
    new.waitlist_count := 0; new.attended_count := 0;
    new.published_at := null;
    new.cancelled_at := null;
  else
    if not app.session_transition_allowed(old.status, new.status) then
      raise exception 'A session cannot go from % to %', old.status, new.status
        using errcode = 'check_violation', constraint = 'sessions_status_transition';
    end if;
    -- Only the registration triggers (nested, depth > 1) or the owner's recount may move counters.
    if pg_catalog.pg_trigger_depth() = 1
       and not (app.is_system() and coalesce(current_setting('app.recounting_sessions', true), '') = 'on') then
      new.confirmed_count := old.confirmed_count; new.pending_approval_count := old.pending_approval_count;
      new.pending_payment_count := old.pending_payment_count; new.waitlist_count := old.waitlist_count;
      new.attended_count := old.attended_count;
    end if;
    if old.status = 'published' and new.status = 'draft'
       and old.confirmed_count + old.pending_approval_count + old.pending_payment_count + old.waitlist_count > 0 then
      raise exception 'A session with registrations cannot be unpublished; cancel it instead'
        using errcode = 'check_violation', constraint = 'sessions_status_transition';
    end if;
    if new.status = 'draft' then
      new.published_at := null;
    end if;
    if new.status <> 'cancelled' then
      new.cancelled_at := null;
    end if;
  end if;

  -- Visible from the scheduled time, or now; re-scheduling is possible until it has become visible.
  if new.status = 'published' and (new.published_at is null or new.published_at > now()) then
    new.published_at := greatest(now(), coalesce(new.publish_at, now()));
  end if;
  if new.status = 'cancelled' and new.cancelled_at is null then
    new.cancelled_at := now();
  end if;
  return new;
end;
$$;

grant execute on function app.sessions_before_write() to anon, authenticated, service_role;

create trigger sessions_before_write
  before insert or update on public.sessions
  for each row execute function app.sessions_before_write();

-- Who speaks. Exactly one primary speaker per session, at most one moderator.
create table public.session_speakers (
  session_id uuid not null references public.sessions (id) on delete cascade,
  consultant_id uuid not null references public.consultants (id) on delete restrict,
  role text not null default 'panelist',
  position integer not null default 0,
  created_at timestamptz not null default now(),
  primary key (session_id, consultant_id),
  constraint session_speakers_role_valid check (role in ('primary', 'panelist', 'moderator')),
  constraint session_speakers_position_non_negative check (position >= 0)
);

create unique index session_speakers_one_primary_key on public.session_speakers (session_id) where role = 'primary';
create unique index session_speakers_one_moderator_key on public.session_speakers (session_id) where role = 'moderator';
create index session_speakers_consultant_idx on public.session_speakers (consultant_id, session_id);

-- "At least one primary" cannot be a unique index; it is checked at commit, so a session and its
-- speakers can be written in any order inside one transaction.
create or replace function app.check_session_row_has_primary_speaker()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.assert_session_has_primary_speaker(new.id);
  return null;
end;
$$;

create or replace function app.check_speaker_change_keeps_primary_speaker()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.assert_session_has_primary_speaker(old.session_id);
  return null;
end;
$$;

create or replace function app.assert_session_has_primary_speaker(target_session uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (
    select 1 from public.sessions s
    where s.id = target_session and s.status <> 'draft'
      and not exists (select 1 from public.session_speakers ss where ss.session_id = s.id and ss.role = 'primary')
  ) then
    raise exception 'Session % needs a primary speaker before it can be published', target_session
      using errcode = 'check_violation', constraint = 'sessions_primary_speaker_required';
  end if;
end;
$$;

revoke all on function app.check_session_row_has_primary_speaker(), app.check_speaker_change_keeps_primary_speaker(),
  app.assert_session_has_primary_speaker(uuid) from public;

create constraint trigger sessions_primary_speaker_required
  after insert or update of status on public.sessions
  deferrable initially deferred
  for each row execute function app.check_session_row_has_primary_speaker();

create constraint trigger session_speakers_primary_speaker_required
  after update or delete on public.session_speakers
  deferrable initially deferred
  for each row execute function app.check_speaker_change_keeps_primary_speaker();

-- Security definer so policies can ask it without the caller reading session_speakers under RLS.
create or replace function app.is_session_speaker(target_session uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.session_speakers ss
    where ss.session_id = target_session and ss.consultant_id = app.current_consultant_id()
  )
$$;

revoke all on function app.is_session_speaker(uuid) from public;
grant execute on function app.is_session_speaker(uuid) to anon, authenticated, service_role;

-- Join details are for registered attendees and speakers only, so they sit apart from the public row.
create table public.session_meetings (
  session_id uuid primary key references public.sessions (id) on delete cascade,
  meeting_url text,
  meeting_password text,
  host_notes text,
  updated_at timestamptz not null default now(),
  constraint session_meetings_meeting_url_format check (meeting_url is null or app.is_http_url(meeting_url)),
  constraint session_meetings_meeting_password_length check (meeting_password is null or length(meeting_password) <= 100),
  constraint session_meetings_host_notes_length check (host_notes is null or length(host_notes) <= 2000)
);

create trigger session_meetings_touch
  before update on public.session_meetings
  for each row execute function app.touch_updated_at();

alter table public.sessions enable row level security;
alter table public.session_speakers enable row level security;
alter table public.session_meetings enable row level security;

-- Cancelled sessions stay readable once they were public, so their page can say so.
create policy "Anyone can read published sessions"
  on public.sessions for select to anon, authenticated
  using (status <> 'draft' and published_at <= now());

create policy "Consultants can read their own sessions"
  on public.sessions for select to authenticated
  using (app.is_session_speaker(id));

create policy "Admins can manage all sessions"
  on public.sessions for all to authenticated
  using ((select app.is_admin())) with check ((select app.is_admin()));

create policy "Anyone can read the speakers of sessions they can see"
  on public.session_speakers for select to anon, authenticated
  using (exists (select 1 from public.sessions s where s.id = session_id));

create policy "Admins can manage session speakers"
  on public.session_speakers for all to authenticated
  using ((select app.is_admin())) with check ((select app.is_admin()));

create policy "Speakers can read the meeting details of their sessions"
  on public.session_meetings for select to authenticated
  using (app.is_session_speaker(session_id));

create policy "Admins can manage meeting details"
  on public.session_meetings for all to authenticated
  using ((select app.is_admin())) with check ((select app.is_admin()));

-- Topics stay readable while a visible session uses them, even after the topic is archived.
create policy "Anyone can read the topics of sessions they can see"
  on public.topics for select to anon, authenticated
  using (exists (select 1 from public.sessions s where s.topic_id = topics.id));

revoke all on table public.sessions, public.session_speakers, public.session_meetings from anon, authenticated;
grant select on table public.session_speakers to anon;
-- Visitors get the public columns only: who edited a session and its CRM/calendar ids stay internal.
grant select (
  id, slug, topic_id, title, description, social_copy, agenda, primary_expertise, secondary_topics, language,
  starts_at, timezone, duration_minutes, ends_at, session_type, price, currency, early_bird_price,
  early_bird_deadline, capacity, requires_approval, allow_waitlist, registration_opens_at, registration_closes_at,
  platform, recording_enabled, recording_url, materials_url, slides_url, certificate_template,
  promotional_image_url, status, publish_at, published_at, cancelled_at, cancellation_reason,
  confirmed_count, pending_approval_count, pending_payment_count, waitlist_count, attended_count, pending_count,
  seats_left, search_vector, version, created_at, updated_at
) on table public.sessions to anon;
grant select, insert, update, delete on table public.sessions, public.session_speakers, public.session_meetings to authenticated;
grant all on table public.sessions, public.session_speakers, public.session_meetings to service_role;
