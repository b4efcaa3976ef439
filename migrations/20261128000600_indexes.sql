-- Indexes for the queries get_scheduling_data_batch, apply_schedule and the RLS policies run (checked with
-- EXPLAIN on the district-scale bench: tests/sql/bench.sh prints the index names its plans use). The partial
-- "live template" indexes skip the dated instances, which outnumber templates about 20 to 1.

-- The caller's templates (batch: sessions, busy times at other schools): `provider_id = $1 and session_date is
-- null` is an index condition here, so one index serves the templates, the calendar's date ranges and the
-- cascade from profiles. (A partial template-only twin was tried: the planner preferred this one at district
-- scale, so the twin was dropped rather than kept as dead weight on every insert.)
create index if not exists idx_sessions_provider_date on public.schedule_sessions (provider_id, session_date);
-- Other providers' templates for the same child (batch: other_provider_sessions).
create index if not exists idx_sessions_student_template on public.schedule_sessions (student_id)
  where session_date is null and deleted_at is null;
-- The cascade from students (a foreign key cannot use the partial index above).
create index if not exists idx_sessions_student on public.schedule_sessions (student_id);

-- The caller's caseload, and the other providers' rows of the same child.
create index if not exists idx_students_provider_school on public.students (provider_id, school_id, school_site);
create index if not exists idx_students_child on public.students (child_id) where child_id is not null;

-- School-level rows under either school key: BitmapOr of the id index and the name index.
create index if not exists idx_bell_schedules_school_year on public.bell_schedules (school_id, school_year)
  where deleted_at is null;
create index if not exists idx_bell_schedules_site_year on public.bell_schedules (school_site, school_year)
  where deleted_at is null;
create index if not exists idx_special_activities_school_year on public.special_activities (school_id, school_year)
  where deleted_at is null;
create index if not exists idx_special_activities_site_year on public.special_activities (school_site, school_year)
  where deleted_at is null;
create index if not exists idx_school_hours_school on public.school_hours (school_id);
create index if not exists idx_school_hours_site on public.school_hours (school_site);

-- Protected times by student row (also the cascade from students) and by child.
create index if not exists idx_protected_times_student on public.protected_times (student_id);
create index if not exists idx_protected_times_child on public.protected_times (child_id)
  where child_id is not null and deleted_at is null;

create index if not exists idx_provider_busy_times_provider_day on public.provider_busy_times (provider_id, day_of_week);
