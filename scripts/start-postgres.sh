#!/usr/bin/env bash
# Makes a PostgreSQL server answer on 127.0.0.1:5432 with user postgres / password postgres, for the tests that run
# the gateway on PostgreSQL. Installs Debian's package when missing and starts the distribution's cluster (in a
# container the package's own start is suppressed by policy-rc.d, so it is started here). Idempotent.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >/dev/null
fi
# Every test node is a connection pool of its own, and a cluster test runs several nodes: the default 100 is too few.
conf="/etc/postgresql/$version/main/conf.d/digipoort-tests.conf"
if [ ! -f "$conf" ]; then
  mkdir -p "$(dirname "$conf")"
  echo "max_connections = 500" > "$conf"
  if pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    pg_ctlcluster "$version" main restart
  fi
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 30); do
  if su postgres -c "psql -qAtc 'SELECT 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
echo "PostgreSQL $version on 127.0.0.1:5432"
