#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package from BUILD_DIR into a temporary folder and checks what an IT admin
# would install: both programs, the menu entry and icon, the demo site, and the dependencies
# that keep the cache encrypted and its key in the keychain.   check-package.sh BUILD_DIR
set -euo pipefail
build=$1
out=$(mktemp -d -t caredesk-deb.XXXXXX)
trap 'rm -rf "$out"' EXIT
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out" >/dev/null
deb=$(ls "$out"/caredesk_*.deb)
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/caredesk ./usr/bin/caredesk-cli ./usr/share/applications/caredesk.desktop \
            ./usr/share/icons/hicolor/scalable/apps/caredesk.svg \
            ./usr/share/caredesk/demo/NOTICE.md ./usr/share/caredesk/demo/demo-replies.ndjson; do
    grep -q " $path\$" <<<"$contents" || { echo "package lacks $path" >&2; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for library in libsqlcipher0 libqt6keychain1 libssl3; do
    grep -q "$library" <<<"$depends" || { echo "package does not depend on $library" >&2; exit 1; }
done
grep -q '^Exec=caredesk$' <(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/applications/caredesk.desktop)
echo "package ok: $(basename "$deb")"
