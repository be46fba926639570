-- "Invite to sign in" with the Supabase auth adapter: Supabase Auth (GoTrue) creates the login, holds
-- the one-time token and sends the email itself, so the invitation row has no token hash of ours.
-- It still records who was invited, when, how often and whether they accepted (set a password).
alter table public.consultant_invitations
  add column provider text not null default 'local',
  alter column token_hash drop not null,
  add constraint consultant_invitations_provider_known check (provider in ('local', 'supabase')),
  add constraint consultant_invitations_token_hash_local_only check ((provider = 'local') = (token_hash is not null));

comment on column public.consultant_invitations.provider is 'local: our token (token_hash) and email; supabase: GoTrue''s invite (its token and email, no hash here).';
comment on table public.consultant_invitations is 'Set-password invitations for consultant logins. Local auth: token hashes only, accepted through app.accept_consultant_invitation(). Supabase auth: GoTrue holds the token; the row records the invite and its acceptance. Admins read and write.';
