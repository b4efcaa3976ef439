-- get_scheduling_data_batch, third version (replaces 20261203000300's): revalidation. A third argument,
-- p_known_version: when it equals the caller's current data_version the answer is {schema_version, data_version,
-- not_modified: true} and no rows. data_version now follows every row the payload is built from (README "Live
-- data", sf_data_version in 20261204000100). The two-argument function is dropped: PostgREST cannot choose
-- between two overloads that both take p_school_site and p_school_id.

drop function if exists public.get_scheduling_data_batch(text, text);

-- STABLE on purpose: every query below then reads the same snapshot, so data_version always describes exactly
-- the sessions handed out (a VOLATILE function would take a new snapshot per statement, and a write committed
-- in between could pair new sessions with an old version, or the reverse).
create or replace function public.get_scheduling_data_batch(p_school_site text, p_school_id text default null,
                                                            p_known_version text default null)
returns json
language plpgsql
stable
security definer
set search_path = ''
-- One plan for every caller: planning this statement per call (custom plans) costs more than running it.
set plan_cache_mode = force_generic_plan
as $$
declare
  v_uid uuid := auth.uid();
  v_profile record;
  v_matches int;
  v_link record;
  v_school_id text;
  v_site text;
  v_year text;
  v_version text;
  v_payload json;
begin
  if v_uid is null then
    raise exception using errcode = '28000',
      message = 'get_scheduling_data_batch: not authenticated (the request carries no JWT subject)';
  end if;
  if p_school_site is null and p_school_id is null then
    raise exception using errcode = '22023',
      message = 'get_scheduling_data_batch: name the school (p_school_site and/or p_school_id)';
  end if;

  select p.role, p.works_at_multiple_schools into v_profile from public.profiles p where p.id = v_uid;
  if not found then
    raise exception using errcode = '42501',
      message = 'get_scheduling_data_batch: the caller has no provider profile';
  end if;

  -- The school must be one of the caller's (provider_schools): its links are what make school rows readable.
  -- The link, not the arguments, then names the school, so an id passed alongside a linked name opens nothing more.
  select count(*) into v_matches
  from public.provider_schools ps
  where ps.provider_id = v_uid
    and public.sf_row_at_school(ps.school_id, ps.school_site, p_school_id, p_school_site);
  if v_matches = 0 then
    raise exception using errcode = '42501',
      message = format('get_scheduling_data_batch: the caller is not linked to school %s',
                       concat_ws(' ', public.sf_quote(p_school_id), public.sf_quote(p_school_site)));
  end if;
  select ps.id, ps.school_id, ps.school_site into v_link
  from public.provider_schools ps
  where ps.provider_id = v_uid
    and public.sf_row_at_school(ps.school_id, ps.school_site, p_school_id, p_school_site)
  order by (ps.school_id is not distinct from p_school_id) desc, (ps.school_site = p_school_site) desc, ps.id
  limit 1;
  if v_matches > 1 and v_link.school_id is distinct from p_school_id then
    raise exception using errcode = '22023',
      message = format('get_scheduling_data_batch: %s of the caller''s schools are named %s; pass p_school_id',
                       v_matches, public.sf_quote(p_school_site));
  end if;
  v_school_id := v_link.school_id;
  v_site := v_link.school_site;
  v_year := public.sf_school_year_at(now(), public.sf_school_time_zone(v_school_id));
  -- The caller's own version, from the caller's own link: a version copied from anyone else can only fail to
  -- match, and then the caller gets their own payload.
  v_version := public.sf_data_version(v_uid, v_school_id, v_site, v_year);
  if p_known_version = v_version then
    return json_build_object('schema_version', 1, 'data_version', v_version, 'not_modified', true);
  end if;

  with my_students as materialized (
    select s.id, s.initials, s.grade_level, s.teacher_id, s.teacher_name, s.child_id,
           s.sessions_per_week, s.minutes_per_session
    from public.students s
    where s.provider_id = v_uid
      and (s.school_id = v_school_id
           or (s.school_site = v_site and (s.school_id is null or v_school_id is null)))
  ),
  my_templates as materialized (
    select ss.id, ss.student_id, ss.day_of_week, ss.start_time, ss.end_time, ss.service_type, ss.delivered_by,
           ss.assigned_to_sea_id, ss.assigned_to_specialist_id, ss.status, ss.group_ref,
           ss.student_id in (select ms.id from my_students ms) as at_this_school
    from public.schedule_sessions ss
    where ss.provider_id = v_uid and ss.session_date is null and ss.deleted_at is null
  ),
  -- Students of other providers that are the same child as one of ours (child_id), and our own rows, whose
  -- other providers' sessions then block that child.
  same_child as (
    select ms.id as my_student_id, os.id as their_student_id
    from my_students ms
    join public.students os on os.child_id = ms.child_id
    where ms.child_id is not null
    union
    select ms.id, ms.id from my_students ms
  ),
  hours as (
    -- One row per grade and day: where a school has rows of both key shapes, the one under its id wins.
    select distinct on (h.grade_level, h.day_of_week)
           h.grade_level, h.day_of_week, h.start_time, h.end_time
    from public.school_hours h
    where h.school_id = v_school_id
       or (h.school_site = v_site and (h.school_id is null or v_school_id is null))
    order by h.grade_level, h.day_of_week, (h.school_id is not distinct from v_school_id) desc, h.id
  ),
  protected as (
    -- Every live protected time of our students: by our row, by their child_id, or entered under another
    -- provider's row of the same child. It is keyed to our student row and carries the child.
    select distinct on (m.id) m.id, m.my_student_id, m.child_id, m.day_of_week, m.start_time, m.end_time,
           m.label, m.direct
    from (
      select pt.id, ms.id as my_student_id, coalesce(pt.child_id, ms.child_id) as child_id, pt.day_of_week,
             pt.start_time, pt.end_time, pt.label, true as direct
      from my_students ms
      join public.protected_times pt on pt.student_id = ms.id
      where pt.deleted_at is null
      union all
      select pt.id, ms.id, pt.child_id, pt.day_of_week, pt.start_time, pt.end_time, pt.label, false
      from my_students ms
      join public.protected_times pt on pt.child_id = ms.child_id
      where pt.deleted_at is null and ms.child_id is not null
      union all
      select pt.id, sc.my_student_id, coalesce(pt.child_id, os.child_id), pt.day_of_week, pt.start_time,
             pt.end_time, pt.label, false
      from same_child sc
      join public.students os on os.id = sc.their_student_id
      join public.protected_times pt on pt.student_id = sc.their_student_id
      where pt.deleted_at is null and sc.their_student_id <> sc.my_student_id
    ) m
    order by m.id, m.direct desc, m.my_student_id
  ),
  other_sessions as (
    select distinct sc.my_student_id as student_id, o.day_of_week, o.start_time, o.end_time,
           coalesce(op.role, o.service_type) as provider_role
    from same_child sc
    join public.schedule_sessions o
      on o.student_id = sc.their_student_id
     and o.session_date is null and o.deleted_at is null and o.day_of_week is not null
    left join public.profiles op on op.id = o.provider_id
    where o.provider_id <> v_uid
  ),
  busy as (
    select b.id::text as id, b.day_of_week, b.start_time, b.end_time, b.label, b.school_site
    from public.provider_busy_times b
    where b.provider_id = v_uid and b.deleted_at is null
    union all
    -- Our sessions at other schools, as time only: who and what stays at that school.
    select distinct null::text, t.day_of_week, t.start_time, t.end_time, null::text, st.school_site
    from my_templates t
    join public.students st on st.id = t.student_id
    where not t.at_this_school and t.day_of_week is not null
  )
  select json_build_object(
    'schema_version', 1,
    'generated_at', now(),
    'data_version', v_version,
    'provider', json_build_object('id', v_uid::text, 'role', v_profile.role,
                                  'works_at_multiple_schools', v_profile.works_at_multiple_schools),
    'school', json_build_object('school_id', v_school_id, 'school_site', v_site, 'school_year', v_year),
    'work_days', (
      select coalesce(json_agg(d.day_of_week order by d.day_of_week), '[]'::json)
      from (select distinct u.day_of_week from public.user_site_schedules u
            where u.site_assignment_id = v_link.id) d
    ),
    'school_hours', (
      select coalesce(json_agg(json_build_object(
               'grade_level', h.grade_level, 'day_of_week', h.day_of_week,
               'start_time', h.start_time::time(0)::text, 'end_time', h.end_time::time(0)::text)
             order by h.grade_level, h.day_of_week), '[]'::json)
      from hours h
    ),
    'bell_schedules', (
      select coalesce(json_agg(json_build_object(
               'id', b.id::text, 'grade_level', b.grade_level, 'day_of_week', b.day_of_week,
               'start_time', b.start_time::time(0)::text, 'end_time', b.end_time::time(0)::text,
               'period_name', b.period_name)
             order by b.day_of_week, b.start_time, b.end_time, b.grade_level, b.id), '[]'::json)
      from public.bell_schedules b
      where b.deleted_at is null and b.school_year = v_year
        and (b.school_id = v_school_id
             or (b.school_site = v_site and (b.school_id is null or v_school_id is null)))
    ),
    'special_activities', (
      select coalesce(json_agg(json_build_object(
               'id', a.id::text, 'teacher_id', a.teacher_id::text, 'teacher_name', a.teacher_name,
               'day_of_week', a.day_of_week,
               'start_time', a.start_time::time(0)::text, 'end_time', a.end_time::time(0)::text,
               'activity_name', a.activity_name)
             order by a.day_of_week, a.start_time, a.end_time, a.teacher_name, a.id), '[]'::json)
      from public.special_activities a
      where a.deleted_at is null and a.school_year = v_year
        and (a.school_id = v_school_id
             or (a.school_site = v_site and (a.school_id is null or v_school_id is null)))
    ),
    'students', (
      select coalesce(json_agg(json_build_object(
               'id', s.id::text, 'initials', s.initials, 'grade_level', s.grade_level,
               'teacher_id', s.teacher_id::text,
               -- A student entered with a teacher id only still gets a name for the name fallback, from a
               -- teacher at one of the provider's schools only (rows from before the teacher_id check may
               -- point anywhere). A lookup by key per student: its plan stays right however the tables grow.
               'teacher_name', coalesce(s.teacher_name, (
                 select nullif(btrim(concat_ws(' ', t.first_name, t.last_name)), '')
                 from public.teachers t
                 where s.teacher_id is not null and t.id = s.teacher_id
                   and exists (select 1 from public.provider_schools ps
                               where ps.provider_id = v_uid
                                 and public.sf_row_at_school(t.school_id, t.school_site, ps.school_id, ps.school_site)))),
               'child_id', s.child_id,
               'sessions_per_week', s.sessions_per_week, 'minutes_per_session', s.minutes_per_session)
             order by s.initials, s.id), '[]'::json)
      from my_students s
    ),
    'sessions', (
      select coalesce(json_agg(json_build_object(
               'id', t.id::text, 'student_id', t.student_id::text, 'day_of_week', t.day_of_week,
               'start_time', t.start_time::time(0)::text, 'end_time', t.end_time::time(0)::text,
               'service_type', t.service_type, 'delivered_by', t.delivered_by,
               'assigned_to_sea_id', t.assigned_to_sea_id::text,
               'assigned_to_specialist_id', t.assigned_to_specialist_id::text,
               'status', t.status, 'group_ref', t.group_ref)
             order by t.day_of_week nulls last, t.start_time, t.student_id, t.id), '[]'::json)
      from my_templates t
      where t.at_this_school
    ),
    'protected_times', (
      select coalesce(json_agg(json_build_object(
               'id', p.id::text, 'student_id', p.my_student_id::text, 'child_id', p.child_id,
               'day_of_week', p.day_of_week,
               'start_time', p.start_time::time(0)::text, 'end_time', p.end_time::time(0)::text,
               'label', p.label)
             order by p.day_of_week, p.start_time, p.end_time, p.id), '[]'::json)
      from protected p
    ),
    'other_provider_sessions', (
      select coalesce(json_agg(json_build_object(
               'student_id', o.student_id::text, 'day_of_week', o.day_of_week,
               'start_time', o.start_time::time(0)::text, 'end_time', o.end_time::time(0)::text,
               'provider_role', o.provider_role)
             order by o.student_id, o.day_of_week, o.start_time, o.end_time, o.provider_role), '[]'::json)
      from other_sessions o
    ),
    'provider_busy_times', (
      select coalesce(json_agg(json_build_object(
               'id', b.id, 'day_of_week', b.day_of_week,
               'start_time', b.start_time::time(0)::text, 'end_time', b.end_time::time(0)::text,
               'label', b.label, 'school_site', b.school_site)
             order by b.day_of_week, b.start_time, b.end_time, b.id nulls last, b.school_site), '[]'::json)
      from busy b
    )
  ) into v_payload;

  return v_payload;
end
$$;

revoke all on function public.get_scheduling_data_batch(text, text, text) from public, anon;
grant execute on function public.get_scheduling_data_batch(text, text, text) to authenticated, service_role;
