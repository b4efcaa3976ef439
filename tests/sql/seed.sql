-- Fictional seed for the SQL tests. Every row a scope rule must drop is seeded next to one it must keep.
-- Ids follow a pattern the tests share (tests/sql/lib/ids.mjs): users 1…, students 2…, sessions 3…,
-- bell rows 4…, special activities 5…, protected times 6…, busy times 7…, teachers 8…, links 9….
--
-- Schools: Maple Grove Elementary  069999000001  (rows under both key shapes)
--          Birch Hollow Elementary 069999000003  (provider A's second school)
--          Cedar Ridge Middle      no id        (a name-only school)
--          Aspen Valley Elementary 069999000004  (the end-to-end school)
-- Providers: A speech, two schools (Maple Grove Mon/Tue/Thu, Birch Hollow Wed/Fri)
--            B ot, Maple Grove only, no work-day rows; serves child C-1001 like A does
--            C resource, Cedar Ridge only;  D counselor, Birch Hollow only;  E resource, Aspen Valley only
--            S an SEA and T a specialist, both at Maple Grove, with no caseload of their own
-- Others:    N a new account with a profile and no link; M admin of Maple Grove (no profile); K admin of
--            Cedar Ridge by name
\set ON_ERROR_STOP 1
begin;

create temporary table sf_year on commit drop as
select public.sf_school_year_at(now(), 'America/Los_Angeles') as cur,
       (left(public.sf_school_year_at(now(), 'America/Los_Angeles'), 4)::int - 1)::text || '-' || left(public.sf_school_year_at(now(), 'America/Los_Angeles'), 4) as last,
       right(public.sf_school_year_at(now(), 'America/Los_Angeles'), 4) || '-' || (right(public.sf_school_year_at(now(), 'America/Los_Angeles'), 4)::int + 1)::text as next,
       -- This week's Monday: dated instances fall on the weekday of their template.
       current_date - (extract(isodow from current_date)::int - 1) as monday;

insert into auth.users (id, email) values
  ('10000000-0000-4000-8000-00000000000a', 'a@example.invalid'),
  ('10000000-0000-4000-8000-00000000000b', 'b@example.invalid'),
  ('10000000-0000-4000-8000-00000000000c', 'c@example.invalid'),
  ('10000000-0000-4000-8000-00000000000d', 'd@example.invalid'),
  ('10000000-0000-4000-8000-00000000000e', 'e@example.invalid'),
  ('10000000-0000-4000-8000-0000000000ff', 'noprofile@example.invalid'),
  ('10000000-0000-4000-8000-0000000005ea', 'sea@example.invalid'),
  ('10000000-0000-4000-8000-00000000005c', 'specialist@example.invalid'),
  ('10000000-0000-4000-8000-0000000000ee', 'new@example.invalid'),
  ('10000000-0000-4000-8000-0000000000ad', 'maple-admin@example.invalid'),
  ('10000000-0000-4000-8000-0000000000ac', 'cedar-admin@example.invalid');

insert into public.profiles (id, role, works_at_multiple_schools, display_name) values
  ('10000000-0000-4000-8000-00000000000a', 'speech', true, 'Provider A'),
  ('10000000-0000-4000-8000-00000000000b', 'ot', false, 'Provider B'),
  ('10000000-0000-4000-8000-00000000000c', 'resource', false, 'Provider C'),
  ('10000000-0000-4000-8000-00000000000d', 'counseling', false, 'Provider D'),
  ('10000000-0000-4000-8000-00000000000e', 'resource', false, 'Provider E'),
  ('10000000-0000-4000-8000-0000000005ea', 'sea', false, 'SEA S'),
  ('10000000-0000-4000-8000-00000000005c', 'specialist', false, 'Specialist T'),
  ('10000000-0000-4000-8000-0000000000ee', 'speech', false, 'New account N');

insert into public.schools (school_id, name) values
  ('069999000001', 'Maple Grove Elementary'),
  ('069999000003', 'Birch Hollow Elementary'),
  ('069999000004', 'Aspen Valley Elementary');

insert into public.provider_schools (id, provider_id, school_id, school_site, is_primary) values
  ('90000000-0000-4000-8000-0000000000a1', '10000000-0000-4000-8000-00000000000a', '069999000001', 'Maple Grove Elementary', true),
  ('90000000-0000-4000-8000-0000000000a3', '10000000-0000-4000-8000-00000000000a', '069999000003', 'Birch Hollow Elementary', false),
  ('90000000-0000-4000-8000-0000000000b1', '10000000-0000-4000-8000-00000000000b', '069999000001', 'Maple Grove Elementary', true),
  ('90000000-0000-4000-8000-0000000000c2', '10000000-0000-4000-8000-00000000000c', null, 'Cedar Ridge Middle', true),
  ('90000000-0000-4000-8000-0000000000d3', '10000000-0000-4000-8000-00000000000d', '069999000003', 'Birch Hollow Elementary', true),
  ('90000000-0000-4000-8000-0000000000e4', '10000000-0000-4000-8000-00000000000e', '069999000004', 'Aspen Valley Elementary', true),
  ('90000000-0000-4000-8000-0000000005a1', '10000000-0000-4000-8000-0000000005ea', '069999000001', 'Maple Grove Elementary', true),
  ('90000000-0000-4000-8000-0000000005c1', '10000000-0000-4000-8000-00000000005c', '069999000001', 'Maple Grove Elementary', true);

insert into public.school_admins (user_id, school_id, school_site) values
  ('10000000-0000-4000-8000-0000000000ad', '069999000001', 'Maple Grove Elementary'),
  ('10000000-0000-4000-8000-0000000000ac', null, 'Cedar Ridge Middle');

insert into public.user_site_schedules (user_id, site_assignment_id, day_of_week) values
  ('10000000-0000-4000-8000-00000000000a', '90000000-0000-4000-8000-0000000000a1', 4),
  ('10000000-0000-4000-8000-00000000000a', '90000000-0000-4000-8000-0000000000a1', 1),
  ('10000000-0000-4000-8000-00000000000a', '90000000-0000-4000-8000-0000000000a1', 2),
  ('10000000-0000-4000-8000-00000000000a', '90000000-0000-4000-8000-0000000000a3', 3),
  ('10000000-0000-4000-8000-00000000000a', '90000000-0000-4000-8000-0000000000a3', 5);

insert into public.teachers (id, created_by, first_name, last_name, school_id, school_site) values
  ('80000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-00000000000a', 'Dana', 'Okafor', '069999000001', 'Maple Grove Elementary'),
  ('80000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-00000000000a', 'Lee', 'Haddad', '069999000001', 'Maple Grove Elementary'),
  ('80000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-00000000000d', 'Sam', 'Ito', '069999000003', 'Birch Hollow Elementary');

insert into public.students (id, provider_id, initials, grade_level, teacher_id, teacher_name, child_id, school_id,
                             school_site, sessions_per_week, minutes_per_session) values
  -- A at Maple Grove
  ('20000000-0000-4000-8000-0000000000a1', '10000000-0000-4000-8000-00000000000a', 'AB', 'K', '80000000-0000-4000-8000-000000000001', null, 'C-1001', '069999000001', 'Maple Grove Elementary', 2, 30),
  ('20000000-0000-4000-8000-0000000000a2', '10000000-0000-4000-8000-00000000000a', 'CD', '2', null, 'Ms. Rivera', 'C-1002', '069999000001', 'Maple Grove Elementary', 1, 45),
  ('20000000-0000-4000-8000-0000000000a3', '10000000-0000-4000-8000-00000000000a', 'EF', '4', '80000000-0000-4000-8000-000000000002', 'Lee Haddad', null, '069999000001', 'Maple Grove Elementary', null, 30),
  -- the name-only shape of the same school
  ('20000000-0000-4000-8000-0000000000a4', '10000000-0000-4000-8000-00000000000a', 'GH', '3', null, null, null, null, 'Maple Grove Elementary', 1, 30),
  -- A at Birch Hollow: not in the Maple Grove payload; its sessions are busy time there
  ('20000000-0000-4000-8000-0000000000a5', '10000000-0000-4000-8000-00000000000a', 'IJ', '1', null, null, null, '069999000003', 'Birch Hollow Elementary', 2, 30),
  -- a different school that happens to share the name, under another id: not Maple Grove
  ('20000000-0000-4000-8000-0000000000a6', '10000000-0000-4000-8000-00000000000a', 'KZ', '1', null, null, null, '069999000099', 'Maple Grove Elementary', 1, 30),
  -- B at Maple Grove; b1 is the same child as a1
  ('20000000-0000-4000-8000-0000000000b1', '10000000-0000-4000-8000-00000000000b', 'AB', 'K', null, null, 'C-1001', '069999000001', 'Maple Grove Elementary', 1, 30),
  ('20000000-0000-4000-8000-0000000000b2', '10000000-0000-4000-8000-00000000000b', 'MN', '5', null, null, 'C-2002', '069999000001', 'Maple Grove Elementary', 2, 30),
  -- C at the name-only school
  ('20000000-0000-4000-8000-0000000000c1', '10000000-0000-4000-8000-00000000000c', 'OP', '7', null, 'Mr. Lund', null, null, 'Cedar Ridge Middle', 2, 45),
  -- D at Birch Hollow; d1 is the same child as a2
  ('20000000-0000-4000-8000-0000000000d1', '10000000-0000-4000-8000-00000000000d', 'CD', '2', null, null, 'C-1002', '069999000003', 'Birch Hollow Elementary', 1, 30);

insert into public.schedule_sessions (id, provider_id, student_id, day_of_week, start_time, end_time, session_date,
                                      service_type, delivered_by, status, deleted_at, group_ref)
select v.id::uuid, v.provider_id::uuid, v.student_id::uuid, v.day_of_week, v.start_time::time, v.end_time::time,
       case when v.dated then y.monday + (v.day_of_week - 1) end, v.service_type, 'provider', 'active',
       case when v.deleted then now() - interval '1 day' end, v.group_ref
from sf_year y, (values
  -- A at Maple Grove: two live templates, a placeholder, one of the name-only student
  ('30000000-0000-4000-8000-0000000a1001', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a1', 1, '09:00', '09:30', false, false, 'speech', 'grp-1'),
  ('30000000-0000-4000-8000-0000000a1002', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a1', null, null, null, false, false, 'speech', null),
  ('30000000-0000-4000-8000-0000000a2001', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a2', 2, '10:00', '10:45', false, false, 'speech', null),
  ('30000000-0000-4000-8000-0000000a4001', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a4', 4, '13:00', '13:30', false, false, 'speech', null),
  -- dropped: soft-deleted template, dated instance
  ('30000000-0000-4000-8000-0000000a2d01', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a2', 3, '10:00', '10:45', false, true, 'speech', null),
  ('30000000-0000-4000-8000-0000000a2e01', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a2', 2, '10:00', '10:45', true, false, 'speech', null),
  -- A at Birch Hollow: busy time (day/time only) in the Maple Grove payload; the deleted one is not
  ('30000000-0000-4000-8000-0000000a5001', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a5', 3, '09:00', '09:30', false, false, 'speech', null),
  ('30000000-0000-4000-8000-0000000a5d01', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a5', 5, '09:00', '09:30', false, true, 'speech', null),
  -- A at the other "Maple Grove Elementary" (069999000099): busy time as well
  ('30000000-0000-4000-8000-0000000a6001', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a6', 5, '14:00', '14:30', false, false, 'speech', null),
  -- B: a live template of the shared child C-1001 (shows as other-provider time for a1), its dated instance and a
  -- deleted one (both dropped), and a template of an unrelated child (dropped)
  ('30000000-0000-4000-8000-0000000b1001', '10000000-0000-4000-8000-00000000000b', '20000000-0000-4000-8000-0000000000b1', 1, '11:00', '11:30', false, false, 'ot', 'b-secret-group'),
  ('30000000-0000-4000-8000-0000000b1e01', '10000000-0000-4000-8000-00000000000b', '20000000-0000-4000-8000-0000000000b1', 3, '08:00', '08:30', true, false, 'ot', null),
  ('30000000-0000-4000-8000-0000000b1d01', '10000000-0000-4000-8000-00000000000b', '20000000-0000-4000-8000-0000000000b1', 4, '08:00', '08:30', false, true, 'ot', null),
  ('30000000-0000-4000-8000-0000000b2001', '10000000-0000-4000-8000-00000000000b', '20000000-0000-4000-8000-0000000000b2', 2, '12:00', '12:30', false, false, 'ot', null),
  -- D: a template of child C-1002 at Birch Hollow (other-provider time for a2, whatever the school)
  ('30000000-0000-4000-8000-0000000d1001', '10000000-0000-4000-8000-00000000000d', '20000000-0000-4000-8000-0000000000d1', 5, '10:00', '10:30', false, false, 'counseling', null),
  -- C at the name-only school
  ('30000000-0000-4000-8000-0000000c1001', '10000000-0000-4000-8000-00000000000c', '20000000-0000-4000-8000-0000000000c1', 2, '09:00', '09:45', false, false, 'resource', null)
) as v(id, provider_id, student_id, day_of_week, start_time, end_time, dated, deleted, service_type, group_ref);

insert into public.bell_schedules (id, created_by, school_id, school_site, school_year, grade_level, day_of_week,
                                   start_time, end_time, period_name, deleted_at)
select v.id::uuid, '10000000-0000-4000-8000-00000000000a'::uuid, v.school_id, v.school_site,
       case v.yr when 'cur' then y.cur when 'last' then y.last else y.next end,
       v.grade_level, v.day_of_week, v.start_time::time, v.end_time::time, v.period_name,
       case when v.deleted then now() end
from sf_year y, (values
  ('40000000-0000-4000-8000-000000000001', '069999000001', 'Maple Grove Elementary', 'cur', 'K,1,2', 1, '11:30', '12:00', 'Lunch', false),
  ('40000000-0000-4000-8000-000000000002', null, 'Maple Grove Elementary', 'cur', '3, 4', 2, '10:00', '10:15', 'Recess', false),
  ('40000000-0000-4000-8000-000000000003', '069999000001', 'Maple Grove Elementary', 'cur', '', 3, '08:00', '08:50', 'Period 1', false),
  ('40000000-0000-4000-8000-000000000004', '069999000001', 'Maple Grove Elementary', 'cur', 'K', 4, '12:30', '12:45', null, false),
  ('40000000-0000-4000-8000-000000000011', '069999000001', 'Maple Grove Elementary', 'last', 'K,1,2', 1, '11:00', '11:30', 'Lunch (last year)', false),
  ('40000000-0000-4000-8000-000000000012', null, 'Maple Grove Elementary', 'last', '3,4', 2, '10:30', '10:45', 'Recess (last year)', false),
  ('40000000-0000-4000-8000-000000000013', '069999000001', 'Maple Grove Elementary', 'next', 'K', 1, '09:00', '09:15', 'Brunch (next year)', false),
  ('40000000-0000-4000-8000-000000000014', '069999000001', 'Maple Grove Elementary', 'cur', 'K', 5, '09:00', '09:15', 'Brunch (deleted)', true),
  ('40000000-0000-4000-8000-000000000015', '069999000003', 'Birch Hollow Elementary', 'cur', 'K', 1, '09:00', '09:15', 'Birch lunch', false),
  ('40000000-0000-4000-8000-000000000016', '069999000099', 'Maple Grove Elementary', 'cur', 'K', 1, '13:00', '13:30', 'Other Maple Grove lunch', false),
  ('40000000-0000-4000-8000-000000000021', null, 'Cedar Ridge Middle', 'cur', '6,7,8', 3, '12:00', '12:40', 'Cedar lunch', false),
  ('40000000-0000-4000-8000-000000000022', '069999000777', 'Cedar Ridge Middle', 'cur', '7', 4, '10:00', '10:10', 'Cedar break (under an id)', false),
  ('40000000-0000-4000-8000-000000000023', null, 'Cedar Ridge Middle', 'last', '7', 4, '11:00', '11:10', 'Cedar last year', false),
  ('40000000-0000-4000-8000-000000000041', '069999000004', 'Aspen Valley Elementary', 'cur', 'K,1,2,3,4,5', 1, '11:30', '12:15', 'Lunch', false),
  ('40000000-0000-4000-8000-000000000042', '069999000004', 'Aspen Valley Elementary', 'cur', 'K,1,2,3,4,5', 2, '11:30', '12:15', 'Lunch', false),
  ('40000000-0000-4000-8000-000000000043', '069999000004', 'Aspen Valley Elementary', 'cur', 'K,1,2,3,4,5', 3, '11:30', '12:15', 'Lunch', false),
  ('40000000-0000-4000-8000-000000000044', '069999000004', 'Aspen Valley Elementary', 'cur', 'K,1,2,3,4,5', 4, '11:30', '12:15', 'Lunch', false),
  ('40000000-0000-4000-8000-000000000045', '069999000004', 'Aspen Valley Elementary', 'cur', 'K,1,2,3,4,5', 5, '11:30', '12:15', 'Lunch', false),
  ('40000000-0000-4000-8000-000000000046', null, 'Aspen Valley Elementary', 'cur', '1,2', 3, '10:00', '10:20', 'Recess', false)
) as v(id, school_id, school_site, yr, grade_level, day_of_week, start_time, end_time, period_name, deleted);

insert into public.special_activities (id, created_by, school_id, school_site, school_year, teacher_id, teacher_name,
                                       day_of_week, start_time, end_time, activity_name, deleted_at)
select v.id::uuid, '10000000-0000-4000-8000-00000000000a'::uuid, v.school_id, v.school_site,
       case v.yr when 'cur' then y.cur else y.last end, v.teacher_id::uuid, v.teacher_name, v.day_of_week,
       v.start_time::time, v.end_time::time, v.activity_name, case when v.deleted then now() end
from sf_year y, (values
  ('50000000-0000-4000-8000-000000000001', '069999000001', 'Maple Grove Elementary', 'cur', '80000000-0000-4000-8000-000000000001', 'Dana Okafor', 2, '13:00', '13:45', 'PE', false),
  ('50000000-0000-4000-8000-000000000002', null, 'Maple Grove Elementary', 'cur', null, 'Ms.  Rivera', 4, '09:00', '09:45', 'Music', false),
  ('50000000-0000-4000-8000-000000000011', '069999000001', 'Maple Grove Elementary', 'last', '80000000-0000-4000-8000-000000000001', 'Dana Okafor', 1, '13:00', '13:45', 'PE (last year)', false),
  ('50000000-0000-4000-8000-000000000012', '069999000001', 'Maple Grove Elementary', 'cur', null, 'Ms. Rivera', 5, '13:00', '13:45', 'Library (deleted)', true),
  ('50000000-0000-4000-8000-000000000013', '069999000003', 'Birch Hollow Elementary', 'cur', '80000000-0000-4000-8000-000000000003', 'Sam Ito', 1, '13:00', '13:45', 'Birch PE', false),
  ('50000000-0000-4000-8000-000000000041', '069999000004', 'Aspen Valley Elementary', 'cur', null, 'Pat Moreno', 1, '13:00', '13:45', 'PE', false)
) as v(id, school_id, school_site, yr, teacher_id, teacher_name, day_of_week, start_time, end_time, activity_name, deleted);

insert into public.school_hours (school_id, school_site, grade_level, day_of_week, start_time, end_time)
select '069999000001', 'Maple Grove Elementary', 'default', d, '08:00'::time, '14:30'::time from generate_series(1, 5) d
union all
-- The name-only twin of Monday's default row: the row under the school's id wins.
select null, 'Maple Grove Elementary', 'default', 1, '07:00', '16:00'
union all
select null, 'Maple Grove Elementary', 'K-AM', d, '08:00', '11:30' from generate_series(1, 5) d
union all
select '069999000003', 'Birch Hollow Elementary', 'default', d, '08:15', '15:00' from generate_series(1, 5) d
union all
select '069999000004', 'Aspen Valley Elementary', 'default', d, '08:00', '15:00' from generate_series(1, 5) d
union all
select '069999000004', 'Aspen Valley Elementary', 'K', d, '08:00', '12:00' from generate_series(1, 5) d;

insert into public.protected_times (id, provider_id, student_id, child_id, day_of_week, start_time, end_time, label, deleted_at)
values
  -- a1 directly
  ('60000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a1', null, 1, '13:00', '14:00', 'Mainstreaming', null),
  -- entered by B under b1 (same child as a1), without a child_id: keyed to a1 in A's payload
  ('60000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-00000000000b', '20000000-0000-4000-8000-0000000000b1', null, 3, '09:00', '09:40', 'Push-in reading', null),
  -- by child only (a2's child), entered by D
  ('60000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-00000000000d', null, 'C-1002', 4, '10:00', '10:30', 'Speech group at Birch', null),
  -- dropped: deleted; another child
  ('60000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-0000000000a1', null, 2, '13:00', '14:00', 'Old block (deleted)', now()),
  ('60000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-00000000000b', '20000000-0000-4000-8000-0000000000b2', 'C-2002', 2, '13:00', '14:00', 'B only', null);

insert into public.provider_busy_times (id, provider_id, kind, label, school_id, school_site, day_of_week, start_time, end_time, deleted_at)
values
  ('70000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-00000000000a', 'meeting', 'IEP meeting', '069999000001', 'Maple Grove Elementary', 2, '14:00', '15:00', null),
  ('70000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-00000000000a', 'duty', 'Bus duty (deleted)', '069999000001', 'Maple Grove Elementary', 1, '14:30', '15:00', now()),
  ('70000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-00000000000b', 'duty', 'B duty', '069999000001', 'Maple Grove Elementary', 1, '12:00', '12:30', null),
  ('70000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-00000000000a', 'lunch', 'Lunch', null, null, 4, '11:45', '12:15', null);

-- E: the end-to-end caseload at Aspen Valley. Mon–Fri (no work-day rows, single school), needs 11 sessions,
-- has one live template and one placeholder.
insert into public.students (id, provider_id, initials, grade_level, teacher_name, child_id, school_id, school_site,
                             sessions_per_week, minutes_per_session)
values
  ('20000000-0000-4000-8000-0000000000e1', '10000000-0000-4000-8000-00000000000e', 'QA', 'K', 'Pat Moreno', 'C-3001', '069999000004', 'Aspen Valley Elementary', 2, 30),
  ('20000000-0000-4000-8000-0000000000e2', '10000000-0000-4000-8000-00000000000e', 'QB', '1', 'Pat Moreno', 'C-3002', '069999000004', 'Aspen Valley Elementary', 3, 30),
  ('20000000-0000-4000-8000-0000000000e3', '10000000-0000-4000-8000-00000000000e', 'QC', '2', 'Ari Chen', 'C-3003', '069999000004', 'Aspen Valley Elementary', 2, 45),
  ('20000000-0000-4000-8000-0000000000e4', '10000000-0000-4000-8000-00000000000e', 'QD', '3', 'Ari Chen', null, '069999000004', 'Aspen Valley Elementary', 1, 60),
  ('20000000-0000-4000-8000-0000000000e5', '10000000-0000-4000-8000-00000000000e', 'QE', '4', null, null, null, 'Aspen Valley Elementary', 3, 20),
  ('20000000-0000-4000-8000-0000000000e6', '10000000-0000-4000-8000-00000000000e', 'QF', '5', null, null, '069999000004', 'Aspen Valley Elementary', null, null);

insert into public.schedule_sessions (id, provider_id, student_id, day_of_week, start_time, end_time, service_type)
values
  ('30000000-0000-4000-8000-0000000e1001', '10000000-0000-4000-8000-00000000000e', '20000000-0000-4000-8000-0000000000e1', 1, '09:00', '09:30', 'resource'),
  ('30000000-0000-4000-8000-0000000e2001', '10000000-0000-4000-8000-00000000000e', '20000000-0000-4000-8000-0000000000e2', null, null, null, 'resource');

insert into public.protected_times (provider_id, student_id, child_id, day_of_week, start_time, end_time, label)
select '10000000-0000-4000-8000-00000000000e', '20000000-0000-4000-8000-0000000000e3', 'C-3003', d, '08:00', '10:00', 'Reading block'
from generate_series(1, 5) d;

insert into public.provider_busy_times (provider_id, kind, label, day_of_week, start_time, end_time)
values ('10000000-0000-4000-8000-00000000000e', 'meeting', 'Staff meeting', 3, '14:00', '15:00');

commit;
analyze;
