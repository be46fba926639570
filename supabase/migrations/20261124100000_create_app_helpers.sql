-- Schema `app` holds the helpers that policies, constraints and triggers call, so each rule is written
-- once. Nothing here is an API for the browser; the web server reaches it only through SQL under RLS.

create extension if not exists pg_trgm with schema extensions;
create extension if not exists unaccent with schema extensions;

create schema if not exists app;
revoke all on schema app from public;
grant usage on schema app to anon, authenticated, service_role;

-- Shared enumerations as check-constrained text (not enum types): adding a value later is one
-- constraint swap inside a migration, and the values read naturally in SQL and generated types.

-- Translated text ---------------------------------------------------------------------------------
-- Content fields are {"en": "...", "de": "..."}: `en` is the fallback language, so it is required and
-- non-blank; `de` is optional; no other keys, so a typo like "EN" or "ger" cannot hide a translation.
create or replace function app.is_translated_text(value jsonb, max_length integer default 20000)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select value is not null
    and jsonb_typeof(value) = 'object'
    and value ? 'en'
    and jsonb_typeof(value -> 'en') = 'string'
    and length(btrim(value ->> 'en')) > 0
    and length(value ->> 'en') <= max_length
    and (not value ? 'de' or (
      jsonb_typeof(value -> 'de') = 'string' and length(value ->> 'de') <= max_length))
    and not exists (select 1 from jsonb_object_keys(value) as k(key) where k.key not in ('en', 'de'))
$$;

-- Arrays of translated texts (learning objectives): every element must itself be valid.
create or replace function app.is_translated_text_array(value jsonb, max_items integer default 50, max_length integer default 1000)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select value is not null
    and jsonb_typeof(value) = 'array'
    and jsonb_array_length(value) <= max_items
    and not exists (
      select 1 from jsonb_array_elements(value) as e(item)
      where not coalesce(app.is_translated_text(e.item, max_length), false)
    )
$$;

-- The text of a translated field in the wanted language, falling back to English.
create or replace function app.translated(value jsonb, lang text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(nullif(btrim(value ->> lang), ''), value ->> 'en')
$$;

-- Small shape checks --------------------------------------------------------------------------------
-- Deliberately loose: the forms validate precisely; the database only refuses what is clearly wrong.
create or replace function app.is_email(value text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select value ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(value) <= 254
$$;

create or replace function app.is_http_url(value text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select value ~* '^https?://[^\s/$.?#][^\s]*$' and length(value) <= 2048
$$;

-- Site-relative paths are allowed for images so seed data and uploads can live on our own host.
create or replace function app.is_image_url(value text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select app.is_http_url(value) or (value ~ '^/[^\s]*$' and length(value) <= 2048)
$$;

create or replace function app.is_slug(value text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select value ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(value) between 2 and 120
$$;

create or replace function app.is_phone(value text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select value ~ '^\+?[0-9][0-9 ()./-]{3,28}[0-9]$'
$$;

-- Bounded text arrays (tags, expertise, challenges): no blank items, no item or list beyond the limit.
create or replace function app.is_text_list(value text[], max_items integer default 30, max_length integer default 100)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select value is not null
    and coalesce(cardinality(value), 0) <= max_items
    and not exists (
      select 1 from unnest(value) as v(item)
      where v.item is null or length(btrim(v.item)) = 0 or length(v.item) > max_length
    )
$$;

-- IANA zone names only (Europe/Berlin, America/Argentina/Buenos_Aires, Etc/GMT+3, UTC): abbreviations
-- and POSIX strings such as 'CET' or 'Europe/Berlin+1' are accepted by `at time zone` but would make
-- calendar invites and DST handling wrong, so the shape is checked first and tzdata decides the rest.
-- (pg_timezone_names would be exact but reads the zone directory on every call: far too slow for a
-- trigger.) Stable, not immutable, as tzdata can change; hence called from triggers, not checks.
create or replace function app.is_iana_timezone(value text)
returns boolean
language plpgsql
stable
parallel safe
set search_path = ''
as $$
begin
  if value is null
     or value !~ '^(UTC|Etc/GMT[+-]?[0-9]{1,2}|[A-Z][A-Za-z_-]+(/[A-Za-z_-]+){1,2})$'
     or value ~ '^(posix|right)/' then
    return false;
  end if;
  perform now() at time zone value;
  return true;
exception when invalid_parameter_value then
  return false;
end;
$$;

create or replace function app.assert_iana_timezone(value text, constraint_name text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if value is not null and not app.is_iana_timezone(value) then
    raise exception 'Unknown time zone "%": use an IANA zone name such as Europe/Berlin', value
      using errcode = 'check_violation', constraint = constraint_name;
  end if;
end;
$$;

-- Search text: lower-case and accent-free, so "Künstliche" and "kunstliche" meet. unaccent() is only
-- stable (its dictionary could change); pinning the dictionary makes this wrapper safe to index.
create or replace function app.search_normalize(value text)
returns text
language sql
immutable
parallel safe
strict
set search_path = ''
as $$
  select lower(extensions.unaccent('extensions.unaccent'::regdictionary, value))
$$;

-- Who is asking ------------------------------------------------------------------------------------
create or replace function app.current_role_claim()
returns text
language sql
stable
set search_path = ''
as $$
  select auth.jwt() -> 'app_metadata' ->> 'role'
$$;

create or replace function app.is_admin()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(auth.jwt() -> 'app_metadata' ->> 'role' = 'admin', false)
$$;

-- Trusted callers that bypass RLS anyway (workers, migrations, the owner's security definer
-- functions). Guard triggers use this to let system paths through and stop clients.
create or replace function app.is_system()
returns boolean
language sql
stable
set search_path = ''
as $$
  select current_user not in ('anon', 'authenticated')
$$;

-- Stamps updated_at on every update; tables that support optimistic concurrency also bump `version`
-- through their own trigger.
create or replace function app.touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

grant execute on function
  app.is_translated_text(jsonb, integer),
  app.is_translated_text_array(jsonb, integer, integer),
  app.translated(jsonb, text),
  app.is_email(text),
  app.is_http_url(text),
  app.is_image_url(text),
  app.is_slug(text),
  app.is_phone(text),
  app.is_text_list(text[], integer, integer),
  app.is_iana_timezone(text),
  app.assert_iana_timezone(text, text),
  app.search_normalize(text),
  app.current_role_claim(),
  app.is_admin(),
  app.is_system(),
  app.touch_updated_at()
to anon, authenticated, service_role;

-- Tables edited in forms carry `version` for optimistic concurrency (update ... where version = $seen)
-- and who/when columns. The updater comes from the JWT; system paths keep what they set. Updates made
-- by other triggers (registration counters on sessions) are bookkeeping, not edits: they must not make
-- an admin's open form stale.
create or replace function app.stamp_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if pg_catalog.pg_trigger_depth() > 1 then
    return new;
  end if;
  new.updated_at := now();
  new.version := old.version + 1;
  new.updated_by := coalesce(auth.uid(), new.updated_by);
  return new;
end;
$$;

grant execute on function app.stamp_update() to anon, authenticated, service_role;
