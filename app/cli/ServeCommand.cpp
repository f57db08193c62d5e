// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ServeCommand.h"

#include "app/AppContext.h"
#include "app/Settings.h"
#include "app/cli/SmsWebhookPart.h"
#include "services/store/CacheDatabase.h"
#include "services/triage/EscalationService.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <unistd.h>

namespace CareDesk {

namespace {

// Self-pipe: the signal handler only writes a byte; the event loop sees it and quits, so the
// parts stop in order and nothing half-stored is answered.
int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

struct CommonOptions {
    QCommandLineOption dataDir{QStringLiteral("data-dir"), QStringLiteral("Cache folder."),
                               QStringLiteral("DIR")};
    QCommandLineOption keyFile{QStringLiteral("key-file"),
                               QStringLiteral("Owner-only key file instead of the keychain."),
                               QStringLiteral("FILE")};
    QCommandLineOption verbose{QStringLiteral("verbose"), QStringLiteral("Log to stderr.")};
    QCommandLineOption noEscalation{QStringLiteral("no-escalation"),
                                    QStringLiteral("Do not run the escalation ladder here.")};
    QCommandLineOption runSeconds{QStringLiteral("run-seconds"),
                                  QStringLiteral("Stop after S seconds."), QStringLiteral("S")};

    QList<QCommandLineOption> all() const
    {
        return QList<QCommandLineOption>{dataDir, keyFile, verbose, noEscalation, runSeconds} +
               smsWebhookOptions();
    }
};

} // namespace

bool isServeCommand(const QStringList &arguments)
{
    QStringList takesValue;
    for (const QCommandLineOption &option : CommonOptions().all()) {
        if (!option.valueName().isEmpty())
            takesValue.append(QStringLiteral("--") + option.names().first());
    }
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &word = arguments.at(i);
        if (takesValue.contains(word)) {
            ++i;
            continue;
        }
        if (!word.startsWith(u'-'))
            return word == QLatin1String("serve");
    }
    return false;
}

int runServeCommand(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto failWith = [&err](const QString &message, int code) {
        err << "caredesk-cli: " << message << Qt::endl;
        return code;
    };
    const CommonOptions options;
    QCommandLineParser parser;
    parser.addOptions(options.all());
    parser.addPositionalArgument(QStringLiteral("serve"), QStringLiteral("The command."));
    if (!parser.parse(arguments))
        return failWith(parser.errorText(), 2);
    if (parser.positionalArguments() != QStringList{QStringLiteral("serve")})
        return failWith(QStringLiteral("unexpected arguments after \"serve\"; see --help"), 2);
    if (!parser.isSet(options.verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));
    int runSeconds = 0;
    if (parser.isSet(options.runSeconds)) {
        bool ok = false;
        runSeconds = parser.value(options.runSeconds).toInt(&ok);
        if (!ok || runSeconds <= 0)
            return failWith(QStringLiteral("--run-seconds needs a positive number"), 2);
    }
    const bool ladder = !parser.isSet(options.noEscalation);
    if (!ladder && !smsWebhookRequested(parser))
        return failWith(QStringLiteral("nothing to serve: give --sms-webhook-port N, or leave "
                                       "the escalation ladder on"),
                        2);

    auto opened =
        AppContext::open(parser.value(options.dataDir), AppContext::OpenMode::CreateIfMissing,
                         parser.value(options.keyFile));
    if (!opened)
        return failWith(opened.error().message,
                        opened.error().code == Error::Code::Damaged ? 6 : 3);
    AppContext &ctx = **opened;
    if (ctx.cache()->createdNow())
        err << "caredesk-cli: created a new encrypted cache in " << ctx.dataDir() << Qt::endl;
    const Settings settings(ctx.dataDir());

    // Part: the escalation ladder.
    std::unique_ptr<EscalationService> escalation;
    if (ladder) {
        const EscalationSettings levels = settings.escalationSettings();
        escalation = std::make_unique<EscalationService>(
            ctx.cache(), ctx.audit(), ctx.clock(), levels, QStringLiteral("escalation-ladder"));
        QObject::connect(escalation.get(), &EscalationService::failed, escalation.get(),
                         [&err](const QString &message) {
                             err << "caredesk-cli: escalation: " << message << Qt::endl;
                         });
        escalation->start(5000);
        out << "escalation ladder running (" << levels.levels.size() << " levels)" << Qt::endl;
    }

    // Part: the SMS gateway's webhook.
    std::unique_ptr<SmsWebhookServer> webhook;
    if (smsWebhookRequested(parser)) {
        auto started = startSmsWebhookPart(parser, ctx, settings);
        if (!started)
            return failWith(started.error().message,
                            started.error().code == Error::Code::InvalidInput ? 2 : 1);
        webhook = std::move(*started);
        QObject::connect(webhook.get(), &SmsWebhookServer::failed, webhook.get(),
                         [&err](const QString &message) {
                             err << "caredesk-cli: sms-webhook: " << message << Qt::endl;
                         });
        out << "sms-webhook listening on " << webhook->address().toString() << ':'
            << webhook->port() << Qt::endl;
    }
    for (const QString &problem : settings.problems())
        err << "caredesk-cli: " << problem << Qt::endl;

    if (::pipe(g_signalPipe) != 0)
        return failWith(QStringLiteral("cannot set up signal handling"), 1);
    QSocketNotifier stop(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&stop, &QSocketNotifier::activated, &stop, [] { QCoreApplication::quit(); });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    if (runSeconds > 0)
        QTimer::singleShot(runSeconds * 1000, &stop, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();

    webhook.reset(); // stores what it took before the cache closes
    if (escalation)
        escalation->stop();
    escalation.reset();
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    out << "stopped" << Qt::endl;
    return 0;
}

} // namespace CareDesk
