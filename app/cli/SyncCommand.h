// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace CareDesk {

// caredesk-cli sync: pulls from a FHIR server and drains the outbox, once or with --watch.
//   sync --fhir-base URL [--client-id ID --jwk FILE] [--token-url URL] [--ca-file PEM]
//        [--role ROLE] [--page-size N] [--page-cap N] [--watch SECONDS] [--workstation NAME]
// Exit codes: 0 complete, 1 other failure, 2 bad arguments, 7 sync incomplete (page cap,
// cycle, server unreachable or a refused request), 8 commands left failed or dead.
// Also takes --data-dir, --key-file and --verbose. A folder without a cache gets a new one.
int runSyncCommand(const QStringList &arguments);
// True when the command line's command word is "sync" (its options are its own).
bool isSyncCommand(const QStringList &arguments);

} // namespace CareDesk
