// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/sms/SmsWebhookServer.h"

#include <QCommandLineOption>
#include <QList>

#include <memory>

class QCommandLineParser;

namespace CareDesk {

class AppContext;
class Settings;

// The SMS gateway's webhook as a part of caredesk-cli serve (app/cli/ServeCommand.cpp):
//   --sms-webhook-port N [--sms-webhook-address ADDR] [--sms-webhook-secret-file FILE]
// Options left out come from the sms/* keys of caredesk.ini (Settings::smsWebhookConfig).
QList<QCommandLineOption> smsWebhookOptions();
// True when the command line asks for the webhook.
bool smsWebhookRequested(const QCommandLineParser &parser);
// Reads the options and the secret and starts listening. Errors: InvalidInput for a bad option
// or an unreadable secret (exit code 2), anything else when it cannot listen (exit code 1).
Result<std::unique_ptr<SmsWebhookServer>> startSmsWebhookPart(const QCommandLineParser &parser,
                                                              AppContext &context,
                                                              const Settings &settings);

} // namespace CareDesk
