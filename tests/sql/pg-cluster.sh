# Sourced by run.sh and bench.sh: starts a throwaway PostgreSQL 15 cluster and removes it on exit.
# Sets PGHOST, PGPORT, PGUSER, PGDATABASE, DATABASE_URL and SF_PG_TMP. Extra server settings: SF_PG_OPTS.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/postgres" ]; then
  echo "pg-cluster: no PostgreSQL 15 at $PGBIN (apt-get install postgresql, or set PGBIN)" >&2
  exit 2
fi
SF_PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/slotfit-pg.XXXXXX")
# initdb refuses to run as root, and a root mktemp dir is 0700: hand the dir to postgres.
sf_as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd "$SF_PG_TMP" && runuser -u postgres -- "$@"); else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres:postgres "$SF_PG_TMP"
sf_pg_cleanup() {
  sf_as_pg "$PGBIN/pg_ctl" -D "$SF_PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$SF_PG_TMP"
}
trap sf_pg_cleanup EXIT
trap 'exit 130' INT TERM
PGPORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
sf_as_pg "$PGBIN/initdb" -D "$SF_PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# shellcheck disable=SC2086
sf_as_pg "$PGBIN/pg_ctl" -D "$SF_PG_TMP/data" -l "$SF_PG_TMP/server.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $SF_PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c track_functions=pl -c TimeZone=UTC ${SF_PG_OPTS:-}" >/dev/null \
  || { cat "$SF_PG_TMP/server.log" >&2; exit 1; }
export PGHOST=127.0.0.1 PGPORT PGUSER=postgres PGDATABASE=postgres
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
export SF_PG_TMP
