#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring Secret Service,
# so tests meet the real keychain. The keyring lives in a fresh temporary folder unless
# CAREDESK_KEYRING_HOME names one (the same folder again finds the same keys).
#   tests/with-keyring.sh ctest --test-dir build
set -euo pipefail
if [ -z "${CAREDESK_IN_KEYRING_SESSION:-}" ]; then
    export CAREDESK_IN_KEYRING_SESSION=1
    exec dbus-run-session -- "$0" "$@"
fi
# Throwaway folders (a keyring holding test keys, a runtime folder) go when the session ends.
cleanup=()
trap 'rm -rf "${cleanup[@]}"' EXIT
if [ -n "${CAREDESK_KEYRING_HOME:-}" ]; then
    keyring_home=$CAREDESK_KEYRING_HOME
    mkdir -p "$keyring_home"
else
    keyring_home=$(mktemp -d -t caredesk-keyring.XXXXXX)
    cleanup+=("$keyring_home")
fi
export XDG_DATA_HOME="$keyring_home"
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -w "${XDG_RUNTIME_DIR}" ]; then
    XDG_RUNTIME_DIR=$(mktemp -d -t caredesk-runtime.XXXXXX)
    chmod 700 "$XDG_RUNTIME_DIR"
    cleanup+=("$XDG_RUNTIME_DIR")
    export XDG_RUNTIME_DIR
fi
# The password goes on stdin, never on a command line. It only guards this throwaway keyring,
# and its presence tells tests they may lock this keyring.
export CAREDESK_TEST_KEYRING_PASSWORD=caredesk-test-keyring
printf '%s' "$CAREDESK_TEST_KEYRING_PASSWORD" |
    gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
eval "$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL
"$@"
