// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace CareDesk {

// caredesk-cli serve: the headless interfaces of a site, until SIGINT or SIGTERM (or
// --run-seconds S). It runs parts, each started from its own options:
//   MLLP:        --mllp-port N [--mllp-bind ADDR] [--mllp-tls-cert PEM --mllp-tls-key PEM]
//                [--mllp-tls-client-ca PEM] [--hl7-charset NAME] [--mllp-max-frame BYTES]
//                [--mllp-max-connections N]; options left out come from the hl7/* keys of
//                caredesk.ini (hl7/mllpPort starts it without --mllp-port)
//   SMS webhook: --sms-webhook-port N [--sms-webhook-address ADDR]
//                [--sms-webhook-secret-file FILE] (app/cli/SmsWebhookPart, docs/sms-gateway.md)
//   escalation:  the ladder for unacknowledged emergent items, unless --no-escalation
//   comms:       --comms: patient messages, the workstation's CommsEngine (reminders,
//                confirmations, HELP, held messages, SMS and email, receipts; docs/consent.md)
// Also takes --data-dir, --key-file, --credential-file and --verbose. Whoever starts it signs in
// and needs automation.run; what the parts take in is stored as the embedded automation. Prints
// one line per part once it is ready ("MLLP listening on ADDRESS:PORT", "sms-webhook listening
// on ADDRESS:PORT", "escalation ladder running (N levels)", "comms running (sms configured,
// email not configured)"), and what it took when it stops.
// Exit codes: 0 stopped, 1 a part cannot start, 2 bad arguments or nothing to serve, 3 key or
// keychain, 6 damaged cache, 7 not allowed.
int runServeCommand(const QStringList &arguments);
// True when the command line's command word is "serve" (its options are its own).
bool isServeCommand(const QStringList &arguments);

} // namespace CareDesk
