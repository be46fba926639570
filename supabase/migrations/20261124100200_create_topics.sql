-- Topics are reusable EN/DE templates (spec: WebinarTopic); sessions are scheduled instances of them.

-- One search document for translated content: both languages, accent-free and lower-cased, with the
-- title weighted above the body. 'simple' keeps words unstemmed so EN and DE share one column; the
-- search issue can add language-stemmed vectors beside it.
create or replace function app.search_document(
  title jsonb, description jsonb, learning_objectives jsonb default null, tags text[] default null
)
returns tsvector
language sql
immutable
parallel safe
set search_path = ''
as $$
  select
    setweight(to_tsvector('simple'::regconfig, app.search_normalize(
      coalesce(title ->> 'en', '') || ' ' || coalesce(title ->> 'de', ''))), 'A')
    || setweight(to_tsvector('simple'::regconfig, app.search_normalize(
      coalesce(array_to_string(tags, ' '), ''))), 'B')
    || setweight(to_tsvector('simple'::regconfig, app.search_normalize(
      coalesce(description ->> 'en', '') || ' ' || coalesce(description ->> 'de', ''))), 'C')
    || setweight(to_tsvector('simple'::regconfig, app.search_normalize(coalesce(
      (select string_agg(coalesce(o ->> 'en', '') || ' ' || coalesce(o ->> 'de', ''), ' ')
       from jsonb_array_elements(case when jsonb_typeof(learning_objectives) = 'array'
                                      then learning_objectives else '[]'::jsonb end) as e(o)),
      ''))), 'C')
$$;

-- Short, accent-free text for typo-tolerant trigram matching ("artifical inteligence").
create or replace function app.search_title_text(title jsonb, tags text[] default null)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select app.search_normalize(
    coalesce(title ->> 'en', '') || ' ' || coalesce(title ->> 'de', '') || ' '
    || coalesce(array_to_string(tags, ' '), ''))
$$;

grant execute on function app.search_document(jsonb, jsonb, jsonb, text[]), app.search_title_text(jsonb, text[])
  to anon, authenticated, service_role;

create table public.topics (
  id uuid primary key default gen_random_uuid(),
  slug text not null,
  title jsonb not null,
  description jsonb not null,
  learning_objectives jsonb not null default '[]'::jsonb,
  prerequisites jsonb,
  target_audience jsonb,
  category text not null,
  tags text[] not null default '{}',
  difficulty text not null default 'beginner',
  default_duration_minutes integer not null default 60,
  default_price numeric(10, 2) not null default 0,
  default_capacity integer,
  currency text not null default 'EUR',
  thumbnail_url text,
  promotional_image_url text,
  odoo_product_id integer,
  status text not null default 'draft',
  seo_meta_title jsonb,
  seo_meta_description jsonb,
  seo_keywords text[] not null default '{}',

  search_vector tsvector generated always as (
    app.search_document(title, description, learning_objectives, tags)) stored,
  search_text text generated always as (app.search_title_text(title, tags)) stored,

  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  updated_by uuid default auth.uid() references auth.users (id) on delete set null,

  constraint topics_slug_format check (app.is_slug(slug)),
  constraint topics_title_translated check (app.is_translated_text(title, 200)),
  constraint topics_description_translated check (app.is_translated_text(description, 20000)),
  constraint topics_learning_objectives_translated check (app.is_translated_text_array(learning_objectives, 20, 500)),
  constraint topics_prerequisites_translated check (prerequisites is null or app.is_translated_text(prerequisites, 5000)),
  constraint topics_target_audience_translated check (target_audience is null or app.is_translated_text(target_audience, 5000)),
  constraint topics_category_length check (length(btrim(category)) between 2 and 60),
  constraint topics_tags_list check (app.is_text_list(tags, 20, 50)),
  constraint topics_difficulty_valid check (difficulty in ('beginner', 'intermediate', 'advanced')),
  constraint topics_default_duration_range check (default_duration_minutes between 15 and 600),
  constraint topics_default_price_non_negative check (default_price >= 0),
  constraint topics_default_capacity_positive check (default_capacity is null or default_capacity > 0),
  constraint topics_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint topics_thumbnail_url_format check (thumbnail_url is null or app.is_image_url(thumbnail_url)),
  constraint topics_promotional_image_url_format check (promotional_image_url is null or app.is_image_url(promotional_image_url)),
  constraint topics_odoo_product_id_positive check (odoo_product_id is null or odoo_product_id > 0),
  constraint topics_status_valid check (status in ('draft', 'active', 'archived')),
  constraint topics_seo_meta_title_translated check (seo_meta_title is null or app.is_translated_text(seo_meta_title, 70)),
  constraint topics_seo_meta_description_translated check (seo_meta_description is null or app.is_translated_text(seo_meta_description, 200)),
  constraint topics_seo_keywords_list check (app.is_text_list(seo_keywords, 20, 50))
);

create unique index topics_slug_key on public.topics (slug);
create index topics_status_category_idx on public.topics (status, category);
create index topics_tags_idx on public.topics using gin (tags);
create index topics_search_vector_idx on public.topics using gin (search_vector);
create index topics_search_text_trgm_idx on public.topics using gin (search_text extensions.gin_trgm_ops);

create trigger topics_stamp_update
  before update on public.topics
  for each row execute function app.stamp_update();

-- Full snapshots, one per version (the current one included), so the editor can diff any two and
-- restore any one. Written only by the trigger below.
create table public.topic_versions (
  topic_id uuid not null references public.topics (id) on delete cascade,
  version integer not null,
  snapshot jsonb not null,
  changed_at timestamptz not null default now(),
  changed_by uuid references auth.users (id) on delete set null,
  primary key (topic_id, version)
);

-- Security definer: the editor (an admin under RLS) has no write access to the history itself.
create or replace function app.record_topic_version()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.topic_versions (topic_id, version, snapshot, changed_at, changed_by)
  values (new.id, new.version, to_jsonb(new) - 'search_vector' - 'search_text', now(), auth.uid());
  return null;
end;
$$;

revoke all on function app.record_topic_version() from public;

create trigger topics_record_version
  after insert or update on public.topics
  for each row execute function app.record_topic_version();

alter table public.topics enable row level security;
alter table public.topic_versions enable row level security;

create policy "Anyone can read active topics"
  on public.topics for select to anon, authenticated
  using (status = 'active');

create policy "Admins can manage all topics"
  on public.topics for all to authenticated
  using ((select app.is_admin())) with check ((select app.is_admin()));

create policy "Admins can read topic versions"
  on public.topic_versions for select to authenticated
  using ((select app.is_admin()));

revoke all on table public.topics, public.topic_versions from anon, authenticated;
grant select on table public.topics to anon;
grant select, insert, update, delete on table public.topics to authenticated;
grant select on table public.topic_versions to authenticated;
grant all on table public.topics, public.topic_versions to service_role;
