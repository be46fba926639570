-- Program-wide settings (spec: WebinarProgramSettings, ReminderSchedule). Exactly one row, created here
-- so the application can always read it; admins edit it, nobody inserts or deletes it.

-- Email text overrides: {"<kind>": {"en": {"subject": "...", "body": "..."}, "de": {...}}}.
-- Missing kinds or languages fall back to the built-in templates.
create or replace function app.is_email_template_overrides(value jsonb)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select jsonb_typeof(value) = 'object'
    and pg_column_size(value) <= 262144
    and not exists (
      select 1 from jsonb_each(value) as k(kind, langs)
      where k.kind !~ '^[a-z][a-z_]{1,49}$'
         or jsonb_typeof(k.langs) <> 'object'
         or exists (
           select 1 from jsonb_each(k.langs) as l(lang, tpl)
           where l.lang not in ('en', 'de')
              or jsonb_typeof(l.tpl) <> 'object'
              or exists (select 1 from jsonb_object_keys(l.tpl) as f(field) where f.field not in ('subject', 'body'))
              or coalesce(jsonb_typeof(l.tpl -> 'subject'), 'string') <> 'string'
              or coalesce(jsonb_typeof(l.tpl -> 'body'), 'string') <> 'string'
         )
    )
$$;

grant execute on function app.is_email_template_overrides(jsonb) to anon, authenticated, service_role;

create table public.program_settings (
  id boolean primary key default true,

  -- Webinar Program Manager and what they want to hear about
  program_manager_consultant_id uuid references public.consultants (id) on delete set null,
  notify_new_registrations boolean not null default true,
  notify_session_reminders boolean not null default true,
  notify_performance_reports boolean not null default true,

  -- Defaults for new sessions
  registration_window_days integer not null default 30,
  reminder_days integer[] not null default '{7,2,1}',
  final_reminder_hours integer not null default 2,
  default_timezone text not null default 'Europe/Berlin',
  default_capacity integer not null default 100,
  default_currency text not null default 'EUR',
  allow_waitlist boolean not null default true,
  -- Minimum gap between two sessions of the same consultant (scheduling conflict check).
  conflict_buffer_minutes integer not null default 15,

  email_templates jsonb not null default '{}'::jsonb,
  -- Version stamped on consent records; bump when the terms or privacy text changes.
  consent_text_version text not null default '2026-11-01',
  support_email text not null default 'webinars@magnetiq.local',

  -- Integration toggles
  odoo_event_creation boolean not null default false,
  calendar_integration boolean not null default true,
  auto_sync_registrations boolean not null default false,
  payments_enabled boolean not null default false,

  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,

  constraint program_settings_single_row check (id),
  constraint program_settings_registration_window_range check (registration_window_days between 1 and 365),
  constraint program_settings_reminder_days_range check (
    cardinality(reminder_days) <= 10 and 0 <= all (reminder_days) and 60 >= all (reminder_days)
    and array_position(reminder_days, null) is null),
  constraint program_settings_final_reminder_hours_range check (final_reminder_hours between 0 and 48),
  constraint program_settings_default_capacity_positive check (default_capacity > 0),
  constraint program_settings_default_currency_format check (default_currency ~ '^[A-Z]{3}$'),
  constraint program_settings_conflict_buffer_range check (conflict_buffer_minutes between 0 and 240),
  constraint program_settings_email_templates_shape check (app.is_email_template_overrides(email_templates)),
  constraint program_settings_consent_text_version_length check (length(btrim(consent_text_version)) between 1 and 50),
  constraint program_settings_support_email_format check (app.is_email(support_email))
);

create trigger program_settings_stamp_update
  before update on public.program_settings
  for each row execute function app.stamp_update();

create or replace function app.check_program_settings_timezone()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform app.assert_iana_timezone(new.default_timezone, 'program_settings_default_timezone_iana');
  return new;
end;
$$;

grant execute on function app.check_program_settings_timezone() to anon, authenticated, service_role;

create trigger program_settings_check_timezone
  before insert or update of default_timezone on public.program_settings
  for each row execute function app.check_program_settings_timezone();

insert into public.program_settings (id) values (true) on conflict (id) do nothing;

alter table public.program_settings enable row level security;

create policy "Admins can read program settings"
  on public.program_settings for select to authenticated
  using ((select app.is_admin()));

create policy "Admins can update program settings"
  on public.program_settings for update to authenticated
  using ((select app.is_admin())) with check ((select app.is_admin()));

revoke all on table public.program_settings from anon, authenticated;
grant select, update on table public.program_settings to authenticated;
grant all on table public.program_settings to service_role;
