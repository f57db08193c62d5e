// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace CareDesk {

// caredesk-cli serve: the site's headless worker, until SIGINT or SIGTERM (or --run-seconds S):
//   serve [--sms-webhook-port N [--sms-webhook-address ADDR] [--sms-webhook-secret-file FILE]]
//         [--no-escalation] [--run-seconds S] [--data-dir DIR] [--key-file FILE] [--verbose]
// It runs parts, each started from its own options: the SMS gateway's webhook
// (app/cli/SmsWebhookPart, docs/sms-gateway.md) and the escalation ladder (on unless
// --no-escalation, so emergencies escalate with no workstation open). Another listener (MLLP)
// is one more part with its own options. Prints one line per part once it is ready, e.g.
// "sms-webhook listening on 127.0.0.1:8088", and "stopped" at the end. Exit codes: 0 stopped,
// 1 a part could not start, 2 bad arguments, 3 key or keychain, 6 damaged cache.
int runServeCommand(const QStringList &arguments);
// True when the command line's command word is "serve" (its options are its own).
bool isServeCommand(const QStringList &arguments);

} // namespace CareDesk
