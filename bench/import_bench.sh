#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Import throughput into the encrypted cache: the 10-patient Synthea bulk export (about 3,600
# resources of used types) through caredesk-cli, timed end to end, next to its baseline.
#   bench/import_bench.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
data=$here/../../shared/testdata/fhir-r4/bulk-10-patients
# Synthetic patients: the work folder stays in the build tree, never in /tmp.
work=$(mktemp -d -p "$build" import-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
# One keyring for the whole run: the site made first (not timed) is the one imported into.
export CAREDESK_KEYRING_HOME=$work/keyring
source "$here/cli_users.sh"
make_cli_users "$here/../tests/with-keyring.sh" "$work/secrets" "$build/bin/caredesk-cli" \
    --data-dir "$work/cache"
files=("$data/Patient.000.ndjson" "$data/Encounter.000.ndjson" "$data/Condition.000.ndjson"
       "$data/MedicationRequest.000.ndjson")
resources=$(cat "${files[@]}" | grep -c .)
start=$(date +%s.%N)
"$here/../tests/with-keyring.sh" "$build/bin/caredesk-cli" --data-dir "$work/cache" \
    --credential-file "$nurse_cred" import "${files[@]}" >/dev/null
end=$(date +%s.%N)
baseline=$(awk -F'\t' '$1 == "import_resources_per_second" {print $2}' "$here/baselines.tsv")
awk -v n="$resources" -v s="$start" -v e="$end" -v b="$baseline" 'BEGIN {
    rate = n / (e - s)
    printf "import: %d resources in %.2f s = %.0f resources/s (baseline %s resources/s, %+.0f%%)\n",
           n, e - s, rate, b, 100 * (rate - b) / b }'
