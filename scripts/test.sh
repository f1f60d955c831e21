#!/usr/bin/env bash
# The whole test suite (the README's test command; CI calls it through .ci/run): the suite with the gateway on its
# default embedded SQLite, then again with every node on PostgreSQL (DIGIPOORT_TEST_JOURNAL=PostgreSql), ending with
# one line "tests: N passed, N failed" over both runs. PostgreSQL is the server DIGIPOORT_TEST_POSTGRES names, or else
# a local one from Debian's packages (scripts/start-postgres.sh, as root).
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

if [ -n "${DIGIPOORT_TEST_POSTGRES:-}" ]; then
  echo "PostgreSQL: the server in DIGIPOORT_TEST_POSTGRES"
elif bash scripts/start-postgres.sh 2>&1 | tee -a "$log"; then
  # PostgreSQL-only tests (e.g. the PostgreSQL blob store) run in both passes; they need the server.
  export DIGIPOORT_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"
else
  echo "PostgreSQL could not be started" | tee -a "$log"
  status=1
fi

# The official standards (UBL 2.1, SI-UBL 2.0, Logius' examples) are never copied into the repository: the tests read
# them from ../shared/reference/standards beside it (as CI checks out), or from where DIGIPOORT_STANDARDS points.
if [ -z "${DIGIPOORT_STANDARDS:-}" ] && [ -d ../shared/reference/standards ]; then
  DIGIPOORT_STANDARDS=$(cd ../shared/reference/standards && pwd)
  export DIGIPOORT_STANDARDS
fi
if [ -n "${DIGIPOORT_STANDARDS:-}" ]; then
  echo "Official standards: $DIGIPOORT_STANDARDS"
else
  echo "Official standards not found (../shared/reference/standards, DIGIPOORT_STANDARDS): their tests will fail" | tee -a "$log"
fi

if [ -f scripts/check-compose.sh ]; then
  if bash scripts/check-compose.sh 2>&1 | tee -a "$log"; then echo "docker-compose.yml: valid"; else status=1; fi
fi

# The suite on the default embedded SQLite.
dotnet test Digipoort.sln 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# The same suite against PostgreSQL.
if [ -n "${DIGIPOORT_TEST_POSTGRES:-}" ]; then
  DIGIPOORT_TEST_JOURNAL=PostgreSql dotnet test Digipoort.sln --no-build 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi

# dotnet test prints one summary per test assembly and run: "Passed!  - Failed: 0, Passed: 228, ..."
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
# A build error, a crashed test host or a missing service fails the run without a test summary: count it.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

echo "tests: $passed passed, $failed failed"
exit "$status"
