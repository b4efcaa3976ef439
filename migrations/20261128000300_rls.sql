-- Row-level security and grants. Policies name `authenticated` only: anon reaches nothing, and Supabase's
-- default grants to anon are revoked as well so that a forgotten policy cannot open a table to it.
-- auth.uid() is wrapped in (select …) so the planner evaluates it once per statement, not once per row.

-- The both-keys rule of school-level rows: a row belongs to a school when its school_id equals the school's id,
-- or when the row has no school_id and its school_site equals the school's name. When the school's own id is
-- unknown, rows are matched by name whatever their id: reading a row too many blocks a slot, reading one too
-- few books a session over a lunch.
create or replace function public.sf_row_at_school(row_school_id text, row_school_site text,
                                                   school_id text, school_site text) returns boolean
language sql immutable
set search_path = ''
as $$
  select coalesce(row_school_id = school_id, false)
      or coalesce(row_school_site = school_site and (row_school_id is null or school_id is null), false)
$$;

-- Whether the caller is linked (provider_schools) to the school a row belongs to. SECURITY DEFINER so that a
-- policy on one table does not recurse through the policies of provider_schools.
create or replace function public.sf_is_linked_school(p_school_id text, p_school_site text) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.provider_schools ps
    where ps.provider_id = auth.uid()
      and public.sf_row_at_school(p_school_id, p_school_site, ps.school_id, ps.school_site)
  )
$$;

alter table public.profiles enable row level security;
alter table public.schools enable row level security;
alter table public.provider_schools enable row level security;
alter table public.user_site_schedules enable row level security;
alter table public.teachers enable row level security;
alter table public.students enable row level security;
alter table public.schedule_sessions enable row level security;
alter table public.bell_schedules enable row level security;
alter table public.special_activities enable row level security;
alter table public.school_hours enable row level security;
alter table public.protected_times enable row level security;
alter table public.provider_busy_times enable row level security;
-- Internal to the RPCs: RLS on and no policy, so only the functions' owner reaches them.
alter table public.schedule_versions enable row level security;
alter table public.schedule_write_requests enable row level security;

-- profiles: one's own row.
drop policy if exists profiles_select_own on public.profiles;
create policy profiles_select_own on public.profiles for select to authenticated
  using (id = (select auth.uid()));
drop policy if exists profiles_insert_own on public.profiles;
create policy profiles_insert_own on public.profiles for insert to authenticated
  with check (id = (select auth.uid()));
drop policy if exists profiles_update_own on public.profiles;
create policy profiles_update_own on public.profiles for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

-- schools: a public directory (needed to pick a school before linking to it); written by service_role only.
drop policy if exists schools_select_all on public.schools;
create policy schools_select_all on public.schools for select to authenticated using (true);

-- provider_schools: one's own links.
drop policy if exists provider_schools_own on public.provider_schools;
create policy provider_schools_own on public.provider_schools for all to authenticated
  using (provider_id = (select auth.uid())) with check (provider_id = (select auth.uid()));

-- user_site_schedules: one's own work days, on one's own links.
drop policy if exists user_site_schedules_own on public.user_site_schedules;
create policy user_site_schedules_own on public.user_site_schedules for all to authenticated
  using (user_id = (select auth.uid()))
  with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.provider_schools ps
                where ps.id = site_assignment_id and ps.provider_id = (select auth.uid()))
  );

-- teachers: school-level; read at linked schools, written by whoever entered them at a linked school.
drop policy if exists teachers_select_linked on public.teachers;
create policy teachers_select_linked on public.teachers for select to authenticated
  using (created_by = (select auth.uid()) or public.sf_is_linked_school(school_id, school_site));
drop policy if exists teachers_insert_own on public.teachers;
create policy teachers_insert_own on public.teachers for insert to authenticated
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school(school_id, school_site));
drop policy if exists teachers_update_own on public.teachers;
create policy teachers_update_own on public.teachers for update to authenticated
  using (created_by = (select auth.uid()))
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school(school_id, school_site));
drop policy if exists teachers_delete_own on public.teachers;
create policy teachers_delete_own on public.teachers for delete to authenticated
  using (created_by = (select auth.uid()));

-- students: one's own caseload.
drop policy if exists students_own on public.students;
create policy students_own on public.students for all to authenticated
  using (provider_id = (select auth.uid())) with check (provider_id = (select auth.uid()));

-- schedule_sessions: one's own sessions, and only for one's own students.
drop policy if exists schedule_sessions_select_own on public.schedule_sessions;
create policy schedule_sessions_select_own on public.schedule_sessions for select to authenticated
  using (provider_id = (select auth.uid()));
drop policy if exists schedule_sessions_insert_own on public.schedule_sessions;
create policy schedule_sessions_insert_own on public.schedule_sessions for insert to authenticated
  with check (
    provider_id = (select auth.uid())
    and exists (select 1 from public.students s where s.id = student_id and s.provider_id = (select auth.uid()))
  );
drop policy if exists schedule_sessions_update_own on public.schedule_sessions;
create policy schedule_sessions_update_own on public.schedule_sessions for update to authenticated
  using (provider_id = (select auth.uid()))
  with check (
    provider_id = (select auth.uid())
    and exists (select 1 from public.students s where s.id = student_id and s.provider_id = (select auth.uid()))
  );
drop policy if exists schedule_sessions_delete_own on public.schedule_sessions;
create policy schedule_sessions_delete_own on public.schedule_sessions for delete to authenticated
  using (provider_id = (select auth.uid()));

-- School-level rows (bell schedules, special activities, school hours): read at linked schools; written by
-- whoever entered them, at a linked school.
drop policy if exists bell_schedules_select_linked on public.bell_schedules;
create policy bell_schedules_select_linked on public.bell_schedules for select to authenticated
  using (public.sf_is_linked_school(school_id, school_site));
drop policy if exists bell_schedules_insert_own on public.bell_schedules;
create policy bell_schedules_insert_own on public.bell_schedules for insert to authenticated
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school(school_id, school_site));
drop policy if exists bell_schedules_update_own on public.bell_schedules;
create policy bell_schedules_update_own on public.bell_schedules for update to authenticated
  using (created_by = (select auth.uid()))
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school(school_id, school_site));
drop policy if exists bell_schedules_delete_own on public.bell_schedules;
create policy bell_schedules_delete_own on public.bell_schedules for delete to authenticated
  using (created_by = (select auth.uid()));

drop policy if exists special_activities_select_linked on public.special_activities;
create policy special_activities_select_linked on public.special_activities for select to authenticated
  using (public.sf_is_linked_school(school_id, school_site));
drop policy if exists special_activities_insert_own on public.special_activities;
create policy special_activities_insert_own on public.special_activities for insert to authenticated
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school(school_id, school_site));
drop policy if exists special_activities_update_own on public.special_activities;
create policy special_activities_update_own on public.special_activities for update to authenticated
  using (created_by = (select auth.uid()))
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school(school_id, school_site));
drop policy if exists special_activities_delete_own on public.special_activities;
create policy special_activities_delete_own on public.special_activities for delete to authenticated
  using (created_by = (select auth.uid()));

drop policy if exists school_hours_select_linked on public.school_hours;
create policy school_hours_select_linked on public.school_hours for select to authenticated
  using (public.sf_is_linked_school(school_id, school_site));
drop policy if exists school_hours_insert_own on public.school_hours;
create policy school_hours_insert_own on public.school_hours for insert to authenticated
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school(school_id, school_site));
drop policy if exists school_hours_update_own on public.school_hours;
create policy school_hours_update_own on public.school_hours for update to authenticated
  using (created_by = (select auth.uid()))
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school(school_id, school_site));
drop policy if exists school_hours_delete_own on public.school_hours;
create policy school_hours_delete_own on public.school_hours for delete to authenticated
  using (created_by = (select auth.uid()));

-- protected_times: readable when entered by the caller or when it names one of the caller's students (by row
-- or by child); written only by whoever entered it, and only for the caller's own students.
drop policy if exists protected_times_select on public.protected_times;
create policy protected_times_select on public.protected_times for select to authenticated
  using (
    provider_id = (select auth.uid())
    or student_id in (select s.id from public.students s where s.provider_id = (select auth.uid()))
    or child_id in (select s.child_id from public.students s where s.provider_id = (select auth.uid()))
  );
drop policy if exists protected_times_insert_own on public.protected_times;
create policy protected_times_insert_own on public.protected_times for insert to authenticated
  with check (
    provider_id = (select auth.uid())
    and (student_id is null
         or exists (select 1 from public.students s where s.id = student_id and s.provider_id = (select auth.uid())))
  );
drop policy if exists protected_times_update_own on public.protected_times;
create policy protected_times_update_own on public.protected_times for update to authenticated
  using (provider_id = (select auth.uid()))
  with check (
    provider_id = (select auth.uid())
    and (student_id is null
         or exists (select 1 from public.students s where s.id = student_id and s.provider_id = (select auth.uid())))
  );
drop policy if exists protected_times_delete_own on public.protected_times;
create policy protected_times_delete_own on public.protected_times for delete to authenticated
  using (provider_id = (select auth.uid()));

-- provider_busy_times: private to the provider.
drop policy if exists provider_busy_times_own on public.provider_busy_times;
create policy provider_busy_times_own on public.provider_busy_times for all to authenticated
  using (provider_id = (select auth.uid())) with check (provider_id = (select auth.uid()));

-- Grants. Supabase grants everything in public to anon and authenticated by default; narrow it.
revoke all on table public.profiles, public.schools, public.provider_schools, public.user_site_schedules,
  public.teachers, public.students, public.schedule_sessions, public.bell_schedules, public.special_activities,
  public.school_hours, public.protected_times, public.provider_busy_times, public.schedule_versions,
  public.schedule_write_requests
  from public, anon, authenticated;
grant select, insert, update, delete on table public.profiles, public.provider_schools,
  public.user_site_schedules, public.teachers, public.students, public.schedule_sessions, public.bell_schedules,
  public.special_activities, public.school_hours, public.protected_times, public.provider_busy_times
  to authenticated;
grant select on table public.schools to authenticated;
grant all on table public.profiles, public.schools, public.provider_schools, public.user_site_schedules,
  public.teachers, public.students, public.schedule_sessions, public.bell_schedules, public.special_activities,
  public.school_hours, public.protected_times, public.provider_busy_times, public.schedule_versions,
  public.schedule_write_requests
  to service_role;

revoke all on function public.sf_touch_updated_at() from public, anon, authenticated;
revoke all on function public.sf_bump_schedule_version() from public, anon, authenticated;
revoke all on function public.sf_row_at_school(text, text, text, text) from public, anon;
revoke all on function public.sf_is_linked_school(text, text) from public, anon;
grant execute on function public.sf_row_at_school(text, text, text, text) to authenticated, service_role;
grant execute on function public.sf_is_linked_school(text, text) to authenticated, service_role;
