#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is needed, builds CareDesk and opens it on its embedded demo site: Synthea
# patients and public HL7 messages in an encrypted cache, with the demo automation sending
# patient replies. Works as root or with sudo; safe to run twice (the demo cache is kept).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_packages
build

data_dir=${CAREDESK_DEMO_DIR:-$build_dir/demo-site}
as_user mkdir -p "$data_dir"

# Use the desktop's keychain when there is one; otherwise a demo keyring kept beside the demo
# cache (said plainly, since a real site must use the desktop keychain).
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
    uid=$(id -u "$SUDO_USER")
    [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -S "/run/user/$uid/bus" ] &&
        export DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus" XDG_RUNTIME_DIR="/run/user/$uid"
fi
has_secret_service() {
    [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && as_user dbus-send --session --print-reply \
        --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.ListActivatableNames 2>/dev/null | grep -q org.freedesktop.secrets
}
launcher=()
if ! has_secret_service; then
    echo "CareDesk: no Secret Service on this session; using a demo keyring in $data_dir/keyring."
    launcher=(env CAREDESK_KEYRING_HOME="$data_dir/keyring" "$source_dir/tests/with-keyring.sh")
fi
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    shot="$build_dir/demo-screenshot.png"
    echo "CareDesk: no display; running on a virtual display (Xvfb) and saving $shot"
    as_user "${launcher[@]}" xvfb-run -a -s "-screen 0 1400x900x24" \
        "$build_dir/bin/caredesk" --data-dir "$data_dir" --screenshot "$shot"
    echo "CareDesk: screenshot saved to $shot"
else
    echo "CareDesk: sign in with one of the DEMO accounts shown on the sign-in screen."
    as_user "${launcher[@]}" "$build_dir/bin/caredesk" --data-dir "$data_dir"
fi
