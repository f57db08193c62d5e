#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is needed, builds CareDesk and runs every test (unit, integration with the real
# keychain, GUI offscreen, formatting). Works as root or with sudo; safe to run twice.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_packages
build
as_user "$source_dir/tests/peers/install.sh"
as_user cmake --build "$build_dir" --target format-check
as_user env QT_QPA_PLATFORM=offscreen "$source_dir/tests/with-keyring.sh" \
    ctest --test-dir "$build_dir" --output-on-failure --timeout 900 -j 2
