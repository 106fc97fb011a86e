#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it:
#   0. the type check (npm run typecheck);
#   1. unit and API tests on the embedded database (a PostgreSQL cluster of the embedded engine);
#   2. the database and API tests again on a PostgreSQL 15 server (started here, or TEST_DATABASE_URL);
#   3. the browser journeys in Debian's Chromium.
# Ends with one line "N passed, N failed, N skipped", after the names of the tests that failed and
# of those that passed only on their second run. Under CI=true a tier that cannot start
# (no server binaries, no Chromium) counts as a failure; elsewhere it is reported and skipped.
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
  # A test that fails runs once more; the closing summary names every test that needed it.
  npx vitest run --retry=1 --reporter=default --reporter=json --outputFile.json="$results/$name.json" "$@"
  reports+=("$name=$results/$name.json")
}

# A tier that did not run: a failure under CI, a skip elsewhere (summarize-tests reads the marker).
not_run() { # name, reason
  echo "$2"
  printf '%s\n' "$2" >"$results/$1.absent"
  reports+=("$1=$results/$1.absent")
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

ensure_pg_server() {
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v pg_config >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing postgresql (the server tier's PostgreSQL 15)…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || return 1
  fi
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

# Chromium and the CJK fonts first: the PDF report tests of the API tiers need a font with Chinese glyphs.
browser_ready=0
if ensure_browser; then browser_ready=1; fi

echo "=== typecheck ==="
if npm run -s typecheck; then
  printf '{"numPassedTests":1,"numFailedTests":0}\n' >"$results/typecheck.json"
else
  printf '{"numPassedTests":0,"numFailedTests":1}\n' >"$results/typecheck.json"
fi
reports+=("typecheck=$results/typecheck.json")

run_vitest embedded

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  TEST_DATABASE_URL=$TEST_DATABASE_URL run_vitest postgres test/api src/server/db
elif ensure_pg_server; then
  pg_dir=$(mktemp -d /tmp/shaobao-pg.XXXXXX)
  pg_port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  if url=$(scripts/pg-server.sh start "$pg_dir" "$pg_port"); then
    TEST_DATABASE_URL=$url run_vitest postgres test/api src/server/db
    scripts/pg-server.sh stop "$pg_dir"
  else
    rm -rf "$pg_dir"
    not_run postgres "The PostgreSQL server could not be started: the server-database tier did not run."
  fi
else
  not_run postgres "No PostgreSQL server binaries: the server-database tier did not run."
fi

if [ "$browser_ready" = 1 ]; then
  run_vitest e2e --config vitest.e2e.config.ts
else
  not_run e2e "Chromium is not available and could not be installed: the browser journeys did not run."
fi

echo
node scripts/summarize-tests.mjs "${reports[@]}"
