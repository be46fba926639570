-- Messages the organisers send to a selection of registrants ("send a message to the selection").
-- The text is stored once; each recipient gets a `registration.email` job of kind 'message' whose
-- version is this row's id, so the outbox's (registration, kind, version) key makes it one email
-- per message and person however often the job runs.

create table public.registration_messages (
  id integer generated always as identity primary key,
  session_id uuid references public.sessions (id) on delete set null,
  subject text not null,
  body text not null,
  recipient_count integer not null,
  sent_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  constraint registration_messages_subject_length check (length(btrim(subject)) between 1 and 200),
  constraint registration_messages_body_length check (length(btrim(body)) between 1 and 5000),
  constraint registration_messages_recipients check (recipient_count between 1 and 10000)
);

create index registration_messages_session_idx on public.registration_messages (session_id, created_at desc);

alter table public.registration_messages enable row level security;

-- Messages may carry anything an organiser writes to attendees, so only admins see them; the
-- worker reads them as service_role to compose the emails. No updates: what was sent stays as sent.
create policy "Admins read messages to registrants"
  on public.registration_messages for select to authenticated
  using ((select app.is_admin()));

create policy "Admins send messages to registrants"
  on public.registration_messages for insert to authenticated
  with check ((select app.is_admin()) and sent_by = (select auth.uid()));

revoke all on table public.registration_messages from anon, authenticated;
grant select, insert on table public.registration_messages to authenticated;
grant all on table public.registration_messages to service_role;
