-- Public catalogue: stemmed EN/DE search documents, filter indexes and public performance figures.

-- Both stemmers over all text of a row: a German visitor may type English words and vice versa, and
-- the query side asks both configurations (see web/lib/server/catalogue/search.ts). Text is accent-
-- folded first, so "Künstliche" and "kunstliche" share a lexeme.
create or replace function app.search_document_stemmed(
  title jsonb, description jsonb, learning_objectives jsonb default null, tags text[] default null
)
returns tsvector
language sql
immutable
parallel safe
set search_path = ''
as $$
  with parts as (
    select
      app.search_normalize(coalesce(title ->> 'en', '') || ' ' || coalesce(title ->> 'de', '')) as a,
      app.search_normalize(coalesce(array_to_string(tags, ' '), '')) as b,
      app.search_normalize(
        coalesce(description ->> 'en', '') || ' ' || coalesce(description ->> 'de', '') || ' ' || coalesce(
          (select string_agg(coalesce(o ->> 'en', '') || ' ' || coalesce(o ->> 'de', ''), ' ')
           from jsonb_array_elements(case when jsonb_typeof(learning_objectives) = 'array'
                                          then learning_objectives else '[]'::jsonb end) as e(o)), '')) as c
  )
  select
    setweight(to_tsvector('english'::regconfig, a), 'A') || setweight(to_tsvector('german'::regconfig, a), 'A')
    || setweight(to_tsvector('english'::regconfig, b), 'B') || setweight(to_tsvector('german'::regconfig, b), 'B')
    || setweight(to_tsvector('english'::regconfig, c), 'C') || setweight(to_tsvector('german'::regconfig, c), 'C')
  from parts
$$;

grant execute on function app.search_document_stemmed(jsonb, jsonb, jsonb, text[]) to anon, authenticated, service_role;

alter table public.topics
  add column search_stemmed tsvector generated always as (
    app.search_document_stemmed(title, description, learning_objectives, tags)) stored;
create index topics_search_stemmed_idx on public.topics using gin (search_stemmed);

-- Sessions may override the topic's texts and add their own expertise tags. Plain columns filled by
-- the sessions_refresh_search trigger (only when the texts change), never recomputed on counter updates.
alter table public.sessions
  add column search_stemmed tsvector,
  add column search_text text;

create or replace function app.sessions_refresh_search()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.search_vector := app.search_document(new.title, new.description);
  new.search_stemmed := app.search_document_stemmed(new.title, new.description, null,
    new.secondary_topics || coalesce(array[new.primary_expertise], '{}'::text[]));
  new.search_text := app.search_title_text(new.title, new.secondary_topics);
  return new;
end;
$$;

-- Fill the new columns for existing rows (the trigger fires on the texts being written).
update public.sessions set title = title;
create index sessions_search_stemmed_idx on public.sessions using gin (search_stemmed);
create index sessions_search_text_trgm_idx on public.sessions using gin (search_text extensions.gin_trgm_ops);

-- anon reads sessions through column grants (internal columns stay hidden); the new ones are public.
grant select (search_stemmed, search_text) on table public.sessions to anon;

-- Filter indexes: upcoming and past lists are partial ranges on start time; the other filters are
-- checked on the (few hundred) rows of that range or through the speaker join.
create index sessions_upcoming_starts_at_idx on public.sessions (starts_at, id)
  where status in ('published', 'live');
create index sessions_past_starts_at_idx on public.sessions (starts_at desc, id)
  where status in ('published', 'live', 'completed');
create index sessions_type_starts_at_idx on public.sessions (session_type, starts_at)
  where status in ('published', 'live', 'completed');
create index sessions_language_starts_at_idx on public.sessions (language, starts_at)
  where status in ('published', 'live', 'completed');
create index topics_category_idx on public.topics (category);
create index topics_difficulty_idx on public.topics (difficulty);
create index consultants_type_idx on public.consultants (consultant_type) where is_active;

-- Real performance figures per consultant, computed from sessions and registrations (never typed in):
-- completed public sessions, attendees reached and the average attendee rating. Runs with the owner's
-- rights so visitors see the aggregates without any access to registrations; only active consultants.
create view public.public_consultant_stats
with (security_barrier = true)
as
select
  c.id as consultant_id,
  count(distinct s.id) filter (where s.status = 'completed')::integer as sessions_held,
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
where c.is_active
group by c.id, r.rating_avg, r.rating_count;

comment on view public.public_consultant_stats is 'Computed public figures per active consultant: sessions held, attendees reached, average rating and rating count.';

revoke all on table public.public_consultant_stats from anon, authenticated;
grant select on table public.public_consultant_stats to anon, authenticated, service_role;

-- Ratings of one completed session, for its landing page (aggregate only, never single answers).
create view public.public_session_ratings
with (security_barrier = true)
as
select reg.session_id, round(avg(reg.rating)::numeric, 2) as rating_avg, count(*)::integer as rating_count
from public.registrations reg
join public.sessions s on s.id = reg.session_id
where reg.rating is not null and reg.erased_at is null and s.status = 'completed'
group by reg.session_id;

comment on view public.public_session_ratings is 'Average attendee rating per completed session (aggregate only).';

revoke all on table public.public_session_ratings from anon, authenticated;
grant select on table public.public_session_ratings to anon, authenticated, service_role;
