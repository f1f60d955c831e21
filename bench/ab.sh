#!/usr/bin/env bash
# A/B of two node builds under the per-message-cost scenario (issue 11: one SQLite node, 4 KB Omzetbelasting, all
# valid, plain HTTP), runs alternating A, B, A, B… so that a machine whose load drifts (other engineers' builds)
# hurts both sides alike. Prints per run: accepted and completed msg/s, accept latency, node CPU and CPU per message.
# With --rate the load is open loop at a fixed rate below both sides' capacity, and CPU per message is the figure to
# compare (it moves far less with the machine's load than throughput does). "lookups" is the rate of the verification's
# first round of GET /api/v1/messages/{kenmerk}, one per accepted message, nearly all of them ended by then.
# Usage: bench/ab.sh NAME_A DIR_A NAME_B DIR_B [RUNS] [extra load-tool args, e.g. --rate 50]
#   DIR_*: a folder holding a built Digipoort.Node.dll (e.g. a copy of src/Node/bin/Release/net10.0, or a worktree's)
#   DURATION=20s (per run), OUT=/tmp/ab-<time> (JSON and logs per run, summary.txt)
# The load tool must be built: dotnet build -c Release tools/LoadTest
set -uo pipefail
[ $# -ge 4 ] || { sed -n 2,11p "$0"; exit 2; }
a_name=$1 a_dir=$2 b_name=$3 b_dir=$4 runs=${5:-3}
shift $(( $# >= 5 ? 5 : 4 ))
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-/tmp/ab-$(date -u +%Y%m%d-%H%M)}
mkdir -p "$out"
tool=$root/tools/LoadTest/bin/Release/net10.0/Digipoort.LoadTest.dll
for run in $(seq 1 "$runs"); do
  for side in a b; do
    if [ $side = a ]; then name=$a_name dir=$a_dir; else name=$b_name dir=$b_dir; fi
    data=$(mktemp -d)
    (cd "$data" && dotnet "$tool" --quiet --start-node --no-build --node-dll "$dir/Digipoort.Node.dll" --berichtsoort Omzetbelasting \
      --size 4KB --invalid-share 0 --concurrency 64 --warmup 5s --duration "${DURATION:-20s}" --json "$out/$name-$run.json" "$@" \
      > "$out/$name-$run.log" 2>&1)
    rm -rf "$data"
    python3 - "$out/$name-$run.json" "$name" "$run" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); t = d['throughput']; v = d['verification']; l = d['latencyMs']
accepted = t['acceptedPerSecond']; cores = d['node'].get('cpuCores') or 0
print(f"{sys.argv[2]:>10} run {sys.argv[3]}: accepted {accepted:7.1f}/s completed {t['completedPerSecond']:7.1f}/s "
      f"p50 {l['p50']:6.0f} p99 {l['p99']:6.0f} ms node {cores:4.2f} cores {1000 * cores / accepted if accepted else 0:5.2f} ms CPU/msg "
      f"lost {v['lost']} dup {v['duplicated']}"
      + (f" lookups {v['firstRound']['lookups'] / v['firstRound']['seconds']:6.0f}/s" if v.get('firstRound') else ""))
PY
  done
done | tee "$out/summary.txt"
