#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sustained multi-workstation test against the FHIR test peer: N simulated workstations (own
# encrypted caches, outboxes, 1 s polls) claim and resolve while automation writes new replies;
# then the server is read back for lost or doubled writes (see workstations_bench.cpp).
#   bench/workstations_bench.sh [--workstations 8] [--seconds 600] [BUILD_DIR]
# The documented run is 10 minutes (docs/sync.md); CTest runs a 30-second one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
count=8
seconds=600
build=$here/../build
while [ $# -gt 0 ]; do
    case $1 in
        --workstations) count=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        -h|--help) sed -n '3,7p' "$0"; exit 0 ;;
        *) build=$1; shift ;;
    esac
done
node=$here/../tests/peers/node_modules/node/bin/node
[ -x "$node" ] || { echo "run tests/peers/install.sh first" >&2; exit 2; }
[ -x "$build/bin/workstations_bench" ] || { echo "build workstations_bench first" >&2; exit 2; }
work=$(mktemp -d -p "$build" workstations-bench.XXXXXX)
peer_pid=
cleanup() { [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$node" "$here/../tests/peers/fhir-peer.mjs" --port 0 --port-file "$work/port" >"$work/peer.log" &
peer_pid=$!
for _ in $(seq 300); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "the FHIR test peer did not start" >&2; exit 1; }
"$build/bin/workstations_bench" --fhir-base "http://127.0.0.1:$(cat "$work/port")/fhir/R4/" \
    --work "$work" --workstations "$count" --seconds "$seconds"
