#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the HL7 fuzz target: fuzz/run.sh FUZZER WORK_DIR SECONDS|-runs=N [libFuzzer options...]
# The seed corpus is every public HL7 v2 file (shared testdata), the bug-case inputs and every
# earlier finding (tests/data/hl7/fuzz-regressions); new inputs libFuzzer finds go to
# WORK_DIR/corpus, crashes to WORK_DIR/findings. Exits non-zero on any finding.
set -euo pipefail
fuzzer=$1 work=$2 budget=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
shared=${CAREDESK_SHARED_DIR:-$here/../../shared}
mkdir -p "$work/corpus" "$work/seeds" "$work/findings"
find "$shared/testdata/hl7v2" -type f -exec cp -f {} "$work/seeds/" \; 2>/dev/null || true
cp -f "$here/../tests/data/hl7/fuzz-regressions/"* "$work/seeds/"
# Each bug case's fenced input (between ``` lines), with <CR> <LF> <VT> <FS> spelled out.
for md in "$shared"/bugcases/0[1-8]-*.md; do
    [ -f "$md" ] || continue
    awk '/^```/{n++; next} n%2==1' "$md" |
        sed -e 's/<CR>/\r/g' -e 's/<LF>/\n/g' -e 's/<VT>/\x0b/g' -e 's/<FS>/\x1c/g' \
        >"$work/seeds/$(basename "$md" .md).case"
done
if [[ $budget == -runs=* ]]; then limit=("$budget"); else limit=(-max_total_time="$budget"); fi
exec "$fuzzer" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict="$here/hl7.dict" -artifact_prefix="$work/findings/" -print_final_stats=1 "$@" \
    "$work/corpus" "$work/seeds"
