#!/usr/bin/env bash
# The benchmark suite: builds in Release and runs, side by side in one go, on this machine:
#   (a) the ceiling: a bare Kestrel endpoint (bench/Digipoort.Bench ceiling) reading the same bodies;
#   (b) the gateway, single node, on each journal backend in BACKENDS;
#   (c) each protocol in DRIVERS side by side: REST single, REST bulk, and WUS against REST over the same mutual TLS;
#   (d) overload: open loop well above capacity, the node's memory over time, nothing lost;
#   (e) BenchmarkDotNet microbenchmarks of the hot paths (bench/Digipoort.Microbench);
#   (f) the journal's own limit: one-event durable writes/s of long-lived entities on SQLite and PostgreSQL
#       (bench/Digipoort.Bench journal);
#   (g) the cluster: 1, 2 and 3 node processes on PostgreSQL (scripts/cluster.sh, a fresh database each) beside
#       1 node on SQLite, the same load spread over every node, every message verified;
#   (h) takeover: 3 nodes under steady load, `scripts/cluster.sh kill 2`, probes measure when submissions are all
#       accepted again (bench/Digipoort.Bench takeover-probe);
#   (i) cost: one node, the simplest message (4 KB Omzetbelasting, all valid), plain HTTP, per journal backend;
# and writes bench/results.md (medians over RUNS runs, ratios to the ceiling and the journal) with
# bench/results-notes.md appended. All gateway load comes from tools/LoadTest; the JSON results stay in the
# work folder it prints.
#
# Settings (environment): RUNS=3 DURATION=20s WARMUP=5s CONCURRENCY=64 SIZE=4KB INVALID_SHARE=0.1
#   STEPS="ceiling gateway protocols overload micro journal cost cluster takeover"   which parts run (default all):
#                                ceiling (a); gateway: (b) with the rest driver; protocols: (c) the other DRIVERS;
#                                overload (d); micro (e); journal (f); cluster (g); takeover (h); cost (i)
#   COST_BACKENDS="sqlite postgresql"   the journal backends of the per-message-cost step (i)
#   BACKENDS="sqlite"            journal backends; add "postgresql" once the node has it (see backend_args)
#   DRIVERS="rest rest-bulk rest-tls wus"   rest and rest-bulk over plain HTTP (development identity); rest-tls
#                                and wus over mutual TLS with the sender's certificate (WUS signs with it too), so
#                                that WUS is compared with REST on the same transport
#   BATCH=100 BULK_CONCURRENCY=4 lines per bulk request, bulk requests in flight
#   OVERLOAD_RATE=1000 OVERLOAD_DURATION=20s OVERLOAD_CONNECTIONS=1500 (more than the node's 128 + 1024 queued requests, so it must refuse)
#   OVERLOAD_VERIFY_TIMEOUT=900s how long the tool follows the accepted messages to their end after the flood (the backlog
#                                of a 20× flood takes minutes; a message not final by then counts as lost)
#   MICRO="*Envelope* *Serialization* *Receipt*"   microbenchmark filters ("" to skip; "*" for all)
#   JOURNAL_ENTITIES=1000 JOURNAL_EVENT_BYTES=256   the journal baseline's entities and event size (CONCURRENCY in flight)
#   CLUSTER_NODES="1 2 3"        cluster sizes on PostgreSQL (each beside one SQLite node run in the same round)
#   CLUSTER_BERICHTSOORT=Omzetbelasting   what the cluster and takeover steps send (SIZE, INVALID_SHARE as above)
#   TAKEOVER_DURATION=45s TAKEOVER_KILL_AFTER=10s TAKEOVER_RATE=5 TAKEOVER_SLOW=2s   the takeover probes: how long, when the
#                                kill comes, probes a second, and the latency above which an accepted probe still counts as not ok
#   TAKEOVER_LOAD_RATE=10 TAKEOVER_SETTLE=5s   the steady load beside them (messages/s, open loop) and how long it runs alone first
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD=postgres   the PostgreSQL server of steps f–h (psql must be
#                                installed); each run gets a database of its own, DB_PREFIX (hbn_bench_) + step + run, dropped after
#   CLUSTER_HTTP_BASE=27180 CLUSTER_HTTPS_BASE=27540 CLUSTER_REMOTE_BASE=27052   the cluster's loopback ports (node i: base + i)
#   ALSO_RESULTS=                results folders of earlier runs to report beside this one (comma-separated; e.g. the last full
#                                run's, when only STEPS="journal cluster takeover" ran now)
#   OUT=bench/results.md
#   SMOKE=1                      a quick end-to-end check of the script itself: one run of a few seconds per step,
#                                no microbenchmarks, results written into the work folder (not over bench/results.md)
#                                unless OUT is given; every setting above can still be set explicitly
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d "${TMPDIR:-/tmp}/digipoort-bench-XXXXXX")
results="$work/results"
mkdir -p "$results"
echo "work folder: $work"

if [ "${SMOKE:-0}" = 1 ]; then
  RUNS=${RUNS:-1} DURATION=${DURATION:-3s} WARMUP=${WARMUP:-1s} CONCURRENCY=${CONCURRENCY:-8} BULK_CONCURRENCY=${BULK_CONCURRENCY:-1}
  BATCH=${BATCH:-10} OVERLOAD_RATE=${OVERLOAD_RATE:-200} OVERLOAD_DURATION=${OVERLOAD_DURATION:-3s} OVERLOAD_CONNECTIONS=${OVERLOAD_CONNECTIONS:-64}
  MICRO=${MICRO-} OUT=${OUT:-$work/results.md} JOURNAL_ENTITIES=${JOURNAL_ENTITIES:-100} CLUSTER_NODES=${CLUSTER_NODES:-1 2}
  TAKEOVER_DURATION=${TAKEOVER_DURATION:-30s} TAKEOVER_KILL_AFTER=${TAKEOVER_KILL_AFTER:-5s}
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
OVERLOAD_VERIFY_TIMEOUT=${OVERLOAD_VERIFY_TIMEOUT:-900s}
COST_BACKENDS=${COST_BACKENDS:-sqlite postgresql}
MICRO=${MICRO-*Envelope* *Serialization* *Receipt*}
OUT=${OUT:-bench/results.md}
STEPS=${STEPS:-ceiling gateway protocols overload micro journal cost cluster takeover}
JOURNAL_ENTITIES=${JOURNAL_ENTITIES:-1000}
JOURNAL_EVENT_BYTES=${JOURNAL_EVENT_BYTES:-256}
CLUSTER_NODES=${CLUSTER_NODES:-1 2 3}
CLUSTER_BERICHTSOORT=${CLUSTER_BERICHTSOORT:-Omzetbelasting}
TAKEOVER_DURATION=${TAKEOVER_DURATION:-45s}
TAKEOVER_KILL_AFTER=${TAKEOVER_KILL_AFTER:-10s}
TAKEOVER_RATE=${TAKEOVER_RATE:-5}
TAKEOVER_LOAD_RATE=${TAKEOVER_LOAD_RATE:-10}
TAKEOVER_SLOW=${TAKEOVER_SLOW:-2s}
TAKEOVER_SETTLE=${TAKEOVER_SETTLE:-5s}
DB_PREFIX=${DB_PREFIX:-hbn_bench_}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export DIGIPOORT_CLUSTER_HTTP_BASE=${CLUSTER_HTTP_BASE:-27180} DIGIPOORT_CLUSTER_HTTPS_BASE=${CLUSTER_HTTPS_BASE:-27540}
export DIGIPOORT_CLUSTER_REMOTE_BASE=${CLUSTER_REMOTE_BASE:-27052}
ALSO_RESULTS=${ALSO_RESULTS:-}

step() { [[ " $STEPS " == *" $1 "* ]]; }

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

# The drivers a step measures: gateway is REST single, protocols every other driver in DRIVERS.
step_drivers() {
  local driver
  for driver in $DRIVERS; do
    if [ "$driver" = rest ]; then step gateway && echo rest; else step protocols && echo "$driver"; fi
  done
  return 0
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
projects=(src/Node tools/LoadTest bench/Digipoort.Bench)
step micro && [ -n "$MICRO" ] && projects+=(bench/Digipoort.Microbench)
for project in "${projects[@]}"; do
  dotnet build -c Release "$project" --nologo -v:q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done
git rev-parse --short HEAD > "$results/commit.txt"
[ -n "$(git status --porcelain --untracked-files=no)" ] && sed -i 's/$/ (with uncommitted changes)/' "$results/commit.txt"
node_dll=src/Node/bin/Release/net10.0/Digipoort.Node.dll
bench_dll=bench/Digipoort.Bench/bin/Release/net10.0/Digipoort.Bench.dll
common=(--concurrency "$CONCURRENCY" --duration "$DURATION" --size "$SIZE")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Whatever the script started is stopped however it ends: the ceiling, CPU samplers, clusters, their databases.
ceiling_pid="" sampler_pid=""
clusters=() databases=()
cleanup() {
  [ -n "$ceiling_pid" ] && kill "$ceiling_pid" 2>/dev/null
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null
  local state db
  for state in "${clusters[@]}"; do DIGIPOORT_CLUSTER_DIR=$state scripts/cluster.sh down > /dev/null 2>&1; done
  for db in "${databases[@]}"; do drop_database "$db"; done
}
trap cleanup EXIT

# (a) The ceiling, once per protocol it can stand in for.
if step ceiling; then
  port=$(free_port)
  dotnet "$bench_dll" ceiling --port "$port" > "$work/ceiling.log" 2>&1 &
  ceiling_pid=$!
  for _ in $(seq 50); do grep -q listening "$work/ceiling.log" && break; sleep 0.2; done
  for driver in $DRIVERS; do
    case "$driver" in wus|rest-tls) continue ;; esac # the ceiling speaks the REST paths over plain HTTP only
    for run in $(seq "$RUNS"); do
      # shellcheck disable=SC2046
      loadtest "ceiling-$driver-$run" --target "http://127.0.0.1:$port" "${common[@]}" $(driver_args "$driver") --warmup "$WARMUP" --no-verify
    done
  done
  kill "$ceiling_pid" 2>/dev/null; wait "$ceiling_pid" 2>/dev/null; ceiling_pid=""
fi

# (b) + (c) The gateway on each backend, each protocol, a fresh node per run.
for backend in $BACKENDS; do
  for driver in $(step_drivers); do
    for run in $(seq "$RUNS"); do
      # shellcheck disable=SC2046
      loadtest "gateway-$backend-$driver-$run" --start-node --node-dll "$node_dll" $(backend_args "$backend") "${common[@]}" \
        $(driver_args "$driver") --warmup "$WARMUP" --invalid-share "$INVALID_SHARE"
    done
  done
done

# (d) Overload: far more than the node takes, open loop; memory must stay flat and nothing be lost.
for backend in $(step overload && echo "$BACKENDS"); do
  # shellcheck disable=SC2046
  loadtest "overload-$backend-1" --start-node --node-dll "$node_dll" $(backend_args "$backend") --driver rest --rate "$OVERLOAD_RATE" \
    --duration "$OVERLOAD_DURATION" --concurrency "$OVERLOAD_CONNECTIONS" --max-outstanding 3000 --size "$SIZE" --verify-timeout "$OVERLOAD_VERIFY_TIMEOUT"
done

# (e) Microbenchmarks (short job: few iterations; enough to compare, not to publish to the microsecond).
if step micro && [ -n "$MICRO" ]; then
  echo "== microbenchmarks: $MICRO"
  # shellcheck disable=SC2086
  (set -f; cd bench/Digipoort.Microbench && dotnet run -c Release --no-build -- --filter $MICRO --job short --exporters github \
      --artifacts "$results/microbench") > "$work/microbench.log" 2>&1 || { echo "   microbenchmarks failed (log: $work/microbench.log)"; failures=$((failures + 1)); }
fi

# PostgreSQL of steps f–h: a database per run (the node, or the journal baseline, creates it), dropped afterwards.
pg_connection() { echo "Host=$PGHOST;Port=$PGPORT;Database=$1;Username=$PGUSER;Password=$PGPASSWORD"; }
# Sets $db to a fresh database name (not echoed: a $(…) subshell would not remember it for the clean-up).
new_database() {
  db="${DB_PREFIX}$1_$$"
  drop_database "$db"
  databases+=("$db")
}
drop_database() { psql -d postgres -qAtc "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" > /dev/null 2>&1 || echo "   could not drop database $1"; }
if step journal || step cluster || step takeover || { step cost && [[ " $COST_BACKENDS " == *" postgresql "* ]]; }; then
  command -v psql > /dev/null || { echo "steps journal, cluster and takeover need psql (apt-get install postgresql-client)"; exit 1; }
  psql -d postgres -qAtc "SELECT 1" > /dev/null || { echo "PostgreSQL at $PGHOST:$PGPORT does not answer (PGHOST, PGPORT, PGUSER, PGPASSWORD)"; exit 1; }
fi

# Samples CPU (the given PIDs, every postgres process, the machine) into cpu/<name>.jsonl until stop_sampler.
start_sampler() {
  local name=$1; shift
  mkdir -p "$results/cpu"
  dotnet "$bench_dll" cpu --out "$results/cpu/$name.jsonl" --pids "$(IFS=,; echo "$*")" > "$work/cpu-$name.log" 2>&1 &
  sampler_pid=$!
}
stop_sampler() { [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null && wait "$sampler_pid" 2>/dev/null; sampler_pid=""; }

# A cluster of $2 nodes in its own state folder, on the node already built (the one --start-node runs), on database $3,
# its recipients pointed at the counting recipient the load tool will open on port $4, plain-HTTP senders with the
# development identity like --start-node's; the PKI and keys are made once for all the clusters of this run.
cluster_up() {
  local state=$1 count=$2 db=$3 recipient_port=$4
  mkdir -p "$state" "$work/cluster-shared"
  ln -sfn "$(pwd)/src/Node/bin/Release/net10.0" "$state/app"
  ln -sfn "$work/cluster-shared" "$state/shared"
  clusters+=("$state")
  DIGIPOORT_CLUSTER_DIR=$state DIGIPOORT_CLUSTER_NO_BUILD=1 DIGIPOORT_PG=$(pg_connection "$db") scripts/cluster.sh up "$count" -- \
    --Digipoort:Development:SenderIdentity=00000003123456780000 \
    "--Digipoort:Recipients:belastingdienst:Endpoint=http://127.0.0.1:$recipient_port/inbox/belastingdienst" \
    --Logging:LogLevel:Default=Warning > "$state/up.log" 2>&1 \
    || { echo "   cluster of $count did not come up: $(tail -n 3 "$state/up.log")"; return 1; }
}
cluster_down() { DIGIPOORT_CLUSTER_DIR=$1 scripts/cluster.sh down > "$1/down.log" 2>&1; }
node_pids() { local i; for i in $(seq "$2"); do cat "$1/node-$i/pid"; done; }
node_targets() { local i; for i in "${@:2}"; do echo "--target http://127.0.0.1:$((DIGIPOORT_CLUSTER_HTTP_BASE + i))"; done; }
cluster_load=(--berichtsoort "$CLUSTER_BERICHTSOORT" --size "$SIZE" --invalid-share "$INVALID_SHARE" --concurrency "$CONCURRENCY" --warmup "$WARMUP")

# (f) The journal's own limit, on SQLite (as the node: WAL, synchronous=FULL) and on PostgreSQL.
if step journal; then
  mkdir -p "$results/journal"
  for run in $(seq "$RUNS"); do
    for backend in sqlite postgresql; do
      echo "== journal-$backend-$run"
      args=(journal --backend "$backend" --entities "$JOURNAL_ENTITIES" --concurrency "$CONCURRENCY" --event-bytes "$JOURNAL_EVENT_BYTES"
            --warmup "$WARMUP" --duration "$DURATION" --json "$results/journal/journal-$backend-$run.json")
      if [ "$backend" = sqlite ]; then
        dotnet "$bench_dll" "${args[@]}" --data "$work/journal-sqlite-$run" > "$work/journal-$backend-$run.log" 2>&1
      else
        new_database "journal_$run"
        DIGIPOORT_BENCH_PG=$(pg_connection "$db") dotnet "$bench_dll" "${args[@]}" > "$work/journal-$backend-$run.log" 2>&1
      fi
      rc=$?
      tail -n 1 "$work/journal-$backend-$run.log" | sed 's/^/   /'
      [ "$rc" -ne 0 ] && { echo "   exit code $rc"; failures=$((failures + 1)); }
      [ "$backend" = postgresql ] && drop_database "$db"
    done
  done
fi

# (i) Per-message cost (issue 11): one node, the simplest message (Omzetbelasting, SIZE, schema only, one recipient, all
# valid), plain HTTP, CONCURRENCY in flight, a fresh node (and database) per run, on each of COST_BACKENDS; beside the
# journal step's figure for the same backend, it says how much of the journal's own limit a message leaves.
for backend in $(step cost && echo "$COST_BACKENDS"); do
  for run in $(seq "$RUNS"); do
    journal_args=()
    if [ "$backend" = postgresql ]; then
      new_database "cost_$run"
      journal_args=(--node-arg=--Digipoort:Journal:Provider=PostgreSql --node-arg="--Digipoort:Journal:ConnectionString=$(pg_connection "$db")")
    fi
    loadtest "cost-$backend-$run" --start-node --node-dll "$node_dll" "${journal_args[@]}" --driver rest --berichtsoort Omzetbelasting \
      --invalid-share 0 "${common[@]}" --warmup "$WARMUP"
    [ "$backend" = postgresql ] && drop_database "$db"
  done
done

# (g) 1, 2, 3 nodes on PostgreSQL beside 1 node on SQLite, round by round, the same load spread over every node.
if step cluster; then
  mkdir -p "$results/cluster" "$work/cluster"
  for run in $(seq "$RUNS"); do
    start_sampler "cluster-sqlite-1node-$run"
    loadtest "cluster/sqlite-1node-$run" --start-node --node-dll "$node_dll" --duration "$DURATION" "${cluster_load[@]}"
    stop_sampler
    for count in $CLUSTER_NODES; do
      name="postgresql-${count}node-$run" state="$work/cluster-$count-$run" recipient_port=$(free_port)
      new_database "cluster${count}_$run"
      echo "== cluster of $count on PostgreSQL (run $run)"
      if cluster_up "$state" "$count" "$db" "$recipient_port"; then
        # shellcheck disable=SC2046
        start_sampler "cluster-$name" $(node_pids "$state" "$count")
        # shellcheck disable=SC2046
        loadtest "cluster/$name" $(node_targets "$state" $(seq "$count")) --recipient-port "$recipient_port" --duration "$DURATION" "${cluster_load[@]}"
        stop_sampler
      else
        failures=$((failures + 1))
      fi
      cluster_down "$state"
      drop_database "$db"
    done
  done
fi

# (h) Takeover: 3 nodes, steady load on nodes 1 and 3 (the survivors: the tool follows each message through the node that
# accepted it), probes to 1 and 3 as well; the probe runs `scripts/cluster.sh kill 2` TAKEOVER_KILL_AFTER into its run.
if step takeover; then
  mkdir -p "$results/takeover" "$work/takeover"
  probe_seconds=$(awk -v d="$TAKEOVER_DURATION" 'BEGIN { sub(/s$/, "", d); print d + 0 }')
  settle_seconds=$(awk -v d="$TAKEOVER_SETTLE" 'BEGIN { sub(/s$/, "", d); print d + 0 }')
  for run in $(seq "$RUNS"); do
    state="$work/takeover-$run" recipient_port=$(free_port)
    new_database "takeover_$run"
    echo "== takeover-$run: 3 nodes on PostgreSQL, kill node 2 after $TAKEOVER_KILL_AFTER of ${TAKEOVER_DURATION} probing"
    if cluster_up "$state" 3 "$db" "$recipient_port"; then
      # The steady load is an open loop well below what the three nodes take (a closed loop would saturate them, and every
      # probe would be slow before the kill already), without a warm-up of its own (a warm-up's requests caught in the takeover
      # would hold back its measured part): it starts, TAKEOVER_SETTLE later the probing starts, and it outlasts the probing.
      # shellcheck disable=SC2046
      dotnet tools/LoadTest/bin/Release/net10.0/Digipoort.LoadTest.dll --quiet --json "$results/takeover/load-$run.json" \
        $(node_targets "$state" 1 3) --recipient-port "$recipient_port" --duration "$((settle_seconds + probe_seconds + 5))s" \
        --berichtsoort "$CLUSTER_BERICHTSOORT" --size "$SIZE" --invalid-share "$INVALID_SHARE" --rate "$TAKEOVER_LOAD_RATE" \
        --concurrency "$CONCURRENCY" > "$work/takeover/load-$run.log" 2>&1 &
      load_pid=$!
      sleep "$settle_seconds"
      DIGIPOORT_CLUSTER_DIR=$state dotnet "$bench_dll" takeover-probe \
        --targets "http://127.0.0.1:$((DIGIPOORT_CLUSTER_HTTP_BASE + 1)),http://127.0.0.1:$((DIGIPOORT_CLUSTER_HTTP_BASE + 3))" \
        --kill-command "scripts/cluster.sh kill 2" --watch-pid-file "$state/node-2/pid" --kill-after "$TAKEOVER_KILL_AFTER" --duration "$TAKEOVER_DURATION" \
        --rate "$TAKEOVER_RATE" --slow "$TAKEOVER_SLOW" --berichtsoort "$CLUSTER_BERICHTSOORT" --size "$SIZE" \
        --json "$results/takeover/probe-$run.json" > "$work/takeover/probe-$run.log" 2>&1
      rc=$?
      tail -n 1 "$work/takeover/probe-$run.log" | sed 's/^/   probe: /'
      [ "$rc" -ne 0 ] && { echo "   probe exit code $rc (log: $work/takeover/probe-$run.log)"; failures=$((failures + 1)); }
      wait "$load_pid"
      rc=$?
      tail -n 4 "$work/takeover/load-$run.log" | sed 's/^/   load: /'
      [ "$rc" -ne 0 ] && { echo "   load exit code $rc (log: $work/takeover/load-$run.log)"; failures=$((failures + 1)); }
    else
      failures=$((failures + 1))
    fi
    cluster_down "$state"
    drop_database "$db"
  done
fi

dotnet "$bench_dll" report --results "$results${ALSO_RESULTS:+,$ALSO_RESULTS}" --out "$OUT" --notes bench/results-notes.md
echo "done: $OUT ($failures run(s) with a non-zero exit; logs and JSON in $work)"
[ "$failures" -eq 0 ]
