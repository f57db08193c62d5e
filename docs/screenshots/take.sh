#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Pictures of CareDesk as a nurse sees it, saved in docs/screenshots/:
#   main-window.png     the embedded demo site opened under Xvfb (throwaway keyring)
#   claimed-item.png    an emergent item claimed by keyboard (from the offscreen GUI test)
#   resolve-dialog.png  the resolve dialog with a disposition and a note
#   sync-*.png, outbox-dead-letter.png, fhir-settings.png  FHIR sync against the test server
#   journey-*.png, mentor-panel*.png  the journey panel, its timeline, a source record, the
#                       program editor refusing a dead end, and the mentor panel (tst_journeypanel)
# Usage: docs/screenshots/take.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
work=$(mktemp -d -t caredesk-shots.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$here/../../tests/with-keyring.sh" xvfb-run -a -s "-screen 0 1400x900x24" \
    "$build/bin/caredesk" --data-dir "$work/site" --screenshot "$here/main-window.png"
CAREDESK_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=offscreen \
    "$build/tests/gui/tst_mainwindow" claimByKeyboardResolveByMouse >/dev/null
CAREDESK_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=offscreen \
    "$build/tests/gui/tst_syncviews" >/dev/null
CAREDESK_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=offscreen \
    "$build/tests/gui/tst_journeypanel" >/dev/null
echo "saved the sync pictures, journey-*.png and mentor-panel*.png,"
echo "saved main-window.png, claimed-item.png and resolve-dialog.png in $here"
