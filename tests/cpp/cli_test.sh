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

if [ "$failures" = 0 ]; then echo "cli: all checks passed"; else echo "cli: $failures check(s) failed"; exit 1; fi
