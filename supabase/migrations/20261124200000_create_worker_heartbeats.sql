-- Worker liveness for /healthz and the admin panel: each worker process upserts its row every few
-- seconds. A table (not pg-boss internals) so the check survives pg-boss upgrades.
create table public.worker_heartbeats (
  worker_id text primary key check (char_length(worker_id) between 1 and 200),
  hostname text not null check (char_length(hostname) <= 255),
  pid integer not null check (pid > 0),
  queues text[] not null default '{}',
  started_at timestamptz not null,
  beat_at timestamptz not null default now()
);

alter table public.worker_heartbeats enable row level security;

create policy "Admins can read worker heartbeats"
  on public.worker_heartbeats for select to authenticated
  using ((select app.is_admin()));

revoke all on table public.worker_heartbeats from anon, authenticated;
grant select on public.worker_heartbeats to authenticated;
grant select, insert, update, delete on public.worker_heartbeats to service_role;
