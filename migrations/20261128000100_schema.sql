-- slotfit schema: the tables the scheduling payload reads and the write-back changes.
-- Days are ISO (Monday = 1 … Sunday = 7). Intervals are half-open [start_time, end_time).
-- A school is named by two keys: school_id (NCES-like, may be unknown) and school_site (its name). Rows of
-- both shapes exist (school_id set, or school_id null and only the name), so every school-level table keeps both.

-- Shared updated_at maintenance: the write-back and the UI both rely on it for "last edited".
create or replace function public.sf_touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create table if not exists public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  role text not null,
  works_at_multiple_schools boolean not null default false,
  display_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_role_nonempty check (length(btrim(role)) > 0)
);

-- A directory of schools; school-level rows do not reference it because imported rows may carry ids it lacks.
create table if not exists public.schools (
  school_id text primary key,
  name text not null,
  district_name text,
  created_at timestamptz not null default now()
);

-- Which schools a provider works at; the link that grants access to a school's shared rows.
create table if not exists public.provider_schools (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references public.profiles (id) on delete cascade,
  school_id text,
  school_site text not null,
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  constraint provider_schools_site_nonempty check (length(btrim(school_site)) > 0)
);
create unique index if not exists provider_schools_unique_school
  on public.provider_schools (provider_id, school_site, coalesce(school_id, ''));

-- A provider's work days at one linked school: one row per day (absent day = not working there).
create table if not exists public.user_site_schedules (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  site_assignment_id uuid not null references public.provider_schools (id) on delete cascade,
  day_of_week smallint not null,
  created_at timestamptz not null default now(),
  constraint user_site_schedules_day check (day_of_week between 1 and 7),
  constraint user_site_schedules_unique_day unique (site_assignment_id, day_of_week)
);

create table if not exists public.teachers (
  id uuid primary key default gen_random_uuid(),
  created_by uuid references public.profiles (id) on delete set null,
  first_name text,
  last_name text not null,
  school_id text,
  school_site text,
  created_at timestamptz not null default now(),
  constraint teachers_school_named check (school_id is not null or school_site is not null)
);

-- A provider's caseload. child_id names the child across providers (two providers serving one child each
-- have their own students row; child_id ties them together for protected times and other providers' sessions).
create table if not exists public.students (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references public.profiles (id) on delete cascade,
  initials text not null,
  grade_level text,
  teacher_id uuid references public.teachers (id) on delete set null,
  teacher_name text,
  child_id text,
  school_id text,
  school_site text,
  sessions_per_week integer,
  minutes_per_session integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint students_initials_nonempty check (length(btrim(initials)) > 0),
  constraint students_school_named check (school_id is not null or school_site is not null),
  constraint students_sessions_per_week check (sessions_per_week is null or sessions_per_week between 0 and 20),
  constraint students_minutes_per_session check (minutes_per_session is null or minutes_per_session between 0 and 480)
);

-- Weekly templates (session_date null) and their dated instances (session_date set). A template with null
-- day/times is a placeholder waiting for auto-schedule. Soft delete through deleted_at.
create table if not exists public.schedule_sessions (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references public.profiles (id) on delete cascade,
  student_id uuid not null references public.students (id) on delete cascade,
  day_of_week smallint,
  start_time time,
  end_time time,
  session_date date,
  template_id uuid,
  service_type text not null,
  delivered_by text not null default 'provider',
  assigned_to_sea_id uuid,
  assigned_to_specialist_id uuid,
  status text not null default 'active',
  has_conflict boolean not null default false,
  conflict_reason text,
  group_ref text,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint schedule_sessions_all_or_none
    check ((day_of_week is null) = (start_time is null) and (start_time is null) = (end_time is null)),
  constraint schedule_sessions_day check (day_of_week between 1 and 7),
  constraint schedule_sessions_end_after_start check (end_time > start_time),
  -- Minute resolution: a second-level time would round differently in the core and the grid.
  constraint schedule_sessions_whole_minutes
    check (extract(second from start_time) = 0 and extract(second from end_time) = 0),
  -- A dated instance is a real occurrence: it has a time, on the weekday of its date.
  constraint schedule_sessions_instance_day
    check (session_date is null or (day_of_week is not null and day_of_week = extract(isodow from session_date))),
  constraint schedule_sessions_delivered_by check (delivered_by in ('provider', 'sea', 'specialist')),
  constraint schedule_sessions_status check (status in ('active', 'needs_attention')),
  constraint schedule_sessions_service_type_nonempty check (length(btrim(service_type)) > 0)
);

-- "YYYY-YYYY", the school year rows are entered for.
create table if not exists public.bell_schedules (
  id uuid primary key default gen_random_uuid(),
  created_by uuid references public.profiles (id) on delete set null,
  school_id text,
  school_site text,
  school_year text not null,
  grade_level text not null default '',
  day_of_week smallint not null,
  start_time time not null,
  end_time time not null,
  period_name text,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  constraint bell_schedules_school_named check (school_id is not null or school_site is not null),
  constraint bell_schedules_school_year check (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  constraint bell_schedules_day check (day_of_week between 1 and 7),
  constraint bell_schedules_end_after_start check (end_time > start_time)
);

create table if not exists public.special_activities (
  id uuid primary key default gen_random_uuid(),
  created_by uuid references public.profiles (id) on delete set null,
  school_id text,
  school_site text,
  school_year text not null,
  teacher_id uuid references public.teachers (id) on delete set null,
  teacher_name text not null,
  day_of_week smallint not null,
  start_time time not null,
  end_time time not null,
  activity_name text,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  constraint special_activities_school_named check (school_id is not null or school_site is not null),
  constraint special_activities_school_year check (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  constraint special_activities_day check (day_of_week between 1 and 7),
  constraint special_activities_end_after_start check (end_time > start_time)
);

-- grade_level: "K", "K-AM", "TK-PM", "1", …, or "default".
create table if not exists public.school_hours (
  id uuid primary key default gen_random_uuid(),
  created_by uuid references public.profiles (id) on delete set null,
  school_id text,
  school_site text,
  grade_level text not null,
  day_of_week smallint not null,
  start_time time not null,
  end_time time not null,
  created_at timestamptz not null default now(),
  constraint school_hours_school_named check (school_id is not null or school_site is not null),
  constraint school_hours_day check (day_of_week between 1 and 7),
  constraint school_hours_end_after_start check (end_time > start_time)
);
create unique index if not exists school_hours_unique_school_grade_day
  on public.school_hours (coalesce(school_id, ''), coalesce(school_site, ''), grade_level, day_of_week);

-- Times a student must not be pulled out (mainstreaming, push-in). provider_id is who entered it; the row may
-- name another provider's student, and child_id makes it apply to every provider serving that child.
create table if not exists public.protected_times (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references public.profiles (id) on delete cascade,
  student_id uuid references public.students (id) on delete cascade,
  child_id text,
  day_of_week smallint not null,
  start_time time not null,
  end_time time not null,
  label text,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  constraint protected_times_names_a_child check (student_id is not null or child_id is not null),
  constraint protected_times_day check (day_of_week between 1 and 7),
  constraint protected_times_end_after_start check (end_time > start_time)
);

-- The provider's own unavailable time (meetings, duties, lunch); private to that provider.
create table if not exists public.provider_busy_times (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references public.profiles (id) on delete cascade,
  kind text not null default 'meeting',
  label text,
  school_id text,
  school_site text,
  day_of_week smallint not null,
  start_time time not null,
  end_time time not null,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  constraint provider_busy_times_kind check (kind in ('meeting', 'duty', 'lunch', 'other')),
  constraint provider_busy_times_day check (day_of_week between 1 and 7),
  constraint provider_busy_times_end_after_start check (end_time > start_time)
);

create or replace trigger profiles_touch_updated_at before update on public.profiles
  for each row execute function public.sf_touch_updated_at();
create or replace trigger students_touch_updated_at before update on public.students
  for each row execute function public.sf_touch_updated_at();
create or replace trigger schedule_sessions_touch_updated_at before update on public.schedule_sessions
  for each row execute function public.sf_touch_updated_at();
