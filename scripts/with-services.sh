#!/usr/bin/env bash
# Runs "$@" with a throwaway PostgreSQL and Redis on loopback; stops both in a trap and keeps
# the command's exit status. PostgreSQL runs as the unprivileged `postgres` user when we are root
# (initdb refuses root), with its data in a temporary folder, fsync off, on port $PGPORT.
set -uo pipefail
PGPORT=${PGPORT:-54329}
REDISPORT=${REDISPORT:-63799}
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n1 || command -v pg_ctl)")
WORK=$(mktemp -d /tmp/regiotoezicht-services.XXXXXX)
chmod 755 "$WORK"
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

mkdir -p "$WORK/pg" "$WORK/sock"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg" "$WORK/sock"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null || exit 1
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w start \
  -o "-p $PGPORT -k $WORK/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null || { cat "$WORK/pg/server.log"; exit 1; }

# Roles live outside migrations: the owner runs migrations (no superuser), the app role owns
# nothing and is bound by row-level security.
psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 <<SQL || exit 1
CREATE ROLE regiotoezicht_owner LOGIN PASSWORD 'owner' NOSUPERUSER NOBYPASSRLS NOCREATEROLE;
CREATE ROLE regiotoezicht_app LOGIN PASSWORD 'app' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
CREATE DATABASE regiotoezicht_test OWNER regiotoezicht_owner;
SQL

redis-server --port "$REDISPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" >/dev/null || exit 1
for _ in $(seq 50); do redis-cli -p "$REDISPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="postgresql+psycopg://regiotoezicht_app:app@127.0.0.1:$PGPORT/regiotoezicht_test"
export DATABASE_OWNER_URL="postgresql+psycopg://regiotoezicht_owner:owner@127.0.0.1:$PGPORT/regiotoezicht_test"
export DATABASE_SUPERUSER_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
export APP_DB_ROLE=regiotoezicht_app
# Cheap password hashing for the suite (hundreds of users); production keeps the default.
export ARGON2_PROFILE=${ARGON2_PROFILE:-CHEAPEST}
export REDIS_URL="redis://127.0.0.1:$REDISPORT/0"
"$@"
status=$?
exit $status
