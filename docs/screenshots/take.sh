#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Opens the embedded demo site under Xvfb with a throwaway keyring and saves the main window
# to docs/screenshots/main-window.png.   docs/screenshots/take.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
work=$(mktemp -d -t caredesk-shots.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$here/../../tests/with-keyring.sh" xvfb-run -a -s "-screen 0 1400x900x24" \
    "$build/bin/caredesk" --data-dir "$work/site" --screenshot "$here/main-window.png"
echo "saved $here/main-window.png"
