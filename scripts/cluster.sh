#!/usr/bin/env bash
# A local Digipoort cluster: N node processes on loopback ports over one PostgreSQL, for machines without Docker.
#
#   scripts/cluster.sh up N [-- <node arguments>…]   build the node once (Release), start N nodes, wait until each is ready
#   scripts/cluster.sh status                        each node's PID, alive, ready, and the cluster's members and shards
#   scripts/cluster.sh kill I                        SIGKILL node I (a crash), by the PID this script recorded
#   scripts/cluster.sh down                          SIGTERM every node, SIGKILL what is still there after the grace period,
#                                                    stop the PostgreSQL this script started; the state folder stays
#
# Node i (1-based) listens on http://127.0.0.1:<5180+i> (health, OpenAPI), https://127.0.0.1:<5540+i> (mutual TLS:
# the API, WUS, /ops) and akka.tcp://digipoort@127.0.0.1:<4052+i> (remoting); node 1 is the seed. Each has its own data
# folder <state>/node-<i>/data; all share <state>/shared (PKI, blob key file, receipt certificate) and PostgreSQL
# (journal and blob store). `up` on a state folder that was `down` starts the same cluster again, with its journal.
#
# Environment:
#   DIGIPOORT_CLUSTER_DIR            the state folder (default ./cluster)
#   DIGIPOORT_PG                     a PostgreSQL connection string (Npgsql form; the nodes create the database when it is
#                                    missing and the user may). Without it
#                                    the script runs its own PostgreSQL in <state>/postgres (installed with apt-get if
#                                    missing, when running as root).
#   DIGIPOORT_CLUSTER_HTTP_BASE      5180, DIGIPOORT_CLUSTER_HTTPS_BASE 5540, DIGIPOORT_CLUSTER_REMOTE_BASE 4052
#   DIGIPOORT_CLUSTER_PG_PORT        the port of its own PostgreSQL (default: the first free one from 55432)
#   DIGIPOORT_CLUSTER_READY_TIMEOUT  seconds a node may take to become ready (default 120)
#   DIGIPOORT_CLUSTER_STOP_TIMEOUT   seconds `down` waits after SIGTERM before SIGKILL (default 45: a node takes up to
#                                    Digipoort:Cluster:ShutdownTimeout, 30 s, to hand its shards over and leave)
#   DIGIPOORT_CLUSTER_NO_BUILD=1     reuse the node already built into <state>/app
#
# It only ever signals the processes it started: a PID from its files is used only while /proc shows that process
# running this state folder's node with that node's data folder.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=$(mkdir -p "${DIGIPOORT_CLUSTER_DIR:-./cluster}" && cd "${DIGIPOORT_CLUSTER_DIR:-./cluster}" && pwd)
app="$state/app"
shared="$state/shared"
http_base=${DIGIPOORT_CLUSTER_HTTP_BASE:-5180}
https_base=${DIGIPOORT_CLUSTER_HTTPS_BASE:-5540}
remote_base=${DIGIPOORT_CLUSTER_REMOTE_BASE:-4052}
ready_timeout=${DIGIPOORT_CLUSTER_READY_TIMEOUT:-120}
stop_timeout=${DIGIPOORT_CLUSTER_STOP_TIMEOUT:-45}
dotnet=${DOTNET:-dotnet}

say() { printf '%s\n' "$*"; }
fail() { printf 'cluster.sh: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

http_port() { echo $((http_base + $1)); }
https_port() { echo $((https_base + $1)); }
remote_port() { echo $((remote_base + $1)); }
node_dir() { echo "$state/node-$1"; }

# The node numbers that have a folder in the state folder, in order.
nodes() {
    local dir
    for dir in "$state"/node-*; do
        [ -d "$dir" ] && echo "${dir##*/node-}"
    done | sort -n
}

# The PID of node $1 if that process is running and is this state folder's node $1; nothing otherwise.
own_pid() {
    local file pid cmdline
    file="$(node_dir "$1")/pid"
    [ -f "$file" ] || return 0
    pid=$(<"$file")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 0
    [[ "$cmdline" == *"$app/Digipoort.Node.dll"* && "$cmdline" == *"--Digipoort:DataDirectory=$(node_dir "$1")/data "* ]] && echo "$pid"
    return 0
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ready() { curl -fsS --max-time 3 -o /dev/null "http://127.0.0.1:$(http_port "$1")/health/ready" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL of its own. initdb into the state folder and pg_ctl, not the system cluster (pg_ctlcluster): that works
# as root in a container without systemd (postgres itself refuses root, so it runs as user postgres), leaves the
# machine's own PostgreSQL and /etc alone, is bound to 127.0.0.1 on a port of its own with a generated password,
# and disappears with the state folder.

# The folder with initdb and pg_ctl: Debian keeps them per version, not on the PATH.
pg_bin() {
    local dir
    for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r) "$(pg_config --bindir 2>/dev/null || true)" \
        "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"; do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
    done
    return 0
}

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_postgresql_installed() {
    [ -n "$(pg_bin)" ] && return
    [ "$(id -u)" -eq 0 ] || fail "PostgreSQL is not installed: install it (Debian: apt-get install postgresql) or set DIGIPOORT_PG"
    say "installing PostgreSQL (apt-get install postgresql)…"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get install -y -q postgresql >/dev/null \
        || { timeout 300 apt-get update -q >/dev/null && timeout 600 apt-get install -y -q postgresql >/dev/null; } \
        || fail "apt-get install postgresql failed"
    [ -n "$(pg_bin)" ] || fail "PostgreSQL was installed but pg_ctl/initdb are not found"
}

pg_running() { [ -d "$state/postgres/data" ] && as_pg "$(pg_bin)/pg_ctl" -D "$state/postgres/data" status >/dev/null 2>&1; }

start_own_postgresql() {
    ensure_postgresql_installed
    local bin pg port started
    bin=$(pg_bin)
    pg="$state/postgres"
    mkdir -p "$pg/run"
    if [ ! -f "$pg/data/PG_VERSION" ]; then
        (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$pg/password")
        [ "$(id -u)" -eq 0 ] && chown -R postgres: "$pg"
        as_pg test -w "$pg" || fail "user postgres cannot write $pg: put the state folder where it can (DIGIPOORT_CLUSTER_DIR)"
        as_pg "$bin/initdb" -D "$pg/data" -U postgres --pwfile="$pg/password" --auth-local=trust --auth-host=scram-sha-256 \
            -E UTF8 --no-locale >"$pg/initdb.log" 2>&1 || fail "initdb failed, see $pg/initdb.log"
    fi
    if ! pg_running; then
        port=${DIGIPOORT_CLUSTER_PG_PORT:-}
        if [ -z "$port" ]; then
            port=55432
            while port_in_use "$port"; do port=$((port + 1)); done
        fi
        started=$(now)
        # Every node is a connection pool of its own (journal writers and readers, blob store): the default 100 is too few.
        as_pg "$bin/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $pg/run -c max_connections=300" start >/dev/null \
            || fail "PostgreSQL did not start, see $pg/postgres.log"
        echo "$port" >"$pg/port"
        say "PostgreSQL started on 127.0.0.1:$port (data $pg/data) in $(since "$started")"
    fi
    port=$(<"$pg/port")
    # The nodes create database digipoort themselves when it is missing (under a lock, however many start at once).
    pg_connection="Host=127.0.0.1;Port=$port;Database=digipoort;Username=postgres;Password=$(<"$pg/password")"
}

stop_own_postgresql() {
    pg_running || return 0
    local started
    started=$(now)
    as_pg "$(pg_bin)/pg_ctl" -D "$state/postgres/data" -m fast -w -t 30 stop >/dev/null || fail "PostgreSQL did not stop"
    say "PostgreSQL stopped in $(since "$started")"
}

# ---------------------------------------------------------------------------------------------------------------

build() {
    if [ "${DIGIPOORT_CLUSTER_NO_BUILD:-}" = 1 ] && [ -f "$app/Digipoort.Node.dll" ]; then return; fi
    local started
    started=$(now)
    say "building the node (Release) into $app…"
    # Its own copy, so that rebuilding the repository does not change the binaries under running nodes.
    timeout 1200 "$dotnet" publish "$repo/src/Node" -c Release -o "$app" --nologo -v quiet >"$state/build.log" 2>&1 \
        || fail "the build failed, see $state/build.log"
    say "built in $(since "$started")"
}

start_node() {
    local i=$1 dir
    shift
    dir=$(node_dir "$i")
    mkdir -p "$dir"
    for port in "$(http_port "$i")" "$(https_port "$i")" "$(remote_port "$i")"; do
        port_in_use "$port" && fail "port $port (node $i) is in use"
    done
    # The connection string carries a password: it goes in the environment, which only this user can read, not on
    # the command line, which `ps` shows everyone. The blob store takes the journal's database by default.
    Digipoort__Journal__ConnectionString="$pg_connection" \
    setsid "$dotnet" "$app/Digipoort.Node.dll" \
        "--urls=http://127.0.0.1:$(http_port "$i");https://127.0.0.1:$(https_port "$i")" \
        "--Digipoort:DataDirectory=$dir/data" \
        "--Digipoort:Cluster:Hostname=127.0.0.1" \
        "--Digipoort:Cluster:Port=$(remote_port "$i")" \
        "--Digipoort:Cluster:SeedNodes:0=akka.tcp://digipoort@127.0.0.1:$(remote_port 1)" \
        "--Digipoort:Journal:Provider=PostgreSql" \
        "--Digipoort:Blobs:Store=PostgreSql" \
        "--Digipoort:Tls:PkiDirectory=$shared/pki" \
        "--Digipoort:BlobEncryption:KeyFile=$shared/keys/blob-keys.json" \
        "--Digipoort:Receipts:CertificatePath=$shared/receipts/receipt-signing.crt.pem" \
        "--Digipoort:Receipts:KeyPath=$shared/receipts/receipt-signing.key.pem" \
        "$@" </dev/null >"$dir/node.log" 2>&1 &
    echo $! >"$dir/pid"
    # Its end is watched through the PID file, not as a job of this shell (which would report it when it dies).
    disown
}

# Waits until node $1 answers ready, failing when it exits or the deadline passes.
wait_ready() {
    local i=$1 deadline pid
    deadline=$(($(date +%s) + ready_timeout))
    until ready "$i"; do
        pid=$(own_pid "$i")
        [ -n "$pid" ] || fail "node $i exited before it was ready ('cluster.sh down' stops the others); last lines of $(node_dir "$i")/node.log:
$(tail -n 20 "$(node_dir "$i")/node.log")"
        [ "$(date +%s)" -lt "$deadline" ] \
            || fail "node $i was not ready within ${ready_timeout} s, see $(node_dir "$i")/node.log ('cluster.sh down' stops the nodes)"
        sleep 0.5
    done
}

describe() {
    local i=$1
    say "node $i: pid $(own_pid "$i"), http://127.0.0.1:$(http_port "$i"), https://127.0.0.1:$(https_port "$i") (mutual TLS)," \
        "akka.tcp://digipoort@127.0.0.1:$(remote_port "$i"); log $(node_dir "$i")/node.log"
}

up() {
    local count=${1:-}
    [[ "$count" =~ ^[1-9][0-9]*$ ]] || fail "usage: cluster.sh up N [-- <node arguments>…]"
    shift
    [ "${1:-}" = "--" ] && shift
    local i started
    for i in $(nodes); do
        [ -n "$(own_pid "$i")" ] && fail "node $i of $state is still running: run 'cluster.sh down' first"
    done
    command -v curl >/dev/null || fail "curl is needed to ask the nodes whether they are ready"
    started=$(now)
    build
    if [ -n "${DIGIPOORT_PG:-}" ]; then
        pg_connection=$DIGIPOORT_PG
        say "PostgreSQL: DIGIPOORT_PG"
    else
        start_own_postgresql
    fi
    local shared_started
    shared_started=$(now)
    "$repo/scripts/cluster-shared.sh" "$shared" "$dotnet" "$app/Digipoort.Node.dll" || fail "creating the shared PKI and keys failed"
    say "shared PKI, blob key file and receipt certificate in $shared ($(since "$shared_started"))"

    # The seed first: it forms the cluster, which the others then join, all at once.
    local node_started
    node_started=$(now)
    start_node 1 "$@"
    wait_ready 1
    say "node 1 (seed) ready in $(since "$node_started")"
    node_started=$(now)
    for i in $(seq 2 "$count"); do start_node "$i" "$@"; done
    for i in $(seq 2 "$count"); do wait_ready "$i"; done
    [ "$count" -gt 1 ] && say "nodes 2–$count ready in $(since "$node_started")"
    for i in $(seq 1 "$count"); do describe "$i"; done
    say "cluster of $count up in $(since "$started"); state in $state"
}

# Sends SIGKILL to node $1, by its own PID.
kill_node() {
    local i=${1:-} pid
    [[ "$i" =~ ^[1-9][0-9]*$ ]] || fail "usage: cluster.sh kill I"
    [ -d "$(node_dir "$i")" ] || fail "there is no node $i in $state"
    pid=$(own_pid "$i")
    [ -n "$pid" ] || fail "node $i is not running"
    kill -KILL "$pid"
    local deadline=$(($(date +%s) + 10))
    while [ -d "/proc/$pid" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
    say "node $i (pid $pid) killed"
}

down() {
    local i pid started deadline
    local -A pids=()
    started=$(now)
    for i in $(nodes); do
        pid=$(own_pid "$i")
        [ -n "$pid" ] && pids[$i]=$pid && kill -TERM "$pid"
    done
    deadline=$(($(date +%s) + stop_timeout))
    for i in "${!pids[@]}"; do
        while [ -d "/proc/${pids[$i]}" ] && [ -n "$(own_pid "$i")" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
        if [ -n "$(own_pid "$i")" ]; then
            kill -KILL "${pids[$i]}"
            say "node $i (pid ${pids[$i]}) did not stop within ${stop_timeout} s: killed"
        else
            say "node $i (pid ${pids[$i]}) stopped"
        fi
    done
    [ "${#pids[@]}" -gt 0 ] && say "${#pids[@]} node(s) down in $(since "$started")"
    stop_own_postgresql
}

status() {
    local i pid alive readiness asked=""
    [ -n "$(nodes)" ] || { say "no cluster in $state"; return 0; }
    printf '%-5s %-8s %-6s %-6s %-24s %-24s %s\n' node pid alive ready http https remoting
    for i in $(nodes); do
        pid=$(own_pid "$i")
        alive=$([ -n "$pid" ] && echo yes || echo no)
        readiness=$([ -n "$pid" ] && ready "$i" && echo yes || echo no)
        printf '%-5s %-8s %-6s %-6s %-24s %-24s %s\n' "$i" "${pid:-$(cat "$(node_dir "$i")/pid" 2>/dev/null || echo -)}" "$alive" "$readiness" \
            "127.0.0.1:$(http_port "$i")" "127.0.0.1:$(https_port "$i")" "127.0.0.1:$(remote_port "$i")"
        [ -z "$asked" ] && [ "$readiness" = yes ] && asked=$i
    done
    pg_running && say "PostgreSQL: 127.0.0.1:$(<"$state/postgres/port") (its own, in $state/postgres)"
    [ -n "$asked" ] || { say "no node is ready to show the cluster's members"; return 0; }

    # The operator view of the cluster, asked with the operator's certificate from the shared development PKI.
    local view
    view=$(curl -fsS --max-time 15 --cert "$shared/pki/clients/operator.pem" --key "$shared/pki/clients/operator.key" \
        --cacert "$shared/pki/trust/root-ca.pem" "https://localhost:$(https_port "$asked")/ops/v1/cluster") \
        || { say "node $asked did not answer GET /ops/v1/cluster"; return 0; }
    say "cluster as node $asked sees it (GET /ops/v1/cluster):"
    if command -v jq >/dev/null; then
        jq -r '
            (.members[] | "  \(.address)  \(.status)\(if .reachable then "" else " UNREACHABLE" end)"
              + "\(if .self then " self" else "" end)\(if .leader then " leader" else "" end)\(if .oldest then " oldest" else "" end)"
              + "  shards \(.shards // "?") entities \(.entities // "?")"),
            "  sharding: \(.sharding.status), \(.sharding.shards) shards, \(.sharding.entities) live entities"' <<<"$view"
    else
        say "$view"
    fi
}

case "${1:-}" in
    up) shift; up "$@" ;;
    down) down ;;
    status) status ;;
    kill) kill_node "${2:-}" ;;
    *) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
