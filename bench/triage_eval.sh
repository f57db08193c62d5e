#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Triage classifier quality: per-tier recall and precision on the labelled evaluation set
# (tests/data/triage/eval-set.tsv) and every miss, against the issue 6 targets.
#   bench/triage_eval.sh [BUILD_DIR] [--lexicon-dir FOLDER]
# Exit code 1 when a target is missed (emergent recall 100%, urgent recall >= 98%,
# emergent precision >= 85%; possible adverse events: recall >= 95%, precision >= 80%);
# 2 when the set or a lexicon cannot be read.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
if [[ $# -gt 0 && $1 != --* ]]; then
    build=$1
    shift
fi
cmake --build "$build" --target caredesk-triage-eval >/dev/null
QT_LOGGING_RULES='caredesk.*.info=false' "$build/bin/caredesk-triage-eval" \
    --set "$here/../tests/data/triage/eval-set.tsv" "$@"
