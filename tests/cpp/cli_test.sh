#!/usr/bin/env bash
# The command-line tool as a user runs it: exit codes and the JSON it prints. Args: CLI FIXTURES_DIR
set -uo pipefail
cli=$1
fixtures=$2
sample=$fixtures/sample-school.json
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out=$("$cli" validate "$sample") || fail "validate sample exited $?"
grep -q '"students": 48' <<<"$out" || fail "validate sample does not count 48 students: $out"

out=$("$cli" validate /dev/null 2>/dev/null); rc=$?
[ "$rc" = 1 ] || fail "validate of an empty file exited $rc, expected 1"
grep -q '"code": "invalid-json"' <<<"$out" || fail "validate of an empty file does not say invalid-json: $out"

bad=$(mktemp); trap 'rm -f "$bad"' EXIT
sed 's/"day_of_week": 3,/"day_of_week": 9,/' "$sample" > "$bad"
out=$("$cli" validate "$bad" 2>/dev/null); rc=$?
[ "$rc" = 1 ] || fail "validate of a day 9 exited $rc, expected 1"
grep -q '"code": "bad-day"' <<<"$out" || fail "a day 9 is not reported as bad-day: $out"
grep -q '"path": "/school_hours/2/day_of_week"' <<<"$out" || fail "the bad day's path is wrong: $out"

out=$("$cli" schedule "$sample" --strategy morning-first) || fail "schedule sample exited $?"
grep -q '"placements": \[' <<<"$out" || fail "schedule prints no placements"
grep -q '"start_time": "[0-9][0-9]:[0-9][0-9]:00"' <<<"$out" || fail "placements lack HH:MM:SS times"
"$cli" schedule "$sample" --strategy fastest >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "an unknown strategy exited $rc, expected 2 (usage)"
"$cli" schedule "$sample" --effort fastest >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "an unknown effort exited $rc, expected 2 (usage)"
"$cli" schedule "$sample" --time-limit-ms soon >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "a time limit that is not a number exited $rc, expected 2 (usage)"
errs=$(mktemp)
out=$("$cli" schedule "$fixtures/sample-tight.json" --effort fast 2>"$errs") || fail "schedule --effort fast exited $?"
bound=$(grep -o '"upper_bound": [0-9]*' <<<"$out" | grep -o '[0-9]*$')
placed=$(grep -o '"sessions_placed": [0-9]*' <<<"$out" | grep -o '[0-9]*$')
[ -n "$bound" ] || fail "schedule reports no upper bound: $out"
grep -q '"search_work": 0' <<<"$out" || fail "'fast' searched"
grep -q "placed $placed of [0-9]*; keeping today's sessions where they are, no schedule places more than $bound" "$errs" \
  || fail "the report line does not state the bound: $(cat "$errs")"
rm -f "$errs"

student=$(grep -A2 '"students": \[' "$sample" | grep -o '"id": "[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$student" ] || fail "no student id found in the sample"
out=$("$cli" check "$sample" "$student" 6 09:00 30) || fail "check exited $?"
grep -q '"kind": "off-day"' <<<"$out" || fail "Saturday is not an off day for $student: $out"
"$cli" check "$sample" nobody 1 09:00 30 >/dev/null 2>&1; rc=$?
[ "$rc" = 1 ] || fail "check of an unknown student exited $rc, expected 1"
# 23:50 for 30 minutes ends past midnight: no start of the day, so refused, never answered as free ([]).
errs=$(mktemp)
out=$("$cli" check "$sample" "$student" 1 23:50 30 2>"$errs"); rc=$?
[ "$rc" = 1 ] || fail "check of a candidate past midnight exited $rc, expected 1: $out"
grep -q '"code": "invalid-argument"' <<<"$out" && grep -q '"path": "/minutes"' <<<"$out" \
  || fail "check of a candidate past midnight did not name the minutes: $out"
grep -q "invalid candidate" "$errs" || fail "check of a candidate past midnight said nothing on stderr: $(cat "$errs")"
rm -f "$errs"
out=$("$cli" check "$sample" "$student" 1 23:30 30) || fail "check of a session ending at 24:00 exited $?"
# A DAY or HH:MM that is none is a usage error (exit 2) naming it, for check and check-group alike; the day first.
session=$(grep -A2 '"sessions": \[' "$sample" | grep -o '"id": "[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$session" ] || fail "no session id found in the sample"
bad_args() {  # COMMAND ID DAY HH:MM [MINUTES]: exit 2 and the message expected, $expected
  local errs rc
  errs=$("$cli" "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" = 2 ] || fail "$* exited $rc, expected 2 (usage)"
  grep -q "^slotfit: $expected\$" <<<"$errs" || fail "$* did not say '$expected': $errs"
}
for day in 0 8 x 1.5 -1 ''; do
  expected="DAY must be 1-7" bad_args check "$sample" "$student" "$day" 09:00 30
  expected="DAY must be 1-7" bad_args check-group "$sample" "$session" "$day" 09:00
done
for start in 9:00 25:00 09:60 0900 ''; do
  expected="start must be HH:MM" bad_args check "$sample" "$student" 1 "$start" 30
  expected="start must be HH:MM" bad_args check-group "$sample" "$session" 1 "$start"
done
expected="DAY must be 1-7" bad_args check "$sample" "$student" 8 25:00 30
expected="DAY must be 1-7" bad_args check-group "$sample" "$session" 8 25:00

# rows: the rows that bind a student, as tests/fixtures/rows-for.json expects them.
rows_payload=$(mktemp); trap 'rm -f "$bad" "$rows_payload"' EXIT
node -e 'const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(JSON.stringify(f.payload))' \
  "$fixtures/rows-for.json" > "$rows_payload" || fail "cannot read rows-for.json"
out=$("$cli" rows "$rows_payload" s2) || fail "rows exited $?"
node -e 'const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  process.exit(require("util").isDeepStrictEqual(JSON.parse(process.argv[2]), f.expected.s2) ? 0 : 1)' \
  "$fixtures/rows-for.json" "$out" || fail "rows for s2 differ from rows-for.json: $out"
"$cli" rows "$rows_payload" nobody >/dev/null 2>&1; rc=$?
[ "$rc" = 1 ] || fail "rows of an unknown student exited $rc, expected 1"
"$cli" rows "$rows_payload" >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "rows without a student exited $rc, expected 2 (usage)"

# suggest: a Monday where eight grade-1 sessions fill 09:00-09:30 (capacity 8) and a grade-2 student fits only
# there: one of them must move to 09:30.
crowded=$(mktemp); trap 'rm -f "$bad" "$rows_payload" "$crowded"' EXIT
{
  echo '{"schema_version":1,"provider":{"id":"p","role":"speech","works_at_multiple_schools":false},'
  echo '"school":{"school_id":"s","school_site":"S","school_year":"2026-2027"},"work_days":[1],'
  echo '"school_hours":[{"grade_level":"1","day_of_week":1,"start_time":"09:00","end_time":"10:00"},'
  echo '{"grade_level":"2","day_of_week":1,"start_time":"09:00","end_time":"09:30"}],'
  echo '"bell_schedules":[],"special_activities":[],"protected_times":[],"other_provider_sessions":[],'
  echo '"provider_busy_times":[],"students":['
  for i in 1 2 3 4 5 6 7 8; do
    echo "{\"id\":\"s$i\",\"initials\":\"S$i\",\"grade_level\":\"1\",\"teacher_id\":null,\"teacher_name\":null,"
    echo "\"child_id\":null,\"sessions_per_week\":1,\"minutes_per_session\":30},"
  done
  echo '{"id":"new","initials":"NW","grade_level":"2","teacher_id":null,"teacher_name":null,"child_id":null,'
  echo '"sessions_per_week":1,"minutes_per_session":30}],"sessions":['
  for i in 1 2 3 4 5 6 7 8; do
    [ "$i" = 1 ] || echo ","
    echo "{\"id\":\"x$i\",\"student_id\":\"s$i\",\"day_of_week\":1,\"start_time\":\"09:00\",\"end_time\":\"09:30\","
    echo "\"service_type\":\"speech\",\"delivered_by\":\"provider\",\"assigned_to_sea_id\":null,"
    echo "\"assigned_to_specialist_id\":null,\"status\":\"active\",\"group_ref\":null}"
  done
  echo ']}'
} > "$crowded"
# groups: the eight grade-1 sessions at Monday 09:00-09:30 are one group; times in minutes.
out=$("$cli" groups "$crowded") || fail "groups exited $?: $out"
compact=$(tr -d ' \n' <<<"$out")
grep -q '^\[{"day":1,"end":570,"group_ref":null,"id":0,"session_ids":\["x1","x2","x3","x4","x5","x6","x7","x8"\],"start":540,"student_ids":\["s1","s2","s3","s4","s5","s6","s7","s8"\]}\]$' <<<"$compact" \
  || fail "groups does not list the one group of eight: $out"
"$cli" groups >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "groups without a payload exited $rc, expected 2 (usage)"
# check-group: the group of eight moved together; a refused move exits 1 and names the argument, never "free".
out=$("$cli" check-group "$crowded" x3 1 09:00) || fail "check-group at the group's own start exited $?"
[ "$(tr -d ' \n' <<<"$out")" = "[]" ] || fail "the group's own start is not free: $out"
out=$("$cli" check-group "$crowded" x3 2 09:00) || fail "check-group on an off day exited $?"
compact=$(tr -d ' \n' <<<"$out")
grep -q '"kind":"off-day"' <<<"$compact" && grep -q '"student_id":null' <<<"$compact" \
  || fail "Tuesday is not an off day for the whole group: $out"
errs=$(mktemp)
out=$("$cli" check-group "$crowded" x3 1 23:45 2>"$errs"); rc=$?
[ "$rc" = 1 ] || fail "check-group of a move past midnight exited $rc, expected 1: $out"
grep -q '"code": "invalid-argument"' <<<"$out" && grep -q '"path": "/start"' <<<"$out" \
  || fail "check-group of a move past midnight did not name the start: $out"
grep -q "invalid group move: /start: the group's 30 minutes must end by 24:00" "$errs" \
  || fail "check-group of a move past midnight said nothing useful on stderr: $(cat "$errs")"
placeholder=$(grep -B2 '"day_of_week": null' "$sample" | grep -o '"id": "[^"]*"' | head -1 | cut -d'"' -f4)
out=$("$cli" check-group "$sample" "$placeholder" 1 09:00 2>"$errs"); rc=$?
[ "$rc" = 1 ] || fail "check-group of a placeholder exited $rc, expected 1: $out"
grep -q '"path": "/session"' <<<"$out" && grep -q "is a placeholder" "$errs" \
  || fail "check-group of a placeholder did not name the session: $out $(cat "$errs")"
rm -f "$errs"
"$cli" check-group "$crowded" nobody 1 09:00 >/dev/null 2>&1; rc=$?
[ "$rc" = 1 ] || fail "check-group of an unknown session exited $rc, expected 1"
"$cli" check-group "$crowded" x3 8 09:00 >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "check-group on day 8 exited $rc, expected 2 (usage)"
out=$("$cli" suggest "$crowded" new) || fail "suggest exited $?: $out"
compact=$(tr -d ' \n' <<<"$out")
grep -q '"suggestions":\[{"day":1,"end":570,"moves":\[{"day":1,"end":600,"placement":-1,"session_id":"x1","start":570}\],"start":540}\]' <<<"$compact" \
  || fail "suggest does not move x1 to 09:30 to make room at 09:00: $out"
out=$("$cli" suggest "$crowded" new --max-moves 0) || fail "suggest --max-moves 0 exited $?"
grep -q '"suggestions": \[\]' <<<"$out" || fail "with no move allowed nothing fits: $out"
out=$("$cli" suggest "$sample" "$student" --limit 2 --strategy morning-first --after-schedule) || fail "suggest sample exited $?"
grep -q '"errors": \[\]' <<<"$out" || fail "suggest on the sample's proposal reports errors: $out"
"$cli" suggest "$crowded" nobody >/dev/null 2>&1; rc=$?
[ "$rc" = 1 ] || fail "suggest for an unknown student exited $rc, expected 1"
"$cli" suggest "$crowded" new --max-moves 3 >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "--max-moves 3 exited $rc, expected 2 (usage)"

if [ "$failures" = 0 ]; then echo "cli: all checks passed"; else echo "cli: $failures check(s) failed"; exit 1; fi
