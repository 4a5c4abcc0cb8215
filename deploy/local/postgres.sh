#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers on 127.0.0.1:${PGPORT:-5432} (starting the Debian
# cluster if it is down) and that the given databases exist. Idempotent.
set -euo pipefail

host=127.0.0.1
port=${PGPORT:-5432}
user=${PGUSER:-postgres}

is_up() { pg_isready -q -h "$host" -p "$port" -U "$user"; }

start_cluster() {
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  if [[ -z "$version" ]]; then
    echo "PostgreSQL is not answering on $host:$port and no local cluster was found in /etc/postgresql." >&2
    echo "Start a PostgreSQL 15+ server there (trust auth for user $user) or set DATABASE_URL." >&2
    exit 1
  fi
  echo "Starting PostgreSQL $version cluster 'main'..."
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
}

wait_until_up() {
  for _ in $(seq 1 60); do is_up && return 0; sleep 0.5; done
  echo "PostgreSQL did not come up on $host:$port within 30 s" >&2
  exit 1
}

ensure_database() {
  local name=$1
  if ! psql -h "$host" -p "$port" -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1; then
    psql -h "$host" -p "$port" -U "$user" -d postgres -qc "CREATE DATABASE \"$name\""
    echo "Created database $name"
  fi
}

is_up || { start_cluster; wait_until_up; }
echo "PostgreSQL is up on $host:$port"
for database in "$@"; do ensure_database "$database"; done
