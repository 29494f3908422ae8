#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback (port $1, default 55432) owned by the postgres user; prints its URL.
set -euo pipefail
port="${1:-55432}"
dir="${PGTEST_DIR:-/tmp/gophergate-pg-$port}"
bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
if ! su postgres -s /bin/sh -c "$bindir/pg_isready -h 127.0.0.1 -p $port -q" 2>/dev/null; then
  rm -rf "$dir"; mkdir -p "$dir"; chown postgres:postgres "$dir"
  su postgres -s /bin/sh -c "$bindir/initdb -D $dir/data -U postgres --auth=trust -E UTF8 >/dev/null"
  su postgres -s /bin/sh -c "$bindir/pg_ctl -D $dir/data -l $dir/log -o \"-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=300\" -w start >/dev/null"
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
