#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the FHIR test peer's packages (Medplum's router, Node 22 from the npm package node@22)
# into tests/peers/node_modules from package-lock.json. Safe to run again: it does nothing when
# the installed tree already matches the lock file. Run it as the user who builds, not as root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
stamp=node_modules/.caredesk-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -x node_modules/node/bin/node ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "CareDesk: FHIR test peer packages are installed."
    exit 0
fi
if ! command -v npm >/dev/null; then
    echo "CareDesk: npm is missing; installer/deps.sh installs it." >&2
    exit 1
fi
echo "CareDesk: installing the FHIR test peer (npm ci in tests/peers)"
npm ci --no-audit --no-fund --loglevel=error
node_modules/node/bin/node --version >/dev/null
echo "$want" >"$stamp"
