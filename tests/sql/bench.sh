#!/usr/bin/env bash
# Benchmark of get_scheduling_data_batch (and apply_schedule) on a district-scale database in a throwaway
# PostgreSQL 15 cluster: seeds tests/sql/bench-seed.sql, times the read server-side for providers with about
# 200 live templates, then the revalidation of that read (p_known_version current: not_modified), prints p50/p95
# and the indexes the plans use, and fails when a p50 is over its budget. SF_BENCH_CALLS (default 50),
# SF_BENCH_BUDGET_MS (default 15, the read) and SF_BENCH_REVALIDATE_BUDGET_MS (default 3) tune it.
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${SF_BENCH_CALLS:-50}
budget=${SF_BENCH_BUDGET_MS:-15}
revalidate_budget=${SF_BENCH_REVALIDATE_BUDGET_MS:-3}
started=$(date +%s)

SF_PG_OPTS="-c shared_buffers=256MB -c work_mem=16MB -c max_wal_size=4GB -c checkpoint_timeout=30min -c autovacuum=off"
source tests/sql/pg-cluster.sh
export PGOPTIONS='-c client_min_messages=warning'
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

q -f tests/sql/supabase-stub.sql >/dev/null
for f in migrations/*.sql; do q -f "$f" >/dev/null; done
t0=$(date +%s)
q -f tests/sql/bench-seed.sql >/dev/null
echo "bench: seeded in $(( $(date +%s) - t0 )) s"
q -At -F ' ' <<'SQL'
select format('bench: %s providers, %s schools, %s students, %s weekly templates (%s live), %s dated instances, %s bell rows, %s special activities, %s protected times',
  (select count(*) from public.profiles), (select count(distinct school_site) from public.provider_schools),
  (select count(*) from public.students),
  (select count(*) from public.schedule_sessions where session_date is null),
  (select count(*) from public.schedule_sessions where session_date is null and deleted_at is null),
  (select count(*) from public.schedule_sessions where session_date is not null),
  (select count(*) from public.bell_schedules), (select count(*) from public.special_activities),
  (select count(*) from public.protected_times));
SQL

# Ten single-school providers with the most live templates (about 200 each) and their school.
mapfile -t targets < <(q -At -F '|' <<'SQL'
select p.id, ps.school_site, coalesce(ps.school_id, ''), count(*)
from public.profiles p
join public.provider_schools ps on ps.provider_id = p.id
join public.schedule_sessions s on s.provider_id = p.id and s.session_date is null and s.deleted_at is null
where not p.works_at_multiple_schools
group by p.id, ps.school_site, ps.school_id
order by count(*) desc, p.id
limit 10;
SQL
)
echo "bench: timing providers with $(cut -d'|' -f4 <<<"${targets[0]}")…$(cut -d'|' -f4 <<<"${targets[-1]}") live templates each"
array_sql() { local out=() t; for t in "${targets[@]}"; do IFS='|' read -r a b c _ <<<"$t"; out+=("('$a'::uuid, '$b', nullif('$c', ''))"); done; (IFS=,; echo "${out[*]}"); }
targets_sql=$(array_sql)

load_before=$(cut -d' ' -f1 /proc/loadavg)
# Server-side time of one call, measured inside the server with clock_timestamp(), as PostgREST would run it
# (role authenticated, claims set). The first call of the session (plans not yet cached) is reported apart.
result=$(PGOPTIONS='-c client_min_messages=notice' q -At 2>&1 <<SQL
create temporary table bench_targets (uid uuid, site text, sid text);
insert into bench_targets select * from (values $targets_sql) v;
grant select on bench_targets to authenticated;
set role authenticated;
do \$\$
declare
  t record;
  n int := 0;
  t0 timestamptz;
  ms float8;
  cold float8;
  times float8[] := '{}';
  revalidations float8[] := '{}';
  answer json;
  writes float8[] := '{}';
  rows int[] := array[0, 0, 0, 0, 0, 0, 0];
  p json;
  moved jsonb;
  v text;
begin
  for i in 0..$calls loop
    for t in select * from bench_targets offset (i % 10) limit 1 loop
      perform set_config('request.jwt.claims', json_build_object('sub', t.uid)::text, true);
      t0 := clock_timestamp();
      p := public.get_scheduling_data_batch(t.site, t.sid);
      ms := extract(epoch from clock_timestamp() - t0) * 1000;
      if i = 0 then cold := ms; else times := times || ms; end if;
      -- The next page load of the same provider: one small call, nothing changed meanwhile.
      t0 := clock_timestamp();
      answer := public.get_scheduling_data_batch(t.site, t.sid, p->>'data_version');
      ms := extract(epoch from clock_timestamp() - t0) * 1000;
      if (answer->>'not_modified') is distinct from 'true' then
        raise exception 'revalidation with the current version answered a payload: %', left(answer::text, 200);
      end if;
      if i > 0 then revalidations := revalidations || ms; end if;
      if i > 0 then
        rows := array[rows[1] + json_array_length(p->'students'), rows[2] + json_array_length(p->'sessions'),
          rows[3] + json_array_length(p->'bell_schedules'), rows[4] + json_array_length(p->'special_activities'),
          rows[5] + json_array_length(p->'protected_times'), rows[6] + json_array_length(p->'other_provider_sessions'),
          rows[7] + json_array_length(p->'provider_busy_times')];
      end if;
    end loop;
  end loop;
  -- The write: 20 of a provider's templates moved by five minutes, then back (a save after a drag session).
  for i in 1..20 loop
    select * into t from bench_targets offset (i % 10) limit 1;
    perform set_config('request.jwt.claims', json_build_object('sub', t.uid)::text, true);
    p := public.get_scheduling_data_batch(t.site, t.sid);
    select jsonb_agg(jsonb_set(jsonb_set(s, '{start_time}', to_jsonb(to_char((s->>'start_time')::time + case when i <= 10 then interval '5 min' else interval '-5 min' end, 'HH24:MI:SS'))),
                     '{end_time}', to_jsonb(to_char((s->>'end_time')::time + case when i <= 10 then interval '5 min' else interval '-5 min' end, 'HH24:MI:SS'))) - 'group_ref' - 'assigned_to_specialist_id')
      into moved
    from (select s from jsonb_array_elements((p->'sessions')::jsonb) s where s->>'day_of_week' is not null
          and (s->>'start_time')::time > '08:05' and (s->>'end_time')::time < '23:00' limit 20) x;
    t0 := clock_timestamp();
    perform public.apply_schedule(moved, p->>'data_version', gen_random_uuid());
    writes := writes || extract(epoch from clock_timestamp() - t0) * 1000;
  end loop;
  raise notice 'payload rows per call (mean): % students, % sessions, % bell rows, % special activities, % protected times, % other-provider sessions, % busy times',
    rows[1] / $calls, rows[2] / $calls, rows[3] / $calls, rows[4] / $calls, rows[5] / $calls, rows[6] / $calls, rows[7] / $calls;
  raise notice 'REVALIDATE % %',
    (select percentile_cont(0.5) within group (order by x) from unnest(revalidations) x),
    (select percentile_cont(0.95) within group (order by x) from unnest(revalidations) x);
  raise notice 'RESULT % % % % % % %', cold,
    (select percentile_cont(0.5) within group (order by x) from unnest(times) x),
    (select percentile_cont(0.95) within group (order by x) from unnest(times) x),
    (select max(x) from unnest(times) x),
    (select percentile_cont(0.5) within group (order by x) from unnest(writes) x),
    (select percentile_cont(0.95) within group (order by x) from unnest(writes) x),
    array_length(times, 1);
end
\$\$;
SQL
) || true

echo "$result" | sed -n 's/^NOTICE:  payload rows/bench: payload rows/p'
read -r cold p50 p95 max w50 w95 n < <(echo "$result" | sed -n "s/^NOTICE:  RESULT //p") || true
read -r r50 r95 < <(echo "$result" | sed -n "s/^NOTICE:  REVALIDATE //p") || true
[ -n "${n:-}" ] || { echo "$result" >&2; echo "bench: the timing block failed" >&2; exit 1; }

# The plans of the function's own statements (auto_explain logs nested statements), for one warm call.
IFS='|' read -r uid site sid _ <<<"${targets[0]}"
plans=$(PGOPTIONS='-c client_min_messages=notice' q -At 2>&1 <<SQL
load 'auto_explain';
set auto_explain.log_min_duration = 0;
set auto_explain.log_nested_statements = on;
set auto_explain.log_level = notice;
begin;
set local role authenticated;
select set_config('request.jwt.claims', '{"sub":"$uid"}', true) \g /dev/null
select public.get_scheduling_data_batch('$site', nullif('$sid', '')) \g /dev/null
select public.get_scheduling_data_batch('$site', nullif('$sid', ''),
  public.get_scheduling_data_batch('$site', nullif('$sid', ''))->>'data_version') \g /dev/null
commit;
SQL
) || true
echo "$plans" > "$SF_PG_TMP/plans.txt"
mkdir -p tests/artifacts/sql && cp "$SF_PG_TMP/plans.txt" tests/artifacts/sql/bench-plans.txt
indexes=$(grep -oE '(Index Scan|Index Only Scan|Bitmap Index Scan) (Backward )?(using|on) [a-z_0-9]+' "$SF_PG_TMP/plans.txt" \
  | awk '{print $NF}' | sort | uniq -c | awk '{printf "%s%s(%s)", sep, $2, $1; sep=", "}')
seqscans=$(grep -oE 'Seq Scan on [a-z_]+' "$SF_PG_TMP/plans.txt" | awk '{print $NF}' | sort -u | tr '\n' ' ')
echo "bench: load average $load_before before timing, $(cut -d' ' -f1 /proc/loadavg) after, on $(nproc) cores (other work on the machine inflates wall times)"
printf 'bench: get_scheduling_data_batch over %s calls: p50 %.2f ms, p95 %.2f ms, max %.2f ms (first call of a session, plans not cached: %.2f ms)\n' \
  "$n" "$p50" "$p95" "$max" "$cold"
printf 'bench: revalidation (p_known_version current, not_modified) over %s calls: p50 %.3f ms, p95 %.3f ms (budget p50 %s ms)\n' \
  "$n" "$r50" "$r95" "$revalidate_budget"
printf 'bench: apply_schedule moving 20 templates: p50 %.2f ms, p95 %.2f ms (20 calls)\n' "$w50" "$w95"
echo "bench: indexes in the plans: $indexes"
echo "bench: sequential scans in the plans: ${seqscans:-none}"
echo "bench: plans saved to tests/artifacts/sql/bench-plans.txt; total $(( $(date +%s) - started )) s"
big=$(grep -oE 'Seq Scan on (schedule_sessions|students|bell_schedules|special_activities|protected_times|school_hours)' "$SF_PG_TMP/plans.txt" || true)
if [ -n "$big" ]; then echo "bench: FAIL: a large table is read sequentially: $big" >&2; exit 1; fi
if awk -v p="$p50" -v b="$budget" 'BEGIN { exit !(p > b) }'; then
  echo "bench: FAIL: p50 $p50 ms is over the $budget ms budget" >&2; exit 1
fi
if awk -v p="$r50" -v b="$revalidate_budget" 'BEGIN { exit !(p > b) }'; then
  echo "bench: FAIL: revalidation p50 $r50 ms is over the $revalidate_budget ms budget" >&2; exit 1
fi
echo "bench: PASS: read p50 within the $budget ms budget, revalidation p50 within $revalidate_budget ms"
