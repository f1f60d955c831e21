#!/usr/bin/env bash
# The benchmark suite: builds in Release and runs, side by side in one go, on this machine:
#   (a) the ceiling: a bare Kestrel endpoint (bench/Digipoort.Bench ceiling) reading the same bodies;
#   (b) the gateway, single node, on each journal backend in BACKENDS;
#   (c) each protocol in DRIVERS side by side: REST single, REST bulk, and WUS against REST over the same mutual TLS;
#   (d) overload: open loop well above capacity, the node's memory over time, nothing lost;
#   (e) BenchmarkDotNet microbenchmarks of the hot paths (bench/Digipoort.Microbench);
# and writes bench/results.md (medians over RUNS runs, ratios to the ceiling) with bench/results-notes.md
# appended. All load comes from tools/LoadTest; its JSON results stay in the work folder it prints.
#
# Settings (environment): RUNS=3 DURATION=20s WARMUP=5s CONCURRENCY=64 SIZE=4KB INVALID_SHARE=0.1
#   BACKENDS="sqlite"            journal backends; add "postgresql" once the node has it (see backend_args)
#   DRIVERS="rest rest-bulk rest-tls wus"   rest and rest-bulk over plain HTTP (development identity); rest-tls
#                                and wus over mutual TLS with the sender's certificate (WUS signs with it too), so
#                                that WUS is compared with REST on the same transport
#   BATCH=100 BULK_CONCURRENCY=4 lines per bulk request, bulk requests in flight
#   OVERLOAD_RATE=1000 OVERLOAD_DURATION=20s OVERLOAD_CONNECTIONS=1500 (more than the node's 128 + 1024 queued requests, so it must refuse)
#   MICRO="*Envelope* *Serialization* *Receipt*"   microbenchmark filters ("" to skip; "*" for all)
#   OUT=bench/results.md
#   SMOKE=1                      a quick end-to-end check of the script itself: one run of a few seconds per step,
#                                no microbenchmarks, results written into the work folder (not over bench/results.md)
#                                unless OUT is given; every setting above can still be set explicitly
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d "${TMPDIR:-/tmp}/digipoort-bench-XXXXXX")
results="$work/results"
mkdir -p "$results"
echo "work folder: $work"

if [ "${SMOKE:-0}" = 1 ]; then
  RUNS=${RUNS:-1} DURATION=${DURATION:-3s} WARMUP=${WARMUP:-1s} CONCURRENCY=${CONCURRENCY:-8} BULK_CONCURRENCY=${BULK_CONCURRENCY:-1}
  BATCH=${BATCH:-10} OVERLOAD_RATE=${OVERLOAD_RATE:-200} OVERLOAD_DURATION=${OVERLOAD_DURATION:-3s} OVERLOAD_CONNECTIONS=${OVERLOAD_CONNECTIONS:-64}
  MICRO=${MICRO-} OUT=${OUT:-$work/results.md}
  echo "smoke run: figures go to $OUT and mean nothing"
fi

RUNS=${RUNS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONCURRENCY=${CONCURRENCY:-64}
SIZE=${SIZE:-4KB}
INVALID_SHARE=${INVALID_SHARE:-0.1}
BACKENDS=${BACKENDS:-sqlite}
DRIVERS=${DRIVERS:-rest rest-bulk rest-tls wus}
BATCH=${BATCH:-100}
BULK_CONCURRENCY=${BULK_CONCURRENCY:-4}
OVERLOAD_RATE=${OVERLOAD_RATE:-1000}
OVERLOAD_DURATION=${OVERLOAD_DURATION:-20s}
OVERLOAD_CONNECTIONS=${OVERLOAD_CONNECTIONS:-1500}
MICRO=${MICRO-*Envelope* *Serialization* *Receipt*}
OUT=${OUT:-bench/results.md}

failures=0

# The node arguments that select a journal backend. SQLite is the node's default; PostgreSQL does not
# exist yet: when it does, give its settings here and add it to BACKENDS.
backend_args() {
  case "$1" in
    sqlite) ;;
    postgresql) echo "--node-arg=--Digipoort:Journal:Provider=PostgreSql --node-arg=--Digipoort:Journal:ConnectionString=${PG_CONNECTION:?set PG_CONNECTION}" ;;
    *) echo "unknown backend $1" >&2; exit 2 ;;
  esac
}

# Bulk requests carry BATCH messages each and the node works on 16 lines of a request at once, so
# BULK_CONCURRENCY requests keep about as many messages at the node as CONCURRENCY single requests do.
# WUS lives on the mutual-TLS listener only; rest-tls is REST over that same listener, its fair comparison.
driver_args() {
  case "$1" in
    rest-bulk) echo "--driver rest-bulk --batch $BATCH --concurrency $BULK_CONCURRENCY" ;;
    rest-tls) echo "--driver rest --tls" ;;
    wus) echo "--driver wus --tls" ;;
    *) echo "--driver $1" ;;
  esac
}

# Runs the tool; its exit code (3 lost, 4 duplicated/wrong) is remembered, the suite goes on.
loadtest() {
  local name=$1; shift
  echo "== $name"
  dotnet tools/LoadTest/bin/Release/net10.0/Digipoort.LoadTest.dll --quiet --json "$results/$name.json" "$@" > "$work/$name.log" 2>&1
  local rc=$?
  tail -n 4 "$work/$name.log" | sed 's/^/   /'
  if [ "$rc" -ne 0 ]; then echo "   exit code $rc (log: $work/$name.log)"; failures=$((failures + 1)); fi
}

echo "== building (Release)"
for project in src/Node tools/LoadTest bench/Digipoort.Bench bench/Digipoort.Microbench; do
  dotnet build -c Release "$project" --nologo -v:q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done
node_dll=src/Node/bin/Release/net10.0/Digipoort.Node.dll
common=(--concurrency "$CONCURRENCY" --duration "$DURATION" --size "$SIZE")

# (a) The ceiling, once per protocol it can stand in for.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet bench/Digipoort.Bench/bin/Release/net10.0/Digipoort.Bench.dll ceiling --port "$port" > "$work/ceiling.log" 2>&1 &
ceiling_pid=$!
trap 'kill "$ceiling_pid" 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q listening "$work/ceiling.log" && break; sleep 0.2; done
for driver in $DRIVERS; do
  case "$driver" in wus|rest-tls) continue ;; esac # the ceiling speaks the REST paths over plain HTTP only
  for run in $(seq "$RUNS"); do
    # shellcheck disable=SC2046
    loadtest "ceiling-$driver-$run" --target "http://127.0.0.1:$port" "${common[@]}" $(driver_args "$driver") --warmup "$WARMUP" --no-verify
  done
done
kill "$ceiling_pid" 2>/dev/null; wait "$ceiling_pid" 2>/dev/null

# (b) + (c) The gateway on each backend, each protocol, a fresh node per run.
for backend in $BACKENDS; do
  for driver in $DRIVERS; do
    for run in $(seq "$RUNS"); do
      # shellcheck disable=SC2046
      loadtest "gateway-$backend-$driver-$run" --start-node --node-dll "$node_dll" $(backend_args "$backend") "${common[@]}" \
        $(driver_args "$driver") --warmup "$WARMUP" --invalid-share "$INVALID_SHARE"
    done
  done
done

# (d) Overload: far more than the node takes, open loop; memory must stay flat and nothing be lost.
for backend in $BACKENDS; do
  # shellcheck disable=SC2046
  loadtest "overload-$backend-1" --start-node --node-dll "$node_dll" $(backend_args "$backend") --driver rest --rate "$OVERLOAD_RATE" \
    --duration "$OVERLOAD_DURATION" --concurrency "$OVERLOAD_CONNECTIONS" --max-outstanding 3000 --size "$SIZE" --verify-timeout 300s
done

# (e) Microbenchmarks (short job: few iterations; enough to compare, not to publish to the microsecond).
if [ -n "$MICRO" ]; then
  echo "== microbenchmarks: $MICRO"
  # shellcheck disable=SC2086
  (set -f; cd bench/Digipoort.Microbench && dotnet run -c Release --no-build -- --filter $MICRO --job short --exporters github \
      --artifacts "$results/microbench") > "$work/microbench.log" 2>&1 || { echo "   microbenchmarks failed (log: $work/microbench.log)"; failures=$((failures + 1)); }
fi

dotnet bench/Digipoort.Bench/bin/Release/net10.0/Digipoort.Bench.dll report --results "$results" --out "$OUT" --notes bench/results-notes.md
echo "done: $OUT ($failures run(s) with a non-zero exit; logs and JSON in $work)"
[ "$failures" -eq 0 ]
