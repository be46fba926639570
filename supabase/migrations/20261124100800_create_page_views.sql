-- Page views for the funnel (views -> registrations -> attendance). No cookie and no raw IP: the server
-- sends a hash of (IP, user agent, daily salt), so a visitor is countable for one day only.

create table public.page_views (
  id bigint generated always as identity primary key,
  session_id uuid references public.sessions (id) on delete set null,
  path text not null,
  visitor_hash text not null,
  referrer text,
  utm_source text,
  utm_medium text,
  utm_campaign text,
  utm_term text,
  utm_content text,
  language text not null default 'en',
  viewed_at timestamptz not null default now(),
  constraint page_views_path_format check (path ~ '^/' and length(path) <= 2048),
  constraint page_views_visitor_hash_format check (visitor_hash ~ '^[0-9a-f]{16,128}$'),
  constraint page_views_referrer_length check (referrer is null or length(referrer) <= 2048),
  constraint page_views_utm_length check (
    coalesce(length(utm_source), 0) <= 200 and coalesce(length(utm_medium), 0) <= 200
    and coalesce(length(utm_campaign), 0) <= 200 and coalesce(length(utm_term), 0) <= 200
    and coalesce(length(utm_content), 0) <= 200),
  constraint page_views_language_valid check (language in ('en', 'de'))
);

create index page_views_session_viewed_at_idx on public.page_views (session_id, viewed_at) where session_id is not null;
create index page_views_viewed_at_idx on public.page_views (viewed_at);

alter table public.page_views enable row level security;

-- Views may only be attributed to sessions the visitor can see (no probing or polluting drafts).
create policy "Anyone can record a page view"
  on public.page_views for insert to anon, authenticated
  with check (session_id is null or exists (select 1 from public.sessions s where s.id = session_id));

create policy "Admins can read page views"
  on public.page_views for select to authenticated
  using ((select app.is_admin()));

-- Column grants: visitors cannot backdate views (viewed_at) or pick ids. Insert without RETURNING,
-- since anon cannot read the table.
revoke all on table public.page_views from anon, authenticated;
grant insert (session_id, path, visitor_hash, referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content, language)
  on table public.page_views to anon, authenticated;
grant select on table public.page_views to authenticated;
grant all on table public.page_views to service_role;
