-- data_version: a per-provider counter bumped by every change to one of that provider's weekly templates
-- (insert, update, soft delete, hard delete), whoever makes it (the write RPC, the UI through the table, an
-- admin). The batch RPC hands it out; apply_schedule refuses a write made against an older one.

create table if not exists public.schedule_versions (
  -- No foreign key: when a profile is deleted, the cascade deletes its sessions and this trigger still runs.
  provider_id uuid primary key,
  version bigint not null default 0,
  updated_at timestamptz not null default now()
);

-- Statement-level with transition tables so that bulk loads of dated instances (which never touch a
-- template) cost one pass and no counter update.
create or replace function public.sf_bump_schedule_version() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.schedule_versions as v (provider_id, version)
    select distinct provider_id, 1 from sf_new_rows where session_date is null
    order by provider_id  -- one lock order for every writer: no deadlock between multi-provider statements
    on conflict (provider_id) do update set version = v.version + 1, updated_at = now();
  elsif tg_op = 'UPDATE' then
    insert into public.schedule_versions as v (provider_id, version)
    select provider_id, 1 from (
      select provider_id from sf_new_rows where session_date is null
      union
      select provider_id from sf_old_rows where session_date is null
    ) changed
    order by provider_id
    on conflict (provider_id) do update set version = v.version + 1, updated_at = now();
  else
    insert into public.schedule_versions as v (provider_id, version)
    select distinct provider_id, 1 from sf_old_rows where session_date is null
    order by provider_id
    on conflict (provider_id) do update set version = v.version + 1, updated_at = now();
  end if;
  return null;
end
$$;

create or replace trigger schedule_sessions_version_insert after insert on public.schedule_sessions
  referencing new table as sf_new_rows
  for each statement execute function public.sf_bump_schedule_version();
create or replace trigger schedule_sessions_version_update after update on public.schedule_sessions
  referencing old table as sf_old_rows new table as sf_new_rows
  for each statement execute function public.sf_bump_schedule_version();
create or replace trigger schedule_sessions_version_delete after delete on public.schedule_sessions
  referencing old table as sf_old_rows
  for each statement execute function public.sf_bump_schedule_version();

-- apply_schedule's answers, so that a retried request (same provider, same request id) gets the first answer
-- back instead of writing twice. rows_digest catches a request id reused for different rows.
create table if not exists public.schedule_write_requests (
  provider_id uuid not null,
  request_id uuid not null,
  rows_digest text not null,
  answer jsonb not null,
  created_at timestamptz not null default now(),
  primary key (provider_id, request_id)
);
