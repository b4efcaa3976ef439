-- Row-level security after the tenant-isolation review (replaces the policies of 20261128000300 it names).
-- - The schools directory shows a user only their own schools.
-- - Links to schools are granted: only a school admin (or service_role) writes provider_schools.
-- - Shared school rows (teachers, bell schedules, special activities, school hours) are written under the exact
--   key of one of the writer's links (sf_row_under_key), never by a name that happens to match; a school's
--   admin may write and fix any of them at that school.
-- - A school admin reads and updates the student rows at that school: the roster link (child_id) is theirs to set.
-- - Protected times come only from a provider who serves the child (a student row of theirs, or a child their
--   roster names), or from the trusted path.
-- - An assignee (SEA, specialist) reads the sessions assigned to them, and only those.

-- schools: no longer a public directory (its ids were the first step of self-granted links): a user reads the
-- schools they are linked to or administer. service_role writes it.
drop policy if exists schools_select_all on public.schools;
drop policy if exists schools_select_own on public.schools;
create policy schools_select_own on public.schools for select to authenticated
  using (public.sf_is_linked_school(school_id, name) or public.sf_is_school_admin(school_id, name));

-- provider_schools: one's own links to read; written by the school's admin.
drop policy if exists provider_schools_own on public.provider_schools;
drop policy if exists provider_schools_select on public.provider_schools;
create policy provider_schools_select on public.provider_schools for select to authenticated
  using (provider_id = (select auth.uid()) or public.sf_is_school_admin(school_id, school_site));
drop policy if exists provider_schools_admin_insert on public.provider_schools;
create policy provider_schools_admin_insert on public.provider_schools for insert to authenticated
  with check (public.sf_is_school_admin(school_id, school_site));
drop policy if exists provider_schools_admin_update on public.provider_schools;
create policy provider_schools_admin_update on public.provider_schools for update to authenticated
  using (public.sf_is_school_admin(school_id, school_site))
  with check (public.sf_is_school_admin(school_id, school_site));
drop policy if exists provider_schools_admin_delete on public.provider_schools;
create policy provider_schools_admin_delete on public.provider_schools for delete to authenticated
  using (public.sf_is_school_admin(school_id, school_site));

-- students: one's own caseload; the school's admin reads and updates the rows at that school.
drop policy if exists students_admin_select on public.students;
create policy students_admin_select on public.students for select to authenticated
  using (public.sf_is_school_admin(school_id, school_site));
drop policy if exists students_admin_update on public.students;
create policy students_admin_update on public.students for update to authenticated
  using (public.sf_is_school_admin(school_id, school_site))
  with check (public.sf_is_school_admin(school_id, school_site));

-- teachers: read at linked schools (as before); written under the exact key of a link, or by the school's admin.
drop policy if exists teachers_insert_own on public.teachers;
create policy teachers_insert_own on public.teachers for insert to authenticated
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school_exact(school_id, school_site));
drop policy if exists teachers_update_own on public.teachers;
create policy teachers_update_own on public.teachers for update to authenticated
  using (created_by = (select auth.uid()))
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school_exact(school_id, school_site));
drop policy if exists teachers_admin on public.teachers;
create policy teachers_admin on public.teachers for all to authenticated
  using (public.sf_is_school_admin(school_id, school_site))
  with check (public.sf_is_school_admin(school_id, school_site));

drop policy if exists bell_schedules_insert_own on public.bell_schedules;
create policy bell_schedules_insert_own on public.bell_schedules for insert to authenticated
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school_exact(school_id, school_site));
drop policy if exists bell_schedules_update_own on public.bell_schedules;
create policy bell_schedules_update_own on public.bell_schedules for update to authenticated
  using (created_by = (select auth.uid()))
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school_exact(school_id, school_site));
drop policy if exists bell_schedules_admin on public.bell_schedules;
create policy bell_schedules_admin on public.bell_schedules for all to authenticated
  using (public.sf_is_school_admin(school_id, school_site))
  with check (public.sf_is_school_admin(school_id, school_site));

drop policy if exists special_activities_insert_own on public.special_activities;
create policy special_activities_insert_own on public.special_activities for insert to authenticated
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school_exact(school_id, school_site));
drop policy if exists special_activities_update_own on public.special_activities;
create policy special_activities_update_own on public.special_activities for update to authenticated
  using (created_by = (select auth.uid()))
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school_exact(school_id, school_site));
drop policy if exists special_activities_admin on public.special_activities;
create policy special_activities_admin on public.special_activities for all to authenticated
  using (public.sf_is_school_admin(school_id, school_site))
  with check (public.sf_is_school_admin(school_id, school_site));

drop policy if exists school_hours_insert_own on public.school_hours;
create policy school_hours_insert_own on public.school_hours for insert to authenticated
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school_exact(school_id, school_site));
drop policy if exists school_hours_update_own on public.school_hours;
create policy school_hours_update_own on public.school_hours for update to authenticated
  using (created_by = (select auth.uid()))
  with check (created_by = (select auth.uid()) and public.sf_is_linked_school_exact(school_id, school_site));
drop policy if exists school_hours_admin on public.school_hours;
create policy school_hours_admin on public.school_hours for all to authenticated
  using (public.sf_is_school_admin(school_id, school_site))
  with check (public.sf_is_school_admin(school_id, school_site));

-- protected_times: the student row must be the caller's, and a child must be one the caller serves (a child_id
-- of the caller's caseload, which only the trusted path sets). Reads are unchanged: the child branch now rests
-- on roster links the provider cannot claim.
drop policy if exists protected_times_insert_own on public.protected_times;
create policy protected_times_insert_own on public.protected_times for insert to authenticated
  with check (
    provider_id = (select auth.uid())
    and (student_id is null
         or exists (select 1 from public.students s where s.id = student_id and s.provider_id = (select auth.uid())))
    and (child_id is null
         or exists (select 1 from public.students s where s.child_id = protected_times.child_id
                                                      and s.provider_id = (select auth.uid())))
  );
drop policy if exists protected_times_update_own on public.protected_times;
create policy protected_times_update_own on public.protected_times for update to authenticated
  using (provider_id = (select auth.uid()))
  with check (
    provider_id = (select auth.uid())
    and (student_id is null
         or exists (select 1 from public.students s where s.id = student_id and s.provider_id = (select auth.uid())))
    and (child_id is null
         or exists (select 1 from public.students s where s.child_id = protected_times.child_id
                                                      and s.provider_id = (select auth.uid())))
  );

-- A school's admin enters protected times for the students and children at that school (under their own
-- profile as provider_id: who entered it).
drop policy if exists protected_times_admin_insert on public.protected_times;
create policy protected_times_admin_insert on public.protected_times for insert to authenticated
  with check (
    provider_id = (select auth.uid())
    and (student_id is null
         or exists (select 1 from public.students s where s.id = student_id
                                                      and public.sf_is_school_admin(s.school_id, s.school_site)))
    and (child_id is null
         or exists (select 1 from public.students s where s.child_id = protected_times.child_id
                                                      and public.sf_is_school_admin(s.school_id, s.school_site)))
  );

-- schedule_sessions: an assignee reads what is assigned to them (which student, when, what service).
drop policy if exists schedule_sessions_select_assigned on public.schedule_sessions;
create policy schedule_sessions_select_assigned on public.schedule_sessions for select to authenticated
  using (assigned_to_sea_id = (select auth.uid()) or assigned_to_specialist_id = (select auth.uid()));
