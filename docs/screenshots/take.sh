#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Pictures of CareDesk as a nurse sees it, saved in docs/screenshots/:
#   main-window.png     the embedded demo site opened under Xvfb (throwaway keyring)
#   main-window-es.png  the same in Spanish (LANG=es_ES.UTF-8 picks the Spanish catalogue)
#   claimed-item.png    an emergent item claimed by keyboard (from the offscreen GUI test)
#   resolve-dialog.png  the resolve dialog with a disposition and a note
#   sync-*.png, outbox-dead-letter.png, fhir-settings.png  FHIR sync against the test server
#   journey-*.png, mentor-panel*.png  the journey panel, its timeline, a source record, the
#                       program editor refusing a dead end, and the mentor panel, the timeline
#                       and mentor panel also in Spanish (*-es.png) (tst_journeypanel)
#   queue-*.png, assign-dialog.png  the triage queue filtered, with an escalation alert, after
#                       live updates kept the selection, and the assign dialog (tst_queuepanel)
#   hl7-*.png           the HL7 dead-letter view (tst_hl7deadletters)
#   first-run.png, sign-in.png, sign-in-demo.png, enrol-qr.png, recovery-codes.png,
#   lock-screen.png, masked-reply.png, break-glass.png, audit-access-report.png, break-glass-review.png
#                       the issue 7 screens (from the offscreen security screens test)
# The demo site signs its demo nurse in by itself for the picture (demo sites only).
# Usage: docs/screenshots/take.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
# The demo site (synthetic patients, demo credentials) stays in the build tree, not /tmp.
work=$(mktemp -d -p "$build" shots.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$here/../../tests/with-keyring.sh" xvfb-run -a -s "-screen 0 1400x900x24" \
    "$build/bin/caredesk" --data-dir "$work/site" --screenshot "$here/main-window.png"
LANG=es_ES.UTF-8 "$here/../../tests/with-keyring.sh" xvfb-run -a -s "-screen 0 1400x900x24" \
    "$build/bin/caredesk" --data-dir "$work/site-es" --screenshot "$here/main-window-es.png"
CAREDESK_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=offscreen \
    "$build/tests/gui/tst_mainwindow" claimByKeyboardResolveByMouse >/dev/null
CAREDESK_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=offscreen \
    "$build/tests/gui/tst_syncviews" >/dev/null
CAREDESK_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=offscreen \
    "$build/tests/gui/tst_journeypanel" >/dev/null
CAREDESK_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=offscreen \
    "$build/tests/gui/tst_hl7deadletters" >/dev/null
CAREDESK_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=offscreen \
    "$build/tests/gui/tst_securityscreens" >/dev/null
CAREDESK_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=offscreen \
    "$build/tests/gui/tst_queuepanel" >/dev/null
echo "saved the sync pictures, journey-*.png, mentor-panel*.png, hl7-*.png, queue-*.png,"
echo "saved main-window.png, claimed-item.png, resolve-dialog.png, assign-dialog.png and the security screens in $here"
