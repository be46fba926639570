-- Rate-limit counters shared by every web process (rate-limiter-flexible's Postgres store layout:
-- key, points, expire in epoch milliseconds). Server-side only: no policies, so anon and
-- authenticated can never read or reset a counter; the app writes it as the owner.
create table app.rate_limits (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);

create index rate_limits_expire_idx on app.rate_limits (expire);

alter table app.rate_limits enable row level security;

revoke all on table app.rate_limits from anon, authenticated;
grant select, insert, update, delete on table app.rate_limits to service_role;
