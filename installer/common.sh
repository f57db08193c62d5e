# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by run-demo.sh and run-tests.sh: install packages as root, build as the person who
# asked (the sudo user when run with sudo), so the work tree never ends up owned by root.
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${CAREDESK_BUILD_DIR:-$source_dir/build}

install_packages() {
    if [ "$(id -u)" -eq 0 ]; then
        "$source_dir/installer/deps.sh"
    else
        sudo "$source_dir/installer/deps.sh"
    fi
}

# Runs a command as the invoking user: as-is, or dropped from root to SUDO_USER.
as_user() {
    if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
        sudo -u "$SUDO_USER" -H --preserve-env=CI,DISPLAY,XAUTHORITY,WAYLAND_DISPLAY,DBUS_SESSION_BUS_ADDRESS,XDG_RUNTIME_DIR,CAREDESK_BUILD_DIR "$@"
    else
        "$@"
    fi
}

build() {
    local werror=OFF
    [ -n "${CI:-}" ] && werror=ON
    as_user cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCAREDESK_WERROR=$werror -DCAREDESK_SHARED_DIR="$source_dir/../shared"
    as_user cmake --build "$build_dir" -j "$(nproc)"
}
