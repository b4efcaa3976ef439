-- The trusted path: who may say which provider serves which school and which child. A provider's own claims
-- (a link to a school, a student row's child_id) would otherwise open other providers' data, so these are
-- written by service_role (the district's back office, bypassing RLS) or by an admin of that school.

-- A school's own clock: the school year rolls over on August 1 where the school is, not where the client is.
alter table public.schools add column if not exists time_zone text not null default 'America/Los_Angeles';

create or replace function public.sf_check_school_time_zone() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = new.time_zone) then
    raise exception using errcode = '22023',
      message = format('schools.time_zone: %s is not a time zone name (e.g. America/Los_Angeles)',
                       public.sf_quote(new.time_zone));
  end if;
  return new;
end
$$;

-- An argument shown in an error message: at most 100 characters, then "…", so that a 10 MB argument is
-- neither echoed to the client nor written whole into the server log. Null stays null.
create or replace function public.sf_clip(p_value text) returns text
language sql immutable
set search_path = ''
as $$
  select case when length(p_value) > 100 then left(p_value, 100) || '…' else p_value end
$$;

-- The same, in double quotes (names, keys: where the value's own edges matter).
create or replace function public.sf_quote(p_value text) returns text
language sql immutable
set search_path = ''
as $$
  select '"' || public.sf_clip(p_value) || '"'
$$;

create or replace trigger schools_check_time_zone before insert or update of time_zone on public.schools
  for each row execute function public.sf_check_school_time_zone();

create table if not exists public.school_admins (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  school_id text,
  school_site text not null,
  created_at timestamptz not null default now(),
  constraint school_admins_site_nonempty check (length(btrim(school_site)) > 0)
);
create unique index if not exists school_admins_unique_school
  on public.school_admins (user_id, school_site, coalesce(school_id, ''));

-- The exact-key rule of writes: a row is under a school key when its school_id is the key's id (and its name,
-- if it has one, is the key's name: a name-only school reads rows by name whatever their id), or, for a key
-- without an id, when the row has no id either and the same name. Reads stay with sf_row_at_school's wider
-- rule; this one decides who may write what.
create or replace function public.sf_row_under_key(row_school_id text, row_school_site text,
                                                   key_school_id text, key_school_site text) returns boolean
language sql immutable
set search_path = ''
as $$
  select case when key_school_id is not null
              then coalesce(row_school_id = key_school_id and (row_school_site is null or row_school_site = key_school_site), false)
              else row_school_id is null and coalesce(row_school_site = key_school_site, false)
         end
$$;

-- service_role, or the database owner working directly (migrations, seeds): a role that bypasses RLS, acting
-- for no user. Inside a SECURITY DEFINER function called by a user, current_user is the owner but the JWT
-- still names the user, so that call is not trusted.
create or replace function public.sf_is_service() returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce((select r.rolsuper or r.rolbypassrls from pg_catalog.pg_roles r where r.rolname = current_user), false)
     and (auth.uid() is null or coalesce(auth.role() = 'service_role', false))
$$;

-- Whether the caller is an admin of the school a row is under (exact key). SECURITY DEFINER so that policies
-- calling it do not recurse through school_admins' own policy.
create or replace function public.sf_is_school_admin(p_school_id text, p_school_site text) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.school_admins a
    where a.user_id = auth.uid()
      and public.sf_row_under_key(p_school_id, p_school_site, a.school_id, a.school_site)
  )
$$;

-- Whether the caller is linked to the school a row is under (exact key): the test of the write policies.
create or replace function public.sf_is_linked_school_exact(p_school_id text, p_school_site text) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.provider_schools ps
    where ps.provider_id = auth.uid()
      and public.sf_row_under_key(p_school_id, p_school_site, ps.school_id, ps.school_site)
  )
$$;

alter table public.school_admins enable row level security;
drop policy if exists school_admins_select_own on public.school_admins;
create policy school_admins_select_own on public.school_admins for select to authenticated
  using (user_id = (select auth.uid()));

revoke all on table public.school_admins from public, anon, authenticated;
grant select on table public.school_admins to authenticated;
grant all on table public.school_admins to service_role;

revoke all on function public.sf_check_school_time_zone() from public, anon, authenticated;
revoke all on function public.sf_clip(text), public.sf_quote(text) from public, anon;
revoke all on function public.sf_row_under_key(text, text, text, text) from public, anon;
revoke all on function public.sf_is_service() from public, anon;
revoke all on function public.sf_is_school_admin(text, text) from public, anon;
revoke all on function public.sf_is_linked_school_exact(text, text) from public, anon;
grant execute on function public.sf_clip(text), public.sf_quote(text), public.sf_row_under_key(text, text, text, text),
  public.sf_is_service(), public.sf_is_school_admin(text, text), public.sf_is_linked_school_exact(text, text)
  to authenticated, service_role;
