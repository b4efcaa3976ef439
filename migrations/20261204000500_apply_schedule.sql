-- apply_schedule, fourth version (replaces 20261204000400's definition; the helpers defined there stay). Changed:
-- the locks it takes, so that two saves running at once never wait on each other in a cycle
-- (tests/sql/lock-order.test.mjs forces each interleaving). Everything else, arguments, answer, errors and the
-- group label rule, is as 20261204000400 describes it.
--
-- Lock order, the same in every call:
--   1. the caller's advisory lock ('slotfit.apply_schedule:<uid>'): one save per provider at a time, so two tabs
--      of one provider saving groups in any order take turns (the second is then refused as stale, PT409);
--   2. the caller's version row (schedule_versions), before the stale check: a table write of the caller's
--      templates that has bumped it and not committed holds it, and the check then waits and sees its version;
--   3. the caller's templates the rows name (removed ones too) and the live ones at a time a saved row goes to
--      (the members the label rule may relabel), in id order;
--   4. the advisory lock of every person the save assigns ('slotfit.assignee:<uid>', which the assignee guard
--      takes per row), in uuid order. Before, the guard took them in the order of p_rows: provider A assigning
--      SEA S then specialist T, and provider B assigning T then S, could each hold one and wait for the other;
--   5. while writing: the rows it inserts (and their students' key locks), and rarely a member that joined a
--      group after 3; then the children counters (child_data_versions, the caller's keys only) in (child,
--      provider) order, in one statement; the version row of 2 is already held.
-- 2 to 4 are taken together and only 2 is waited for: a row or person that is busy gives all three back (an
-- exception block), is waited for holding none of them, and the call starts over (then, after 5 attempts, waits
-- for each in turn). A direct table statement (not apply_schedule) locks its rows first and the version row when
-- it ends (the statement trigger), so a save that held the version row while waiting for such a row would wait
-- on a statement waiting on it. Taking the rows before the version row instead would deadlock with a
-- transaction whose earlier statement bumped the version and whose later one touches a row the save holds.
-- A row naming another provider's session is refused (42501) without locking it or waiting for it.
-- Two saves of different providers share no row and no counter (each keys its own): they meet only in 4.

create or replace function public.apply_schedule(p_rows jsonb, p_data_version text, p_request_id uuid)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  c_max_rows constant int := 2000;
  c_lock_attempts constant int := 5;
  c_keys constant text[] := array['op', 'id', 'student_id', 'day_of_week', 'start_time', 'end_time', 'service_type',
    'delivered_by', 'assigned_to_sea_id', 'assigned_to_specialist_id', 'status', 'has_conflict',
    'conflict_reason', 'group_ref'];
  c_uuid constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
  c_time constant text := '^(([01][0-9]|2[0-3]):[0-5][0-9](:00)?|24:00(:00)?)$';
  v_uid uuid := auth.uid();
  v_role text;
  v_digest text;
  v_prev record;
  v_current text;
  v_sent_template text;
  v_before public.schedule_sessions[];
  v_row jsonb;
  v_n int := -1;
  v_where text;
  v_key text;
  v_id uuid;
  v_student uuid;
  v_owner uuid;
  v_day smallint;
  v_start time;
  v_end time;
  v_has_conflict boolean;
  v_reason text;
  v_status text;
  v_old public.schedule_sessions%rowtype;
  v_assignee uuid;
  v_lock_rows uuid[];
  v_assignees uuid[];
  v_attempt int;
  v_locked boolean := false;
  v_have_version boolean;
  v_ids uuid[] := '{}';
  v_inserted int := 0;
  v_updated int := 0;
  v_removed int := 0;
  v_answer jsonb;
  v_state text;
  v_message text;
  v_detail text;
  v_hint text;
begin
  if v_uid is null then
    raise exception using errcode = '28000',
      message = 'apply_schedule: not authenticated (the request carries no JWT subject)';
  end if;
  if p_request_id is null then
    raise exception using errcode = '22023', message = 'apply_schedule: p_request_id is required';
  end if;
  if p_data_version is null then
    raise exception using errcode = '22023',
      message = 'apply_schedule: p_data_version is required (the data_version of the payload the rows were made from)';
  end if;
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    raise exception using errcode = '22023', message = 'apply_schedule: p_rows must be a JSON array of session rows';
  end if;
  if jsonb_array_length(p_rows) > c_max_rows then
    raise exception using errcode = '22023',
      message = format('apply_schedule: %s rows in one call; at most %s', jsonb_array_length(p_rows), c_max_rows);
  end if;
  select p.role into v_role from public.profiles p where p.id = v_uid;
  if not found then
    raise exception using errcode = '42501', message = 'apply_schedule: the caller has no provider profile';
  end if;

  -- One writer per provider at a time; a second one waits here, then finds the version moved and is refused.
  perform pg_advisory_xact_lock(hashtextextended('slotfit.apply_schedule:' || v_uid::text, 0));

  -- A retry is answered before the version check: the first call moved the version the retry still carries.
  v_digest := md5(p_rows::text);
  select r.rows_digest, r.answer into v_prev
  from public.schedule_write_requests r
  where r.provider_id = v_uid and r.request_id = p_request_id;
  if found then
    if v_prev.rows_digest <> v_digest then
      raise exception using errcode = '22023',
        message = format('apply_schedule: request %s was already used for different rows', p_request_id);
    end if;
    return v_prev.answer;
  end if;

  -- Steps 2 to 4 of the lock order (see the header). What to lock is read first, without locks: the caller's
  -- templates the rows name (removed ones too) and the live ones at a time a saved row goes to (a superset of
  -- the members the label rule may relabel), by id; and every person the saved rows will assign, by uuid. A row
  -- that leaves an assignee key out keeps the stored one; relabelled members share a saved row's slot, assignees
  -- included. Casts sit inside CASE (a join or WHERE has no evaluation order): a malformed value locks nothing
  -- here and is refused, with its row, in the loop below.
  insert into public.schedule_versions (provider_id, version) values (v_uid, 0) on conflict (provider_id) do nothing;
  with saved as (
    select e.value as r,
           case when jsonb_typeof(e.value -> 'id') = 'string' and (e.value ->> 'id') ~ c_uuid
                then (e.value ->> 'id')::uuid end as id
    from jsonb_array_elements(p_rows) e
    where jsonb_typeof(e.value) = 'object'
  )
  select array(select ss.id from public.schedule_sessions ss
               where ss.provider_id = v_uid and ss.session_date is null
                 and (ss.id in (select sv.id from saved sv)
                      or (ss.deleted_at is null and ss.day_of_week is not null
                          and (ss.day_of_week::text, to_char(ss.start_time, 'HH24:MI'), to_char(ss.end_time, 'HH24:MI'))
                              in (select sv.r ->> 'day_of_week', left(sv.r ->> 'start_time', 5), left(sv.r ->> 'end_time', 5)
                                  from saved sv where not sv.r ? 'op')))
               order by ss.id),
         array(select distinct a.assignee from (
                 select case when sv.r ? k.col then case when (sv.r ->> k.col) ~ c_uuid then (sv.r ->> k.col)::uuid end
                             when k.col = 'assigned_to_sea_id' then ss.assigned_to_sea_id
                             else ss.assigned_to_specialist_id end as assignee
                 from saved sv
                 cross join (values ('assigned_to_sea_id'), ('assigned_to_specialist_id')) k(col)
                 left join public.schedule_sessions ss on ss.id = sv.id and ss.provider_id = v_uid
                 where not sv.r ? 'op') a
               where a.assignee is not null
               order by a.assignee)
    into v_lock_rows, v_assignees;

  -- Taken together, waiting only for the version row (while holding nothing but the caller's advisory lock). A
  -- row or person that is busy ends the attempt: the exception block gives back all it took, the version row
  -- too, and the call waits for what was busy without holding anything a writer in the middle of a statement
  -- may want next (a direct table statement locks rows first and the version row last), then tries again.
  for v_attempt in 1 .. c_lock_attempts loop
    begin
      v_have_version := false;
      select sv.version::text into v_current from public.schedule_versions sv where sv.provider_id = v_uid for update;
      v_have_version := true;
      perform 1 from public.schedule_sessions ss where ss.id = any (v_lock_rows) and ss.provider_id = v_uid
      order by ss.id for update nowait;
      foreach v_assignee in array v_assignees loop
        if not pg_try_advisory_xact_lock(hashtextextended('slotfit.assignee:' || v_assignee::text, 0)) then
          raise exception using errcode = '55P03';
        end if;
      end loop;
      v_locked := true;
    exception when lock_not_available then
      -- The caller's lock_timeout ran out on the version row itself: that is the caller's answer, not a busy row.
      if not v_have_version then
        raise;
      end if;
      v_locked := false;
    end;
    exit when v_locked;
    begin
      perform 1 from public.schedule_sessions ss where ss.id = any (v_lock_rows) and ss.provider_id = v_uid
      order by ss.id for update;
      foreach v_assignee in array v_assignees loop
        perform pg_advisory_xact_lock(hashtextextended('slotfit.assignee:' || v_assignee::text, 0));
      end loop;
      raise exception using errcode = 'SF000';  -- gives them back
    exception when sqlstate 'SF000' then
      null;
    end;
  end loop;
  if not v_locked then
    -- Still busy after every attempt: wait for each in order, holding the version row.
    select sv.version::text into v_current from public.schedule_versions sv where sv.provider_id = v_uid for update;
    perform 1 from public.schedule_sessions ss where ss.id = any (v_lock_rows) and ss.provider_id = v_uid
    order by ss.id for update;
    foreach v_assignee in array v_assignees loop
      perform pg_advisory_xact_lock(hashtextextended('slotfit.assignee:' || v_assignee::text, 0));
    end loop;
  end if;

  -- The version row is compared while locked: a table write that has bumped it but not committed yet holds
  -- that lock, so this waited for it and now sees its version (PT409) instead of overwriting its edit.
  -- Only the template part: the other parts describe what the client read, not what this call overwrites.
  v_sent_template := substring(p_data_version from '^t([0-9]+)(\.|$)');
  if v_sent_template is distinct from v_current then
    raise exception using errcode = 'PT409',
      message = format('apply_schedule: stale data_version %s (the schedule is now at %s); nothing was written',
                       public.sf_clip(p_data_version), public.sf_clip(public.sf_with_template_version(p_data_version, v_current))),
      hint = 'Reload with get_scheduling_data_batch and schedule again.';
  end if;

  -- The named rows' live templates as they were, for the label rule and the children part of data_version.
  v_before := array(
    select ss from public.schedule_sessions ss
    where ss.provider_id = v_uid and ss.session_date is null and ss.deleted_at is null
      and ss.id in (select (e.value ->> 'id')::uuid from jsonb_array_elements(p_rows) e
                    where jsonb_typeof(e.value) = 'object' and jsonb_typeof(e.value -> 'id') = 'string'
                      and (e.value ->> 'id') ~ c_uuid)
    order by ss.id);

  -- One version step for the whole call (the trigger skips our rows meanwhile; see sf_bump_schedule_version).
  -- The rows written carry the caller's request and the version the call ends at (sf_stamp_session).
  perform set_config('slotfit.apply_schedule_provider', v_uid::text, true);
  perform set_config('slotfit.request_id', p_request_id::text, true);
  perform set_config('slotfit.template_version', (v_current::bigint + 1)::text, true);
  begin
    for v_row in select e.value from jsonb_array_elements(p_rows) e loop
      v_n := v_n + 1;
      v_where := format('apply_schedule: row %s', v_n);
      if jsonb_typeof(v_row) <> 'object' then
        raise exception using errcode = '22023', message = v_where || ': not an object';
      end if;
      for v_key in select jsonb_object_keys(v_row) loop
        if not v_key = any (c_keys) then
          raise exception using errcode = '22023', message = format('%s: unknown key %s', v_where, public.sf_quote(v_key));
        end if;
      end loop;

      if jsonb_typeof(v_row -> 'id') is distinct from 'string' or (v_row ->> 'id') !~ c_uuid then
        raise exception using errcode = '22023', message = v_where || ': id must be a uuid string';
      end if;
      v_id := (v_row ->> 'id')::uuid;
      v_where := format('apply_schedule: row %s (id %s)', v_n, v_id);
      if v_id = any (v_ids) then
        raise exception using errcode = '22023', message = v_where || ': the id appears twice in p_rows';
      end if;

      if v_row ? 'op' then
        if (v_row -> 'op') is distinct from '"remove"'::jsonb then
          raise exception using errcode = '22023',
            message = v_where || ': op must be "remove" (a row without op is saved)';
        end if;
        if exists (select 1 from jsonb_object_keys(v_row) k where k not in ('op', 'id')) then
          raise exception using errcode = '22023', message = v_where || ': a remove row carries only op and id';
        end if;
        -- Only the caller's own row is locked: waiting on another provider's would tell the caller that it is
        -- being written, and hold the caller's locks meanwhile.
        select * into v_old from public.schedule_sessions ss where ss.id = v_id and ss.provider_id = v_uid for update;
        -- An unknown id and another provider's session read the same: a remove tells nothing about others' ids.
        if not found then
          raise exception using errcode = '42501', message = v_where || ': no session of the caller has this id';
        end if;
        if v_old.session_date is not null or v_old.deleted_at is not null then
          raise exception using errcode = '22023',
            message = v_where || ': the session is not a live weekly template (dated instance or already removed)';
        end if;
        update public.schedule_sessions ss set deleted_at = now() where ss.id = v_id;
        v_removed := v_removed + 1;
        v_ids := v_ids || v_id;
        continue;
      end if;
      if jsonb_typeof(v_row -> 'student_id') is distinct from 'string' or (v_row ->> 'student_id') !~ c_uuid then
        raise exception using errcode = '22023', message = v_where || ': student_id must be a uuid string';
      end if;
      v_student := (v_row ->> 'student_id')::uuid;

      if not (v_row ? 'day_of_week' and v_row ? 'start_time' and v_row ? 'end_time') then
        raise exception using errcode = '22023',
          message = v_where || ': day_of_week, start_time and end_time are required (null for a placeholder)';
      end if;
      if jsonb_typeof(v_row -> 'day_of_week') = 'null' then
        v_day := null;
      elsif jsonb_typeof(v_row -> 'day_of_week') = 'number' and (v_row ->> 'day_of_week') ~ '^[0-9]{1,2}$' then
        v_day := (v_row ->> 'day_of_week')::smallint;
        if v_day not between 1 and 7 then
          raise exception using errcode = '23514',
            message = format('%s: day_of_week %s is not an ISO day (1 = Monday … 7 = Sunday)', v_where, v_day);
        end if;
      else
        raise exception using errcode = '22023', message = v_where || ': day_of_week must be an integer 1–7 or null';
      end if;
      if jsonb_typeof(v_row -> 'start_time') = 'null' then
        v_start := null;
      elsif jsonb_typeof(v_row -> 'start_time') = 'string' and (v_row ->> 'start_time') ~ c_time
            and (v_row ->> 'start_time') !~ '^24' then
        v_start := (v_row ->> 'start_time')::time;
      else
        raise exception using errcode = '22023',
          message = v_where || ': start_time must be "HH:MM:SS" or "HH:MM" (whole minutes) or null';
      end if;
      if jsonb_typeof(v_row -> 'end_time') = 'null' then
        v_end := null;
      elsif jsonb_typeof(v_row -> 'end_time') = 'string' and (v_row ->> 'end_time') ~ c_time then
        v_end := (v_row ->> 'end_time')::time;
      else
        raise exception using errcode = '22023',
          message = v_where || ': end_time must be "HH:MM:SS" or "HH:MM" (whole minutes) or null';
      end if;
      if not ((v_day is null) = (v_start is null) and (v_start is null) = (v_end is null)) then
        raise exception using errcode = '23514',
          message = v_where || ': day_of_week, start_time and end_time must be all set or all null';
      end if;
      if v_end <= v_start then
        raise exception using errcode = '23514',
          message = format('%s: end_time %s is not after start_time %s', v_where, v_end, v_start);
      end if;

      foreach v_key in array array['service_type', 'delivered_by', 'status', 'conflict_reason', 'group_ref'] loop
        if v_row ? v_key and jsonb_typeof(v_row -> v_key) not in ('string', 'null') then
          raise exception using errcode = '22023', message = format('%s: %s must be a string', v_where, v_key);
        end if;
      end loop;
      foreach v_key in array array['assigned_to_sea_id', 'assigned_to_specialist_id'] loop
        if v_row ? v_key and jsonb_typeof(v_row -> v_key) <> 'null' and (v_row ->> v_key) !~ c_uuid then
          raise exception using errcode = '22023', message = format('%s: %s must be a uuid string or null', v_where, v_key);
        end if;
      end loop;
      -- The table's own CHECKs would say this too, but without the row.
      if length(v_row ->> 'service_type') > 50 or length(v_row ->> 'group_ref') > 64
         or length(v_row ->> 'conflict_reason') > 500 then
        raise exception using errcode = '23514',
          message = v_where || ': too long (service_type at most 50 characters, group_ref 64, conflict_reason 500)';
      end if;
      if v_row ? 'has_conflict' and jsonb_typeof(v_row -> 'has_conflict') not in ('boolean', 'null') then
        raise exception using errcode = '22023', message = v_where || ': has_conflict must be a boolean';
      end if;
      v_has_conflict := coalesce((v_row ->> 'has_conflict')::boolean, false);
      v_reason := v_row ->> 'conflict_reason';
      v_status := coalesce(v_row ->> 'status', case when v_has_conflict then 'needs_attention' else 'active' end);

      select s.provider_id into v_owner from public.students s where s.id = v_student;
      if v_owner is distinct from v_uid then
        raise exception using errcode = '42501',
          message = format('%s: student %s is not in the caller''s caseload', v_where, v_student);
      end if;

      select * into v_old from public.schedule_sessions ss where ss.id = v_id and ss.provider_id = v_uid for update;
      if not found and exists (select 1 from public.schedule_sessions ss where ss.id = v_id) then
        raise exception using errcode = '42501', message = v_where || ': the session is not the caller''s';
      end if;
      if found then
        if v_old.session_date is not null then
          raise exception using errcode = '22023',
            message = v_where || ': the session is a dated instance, not a weekly template';
        end if;
        if v_old.student_id <> v_student then
          raise exception using errcode = '22023',
            message = format('%s: the session belongs to student %s, not %s', v_where, v_old.student_id, v_student);
        end if;
        foreach v_key in array array['service_type', 'delivered_by'] loop
          if v_row ? v_key and jsonb_typeof(v_row -> v_key) = 'null' then
            raise exception using errcode = '22023',
              message = format('%s: %s cannot be null (leave the key out to keep the stored value)', v_where, v_key);
          end if;
        end loop;
        update public.schedule_sessions ss set
          day_of_week = v_day,
          start_time = v_start,
          end_time = v_end,
          service_type = case when v_row ? 'service_type' then v_row ->> 'service_type' else ss.service_type end,
          delivered_by = case when v_row ? 'delivered_by' then v_row ->> 'delivered_by' else ss.delivered_by end,
          assigned_to_sea_id = case when v_row ? 'assigned_to_sea_id' then (v_row ->> 'assigned_to_sea_id')::uuid
                                    else ss.assigned_to_sea_id end,
          assigned_to_specialist_id = case when v_row ? 'assigned_to_specialist_id'
                                           then (v_row ->> 'assigned_to_specialist_id')::uuid
                                           else ss.assigned_to_specialist_id end,
          group_ref = case when v_row ? 'group_ref' then v_row ->> 'group_ref' else ss.group_ref end,
          status = v_status,
          has_conflict = v_has_conflict,
          conflict_reason = v_reason,
          deleted_at = null  -- saving a removed template revives it (the undo of a remove)
        where ss.id = v_id;
        v_updated := v_updated + 1;
      else
        insert into public.schedule_sessions (id, provider_id, student_id, day_of_week, start_time, end_time,
          service_type, delivered_by, assigned_to_sea_id, assigned_to_specialist_id, group_ref, status, has_conflict,
          conflict_reason)
        values (v_id, v_uid, v_student, v_day, v_start, v_end,
          coalesce(v_row ->> 'service_type', v_role), coalesce(v_row ->> 'delivered_by', 'provider'),
          (v_row ->> 'assigned_to_sea_id')::uuid, (v_row ->> 'assigned_to_specialist_id')::uuid,
          v_row ->> 'group_ref', v_status, v_has_conflict, v_reason);
        v_inserted := v_inserted + 1;
      end if;
      v_ids := v_ids || v_id;
    end loop;

    v_where := 'apply_schedule: group labels';
    perform public.sf_apply_group_labels(v_uid, p_rows, v_before);
    -- Other providers of the same children: one step for the call (the sessions trigger skipped our rows).
    v_where := 'apply_schedule: data_version of the children';
    perform public.sf_bump_children_after_save(v_uid, v_ids, v_before);
  exception when others then
    -- What the table says (a CHECK, an assignee guard, the row cap) gets the row it was said about.
    get stacked diagnostics v_state = returned_sqlstate, v_message = message_text, v_detail = pg_exception_detail,
                            v_hint = pg_exception_hint;
    if v_message like 'apply_schedule:%' then
      raise;
    end if;
    raise exception using errcode = v_state, message = coalesce(v_where, 'apply_schedule') || ': ' || v_message,
      detail = coalesce(v_detail, ''), hint = coalesce(v_hint, '');
  end;

  perform set_config('slotfit.apply_schedule_provider', '', true);
  perform set_config('slotfit.request_id', '', true);
  perform set_config('slotfit.template_version', '', true);
  if v_inserted + v_updated + v_removed > 0 then
    update public.schedule_versions sv set version = sv.version + 1, updated_at = now()
    where sv.provider_id = v_uid
    returning sv.version::text into v_current;
  end if;
  v_answer := jsonb_build_object(
    'data_version', public.sf_with_template_version(p_data_version, v_current),
    'ids', coalesce((select jsonb_agg(i::text order by n) from unnest(v_ids) with ordinality u(i, n)), '[]'::jsonb),
    'inserted', v_inserted,
    'updated', v_updated,
    'removed', v_removed);

  insert into public.schedule_write_requests (provider_id, request_id, rows_digest, answer)
  values (v_uid, p_request_id, v_digest, v_answer);
  -- Retries come within seconds; a week of answers is plenty and keeps the table small.
  delete from public.schedule_write_requests r
  where r.provider_id = v_uid and r.created_at < now() - interval '7 days';

  return v_answer;
end
$$;

revoke all on function public.apply_schedule(jsonb, text, uuid) from public, anon;
grant execute on function public.apply_schedule(jsonb, text, uuid) to authenticated, service_role;
