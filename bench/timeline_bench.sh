#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Journey timeline frame time with 5,000 events (offscreen), the worst p95 over five zooms
# while scrolling, next to its baseline: one 60 Hz frame. The figure is the CPU time a frame
# costs (this machine is shared, so wall time also shows waiting for a core; it is printed too).
#   bench/timeline_bench.sh [BUILD_DIR] [EVENTS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
events=${2:-5000}
output=$(nice -n 10 "$build/bin/timeline_bench" "$events")
echo "$output" | grep -v '^timeline_frame_'
figure=$(echo "$output" | awk '$1 == "timeline_frame_ms_p95" {print $2}')
wall=$(echo "$output" | awk '$1 == "timeline_frame_wall_ms_p95" {print $2}')
baseline=$(awk -F'\t' '$1 == "timeline_frame_ms_p95" {print $2}' "$here/baselines.tsv")
awk -v f="$figure" -v w="$wall" -v b="$baseline" 'BEGIN {
    printf "timeline: worst p95 CPU per frame %.2f ms (baseline %s ms = one 60 Hz frame; %s); " \
           "worst p95 wall %.2f ms\n", f, b, (f <= b ? "within it" : "OVER IT"), w }'
