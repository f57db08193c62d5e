// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace CareDesk {

// caredesk-cli ae export --format csv|ndjson [--output FILE] [--data-dir DIR] [--key-file F]
//                        [--credential-file FILE]
// Signs in first; needs adverse-event.export (supervisors).
// Every possible adverse event CareDesk recorded, oldest first, with the date it first received
// it, the 15-day report date, the days left, the patient's master ID, the item, the words that
// made it one and the patient's verbatim. The verbatim is PHI: without --output it goes to
// standard output for a pipe the user controls; a file is written owner-only. The export is
// audited (how many, which format). Exit codes: 0 done, 1 failure, 2 bad arguments or no cache,
// 3 key problems, 7 not allowed.
int runAdverseEventCommand(const QStringList &arguments);
bool isAdverseEventCommand(const QStringList &arguments);

} // namespace CareDesk
