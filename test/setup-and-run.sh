#!/usr/bin/env bash
# Everything the tests need on a new Debian machine, then every test.
#   - Debian packages: chromium (browser tests) and postgresql (the service on a real server)
#   - npm ci
#   - a throwaway PostgreSQL on loopback, removed afterwards
#   - npm test (type check, lint, every jest suite), ending `N passed, N failed`
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

npm ci --no-audit --no-fund

# A private PostgreSQL cluster on 127.0.0.1, owned by the postgres user, gone when we exit.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/carefee-pg.XXXXXX)
pgport=${CAREFEE_TEST_PG_PORT:-54329}
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
run_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust >/dev/null
run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir -c fsync=off" start >/dev/null
trap 'run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
run_pg "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres carefee_test

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/carefee_test"
export CHROMIUM_PATH=$(command -v chromium)
npm run typecheck
npm run lint
npx prettier --check . >/dev/null || { npx prettier --list-different .; echo "prettier: the files above are not formatted (npm run format)"; exit 1; }
npm test
