-- Speakers' ratings for catalogue cards, for one consultant at a time. Cards used
-- public_consultant_stats, which groups every speaker row of every session before the card's join can
-- narrow it (~5–7 ms per list page at 5,000 sessions). A view without the top-level aggregate is only
-- narrowed by the join when it is not a security barrier, so this is a function instead: it rates
-- exactly the consultant asked for. Same figures as public_consultant_stats.rating_avg/rating_count;
-- runs with the owner's rights like that view, so visitors see aggregates and never single answers.
create or replace function public.consultant_rating(consultant uuid)
returns table (rating_avg numeric, rating_count integer)
language sql
stable
security definer
set search_path = ''
as $$
  select round(avg(reg.rating)::numeric, 2), count(reg.rating)::integer
  from public.consultants c
  join public.session_speakers ss on ss.consultant_id = c.id
  join public.registrations reg on reg.session_id = ss.session_id
  where c.id = consultant and c.is_active and reg.rating is not null and reg.erased_at is null
$$;

comment on function public.consultant_rating(uuid) is 'Average attendee rating and rating count of one active consultant (aggregate only).';

revoke all on function public.consultant_rating(uuid) from public;
grant execute on function public.consultant_rating(uuid) to anon, authenticated, service_role;

-- The rated answers only (a small share of all registrations), found by session for the join above.
create index registrations_rated_session_idx on public.registrations (session_id) include (rating)
  where rating is not null and erased_at is null;
