-- Every email is first a row here, written in the same transaction as the change that causes it; the
-- worker sends queued rows. The unique keys make a retried job or a crashed worker harmless: the same
-- (registration, kind, version) can never be queued twice. `version` increases when a message must
-- legitimately go out again (e.g. an updated invite after a reschedule).

create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  registration_id uuid references public.registrations (id) on delete set null,
  session_id uuid references public.sessions (id) on delete set null,
  kind text not null,
  version integer not null default 1,
  dedupe_key text not null,
  to_address text not null,
  language text not null default 'en',
  subject text not null,
  html text not null,
  text text not null,
  -- [{"filename": "invite.ics", "content_type": "text/calendar", "content": "<base64 or text>"}]
  attachments jsonb not null default '[]'::jsonb,
  status text not null default 'queued',
  attempts integer not null default 0,
  last_error text,
  next_attempt_at timestamptz not null default now(),
  provider_message_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint email_outbox_kind_format check (kind ~ '^[a-z][a-z_]{1,49}$'),
  constraint email_outbox_version_positive check (version > 0),
  constraint email_outbox_dedupe_key_length check (length(dedupe_key) between 1 and 300),
  constraint email_outbox_to_address_format check (app.is_email(to_address)),
  constraint email_outbox_language_valid check (language in ('en', 'de')),
  constraint email_outbox_subject_length check (length(subject) between 1 and 500),
  constraint email_outbox_attachments_array check (jsonb_typeof(attachments) = 'array'),
  constraint email_outbox_status_valid check (status in ('queued', 'sent', 'failed')),
  constraint email_outbox_attempts_non_negative check (attempts >= 0),
  constraint email_outbox_sent_at_when_sent check ((status = 'sent') = (sent_at is not null))
);

create unique index email_outbox_dedupe_key_key on public.email_outbox (dedupe_key);
create unique index email_outbox_registration_kind_version_key on public.email_outbox (registration_id, kind, version);
-- The worker's queue scan.
create index email_outbox_queued_idx on public.email_outbox (next_attempt_at) where status = 'queued';
create index email_outbox_created_at_idx on public.email_outbox (created_at desc);

create trigger email_outbox_touch
  before update on public.email_outbox
  for each row execute function app.touch_updated_at();

alter table public.email_outbox enable row level security;

-- Admins read it (the local mailbox page); the worker uses service_role.
create policy "Admins can read the email outbox"
  on public.email_outbox for select to authenticated
  using ((select app.is_admin()));

revoke all on table public.email_outbox from anon, authenticated;
grant select on table public.email_outbox to authenticated;
grant all on table public.email_outbox to service_role;
