#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Initial FHIR sync of a population from the test peer (Medplum's router, tests/peers): CareDesk
# (caredesk-cli sync into a new encrypted cache) against fetching the same pages with curl to
# files, the I/O floor, in one run; printed as a ratio beside the target (2x).
#   bench/fhir_sync_bench.sh [--patients N] [--page-size N] [BUILD_DIR]
# Defaults: 10,000 patients (7 resources each: 70,000), 1,000 per page. Runs in the build tree.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
patients=10000
page=1000
build=$here/../build
while [ $# -gt 0 ]; do
    case $1 in
        --patients) patients=$2; shift 2 ;;
        --page-size) page=$2; shift 2 ;;
        -h|--help) sed -n '3,7p' "$0"; exit 0 ;;
        *) build=$1; shift ;;
    esac
done
node=$here/../tests/peers/node_modules/node/bin/node
[ -x "$node" ] || { echo "run tests/peers/install.sh first" >&2; exit 2; }
[ -x "$build/bin/caredesk-cli" ] || { echo "build caredesk-cli first" >&2; exit 2; }
work=$(mktemp -d -p "$build" fhir-bench.XXXXXX)
peer_pid=
cleanup() { [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$node" "$here/../tests/peers/fhir-peer.mjs" --port 0 --port-file "$work/port" >"$work/peer.log" &
peer_pid=$!
for _ in $(seq 300); do [ -s "$work/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")/fhir/R4"
echo "loading $patients patients into the peer ..."
"$node" "$here/fhir_population.mjs" "$base" "$patients"

types="Patient Communication Task Encounter Condition MedicationRequest MedicationDispense Appointment Consent"
# The floor: the same searches, every page to a file, following next links.
floor_start=$(date +%s.%N)
pages=0
for type in $types; do
    url="$base/$type?_count=$page&_sort=_lastUpdated"
    while [ -n "$url" ]; do
        pages=$((pages + 1))
        curl -sf "$url" -o "$work/page-$pages.json"
        url=$(grep -o '"relation":"next","url":"[^"]*"' "$work/page-$pages.json" |
              sed 's/.*"url":"//; s/"$//' || true)
    done
done
floor_end=$(date +%s.%N)
resources=$(cat "$work"/page-*.json | grep -o '"fullUrl"\|"resource":{' | wc -l)
rm -f "$work"/page-*.json

# CareDesk: a new encrypted cache (key in a file: no keychain in a bench), the same pages, synced
# by a triage nurse (sync.run). Making the site and its users is not timed.
source "$here/cli_users.sh"
site=(--data-dir "$work/cache" --key-file "$work/cache.key")
make_cli_users "$build/bin/caredesk-cli" "$work/secrets" "${site[@]}"
caredesk_start=$(date +%s.%N)
TIMEFORMAT="%U %S"
{ time "$build/bin/caredesk-cli" "${site[@]}" --credential-file "$nurse_cred" sync \
    --fhir-base "$base" --page-size "$page" >"$work/sync.txt" 2>"$work/sync.err"; } 2>"$work/cpu" ||
    { cat "$work/sync.txt" "$work/sync.err" >&2; exit 1; }
caredesk_end=$(date +%s.%N)
head -3 "$work/sync.txt"

python3 - "$floor_start" "$floor_end" "$caredesk_start" "$caredesk_end" "$pages" "$resources" \
    $(tail -1 "$work/cpu") "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import sys
fs, fe, cs, ce, pages, resources, user, system, load = map(float, sys.argv[1:])
floor, caredesk = fe - fs, ce - cs
print(f"pages: {int(pages)}, resources: {int(resources)}")
print(f"curl to files (floor): {floor:7.2f} s   ({resources / floor:8.0f} resources/s)")
print(f"caredesk-cli sync:     {caredesk:7.2f} s   ({resources / caredesk:8.0f} resources/s)")
print(f"caredesk-cli CPU: {user:.2f} s user + {system:.2f} s system; machine load {load:.1f} "
      f"on {__import__('os').cpu_count()} cores (timings are wall-clock, shared)")
print(f"ratio: {caredesk / floor:.2f}x   target: at most 2.00x   "
      f"{'met' if caredesk / floor <= 2 else 'NOT met'}")
PY
