#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what CareDesk needs to build, test and run on Debian 12. Safe to run again.
set -euo pipefail
packages=(
    build-essential cmake ninja-build pkg-config git clang-format
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-translations-l10n qt6-qpa-plugins libgl-dev
    libsqlcipher-dev sqlcipher libssl-dev openssl qtkeychain-qt6-dev libqrencode-dev
    gnome-keyring dbus dbus-x11 xvfb xauth fonts-dejavu-core file dpkg-dev
    python3-aiosmtpd libcurl4-openssl-dev python3-hl7 clang-16 libclang-rt-16-dev
)
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
        echo "CareDesk: installing packages needs root. Run this as root, or install sudo" \
             "(as root: apt-get install sudo) and add yourself to the sudo group." >&2
        exit 1
    fi
    exec sudo "$0" "$@"
fi
missing=()
# npm installs the FHIR test peer (tests/peers/install.sh); a Node already on the machine
# (for example from NodeSource) brings its own npm, else Debian's.
command -v npm >/dev/null || packages+=(npm)
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "CareDesk: all build and test packages are installed."
    exit 0
fi
echo "CareDesk: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
