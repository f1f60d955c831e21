#!/usr/bin/env bash
# Creates, once, what every node of a cluster must share, in one folder:
#   <dir>/pki/                            the development PKI (server certificate, trust anchors, CRL, client certificates)
#   <dir>/keys/blob-keys.json             the blob store's encryption keys
#   <dir>/receipts/receipt-signing.*.pem  the certificate acceptance receipts are signed with
# Nodes that did not share these would refuse each other's blobs, sign receipts with different keys and
# trust different client certificates. Anything already there is kept, so running it again is harmless.
#
# usage: scripts/cluster-shared.sh <dir> <node command…>
#   e.g. scripts/cluster-shared.sh cluster/shared dotnet cluster/app/Digipoort.Node.dll
# Used by scripts/cluster.sh and by the `init` service of docker-compose.yml.
set -euo pipefail

if [ "$#" -lt 2 ]; then
    echo "usage: $0 <dir> <node command…>" >&2
    exit 2
fi
shared=$1
shift
node=("$@")

umask 077
mkdir -p "$shared"

# The node's own `pki init` leaves an existing PKI alone.
"${node[@]}" pki init --data "$shared" >/dev/null

# `keys list` loads the key file, creating it with fresh keys when there is none. It also opens the folder blob
# store beside it, which leaves empty folders: blobs live in each node's store, never here.
blobs_before=no
if [ -e "$shared/blobs" ]; then blobs_before=yes; fi
"${node[@]}" keys list --data "$shared" >/dev/null
if [ "$blobs_before" = no ] && [ -z "$(find "$shared/blobs" -type f 2>/dev/null | head -n 1)" ]; then rm -rf "$shared/blobs"; fi

# The same kind of certificate a single node creates for itself on first run (ReceiptSigningCertificate):
# self-signed P-256, digital signature and non-repudiation only, so `openssl cms -verify` accepts it as its
# own trust anchor. The key is written first and the certificate last, so an interrupted run starts over.
receipts="$shared/receipts"
certificate="$receipts/receipt-signing.crt.pem"
key="$receipts/receipt-signing.key.pem"
if [ ! -s "$certificate" ] || [ ! -s "$key" ]; then
    command -v openssl >/dev/null || { echo "openssl is needed to create the receipt-signing certificate" >&2; exit 1; }
    mkdir -p "$receipts"
    rm -f "$certificate" "$key"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key"
    # A configuration of its own, so that the defaults of openssl.cnf (a CA certificate) add nothing.
    openssl req -new -x509 -key "$key" -sha256 -days 1825 -out "$certificate.tmp" -config /dev/stdin <<'CONFIG'
[req]
distinguished_name = subject
x509_extensions = receipt_signing
prompt = no
[subject]
CN = Digipoort receipt signing (development)
[receipt_signing]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
CONFIG
    mv "$certificate.tmp" "$certificate"
fi
