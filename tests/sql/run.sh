#!/usr/bin/env bash
# The SQL test suite: a throwaway PostgreSQL 15 cluster, the Supabase stand-ins, migrations/ (applied twice: they
# must be re-runnable), the fictional seed, then the node tests in tests/sql/*.test.mjs, each in its own copy of
# the seeded database. The cluster is removed on any exit. SLOTFIT_CLI names the native CLI
# (default build/core/slotfit); SLOTFIT_REQUIRE_CLI=1 turns "CLI missing" skips into failures. Arguments, when
# given, name the test files to run instead of all of them (bash tests/sql/run.sh tests/sql/remove.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s%N)
for tool in node psql; do
  command -v "$tool" >/dev/null || { echo "test-sql: $tool not found (bash .ci/setup.sh)" >&2; exit 2; }
done
[ -d node_modules/pg ] && [ -d node_modules/ajv ] || { echo "test-sql: node_modules missing (npm ci)" >&2; exit 2; }

source tests/sql/pg-cluster.sh
export PGOPTIONS='-c client_min_messages=warning'
sql() { psql -X -q -v ON_ERROR_STOP=1 "$@" >/dev/null; }

sql -d postgres -c 'create database slotfit_seed'
sql -d slotfit_seed -f tests/sql/supabase-stub.sql
for pass in 1 2; do
  for f in migrations/*.sql; do
    sql -d slotfit_seed -f "$f" || { echo "test-sql: $f failed (pass $pass of 2)" >&2; exit 1; }
  done
done
sql -d slotfit_seed -f tests/sql/seed.sql
echo "test-sql: cluster on port $PGPORT, migrations applied twice, seed loaded ($(( ($(date +%s%N) - started) / 1000000 )) ms)"

export SF_TEMPLATE_DB=slotfit_seed
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(tests/sql/*.test.mjs)
tap="$SF_PG_TMP/results.tap"
status=0
node --test --test-timeout=60000 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}" || status=$?

count() { sed -n "s/^# $1 \([0-9]*\)$/\1/p" "$tap" | tail -n1; }
pass=$(count pass); fail=$(count fail); skipped=$(count skipped); todo=$(count todo)
elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
echo "test-sql: ${pass:-0} passed, ${fail:-0} failed, ${skipped:-0} skipped, ${todo:-0} todo ($(( elapsed / 1000 )).$(( elapsed % 1000 / 100 )) s)"
if [ "$status" -ne 0 ] || [ "${fail:-1}" != 0 ]; then exit 1; fi
