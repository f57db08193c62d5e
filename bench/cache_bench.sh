#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Encrypted cache benchmarks, each figure printed beside its baseline:
#   1. bulk import of a synthetic population (patients, encounters, medications cloned from the
#      bulk-10 export) into the encrypted cache, against the same store code and schema on
#      plain SQLite measured in the same run (target: at most 1.3x);
#   2. cold open of that cache with its key plus the first triage queue page, with 10,000 open
#      items (target: under 1 s, peak resident memory under 300 MB).
#   bench/cache_bench.sh [--patients N] [--replies R] [--population DIR] [--keep] [BUILD_DIR]
# Defaults: 100,000 patients (2 encounters and 2 medication requests each), 10,000 replies;
# about 6 minutes and 2.5 GB of temporary disk on a 2-core machine. --patients 10000 for a
# quick run. --population DIR keeps the generated population in DIR and reuses it on the next
# run with the same DIR (it is never deleted); everything else lives in a temporary folder that
# is removed at the end unless --keep. BUILD_DIR defaults to build/ beside bench/.
# Recorded figures are in bench/baselines.tsv; see docs/performance.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
patients=100000
replies=10000
keep=0
population=
build=$here/../build
while [ $# -gt 0 ]; do
    case $1 in
        --patients) patients=$2; shift 2 ;;
        --replies) replies=$2; shift 2 ;;
        --population) population=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '3,16p' "$0"; exit 0 ;;
        *) build=$1; shift ;;
    esac
done
for exe in cache_bench cache_bench_plain; do
    [ -x "$build/bin/$exe" ] || { echo "no $build/bin/$exe: build target $exe first" >&2; exit 2; }
done

# In the build tree, not /tmp: the population holds synthetic patient names in plain text.
work=$(mktemp -d -p "$build" cache-bench.XXXXXX)
if [ "$keep" = 1 ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work/plain" "$work/cipher"

data=${population:-$work/data}
if [ -n "$population" ] && [ -f "$population/replies.ndjson" ]; then
    echo "reusing the population in $population"
else
    echo "generating $patients patients and $replies replies in $data ..."
    python3 "$here/cache_population.py" "$data" --patients "$patients" --replies "$replies"
fi
echo "importing into plain SQLite (baseline) ..."
"$build/bin/cache_bench_plain" --data "$data" --work "$work/plain" > "$work/plain.txt"
echo "importing into the encrypted cache ..."
"$build/bin/cache_bench" import --data "$data" --work "$work/cipher" > "$work/cipher.txt"
echo "cold open and first queue page ..."
/usr/bin/time -v "$build/bin/cache_bench" open --phases \
    --cache "$work/cipher/cache/caredesk-cache.db" --key-file "$work/cipher/key.hex" \
    > "$work/open.txt" 2> "$work/open.time"

figure() { awk -v k="$1" '$1 == k {print $2}' "$2"; }
# The figure recorded in baselines.tsv, or "none" before the first recorded run.
recorded() {
    local value
    value=$(awk -F'\t' -v k="$1" '$1 == k {print $2}' "$here/baselines.tsv")
    echo "${value:-none}"
}
plain_total=$(figure import_seconds "$work/plain.txt")
plain_store=$(figure store_seconds "$work/plain.txt")
cipher_total=$(figure import_seconds "$work/cipher.txt")
cipher_store=$(figure store_seconds "$work/cipher.txt")
resources=$(figure resources "$work/cipher.txt")
rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/open.time")

echo
echo "engines: $(figure engine "$work/plain.txt") vs $(figure engine "$work/cipher.txt")"
# Each figure: measured now, the target from issue 3, and the figure last recorded.
awk -v n="$resources" -v pt="$plain_total" -v ps="$plain_store" -v ct="$cipher_total" \
    -v cs="$cipher_store" -v rr="$(recorded cache_import_ratio)" \
    -v rs="$(recorded cache_import_store_ratio)" '
    function verdict(ok) { return ok ? "met" : "MISSED" }
    BEGIN {
    printf "import, %d resources: encrypted %.1f s (%.0f/s) beside plain SQLite %.1f s (%.0f/s)\n",
           n, ct, n / ct, pt, n / pt
    printf "  encrypted/plain, whole import:  %.2fx  target <= 1.30x %s; recorded %s\n",
           ct / pt, verdict(ct / pt <= 1.3), rr
    printf "  encrypted/plain, database part: %.2fx  target <= 1.30x %s; recorded %s" \
           "  (%.1f s beside %.1f s)\n", cs / ps, verdict(cs / ps <= 1.3), rs, cs, ps }'
awk -v f="$work/open.txt" -v rss="$rss_kib" -v rt="$(recorded cache_cold_open_seconds)" \
    -v rm="$(recorded cache_cold_open_peak_mb)" '
    function verdict(ok) { return ok ? "met" : "MISSED" }
    BEGIN {
    while ((getline line < f) > 0) { split(line, p, " "); v[p[1]] = p[2] }
    t = v["cold_open_first_page_seconds"]; mb = rss * 1024 / 1e6
    printf "cold open + first queue page, %d open items: %.2f s  target < 1 s %s; recorded %s\n",
           v["open_items"], t, verdict(t < 1), rt
    printf "  phases: classifier %.3f s, open %.2f s, queue read %.3f s, model %.3f s\n",
           v["classifier_seconds"], v["open_seconds"], v["queue_read_seconds"], v["model_seconds"]
    printf "  every page checked (in the background) %.2f s after the start\n",
           v["all_pages_checked_seconds"]
    printf "  alone, cold: keyed connection %.3f s, page HMAC check %.2f s" \
           " (SQLCipher quick_check %.2f s)\n",
           v["keyed_connection_seconds"], v["page_check_seconds"], v["quick_check_seconds"]
    printf "  peak resident memory: %.0f MB  target < 300 MB %s; recorded %s\n",
           mb, verdict(mb < 300), rm }'
