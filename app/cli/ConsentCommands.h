// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace CareDesk {

// caredesk-cli consent: the send-time gate and the consent ledger for admins and scripts.
//   consent check PATIENT --channel C --purpose P [--at ISO-TIME] [--kind K] [--path P]
//                 [--program NAME] [--appointment REF] [--callback-item ID]
//       prints the gate's decision and its reasons as JSON
//   consent record PATIENT --kind K --channel C|any --purpose P|any --source S
//                 [--captured-by NAME] [--effective ISO-TIME] [--expires ISO-TIME] [--note TEXT]
//   consent history PATIENT [--json] [--at ISO-TIME]
// PATIENT is a master ID (MPI-...) or a FHIR reference (Patient/123). Times need an offset or
// Z. Exit codes: 0 done (whatever the decision), 1 other failure, 2 bad arguments or unknown
// patient, 3 key or keychain. Also takes --data-dir, --key-file and --verbose.
int runConsentCommand(const QStringList &arguments);
// True when the command line's command word is "consent".
bool isConsentCommand(const QStringList &arguments);

} // namespace CareDesk
