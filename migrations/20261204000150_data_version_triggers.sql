-- The triggers that keep data_version's counters (20261204000100): one per table the payload reads, per statement
-- (from transition tables, so a bulk load is one step). An UPDATE counts only when a column the payload shows
-- changed: a change nobody can see in a payload moves no version (and tells nobody that it happened).
-- SECURITY DEFINER: they see every row they must and call the bump functions, which clients cannot.

-- profiles: the provider's own payload (role, works_at_multiple_schools), and the role shown beside their sessions
-- in the payloads of other providers of the same children.
create or replace function public.sf_versions_profiles() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_providers uuid[];
  v_roles uuid[];
  v_children text[];
  v_sources uuid[];
begin
  select array_agg(n.id),
         array_agg(n.id) filter (where n.role is distinct from o.role)
    into v_providers, v_roles
  from sf_new_rows n join sf_old_rows o on o.id = n.id
  where (n.role, n.works_at_multiple_schools) is distinct from (o.role, o.works_at_multiple_schools);
  perform public.sf_bump_providers(v_providers);
  select array_agg(s.child_id), array_agg(s.provider_id) into v_children, v_sources
  from public.students s
  where s.provider_id = any (v_roles) and s.child_id is not null
    and exists (select 1 from public.schedule_sessions ss
                where ss.student_id = s.id and ss.session_date is null and ss.deleted_at is null
                  and ss.day_of_week is not null);
  perform public.sf_bump_children(v_children, v_sources);
  return null;
end
$$;

-- The provider's own rows: links (which schools, what they are called), work days, busy times.
create or replace function public.sf_versions_provider_rows() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_column text := tg_argv[0];
  v_providers uuid[];
begin
  if tg_op = 'INSERT' then
    execute format('select array_agg(%I) from sf_new_rows', v_column) into v_providers;
  elsif tg_op = 'DELETE' then
    execute format('select array_agg(%I) from sf_old_rows', v_column) into v_providers;
  else
    execute format('select array_agg(x) from (select %1$I from sf_new_rows union select %1$I from sf_old_rows) u(x)',
                   v_column) into v_providers;
  end if;
  perform public.sf_bump_providers(v_providers);
  return null;
end
$$;

-- students: the owner's payload (any column it shows, any school: a student at another school makes busy time);
-- a roster link (child_id) that comes or goes changes other providers' payloads when the row has sessions or
-- protected times they show. A deleted row's sessions are gone by now (the cascade ran), so it counts as shown.
create or replace function public.sf_versions_students() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_providers uuid[];
  v_children text[];
  v_sources uuid[];
begin
  if tg_op = 'INSERT' then
    -- A new row has no sessions or protected times yet: only its owner's payload changes.
    select array_agg(n.provider_id) into v_providers from sf_new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(o.provider_id), array_agg(o.child_id) filter (where o.child_id is not null),
           array_agg(o.provider_id) filter (where o.child_id is not null)
      into v_providers, v_children, v_sources
    from sf_old_rows o;
  else
    with changed as (
      select o.id, o.provider_id as old_provider, n.provider_id as new_provider, o.child_id as old_child,
             n.child_id as new_child,
             (o.child_id, o.provider_id) is distinct from (n.child_id, n.provider_id) as link_changed
      from sf_new_rows n join sf_old_rows o on o.id = n.id
      where (o.provider_id, o.initials, o.grade_level, o.teacher_id, o.teacher_name, o.child_id, o.school_id,
             o.school_site, o.sessions_per_week, o.minutes_per_session)
            is distinct from
            (n.provider_id, n.initials, n.grade_level, n.teacher_id, n.teacher_name, n.child_id, n.school_id,
             n.school_site, n.sessions_per_week, n.minutes_per_session)
    ),
    shown_links as (
      select c.* from changed c
      where c.link_changed
        and (exists (select 1 from public.schedule_sessions ss
                     where ss.student_id = c.id and ss.session_date is null and ss.deleted_at is null
                       and ss.day_of_week is not null)
             or exists (select 1 from public.protected_times pt where pt.student_id = c.id and pt.deleted_at is null))
    ),
    links as (
      select l.old_child as child_id, l.old_provider as provider_id from shown_links l where l.old_child is not null
      union
      select l.new_child, l.new_provider from shown_links l where l.new_child is not null
    )
    select (select array_agg(p) from (select c.old_provider from changed c union select c.new_provider from changed c) u(p)),
           (select array_agg(l.child_id) from links l), (select array_agg(l.provider_id) from links l)
      into v_providers, v_children, v_sources;
  end if;
  perform public.sf_bump_providers(v_providers);
  perform public.sf_bump_children(v_children, v_sources);
  return null;
end
$$;

-- schedule_sessions (the template counter has its own trigger, 20261203000390): other providers of the same
-- child see a live placed template as day, time and role. Only a change to that moves their version.
-- apply_schedule bumps once for its whole call (as for the template counter): while it names its caller in
-- slotfit.apply_schedule_provider, its statements (the caller's rows only) skip this trigger (WHEN below), and
-- the rows of that provider are skipped here should anything else write in that window.
create or replace function public.sf_versions_sessions() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deferred text := nullif(current_setting('slotfit.apply_schedule_provider', true), '');
  v_children text[];
  v_sources uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(s.child_id), array_agg(n.provider_id) into v_children, v_sources
    from sf_new_rows n join public.students s on s.id = n.student_id
    where s.child_id is not null and n.provider_id::text is distinct from v_deferred
      and n.session_date is null and n.deleted_at is null and n.day_of_week is not null;
  elsif tg_op = 'DELETE' then
    -- Rows deleted with their student find no student row any more: the students trigger counts those.
    select array_agg(s.child_id), array_agg(o.provider_id) into v_children, v_sources
    from sf_old_rows o join public.students s on s.id = o.student_id
    where s.child_id is not null and o.provider_id::text is distinct from v_deferred
      and o.session_date is null and o.deleted_at is null and o.day_of_week is not null;
  else
    with changed as (
      select o.student_id as old_student, o.provider_id as old_provider, n.student_id as new_student,
             n.provider_id as new_provider,
             (o.session_date is null and o.deleted_at is null and o.day_of_week is not null) as old_shown,
             (n.session_date is null and n.deleted_at is null and n.day_of_week is not null) as new_shown,
             (o.student_id, o.provider_id, o.day_of_week, o.start_time, o.end_time)
               is distinct from (n.student_id, n.provider_id, n.day_of_week, n.start_time, n.end_time) as moved
      from sf_new_rows n join sf_old_rows o on o.id = n.id
      where n.provider_id::text is distinct from v_deferred or o.provider_id::text is distinct from v_deferred
    ),
    touched as (
      select c.old_student as student_id, c.old_provider as provider_id from changed c
      where c.old_shown and (c.moved or not c.new_shown)
      union
      select c.new_student, c.new_provider from changed c
      where c.new_shown and (c.moved or not c.old_shown)
    )
    select array_agg(s.child_id), array_agg(t.provider_id) into v_children, v_sources
    from touched t join public.students s on s.id = t.student_id
    where s.child_id is not null;
  end if;
  perform public.sf_bump_children(v_children, v_sources);
  return null;
end
$$;

-- protected_times: shown to whoever serves the student or the child. The one who entered it sees it as their own
-- (provider part), the student's owner too; every other provider of the child sees it through the children part,
-- as a change by the one who entered it. Every column is shown (but who entered it), so any change counts.
create or replace function public.sf_bump_for_protected_times(p_providers uuid[], p_students uuid[], p_children text[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_providers uuid[];
  v_children text[];
  v_sources uuid[];
begin
  with named as (
    select r.provider_id, r.child_id, s.provider_id as owner, s.child_id as student_child
    from unnest(p_providers, p_students, p_children) r(provider_id, student_id, child_id)
    left join public.students s on s.id = r.student_id
  ),
  children as (
    select n.child_id, n.provider_id from named n where n.child_id is not null
    union
    select n.student_child, n.provider_id from named n where n.student_child is not null
  )
  select (select array_agg(p) from (select n.provider_id from named n union select n.owner from named n) u(p)),
         (select array_agg(c.child_id) from children c), (select array_agg(c.provider_id) from children c)
    into v_providers, v_children, v_sources;
  perform public.sf_bump_providers(v_providers);
  perform public.sf_bump_children(v_children, v_sources);
end
$$;

create or replace function public.sf_versions_protected_times() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_providers uuid[];
  v_students uuid[];
  v_children text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.provider_id), array_agg(n.student_id), array_agg(n.child_id)
      into v_providers, v_students, v_children from sf_new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(o.provider_id), array_agg(o.student_id), array_agg(o.child_id)
      into v_providers, v_students, v_children from sf_old_rows o;
  else
    select array_agg(r.provider_id), array_agg(r.student_id), array_agg(r.child_id)
      into v_providers, v_students, v_children
    from (select n.provider_id, n.student_id, n.child_id from sf_new_rows n
          union select o.provider_id, o.student_id, o.child_id from sf_old_rows o) r;
  end if;
  perform public.sf_bump_for_protected_times(v_providers, v_students, v_children);
  return null;
end
$$;

-- teachers: a student entered with a teacher id only shows that teacher's name (and only if the teacher is at one
-- of the provider's schools). A deleted teacher clears students.teacher_id, which the students trigger counts.
create or replace function public.sf_versions_teachers() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_providers uuid[];
begin
  select array_agg(distinct s.provider_id) into v_providers
  from sf_new_rows n join sf_old_rows o on o.id = n.id
  join public.students s on s.teacher_id = n.id and s.teacher_name is null
  where (o.first_name, o.last_name, o.school_id, o.school_site) is distinct from
        (n.first_name, n.last_name, n.school_id, n.school_site);
  perform public.sf_bump_providers(v_providers);
  return null;
end
$$;

-- A school's shared rows (bell schedules, special activities, school hours): every key the old and the new row
-- can be found by. Any change counts: every column of these rows is shown or decides whether the row is.
create or replace function public.sf_versions_school_rows() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_keys text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct k) into v_keys
    from sf_new_rows n, unnest(public.sf_school_keys(n.school_id, n.school_site)) k;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct k) into v_keys
    from sf_old_rows o, unnest(public.sf_school_keys(o.school_id, o.school_site)) k;
  else
    select array_agg(distinct k) into v_keys
    from (select n.school_id, n.school_site from sf_new_rows n
          union select o.school_id, o.school_site from sf_old_rows o) r,
         unnest(public.sf_school_keys(r.school_id, r.school_site)) k;
  end if;
  perform public.sf_bump_schools(v_keys);
  return null;
end
$$;

-- schools: the directory row gives a school its time zone, hence its school year.
create or replace function public.sf_versions_schools() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_keys text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct 'id:' || n.school_id) into v_keys from sf_new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct 'id:' || o.school_id) into v_keys from sf_old_rows o;
  else
    select array_agg(distinct 'id:' || r.school_id) into v_keys
    from (select n.school_id from sf_new_rows n union select o.school_id from sf_old_rows o) r;
  end if;
  perform public.sf_bump_schools(v_keys);
  return null;
end
$$;

-- One trigger per table and operation (a transition table exists only for the operations that have it).
drop function if exists public.sf_add_version_triggers(text, text, text, text[]);
create or replace function public.sf_add_version_triggers(p_table text, p_function text, p_args text,
                                                          p_ops text[], p_when text default null) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_op text;
begin
  foreach v_op in array p_ops loop
    execute format('create or replace trigger %I after %s on public.%I %s for each statement %s execute function public.%I(%s)',
                   p_table || '_data_version_' || v_op, v_op, p_table,
                   case v_op when 'insert' then 'referencing new table as sf_new_rows'
                             when 'delete' then 'referencing old table as sf_old_rows'
                             else 'referencing old table as sf_old_rows new table as sf_new_rows' end,
                   coalesce('when (' || p_when || ')', ''), p_function, p_args);
  end loop;
end
$$;
revoke all on function public.sf_add_version_triggers(text, text, text, text[], text) from public, anon, authenticated;

select public.sf_add_version_triggers(t, f, a, o, w) from (values
  ('profiles', 'sf_versions_profiles', '', array['update'], null),
  ('provider_schools', 'sf_versions_provider_rows', '''provider_id''', array['insert', 'update', 'delete'], null),
  ('user_site_schedules', 'sf_versions_provider_rows', '''user_id''', array['insert', 'update', 'delete'], null),
  ('provider_busy_times', 'sf_versions_provider_rows', '''provider_id''', array['insert', 'update', 'delete'], null),
  ('students', 'sf_versions_students', '', array['insert', 'update', 'delete'], null),
  ('schedule_sessions', 'sf_versions_sessions', '', array['insert', 'update', 'delete'],
   $w$coalesce(current_setting('slotfit.apply_schedule_provider', true), '') = ''$w$),
  ('protected_times', 'sf_versions_protected_times', '', array['insert', 'update', 'delete'], null),
  ('teachers', 'sf_versions_teachers', '', array['update'], null),
  ('bell_schedules', 'sf_versions_school_rows', '', array['insert', 'update', 'delete'], null),
  ('special_activities', 'sf_versions_school_rows', '', array['insert', 'update', 'delete'], null),
  ('school_hours', 'sf_versions_school_rows', '', array['insert', 'update', 'delete'], null),
  ('schools', 'sf_versions_schools', '', array['insert', 'update', 'delete'], null)
) v(t, f, a, o, w);

revoke all on function public.sf_versions_profiles(), public.sf_versions_provider_rows(), public.sf_versions_students(),
  public.sf_versions_sessions(), public.sf_versions_protected_times(), public.sf_versions_teachers(),
  public.sf_versions_school_rows(), public.sf_versions_schools(),
  public.sf_bump_for_protected_times(uuid[], uuid[], text[])
  from public, anon, authenticated;
