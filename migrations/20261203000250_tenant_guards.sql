-- Guards on what one provider writes that reaches another provider's payload or view. Policies decide whose
-- rows these are; these triggers decide what a row may say.

-- students: the roster link (child_id) is the trusted path's (a claimed child_id would open other providers'
-- sessions and protected times of that child); teacher_id names a teacher at one of the provider's schools
-- (the batch shows that teacher's name). Invoker's rights on purpose: sf_is_service() must see the real role,
-- and the teacher lookup runs under the caller's RLS, which already shows the caller's links and teachers.
create or replace function public.sf_guard_student() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (tg_op = 'INSERT' and new.child_id is not null)
     or (tg_op = 'UPDATE' and new.child_id is distinct from old.child_id) then
    if not (public.sf_is_service() or public.sf_is_school_admin(new.school_id, new.school_site)) then
      raise exception using errcode = '42501',
        message = 'students.child_id is the roster link: only an admin of the student''s school or service_role sets it',
        hint = 'Leave child_id out; the school admin links the student row to the child.';
    end if;
  end if;
  if new.teacher_id is not null and (tg_op = 'INSERT' or new.teacher_id is distinct from old.teacher_id) then
    -- One refusal for a teacher elsewhere and for a uuid that names no teacher: the error tells nothing about
    -- which uuids exist.
    if not exists (
      select 1 from public.teachers t
      join public.provider_schools ps
        on ps.provider_id = new.provider_id
       and public.sf_row_at_school(t.school_id, t.school_site, ps.school_id, ps.school_site)
      where t.id = new.teacher_id
    ) then
      raise exception using errcode = '23503',
        message = format('students.teacher_id: %s is not a teacher at any of the provider''s schools', new.teacher_id);
    end if;
  end if;
  return new;
end
$$;

create or replace trigger students_guard before insert or update on public.students
  for each row execute function public.sf_guard_student();

-- schedule_sessions: an assignee (SEA, specialist) serves at the student's school, and is never given two
-- overlapping weekly sessions, whoever's they are. SECURITY DEFINER: it must see other providers' links and
-- sessions; a trigger function cannot be called directly, so it answers nobody but the write it guards.
create or replace function public.sf_guard_assignees() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_column text;
  v_assignee uuid;
  v_old_assignee uuid;
  v_school_id text;
  v_school_site text;
  v_clash record;
begin
  select s.school_id, s.school_site into v_school_id, v_school_site from public.students s where s.id = new.student_id;
  foreach v_column in array array['assigned_to_sea_id', 'assigned_to_specialist_id'] loop
    if v_column = 'assigned_to_sea_id' then
      v_assignee := new.assigned_to_sea_id;
      v_old_assignee := case when tg_op = 'UPDATE' then old.assigned_to_sea_id end;
    else
      v_assignee := new.assigned_to_specialist_id;
      v_old_assignee := case when tg_op = 'UPDATE' then old.assigned_to_specialist_id end;
    end if;
    continue when v_assignee is null;

    -- Checked when the assignment is made; a later change of the assignee's links does not void old rows.
    if v_assignee is distinct from v_old_assignee and not exists (
      select 1 from public.provider_schools ps
      where ps.provider_id = v_assignee
        and public.sf_row_at_school(v_school_id, v_school_site, ps.school_id, ps.school_site)
    ) then
      raise exception using errcode = '23503',
        message = format('schedule_sessions.%s: %s does not serve at the student''s school', v_column, v_assignee);
    end if;

    continue when new.session_date is not null or new.deleted_at is not null or new.day_of_week is null;
    -- Two writers assigning the same person take turns here, so neither misses the other's session.
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('slotfit.assignee:' || v_assignee::text, 0));
    select o.day_of_week, o.start_time, o.end_time into v_clash
    from public.schedule_sessions o
    where (o.assigned_to_sea_id = v_assignee or o.assigned_to_specialist_id = v_assignee)
      and o.id <> new.id and o.session_date is null and o.deleted_at is null
      and o.day_of_week = new.day_of_week and o.start_time < new.end_time and new.start_time < o.end_time
    order by o.start_time
    limit 1;
    if found then
      raise exception using errcode = '23P01',
        message = format('schedule_sessions.%s: %s already has a session on day %s %s-%s, which overlaps %s-%s',
                         v_column, v_assignee, v_clash.day_of_week, to_char(v_clash.start_time, 'HH24:MI'),
                         to_char(v_clash.end_time, 'HH24:MI'), to_char(new.start_time, 'HH24:MI'),
                         to_char(new.end_time, 'HH24:MI'));
    end if;
  end loop;
  return null;
end
$$;

-- AFTER, so that rows written earlier in the same statement or call are seen by the overlap test.
create or replace trigger schedule_sessions_guard_assignees_insert after insert on public.schedule_sessions
  for each row when (new.assigned_to_sea_id is not null or new.assigned_to_specialist_id is not null)
  execute function public.sf_guard_assignees();
create or replace trigger schedule_sessions_guard_assignees_update after update on public.schedule_sessions
  for each row when (new.assigned_to_sea_id is not null or new.assigned_to_specialist_id is not null)
  execute function public.sf_guard_assignees();

-- At most 2,000 live rows per provider in each table that feeds other providers' payloads: one account cannot
-- grow everybody's batch (50k injected rows once made one provider's read 20 MB and 1.4 s). Counted once per
-- INSERT statement from its transition table; an UPDATE adds a live row only by reviving one (row trigger below).
-- Arguments: the owner column, the predicate of a live row. SECURITY DEFINER so the count sees every row of the
-- owner, whatever the caller's RLS shows.
create or replace function public.sf_cap_live_rows() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  c_cap constant int := 2000;
  v_owner_column text := tg_argv[0];
  v_live text := tg_argv[1];
  v_owner uuid;
  v_count bigint;
begin
  if tg_level = 'STATEMENT' then
    execute format(
      'select n.owner, c.n from (select distinct %1$I as owner from sf_new_rows where %1$I is not null and %2$s) n,'
      ' lateral (select count(*) as n from public.%3$I t where t.%1$I = n.owner and %2$s) c where c.n > $1 limit 1',
      v_owner_column, v_live, tg_table_name)
      into v_owner, v_count using c_cap;
  else
    execute format('select ($1).%I', v_owner_column) into v_owner using new;
    execute format('select count(*) from public.%1$I t where t.%2$I = $1 and %3$s', tg_table_name, v_owner_column, v_live)
      into v_count using v_owner;
    -- The row being revived is not live yet in this BEFORE trigger.
    v_count := v_count + 1;
    if v_count <= c_cap then
      v_owner := null;
    end if;
  end if;
  if v_owner is not null then
    raise exception using errcode = '54000',
      message = format('%s: %s would have %s live rows; at most %s per provider', tg_table_name, v_owner, v_count, c_cap),
      hint = 'Remove rows that are no longer used, or ask the district to raise the limit.';
  end if;
  return case when tg_level = 'ROW' then new end;
end
$$;

create or replace trigger students_cap after insert on public.students
  referencing new table as sf_new_rows
  for each statement execute function public.sf_cap_live_rows('provider_id', 'true');
create or replace trigger schedule_sessions_cap after insert on public.schedule_sessions
  referencing new table as sf_new_rows
  for each statement execute function public.sf_cap_live_rows('provider_id', 'session_date is null and deleted_at is null');
create or replace trigger schedule_sessions_cap_revive before update on public.schedule_sessions
  for each row when ((old.deleted_at is not null or old.session_date is not null or old.provider_id <> new.provider_id)
                     and new.deleted_at is null and new.session_date is null)
  execute function public.sf_cap_live_rows('provider_id', 'session_date is null and deleted_at is null');
create or replace trigger protected_times_cap after insert on public.protected_times
  referencing new table as sf_new_rows
  for each statement execute function public.sf_cap_live_rows('provider_id', 'deleted_at is null');
create or replace trigger protected_times_cap_revive before update on public.protected_times
  for each row when ((old.deleted_at is not null or old.provider_id <> new.provider_id) and new.deleted_at is null)
  execute function public.sf_cap_live_rows('provider_id', 'deleted_at is null');
create or replace trigger teachers_cap after insert on public.teachers
  referencing new table as sf_new_rows
  for each statement execute function public.sf_cap_live_rows('created_by', 'true');
create or replace trigger bell_schedules_cap after insert on public.bell_schedules
  referencing new table as sf_new_rows
  for each statement execute function public.sf_cap_live_rows('created_by', 'deleted_at is null');
create or replace trigger bell_schedules_cap_revive before update on public.bell_schedules
  for each row when ((old.deleted_at is not null or old.created_by is distinct from new.created_by) and new.deleted_at is null)
  execute function public.sf_cap_live_rows('created_by', 'deleted_at is null');
create or replace trigger special_activities_cap after insert on public.special_activities
  referencing new table as sf_new_rows
  for each statement execute function public.sf_cap_live_rows('created_by', 'deleted_at is null');
create or replace trigger special_activities_cap_revive before update on public.special_activities
  for each row when ((old.deleted_at is not null or old.created_by is distinct from new.created_by) and new.deleted_at is null)
  execute function public.sf_cap_live_rows('created_by', 'deleted_at is null');
create or replace trigger school_hours_cap after insert on public.school_hours
  referencing new table as sf_new_rows
  for each statement execute function public.sf_cap_live_rows('created_by', 'true');

-- The counts above and the assignee tests, by index.
create index if not exists idx_protected_times_provider on public.protected_times (provider_id) where deleted_at is null;
create index if not exists idx_teachers_created_by on public.teachers (created_by);
create index if not exists idx_bell_schedules_created_by on public.bell_schedules (created_by) where deleted_at is null;
create index if not exists idx_special_activities_created_by on public.special_activities (created_by) where deleted_at is null;
create index if not exists idx_school_hours_created_by on public.school_hours (created_by);
create index if not exists idx_sessions_sea_template on public.schedule_sessions (assigned_to_sea_id, day_of_week)
  where assigned_to_sea_id is not null and session_date is null and deleted_at is null;
create index if not exists idx_sessions_specialist_template on public.schedule_sessions (assigned_to_specialist_id, day_of_week)
  where assigned_to_specialist_id is not null and session_date is null and deleted_at is null;

revoke all on function public.sf_guard_student() from public, anon, authenticated;
revoke all on function public.sf_guard_assignees() from public, anon, authenticated;
revoke all on function public.sf_cap_live_rows() from public, anon, authenticated;
