-- Bounds on free text that crosses tenants (shown in another provider's payload or view): a provider's role,
-- service types and group refs, labels and names, conflict reasons. NOT VALID: rows already stored are not
-- re-checked (the migration applies to any database as it is); every insert and update is.
-- sf_add_length_check(table, column, max) (re)creates the constraint <table>_<column>_length, so re-running is safe.
create or replace function public.sf_add_length_check(p_table text, p_column text, p_max int) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_name text := p_table || '_' || p_column || '_length';
begin
  execute format('alter table public.%I drop constraint if exists %I', p_table, v_name);
  execute format('alter table public.%I add constraint %I check (length(%I) <= %s) not valid', p_table, v_name, p_column, p_max);
end
$$;
revoke all on function public.sf_add_length_check(text, text, int) from public, anon, authenticated;

select public.sf_add_length_check(t, c, n) from (values
  ('profiles', 'role', 50),
  ('profiles', 'display_name', 200),
  ('schedule_sessions', 'service_type', 50),
  ('schedule_sessions', 'group_ref', 64),
  ('schedule_sessions', 'conflict_reason', 500),
  ('students', 'initials', 200),
  ('students', 'teacher_name', 200),
  ('students', 'grade_level', 200),
  ('students', 'school_site', 200),
  ('teachers', 'first_name', 200),
  ('teachers', 'last_name', 200),
  ('teachers', 'school_site', 200),
  ('bell_schedules', 'period_name', 200),
  ('bell_schedules', 'grade_level', 200),
  ('bell_schedules', 'school_site', 200),
  ('special_activities', 'teacher_name', 200),
  ('special_activities', 'activity_name', 200),
  ('special_activities', 'school_site', 200),
  ('school_hours', 'grade_level', 200),
  ('school_hours', 'school_site', 200),
  ('protected_times', 'label', 200),
  ('provider_busy_times', 'label', 200),
  ('provider_schools', 'school_site', 200)
) v(t, c, n);
