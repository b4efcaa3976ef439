-- data_version, third version: it follows every row the payload is built from, not only the provider's
-- templates (README "Live data"). The template counter stays in schedule_versions (apply_schedule locks it and
-- compares it); three more counters, each bumped by triggers (20261204000150), make up the rest:
--   provider_data_versions  the provider's own rows (profile, links, work days, busy times, students, …);
--   school_data_versions    a school's shared rows, under each key a row can be found by;
--   child_data_versions     other providers' changes about a child, one counter per (child, provider whose change
--                           it was), so that a provider's own saves never move the children part of their version.
-- Every bump also leaves a notice for each provider whose payload it concerns (data_change_notices), which the
-- Realtime subscription listens to. Counters only grow.

create table if not exists public.provider_data_versions (
  provider_id uuid primary key,  -- no foreign key: a deleted profile's cascade still bumps
  version bigint not null default 0,
  updated_at timestamptz not null default now()
);

-- school_key: 'id:<school_id>' (rows under that id), 'site:<name>' (rows without an id, under that name),
-- 'anysite:<name>' (every row of that name, as a school known by name only reads them).
create table if not exists public.school_data_versions (
  school_key text primary key,
  version bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table if not exists public.child_data_versions (
  child_id text not null,
  provider_id uuid not null,  -- whose change it was; a provider's version sums the other providers' counters
  version bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (child_id, provider_id)
);

-- One row per provider touched by a change of a counter (append-only: writers never wait on each other here).
-- school_id / school_site: the school whose payload it concerns; both null: every school of the provider.
-- part: which part of data_version moved ('p', 's' or 'c').
create table if not exists public.data_change_notices (
  id bigint generated always as identity primary key,
  provider_id uuid not null,
  school_id text,
  school_site text,
  part text not null,
  created_at timestamptz not null default now(),
  constraint data_change_notices_part check (part in ('p', 's', 'c'))
);
create index if not exists idx_data_change_notices_created on public.data_change_notices (created_at);

-- The fan-out of school notices looks links up by either key.
create index if not exists idx_provider_schools_school_id on public.provider_schools (school_id) where school_id is not null;
create index if not exists idx_provider_schools_school_site on public.provider_schools (school_site);
-- The teacher bump finds the students that show a teacher's name.
create index if not exists idx_students_teacher on public.students (teacher_id) where teacher_id is not null;

-- Realtime delivers a notice long before an hour has passed; older ones only take space. Pruned in small
-- batches by whoever writes notices, skipping rows another pruner holds; most calls find nothing to prune, and
-- say so from one index probe.
create or replace function public.sf_prune_notices() returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from public.data_change_notices o where o.created_at < now() - interval '1 hour') then
    delete from public.data_change_notices n
    where n.id in (select o.id from public.data_change_notices o
                   where o.created_at < now() - interval '1 hour'
                   order by o.created_at limit 200 for update skip locked);
  end if;
end
$$;

-- The bumps. Keys are sorted before they are locked: two statements bumping overlapping sets take their row
-- locks in one order.
create or replace function public.sf_bump_providers(p_providers uuid[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(cardinality(p_providers), 0) = 0 then
    return;
  end if;
  insert into public.provider_data_versions as v (provider_id, version)
  select distinct p, 1 from unnest(p_providers) p where p is not null order by 1
  on conflict (provider_id) do update set version = v.version + 1, updated_at = now();
  insert into public.data_change_notices (provider_id, part)
  select distinct p, 'p' from unnest(p_providers) p where p is not null;
  perform public.sf_prune_notices();
end
$$;

create or replace function public.sf_bump_schools(p_keys text[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ids text[];
  v_sites text[];
  v_any_sites text[];
begin
  if coalesce(cardinality(p_keys), 0) = 0 then
    return;
  end if;
  insert into public.school_data_versions as v (school_key, version)
  select distinct k, 1 from unnest(p_keys) k where k is not null order by 1
  on conflict (school_key) do update set version = v.version + 1, updated_at = now();
  select array_agg(substr(k, 4)) filter (where k like 'id:%'),
         array_agg(substr(k, 6)) filter (where k like 'site:%'),
         array_agg(substr(k, 9)) filter (where k like 'anysite:%')
    into v_ids, v_sites, v_any_sites
  from unnest(p_keys) k;
  -- The links whose payload reads a row under one of these keys (get_scheduling_data_batch's school rule).
  insert into public.data_change_notices (provider_id, school_id, school_site, part)
  select distinct ps.provider_id, ps.school_id, ps.school_site, 's'
  from public.provider_schools ps
  where ps.school_id = any (v_ids)
     or ps.school_site = any (v_sites)
     or (ps.school_id is null and ps.school_site = any (v_any_sites));
  perform public.sf_prune_notices();
end
$$;

-- p_child_ids[i] changed by p_providers[i] (whose session, protected time, roster row or role it was).
create or replace function public.sf_bump_children(p_child_ids text[], p_providers uuid[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(cardinality(p_child_ids), 0) = 0 then
    return;
  end if;
  insert into public.child_data_versions as v (child_id, provider_id, version)
  select distinct u.c, u.p, 1 from unnest(p_child_ids, p_providers) u(c, p)
  where u.c is not null and u.p is not null
  order by 1, 2
  on conflict (child_id, provider_id) do update set version = v.version + 1, updated_at = now();
  -- Every other provider serving the child, at the school of their row for it.
  insert into public.data_change_notices (provider_id, school_id, school_site, part)
  select distinct s.provider_id, s.school_id, s.school_site, 'c'
  from unnest(p_child_ids, p_providers) u(c, p)
  join public.students s on s.child_id = u.c and s.provider_id <> u.p
  where u.c is not null and u.p is not null;
  perform public.sf_prune_notices();
end
$$;

-- The keys a school-level row is found by (see school_data_versions).
create or replace function public.sf_school_keys(p_school_id text, p_school_site text) returns text[]
language sql immutable
set search_path = ''
as $$
  select array_remove(array[
    'id:' || p_school_id,
    case when p_school_id is null then 'site:' || p_school_site end,
    'anysite:' || p_school_site], null)
$$;

-- A provider's data_version at one school (README "Live data"): t<T>.p<P>.s<S>.c<C>.y<Y>. p_school_id and
-- p_school_site are the provider's link (the school as the batch reads it), p_school_year its "YYYY-YYYY".
-- Not executable by clients: it reads any provider's counters; the functions bound to auth.uid() call it.
-- PL/pgSQL rather than SQL: its plan is kept for the connection (revalidation is mostly this function).
create or replace function public.sf_data_version(p_provider uuid, p_school_id text, p_school_site text,
                                                  p_school_year text) returns text
language plpgsql stable
set search_path = ''
as $$
begin
  return format('t%s.p%s.s%s.c%s.y%s',
    coalesce((select sv.version from public.schedule_versions sv where sv.provider_id = p_provider), 0),
    coalesce((select pv.version from public.provider_data_versions pv where pv.provider_id = p_provider), 0),
    coalesce((select sum(dv.version) from public.school_data_versions dv
              where dv.school_key = any (case when p_school_id is not null
                                              then array['id:' || p_school_id, 'site:' || p_school_site]
                                              else array['anysite:' || p_school_site] end)), 0),
    coalesce((select sum(cv.version)
              from (select distinct s.child_id from public.students s
                    where s.provider_id = p_provider and s.child_id is not null
                      and (s.school_id = p_school_id
                           or (s.school_site = p_school_site and (s.school_id is null or p_school_id is null)))) c
              join public.child_data_versions cv on cv.child_id = c.child_id and cv.provider_id <> p_provider), 0),
    left(p_school_year, 4));
end
$$;

-- Session rows say who changed them, in which request, and at which template version (README "Live data").
-- Realtime hands these to the listening tabs; the payload's session rows keep their schema.
alter table public.schedule_sessions add column if not exists updated_by uuid;
alter table public.schedule_sessions add column if not exists last_request_id uuid;
alter table public.schedule_sessions add column if not exists template_version bigint;

-- Whatever a client sends in these columns is overwritten. apply_schedule names its caller, request and
-- version in transaction-local settings for the length of its writes; any other write is a direct one.
-- SECURITY DEFINER to read schedule_versions; a trigger function answers nobody but the write it stamps.
create or replace function public.sf_stamp_session() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_in_call boolean := new.provider_id::text = current_setting('slotfit.apply_schedule_provider', true);
begin
  new.updated_by := auth.uid();
  new.last_request_id := case when v_in_call then nullif(current_setting('slotfit.request_id', true), '')::uuid end;
  if new.session_date is null or (tg_op = 'UPDATE' and old.session_date is null) then
    new.template_version := case
      when v_in_call then nullif(current_setting('slotfit.template_version', true), '')::bigint
      -- The statement's own bump comes after it (sf_bump_schedule_version), one step per statement.
      else coalesce((select v.version from public.schedule_versions v where v.provider_id = new.provider_id), 0) + 1
    end;
  end if;
  return new;
end
$$;

create or replace trigger schedule_sessions_stamp before insert or update on public.schedule_sessions
  for each row execute function public.sf_stamp_session();

alter table public.provider_data_versions enable row level security;
alter table public.school_data_versions enable row level security;
alter table public.child_data_versions enable row level security;
alter table public.data_change_notices enable row level security;
-- The counters: no policy, no grant (read by the functions only). The notices: one's own, read only.
drop policy if exists data_change_notices_own on public.data_change_notices;
create policy data_change_notices_own on public.data_change_notices for select to authenticated
  using (provider_id = (select auth.uid()));

revoke all on table public.provider_data_versions, public.school_data_versions, public.child_data_versions,
  public.data_change_notices from public, anon, authenticated;
grant select on table public.data_change_notices to authenticated;
grant all on table public.provider_data_versions, public.school_data_versions, public.child_data_versions,
  public.data_change_notices to service_role;

revoke all on function public.sf_prune_notices(), public.sf_bump_providers(uuid[]), public.sf_bump_schools(text[]),
  public.sf_bump_children(text[], uuid[]), public.sf_data_version(uuid, text, text, text), public.sf_stamp_session()
  from public, anon, authenticated;
revoke all on function public.sf_school_keys(text, text) from public, anon;
grant execute on function public.sf_school_keys(text, text) to authenticated, service_role;
