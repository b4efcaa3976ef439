-- data_version, second version of its trigger (replaces 20261128000200's sf_bump_schedule_version): one step per
-- apply_schedule call instead of one per row it writes. apply_schedule holds the caller's version row locked,
-- names the caller in slotfit.apply_schedule_provider for the length of its loop, and bumps once at the end;
-- the trigger skips that provider's rows meanwhile. Every other writer (the UI through the table, an admin,
-- service_role) bumps per statement as before. The setting is transaction-local and cleared by apply_schedule;
-- it can only withhold bumps of the rows that call writes itself.
create or replace function public.sf_bump_schedule_version() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deferred text := nullif(current_setting('slotfit.apply_schedule_provider', true), '');
begin
  if tg_op = 'INSERT' then
    insert into public.schedule_versions as v (provider_id, version)
    select distinct provider_id, 1 from sf_new_rows
    where session_date is null and provider_id::text is distinct from v_deferred
    order by provider_id  -- one lock order for every writer: no deadlock between multi-provider statements
    on conflict (provider_id) do update set version = v.version + 1, updated_at = now();
  elsif tg_op = 'UPDATE' then
    insert into public.schedule_versions as v (provider_id, version)
    select provider_id, 1 from (
      select provider_id from sf_new_rows where session_date is null
      union
      select provider_id from sf_old_rows where session_date is null
    ) changed
    where provider_id::text is distinct from v_deferred
    order by provider_id
    on conflict (provider_id) do update set version = v.version + 1, updated_at = now();
  else
    insert into public.schedule_versions as v (provider_id, version)
    select distinct provider_id, 1 from sf_old_rows
    where session_date is null and provider_id::text is distinct from v_deferred
    order by provider_id
    on conflict (provider_id) do update set version = v.version + 1, updated_at = now();
  end if;
  return null;
end
$$;
