#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it:
#   1. unit and API tests on the embedded database (PGlite);
#   2. the database and API tests again on a real PostgreSQL server (started here, or TEST_DATABASE_URL);
#   3. the browser journeys in Debian's Chromium.
# Ends with one line "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
export TZ=UTC
results=.tmp/results
rm -rf "$results" && mkdir -p "$results"
reports=()

run_vitest() { # name, extra args…
  local name=$1; shift
  echo
  echo "=== $name ==="
  npx vitest run --reporter=default --reporter=json --outputFile.json="$results/$name.json" "$@"
  reports+=("$name=$results/$name.json")
}

ensure_browser() {
  if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing chromium and fonts-noto-cjk…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) || return 1
    return 0
  fi
  [ -x /usr/bin/chromium ]
}

run_vitest pglite

pg_dir=""
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  TEST_DATABASE_URL=$TEST_DATABASE_URL run_vitest postgres test/api src/server/db
else
  pg_dir=$(mktemp -d /tmp/shaobao-pg.XXXXXX)
  pg_port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  if url=$(scripts/pg-server.sh start "$pg_dir" "$pg_port"); then
    TEST_DATABASE_URL=$url run_vitest postgres test/api src/server/db
    scripts/pg-server.sh stop "$pg_dir"
  else
    echo "PostgreSQL server could not be started (no server binaries?): the server-database run is skipped."
    rm -rf "$pg_dir"
  fi
fi

if ensure_browser; then
  run_vitest e2e --config vitest.e2e.config.ts
else
  echo "Chromium is not available and could not be installed: the browser journeys are skipped."
fi

echo
node scripts/summarize-tests.mjs "${reports[@]}"
