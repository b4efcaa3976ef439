-- District-scale fictional data for tests/sql/bench.sh, generated in SQL (deterministic: no random()).
-- 60 schools (every 4th known by name only), 320 providers (every 3rd at two schools), 70 students each,
-- 3 weekly templates per student (some placeholders, some soft-deleted), 17 weeks of dated instances per live
-- template, bell schedules and special activities for three school years, school hours, protected times,
-- busy times. Children 1–10 of each provider are shared with one other provider at the same school.
\set ON_ERROR_STOP 1
-- A bulk load: no triggers, no foreign-key checks (the generator keeps every reference right).
set session_replication_role = replica;
set maintenance_work_mem = '256MB';
begin;

create temporary table bench_year on commit drop as
select public.sf_school_year_at(now(), 'America/Los_Angeles') as cur,
       (left(public.sf_school_year_at(now(), 'America/Los_Angeles'), 4)::int - 1)::text || '-' || left(public.sf_school_year_at(now(), 'America/Los_Angeles'), 4) as last,
       right(public.sf_school_year_at(now(), 'America/Los_Angeles'), 4) || '-' || (right(public.sf_school_year_at(now(), 'America/Los_Angeles'), 4)::int + 1)::text as next,
       current_date - (extract(isodow from current_date)::int - 1) as monday;

create temporary table bench_school on commit drop as
select k, case when k % 4 = 0 then null else '0699990' || lpad(k::text, 5, '0') end as sid, 'Bench School ' || k as site
from generate_series(1, 60) k;

create temporary table bench_provider on commit drop as
select p, md5('provider' || p)::uuid as uid,
       (array['speech', 'ot', 'resource', 'counseling', 'psychologist', 'sea'])[p % 6 + 1] as role,
       p % 60 + 1 as home, case when p % 3 = 0 then (p + 17) % 60 + 1 end as second
from generate_series(1, 320) p;

create temporary table bench_student on commit drop as
select bp.p, bp.uid, bp.role, j, md5('student' || bp.p || '-' || j)::uuid as id,
       case when bp.second is not null and j > 45 then bp.second else bp.home end as k
from bench_provider bp, generate_series(1, 70) j;

insert into public.schools (school_id, name) select sid, site from bench_school where sid is not null;

insert into auth.users (id, email) select uid, 'provider' || p || '@bench.invalid' from bench_provider;
insert into public.profiles (id, role, works_at_multiple_schools, display_name)
select uid, role, second is not null, 'Bench provider ' || p from bench_provider;

insert into public.provider_schools (id, provider_id, school_id, school_site, is_primary)
select md5('link' || bp.p || '-' || bs.k)::uuid, bp.uid, bs.sid, bs.site, bs.k = bp.home
from bench_provider bp join bench_school bs on bs.k in (bp.home, bp.second);

-- Two-school providers: Mon–Wed at home, Thu–Fri at the second school. Single-school providers: no rows.
insert into public.user_site_schedules (user_id, site_assignment_id, day_of_week)
select bp.uid, md5('link' || bp.p || '-' || bp.home)::uuid, d from bench_provider bp, generate_series(1, 3) d
where bp.second is not null
union all
select bp.uid, md5('link' || bp.p || '-' || bp.second)::uuid, d from bench_provider bp, generate_series(4, 5) d
where bp.second is not null;

insert into public.teachers (id, first_name, last_name, school_id, school_site)
select md5('teacher' || bs.k || '-' || t)::uuid, 'Tf' || t, 'Teacher ' || bs.k || '-' || t, bs.sid, bs.site
from bench_school bs, generate_series(1, 30) t;

insert into public.students (id, provider_id, initials, grade_level, teacher_id, teacher_name, child_id, school_id,
                             school_site, sessions_per_week, minutes_per_session)
select st.id, st.uid, chr(65 + st.j % 26) || chr(65 + (st.p + st.j) % 26),
       (array['K', '1', '2', '3', '4', '5'])[st.j % 6 + 1],
       md5('teacher' || st.k || '-' || (st.j % 30 + 1))::uuid, 'Teacher ' || st.k || '-' || (st.j % 30 + 1),
       case when st.j <= 10 then 'C-' || st.k || '-' || (st.p / 60 / 2) || '-' || st.j else 'C-' || st.p || '-' || st.j end,
       bs.sid, bs.site, 3, 30
from bench_student st join bench_school bs on bs.k = st.k;

insert into public.schedule_sessions (id, provider_id, student_id, day_of_week, start_time, end_time, service_type,
                                      deleted_at)
select md5('template' || st.p || '-' || st.j || '-' || t)::uuid, st.uid, st.id,
       case when (st.j + t) % 23 <> 0 then (st.j + t * 2) % 5 + 1 end,
       case when (st.j + t) % 23 <> 0 then time '08:00' + ((st.j * 7 + t * 13) % 78) * interval '5 minutes' end,
       case when (st.j + t) % 23 <> 0 then time '08:30' + ((st.j * 7 + t * 13) % 78) * interval '5 minutes' end,
       st.role,
       case when (st.j * 3 + t) % 25 = 0 then now() - interval '30 days' end
from bench_student st, generate_series(1, 3) t;

insert into public.schedule_sessions (provider_id, student_id, day_of_week, start_time, end_time, session_date,
                                      template_id, service_type)
select s.provider_id, s.student_id, s.day_of_week, s.start_time, s.end_time,
       y.monday - 7 * w + (s.day_of_week - 1), s.id, s.service_type
from public.schedule_sessions s, bench_year y, generate_series(0, 16) w
where s.session_date is null and s.deleted_at is null and s.day_of_week is not null;

-- Schools with an id keep a third of their rows under the name only (the other key shape).
insert into public.bell_schedules (school_id, school_site, school_year, grade_level, day_of_week, start_time, end_time,
                                   period_name, deleted_at)
select case when bs.k % 3 = 0 then null else bs.sid end, bs.site, yr.y, r.grades, d,
       r.s::time + (case yr.n when 1 then 0 else 10 end) * interval '1 minute',
       r.e::time + (case yr.n when 1 then 0 else 10 end) * interval '1 minute', r.name,
       case when (bs.k + d) % 19 = 0 then now() end
from bench_school bs, generate_series(1, 5) d, bench_year y,
     lateral (values (1, y.cur), (2, y.last), (3, y.next)) yr(n, y),
     (values ('K,1,2', '11:30', '12:00', 'Lunch'), ('3,4,5', '12:00', '12:30', 'Lunch'),
             ('K,1,2,3,4,5', '10:00', '10:15', 'Recess'), ('4,5', '08:00', '08:50', 'Period 1')) r(grades, s, e, name);

insert into public.special_activities (school_id, school_site, school_year, teacher_id, teacher_name, day_of_week,
                                       start_time, end_time, activity_name)
select bs.sid, bs.site, yr.y, md5('teacher' || bs.k || '-' || t)::uuid, 'Teacher ' || bs.k || '-' || t,
       (t + a) % 5 + 1, time '13:00' + ((t + a) % 4) * interval '30 minutes',
       time '13:45' + ((t + a) % 4) * interval '30 minutes', (array['PE', 'Music'])[a]
from bench_school bs, generate_series(1, 30) t, generate_series(1, 2) a, bench_year y,
     lateral (values (y.cur), (y.last), (y.next)) yr(y);

insert into public.school_hours (school_id, school_site, grade_level, day_of_week, start_time, end_time)
select bs.sid, bs.site, g.grade, d, g.s::time, g.e::time
from bench_school bs, generate_series(1, 5) d,
     (values ('K-AM', '08:00', '11:30'), ('K-PM', '11:30', '14:30'), ('1', '08:00', '14:30'), ('2', '08:00', '14:30'),
             ('3', '08:00', '15:00'), ('4', '08:00', '15:00'), ('5', '08:00', '15:00'), ('default', '08:00', '15:00'))
       g(grade, s, e);

insert into public.protected_times (provider_id, student_id, child_id, day_of_week, start_time, end_time, label)
select st.uid, case when st.j % 6 = 0 then null else st.id end, s.child_id, d, '10:30', '11:00', 'Mainstreaming'
from bench_student st join public.students s on s.id = st.id, generate_series(1, 3, 2) d
where st.j % 3 = 0;

insert into public.provider_busy_times (provider_id, kind, label, school_site, day_of_week, start_time, end_time)
select bp.uid, (array['meeting', 'duty', 'lunch', 'other'])[n], 'Busy ' || n, null, n, '14:00', '14:45'
from bench_provider bp, generate_series(1, 4) n;

commit;
set session_replication_role = origin;
vacuum analyze;
