-- Consultants are the webinar speakers (spec: WebinarSpeaker). Internal ones usually sign in; external
-- and partner experts may exist without a login, hence a nullable user_id.

create table public.consultants (
  id uuid primary key default gen_random_uuid(),
  user_id uuid unique references auth.users (id) on delete set null,
  slug text not null,

  -- Profile
  first_name text not null,
  last_name text not null,
  title text,
  email text not null,
  phone text,
  biography jsonb not null,
  company text,
  position text,
  expertise text[] not null default '{}',
  photo_url text,
  linkedin_url text,
  website_url text,
  timezone text not null default 'Europe/Berlin',
  consultant_type text not null default 'internal',

  -- LinkedIn sync (written by the sync job, not by hand)
  linkedin_profile_id text,
  linkedin_headline text,
  linkedin_connections integer,
  linkedin_recommendations integer,
  linkedin_synced_at timestamptz,

  -- Credentials
  certifications text[] not null default '{}',
  education text[] not null default '{}',
  publications text[] not null default '{}',
  speaking_experience_years integer not null default 0,

  -- Business settings
  hourly_rate numeric(10, 2),
  hourly_rate_currency text not null default 'EUR',
  available_for_consultations boolean not null default false,
  revenue_share_percent numeric(5, 2) not null default 0,
  preferred_payment_terms text,

  -- Webinar preferences (spec: SpeakerProfileForm.webinarSettings / integration)
  preferred_duration_minutes integer,
  available_timezones text[] not null default '{}',
  technical_requirements text,
  special_instructions text,
  calendar_integration boolean not null default false,
  email_notifications boolean not null default true,

  -- Branding
  brand_logo_url text,
  brand_colors text[] not null default '{}',
  custom_templates text[] not null default '{}',

  -- Status and availability
  is_active boolean not null default true,
  availability_status text not null default 'available',
  next_available_date date,

  -- Quality scores (0-100) set by the program manager after reviews. Performance figures such as
  -- total webinars, attendees and average rating are computed from sessions and registrations.
  content_quality_score numeric(5, 2),
  technical_setup_score numeric(5, 2),
  engagement_score numeric(5, 2),
  professionalism_score numeric(5, 2),

  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  updated_by uuid default auth.uid() references auth.users (id) on delete set null,

  constraint consultants_slug_format check (app.is_slug(slug)),
  constraint consultants_first_name_length check (length(btrim(first_name)) between 2 and 50),
  constraint consultants_last_name_length check (length(btrim(last_name)) between 2 and 50),
  constraint consultants_title_length check (title is null or length(title) <= 50),
  constraint consultants_email_format check (app.is_email(email)),
  constraint consultants_phone_format check (phone is null or app.is_phone(phone)),
  constraint consultants_biography_translated check (app.is_translated_text(biography, 10000)),
  constraint consultants_company_length check (company is null or length(btrim(company)) between 2 and 200),
  constraint consultants_position_length check (position is null or length(position) <= 200),
  constraint consultants_expertise_list check (app.is_text_list(expertise, 30, 100)),
  constraint consultants_photo_url_format check (photo_url is null or app.is_image_url(photo_url)),
  constraint consultants_linkedin_url_format check (linkedin_url is null or app.is_http_url(linkedin_url)),
  constraint consultants_website_url_format check (website_url is null or app.is_http_url(website_url)),
  constraint consultants_type_valid check (consultant_type in ('internal', 'external', 'partner')),
  constraint consultants_linkedin_counts_non_negative
    check (coalesce(linkedin_connections, 0) >= 0 and coalesce(linkedin_recommendations, 0) >= 0),
  constraint consultants_linkedin_headline_length check (linkedin_headline is null or length(linkedin_headline) <= 300),
  constraint consultants_credentials_lists check (
    app.is_text_list(certifications, 50, 300) and app.is_text_list(education, 50, 300)
    and app.is_text_list(publications, 100, 500)),
  constraint consultants_speaking_experience_range check (speaking_experience_years between 0 and 80),
  constraint consultants_hourly_rate_non_negative check (hourly_rate is null or hourly_rate >= 0),
  constraint consultants_hourly_rate_currency_format check (hourly_rate_currency ~ '^[A-Z]{3}$'),
  constraint consultants_revenue_share_range check (revenue_share_percent between 0 and 100),
  constraint consultants_payment_terms_length check (preferred_payment_terms is null or length(preferred_payment_terms) <= 200),
  constraint consultants_preferred_duration_range check (preferred_duration_minutes is null or preferred_duration_minutes between 15 and 600),
  constraint consultants_texts_length check (
    coalesce(length(technical_requirements), 0) <= 2000 and coalesce(length(special_instructions), 0) <= 2000),
  constraint consultants_brand_logo_url_format check (brand_logo_url is null or app.is_image_url(brand_logo_url)),
  constraint consultants_brand_colors_hex check (
    cardinality(brand_colors) <= 10 and array_to_string(brand_colors, ',') ~ '^(#[0-9a-fA-F]{6}(,|$))*$'),
  constraint consultants_custom_templates_list check (app.is_text_list(custom_templates, 20, 200)),
  constraint consultants_availability_status_valid check (availability_status in ('available', 'busy', 'unavailable')),
  constraint consultants_quality_scores_range check (
    coalesce(content_quality_score, 0) between 0 and 100 and coalesce(technical_setup_score, 0) between 0 and 100
    and coalesce(engagement_score, 0) between 0 and 100 and coalesce(professionalism_score, 0) between 0 and 100)
);

comment on table public.consultants is 'Webinar speakers and experts. Private columns (email, phone, business settings) are never granted to anon; public pages read public.public_consultants.';

create unique index consultants_slug_key on public.consultants (slug);
create unique index consultants_email_key on public.consultants (lower(email));
create index consultants_active_name_idx on public.consultants (last_name, first_name) where is_active;
create index consultants_expertise_idx on public.consultants using gin (expertise);
create index consultants_name_trgm_idx on public.consultants
  using gin (app.search_normalize(first_name || ' ' || last_name) extensions.gin_trgm_ops);

create trigger consultants_stamp_update
  before update on public.consultants
  for each row execute function app.stamp_update();

create or replace function app.check_consultant_timezones()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  zone text;
begin
  perform app.assert_iana_timezone(new.timezone, 'consultants_timezone_iana');
  foreach zone in array new.available_timezones loop
    perform app.assert_iana_timezone(zone, 'consultants_available_timezones_iana');
  end loop;
  return new;
end;
$$;

create trigger consultants_check_timezones
  before insert or update of timezone, available_timezones on public.consultants
  for each row execute function app.check_consultant_timezones();

-- A consultant may edit their own profile but not what the firm decides: the login link, identity
-- (slug, email), contract terms and reviews. Column grants cannot express this because admins use the
-- same `authenticated` role, so a trigger compares the protected columns.
create or replace function app.guard_consultant_admin_columns()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if app.is_system() or app.is_admin() then
    return new;
  end if;
  if (old.id, old.user_id, old.slug, old.email, old.consultant_type, old.is_active, old.revenue_share_percent,
      old.hourly_rate, old.hourly_rate_currency, old.preferred_payment_terms,
      old.content_quality_score, old.technical_setup_score, old.engagement_score, old.professionalism_score,
      old.linkedin_profile_id, old.linkedin_headline, old.linkedin_connections, old.linkedin_recommendations,
      old.linkedin_synced_at, old.created_at, old.created_by)
     is distinct from
     (new.id, new.user_id, new.slug, new.email, new.consultant_type, new.is_active, new.revenue_share_percent,
      new.hourly_rate, new.hourly_rate_currency, new.preferred_payment_terms,
      new.content_quality_score, new.technical_setup_score, new.engagement_score, new.professionalism_score,
      new.linkedin_profile_id, new.linkedin_headline, new.linkedin_connections, new.linkedin_recommendations,
      new.linkedin_synced_at, new.created_at, new.created_by) then
    raise exception 'Only an admin can change id, login, slug, email, type, active flag, business terms, scores or LinkedIn sync data of a consultant'
      using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;

create trigger consultants_guard_admin_columns
  before update on public.consultants
  for each row execute function app.guard_consultant_admin_columns();

-- Security definer so policies on other tables can ask "which consultant is this user?" without the
-- caller needing (or recursing into) read access on consultants.
create or replace function app.current_consultant_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select c.id from public.consultants c where c.user_id = auth.uid() and auth.uid() is not null
$$;

revoke all on function app.current_consultant_id() from public;
grant execute on function app.current_consultant_id() to anon, authenticated, service_role;
grant execute on function app.check_consultant_timezones(), app.guard_consultant_admin_columns()
  to anon, authenticated, service_role;

alter table public.consultants enable row level security;

create policy "Admins can manage all consultants"
  on public.consultants for all to authenticated
  using ((select app.is_admin())) with check ((select app.is_admin()));

create policy "Consultants can read their own profile"
  on public.consultants for select to authenticated
  using (user_id = (select auth.uid()));

create policy "Consultants can update their own profile"
  on public.consultants for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

-- Hosted Supabase grants everything in public to anon/authenticated by default; start from nothing.
revoke all on table public.consultants from anon, authenticated;
grant select, insert, update, delete on table public.consultants to authenticated;
grant all on table public.consultants to service_role;

-- Public face of a consultant: only what a landing page shows, only active consultants. Runs with the
-- owner's rights (security_invoker off) precisely so anon needs no access to the private table;
-- security_barrier keeps the is_active filter ahead of any caller-supplied function.
create view public.public_consultants
with (security_barrier = true)
as
select
  c.id, c.slug, c.first_name, c.last_name, c.title, c.biography, c.company, c.position, c.expertise,
  c.photo_url, c.linkedin_url, c.website_url, c.consultant_type, c.linkedin_headline,
  c.certifications, c.education, c.publications, c.speaking_experience_years,
  c.available_for_consultations, c.availability_status, c.next_available_date,
  c.brand_logo_url, c.brand_colors, c.timezone
from public.consultants c
where c.is_active;

comment on view public.public_consultants is 'Public columns of active consultants; the only consultant data anon can read.';

revoke all on table public.public_consultants from anon, authenticated;
grant select on table public.public_consultants to anon, authenticated, service_role;

-- Periods a consultant cannot speak (holidays, client work), used by scheduling conflict checks.
create table public.consultant_unavailable_periods (
  id uuid primary key default gen_random_uuid(),
  consultant_id uuid not null references public.consultants (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint consultant_unavailable_periods_ends_after_starts check (ends_at > starts_at),
  constraint consultant_unavailable_periods_reason_length check (reason is null or length(reason) <= 200)
);

create index consultant_unavailable_periods_consultant_idx
  on public.consultant_unavailable_periods (consultant_id, starts_at);

create trigger consultant_unavailable_periods_touch
  before update on public.consultant_unavailable_periods
  for each row execute function app.touch_updated_at();

alter table public.consultant_unavailable_periods enable row level security;

create policy "Admins can manage all unavailable periods"
  on public.consultant_unavailable_periods for all to authenticated
  using ((select app.is_admin())) with check ((select app.is_admin()));

create policy "Consultants can manage their own unavailable periods"
  on public.consultant_unavailable_periods for all to authenticated
  using (consultant_id = (select app.current_consultant_id()))
  with check (consultant_id = (select app.current_consultant_id()));

revoke all on table public.consultant_unavailable_periods from anon, authenticated;
grant select, insert, update, delete on table public.consultant_unavailable_periods to authenticated;
grant all on table public.consultant_unavailable_periods to service_role;
