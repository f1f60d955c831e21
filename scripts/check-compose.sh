#!/usr/bin/env bash
# Checks docker-compose.yml without a container engine: `docker-compose config -q` parses it, resolves the anchors
# and variables and validates it against the Compose schema; exits non-zero when it is not valid. Installs Debian's
# docker-compose when it is missing (as root). When HAProxy is installed, its configuration is checked too.
# CI calls this; run it from anywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v docker-compose >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "check-compose: docker-compose is not installed (Debian: apt-get install docker-compose)" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get install -y -q docker-compose >/dev/null \
        || { timeout 300 apt-get update -q >/dev/null && timeout 600 apt-get install -y -q docker-compose >/dev/null; } \
        || { echo "check-compose: apt-get install docker-compose failed" >&2; exit 1; }
fi

docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml: valid ($(docker-compose version --short))"

# Without Docker's DNS the node names do not resolve: HAProxy warns and disables those servers, which is expected here.
if command -v haproxy >/dev/null; then
    haproxy -c -q -f deploy/haproxy.cfg
    echo "deploy/haproxy.cfg: valid"
fi
