-- data_version's triggers, second version (replaces 20261204000150's definitions of the functions below; the
-- triggers themselves, and the other trigger functions, stay as that file made them). Changed: the INSERT,
-- DELETE and UPDATE branches that each collected the same keys from a different transition table are one
-- helper, sf_statement_rows; each trigger now states only which columns it reads and what it bumps. What moves
-- which part of data_version is unchanged (tests/sql/versions.test.mjs, change by change).

-- The rows a statement touched, as SQL over its transition tables (named as sf_add_version_triggers names them):
-- the new rows of an INSERT, the old rows of a DELETE, the old and the new rows of an UPDATE (each distinct row
-- of p_columns once). p_columns is a select list over those tables, written by the trigger functions below.
-- A transition table is visible only to the trigger function that fires, so this returns the query for that
-- function to run (EXECUTE) rather than running it.
create or replace function public.sf_statement_rows(p_op text, p_columns text) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  return case p_op
    when 'INSERT' then format('select %s from sf_new_rows', p_columns)
    when 'DELETE' then format('select %s from sf_old_rows', p_columns)
    when 'UPDATE' then format('select %1$s from sf_new_rows union select %1$s from sf_old_rows', p_columns)
  end;
end
$$;
revoke all on function public.sf_statement_rows(text, text) from public, anon, authenticated;

-- The provider's own rows: links (which schools, what they are called), work days, busy times. tg_argv[0]: the
-- column naming the provider.
create or replace function public.sf_versions_provider_rows() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_providers uuid[];
begin
  execute format('select array_agg(r.p) from (%s) r',
                 public.sf_statement_rows(tg_op, format('%I as p', tg_argv[0]))) into v_providers;
  perform public.sf_bump_providers(v_providers);
  return null;
end
$$;

-- schedule_sessions (the template counter has its own trigger, 20261203000390): other providers of the same
-- child see a live placed template as day, time and role. Only a change to that moves their version.
-- apply_schedule bumps once for its whole call (as for the template counter): while it names its caller in
-- slotfit.apply_schedule_provider, its statements (the caller's rows only) skip this trigger (WHEN of the
-- trigger), and the rows of that provider are skipped here should anything else write in that window.
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
  if tg_op <> 'UPDATE' then
    -- A row that comes or goes: shown if it is a live placed template. Rows deleted with their student find no
    -- student row any more: the students trigger counts those.
    execute format('select array_agg(s.child_id), array_agg(r.provider_id) from (%s) r
                    join public.students s on s.id = r.student_id
                    where s.child_id is not null and r.provider_id::text is distinct from $1
                      and r.session_date is null and r.deleted_at is null and r.day_of_week is not null',
                   public.sf_statement_rows(tg_op, 'student_id, provider_id, session_date, deleted_at, day_of_week'))
      into v_children, v_sources using v_deferred;
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

-- protected_times: every column is shown (but who entered it), so any change counts; sf_bump_for_protected_times
-- (20261204000150) says whose versions move.
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
  execute format('select array_agg(r.provider_id), array_agg(r.student_id), array_agg(r.child_id) from (%s) r',
                 public.sf_statement_rows(tg_op, 'provider_id, student_id, child_id'))
    into v_providers, v_students, v_children;
  perform public.sf_bump_for_protected_times(v_providers, v_students, v_children);
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
  execute format('select array_agg(distinct k) from (%s) r, unnest(public.sf_school_keys(r.school_id, r.school_site)) k',
                 public.sf_statement_rows(tg_op, 'school_id, school_site')) into v_keys;
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
  execute format('select array_agg(distinct ''id:'' || r.school_id) from (%s) r',
                 public.sf_statement_rows(tg_op, 'school_id')) into v_keys;
  perform public.sf_bump_schools(v_keys);
  return null;
end
$$;

revoke all on function public.sf_versions_provider_rows(), public.sf_versions_sessions(),
  public.sf_versions_protected_times(), public.sf_versions_school_rows(), public.sf_versions_schools()
  from public, anon, authenticated;
