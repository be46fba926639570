-- Catalogue change notifications: the web server keeps short-lived in-process caches of rendered
-- catalogue lists and filter choices (web/lib/server/catalogue/changes.ts). They must not show seat
-- counts, titles or states older than the change that just committed, so every statement that can
-- change what a catalogue card shows sends a NOTIFY on commit and the servers drop their caches.
-- Statement-level (one notification per statement, not per row) and Postgres folds identical
-- notifications within one transaction, so a bulk update costs one message. Statements that change no
-- row (periodic sweeps, "update … where" finding nothing) stay silent: their transition table is empty,
-- and a notification would empty every server's cache for nothing.

create or replace function app.notify_catalogue_changed()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- `changed` is the statement's transition table; TRUNCATE and column-list triggers have none, and
  -- PL/pgSQL only plans the query of the branch it reaches.
  if tg_op = 'TRUNCATE' or coalesce(tg_argv[0], '') = 'always' then
    perform pg_notify('catalogue_changed', tg_table_name);
  elsif exists (select 1 from changed) then
    perform pg_notify('catalogue_changed', tg_table_name);
  end if;
  return null;
end;
$$;

comment on function app.notify_catalogue_changed() is 'Statement trigger: tells web servers (LISTEN catalogue_changed) to drop cached catalogue pages when rows changed.';

-- Sessions (seats_left, status, texts, times, prices), speakers, topics and consultants feed the cards.
-- Transition tables allow one event per trigger, hence four triggers per table.
do $$
declare
  tbl text;
begin
  foreach tbl in array array['sessions', 'session_speakers', 'topics', 'consultants'] loop
    execute format('create trigger %1$s_notify_catalogue_insert after insert on public.%1$I
                      referencing new table as changed
                      for each statement execute function app.notify_catalogue_changed()', tbl);
    execute format('create trigger %1$s_notify_catalogue_update after update on public.%1$I
                      referencing new table as changed
                      for each statement execute function app.notify_catalogue_changed()', tbl);
    execute format('create trigger %1$s_notify_catalogue_delete after delete on public.%1$I
                      referencing old table as changed
                      for each statement execute function app.notify_catalogue_changed()', tbl);
    execute format('create trigger %1$s_notify_catalogue_truncate after truncate on public.%1$I
                      for each statement execute function app.notify_catalogue_changed()', tbl);
  end loop;
end;
$$;

-- Registrations only through the speakers' ratings shown on cards (seat counts live on sessions,
-- which the registration functions update in the same transaction). A column list rules out a
-- transition table; rating changes are rare, so these notify on every such statement.
create trigger registrations_notify_catalogue_rating
  after update of rating, erased_at on public.registrations
  for each statement execute function app.notify_catalogue_changed('always');
create trigger registrations_notify_catalogue_delete
  after delete on public.registrations
  referencing old table as changed
  for each statement execute function app.notify_catalogue_changed();
