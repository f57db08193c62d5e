#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Triage performance (issue 6, item 9). Prints each run's lines, then every figure beside its
# target and the baseline recorded in bench/baselines.tsv:
#   1. classifier throughput per CPU second on one core (target >= 100,000 replies/s) beside a
#      naive matcher (one regular expression per lexicon term) measured in the same run;
#   2. latency from a reply's arrival to its row in the queue model during a burst of 1,000
#      replies (target p99 < 250 ms): through FHIR sync from the real FHIR peer (tests/peers,
#      arrival = the page leaving the peer), through the SMS webhook over loopback HTTP, and
#      through the importer a file per reply; also shown: the same burst handed over all at
#      once, and as one file (stored whole or not at all). MLLP carries no replies (ADT only).
#   bench/triage_bench.sh [BUILD_DIR] [--replies N] [--connections N] [--rate N] [--seconds S]
#                         [--page-size N]
# Exit code 1 when a target is missed. The throughput runs pinned to one core (taskset).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
if [[ $# -gt 0 && $1 != --* ]]; then
    build=$1
    shift
fi
cmake --build "$build" --target triage_latency >/dev/null
exe=$build/bin/triage_latency
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
status=0
run=$(mktemp "$build/triage-bench.XXXXXX")
trap 'rm -f "$run"' EXIT
"${pin[@]}" "$exe" classify "$@" >"$run" || status=1
"$exe" latency "$@" >>"$run" || status=1
grep -v '^figure' "$run" || true
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; this bench at nice $(nice)"
printf '%-44s %12s %12s  %s\n' metric "this run" baseline "target / baseline from"
grep '^figure' "$run" | while IFS=$'\t' read -r _ metric value; do
    recorded=$(awk -F'\t' -v m="$metric" '$1 == m { print $2 "\t" $3 }' "$here/baselines.tsv")
    printf '%-44s %12s %12s  %s\n' "$metric" "$value" "${recorded%%$'\t'*}" \
        "${recorded#*$'\t'}"
done
exit $status
