#!/usr/bin/env bash
# Where a message's CPU goes: the per-message-cost scenario of issue 11 (one node, 4 KB Omzetbelasting, schema only,
# one recipient, plain HTTP, 64 in flight) with `perf record -g` sampling the node process for PROFILE_SECONDS while
# tools/LoadTest drives it. The node runs with DOTNET_PerfMapEnabled=1 (and W^X off, without which JIT code sits in a
# double mapping perf cannot name), so managed frames have names beside SQLite's native ones and the kernel's. Writes, into OUT (default bench/results/profile-<date>):
#   perf.data          the samples (not committed: large)
#   top-symbols.txt    self time per symbol, the heaviest first (perf report --no-children)
#   top-inclusive.txt  time including callees per symbol (what a call costs with everything under it)
#   top-dsos.txt       self time per binary (managed JIT code shows as perf-<pid>.map)
#   load.json/.log     the load tool's figures for the same run (accepted and delivered msg/s, latency, node CPU)
# Usage: bench/profile.sh [extra --node-arg …]   e.g. bench/profile.sh --node-arg Digipoort:Journal:Provider=PostgreSql …
# Settings: DURATION=60s (load), PROFILE_DELAY=30 (seconds into the load when sampling starts: after the node's start
# and the JIT's tiering, which still took ~15 % of the node's CPU 12–32 s in), PROFILE_SECONDS=20, FREQUENCY=499 (samples/s per CPU), OUT=…
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
DURATION=${DURATION:-60s}
PROFILE_DELAY=${PROFILE_DELAY:-30}
PROFILE_SECONDS=${PROFILE_SECONDS:-20}
FREQUENCY=${FREQUENCY:-499}
OUT=${OUT:-bench/results/profile-$(date -u +%Y-%m-%d-%H%M)}
mkdir -p "$OUT"
command -v perf > /dev/null || { echo "perf is needed (apt-get install linux-perf)"; exit 1; }

for project in src/Node tools/LoadTest; do
  dotnet build -c Release "$project" --nologo -v:q > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
done

DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet tools/LoadTest/bin/Release/net10.0/Digipoort.LoadTest.dll --start-node --no-build \
  --node-dll src/Node/bin/Release/net10.0/Digipoort.Node.dll --berichtsoort Omzetbelasting --size 4KB --invalid-share 0 \
  --concurrency 64 --warmup 5s --duration "$DURATION" --json "$OUT/load.json" "$@" > "$OUT/load.log" 2>&1 &
load=$!
sleep "$PROFILE_DELAY"
node=$(pgrep -n -f 'Digipoort.Node.dll' || true)
[ -n "$node" ] || { echo "no node process found"; kill "$load"; exit 1; }
echo "sampling node pid $node for ${PROFILE_SECONDS}s"
perf record -F "$FREQUENCY" -g -p "$node" -o "$OUT/perf.data" -- sleep "$PROFILE_SECONDS" 2> "$OUT/perf-record.log"
wait "$load" || echo "load tool exit code $? (see $OUT/load.log)"
perf report -i "$OUT/perf.data" --no-children -g none --sort sym --stdio --percent-limit 0.4 2> /dev/null | grep -v '^$' | grep -v '^#' \
  | grep -E '^ +[0-9]' | head -80 > "$OUT/top-symbols.txt"
perf report -i "$OUT/perf.data" --children -g none --sort sym --stdio --percent-limit 2 2> /dev/null | grep -E '^ +[0-9]' \
  | head -120 > "$OUT/top-inclusive.txt"
perf report -i "$OUT/perf.data" --no-children -g none --sort dso --stdio 2> /dev/null | grep -E '^ +[0-9]' | head -30 > "$OUT/top-dsos.txt"
tail -n 25 "$OUT/load.log"
echo "profile: $OUT (top-symbols.txt, top-inclusive.txt, top-dsos.txt; perf.data for perf report -i)"
