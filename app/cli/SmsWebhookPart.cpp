// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/SmsWebhookPart.h"

#include "app/AppContext.h"
#include "app/Settings.h"
#include "services/maintenance/CacheMaintenance.h"

#include <QCommandLineParser>

namespace CareDesk {

namespace {

const QString kPort = QStringLiteral("sms-webhook-port");
const QString kAddress = QStringLiteral("sms-webhook-address");
const QString kSecretFile = QStringLiteral("sms-webhook-secret-file");

} // namespace

QList<QCommandLineOption> smsWebhookOptions()
{
    return {
        {kPort, QStringLiteral("Take the SMS gateway's webhook on port N (0: any free port)."),
         QStringLiteral("N")},
        {kAddress,
         QStringLiteral("Address the webhook listens on (default 127.0.0.1; put the site's TLS "
                        "proxy in front)."),
         QStringLiteral("ADDR")},
        {kSecretFile,
         QStringLiteral(
             "Owner-only file with the secret shared with the gateway (default: "
             "sms/webhookSecretFile in caredesk.ini, else DATA_DIR/sms-webhook-secret)."),
         QStringLiteral("FILE")},
    };
}

bool smsWebhookRequested(const QCommandLineParser &parser)
{
    return parser.isSet(kPort);
}

Result<std::unique_ptr<SmsWebhookServer>>
startSmsWebhookPart(const QCommandLineParser &parser, AppContext &context, const Settings &settings)
{
    SmsWebhookConfig config = settings.smsWebhookConfig();
    bool ok = false;
    const int port = parser.value(kPort).toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("--sms-webhook-port needs a port number (0 to 65535)"));
    config.port = quint16(port);
    if (parser.isSet(kAddress) && !config.address.setAddress(parser.value(kAddress)))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("--sms-webhook-address: \"%1\" is not an IP address")
                        .arg(parser.value(kAddress)));
    const QString secretFile =
        parser.isSet(kSecretFile) ? parser.value(kSecretFile) : settings.smsWebhookSecretFile();
    auto secret = readOwnerOnlySecret(secretFile, QStringLiteral("SMS webhook secret"));
    if (!secret)
        return fail(Error::Code::InvalidInput, secret.error().message);
    config.secret = secret->trimmed();

    auto server = std::make_unique<SmsWebhookServer>(
        std::make_unique<SmsIntake>(context.cache(), context.audit(), context.access(),
                                    context.classifier(), context.clock(), context.triageSettings(),
                                    smsWebhookPrincipal(), config.programsByNumber),
        config);
    // A secret too short is InvalidInput; a port in use is not.
    if (auto listening = server->listen(); !listening)
        return std::unexpected(listening.error());
    return server;
}

} // namespace CareDesk
