#!/usr/bin/env bash
# Runs a command with TEST_DATABASE_URL pointing at a throwaway PostgreSQL 15 server on 127.0.0.1,
# which it starts for the command and stops after it:   scripts/with-test-postgres.sh npx vitest run
# Needs Debian's `postgresql` package (apt-get install postgresql). Run as root, the server runs as `postgres`.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x ${bin:-}/initdb ]] || { echo "with-test-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
port=${TEST_PG_PORT:-54329}
dir=$(mktemp -d /tmp/tollgate-pg.XXXXXX)
as_pg=()
if [[ $(id -u) == 0 ]]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi

"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
# fsync off: a test server's data is thrown away, so durability only costs time.
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
stop() { "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT

echo "with-test-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres" "$@"
