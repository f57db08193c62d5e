// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ServeCommand.h"

#include "app/AppContext.h"
#include "app/Hl7Feed.h"
#include "app/Settings.h"
#include "app/cli/SecurityCommands.h"
#include "app/cli/SmsWebhookPart.h"
#include "services/comms/CommsEngine.h"
#include "services/hl7/MllpListener.h"
#include "services/security/AccessControl.h"
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

bool parsePositive(const QString &text, qint64 low, qint64 high, qint64 &value)
{
    bool ok = false;
    value = text.toLongLong(&ok);
    return ok && value >= low && value <= high;
}

struct ServeOptions {
    QCommandLineOption dataDir{QStringLiteral("data-dir"), QStringLiteral("Cache folder."),
                               QStringLiteral("DIR")};
    QCommandLineOption keyFile{QStringLiteral("key-file"),
                               QStringLiteral("Owner-only key file instead of the keychain."),
                               QStringLiteral("FILE")};
    QCommandLineOption verbose{QStringLiteral("verbose"), QStringLiteral("Log to stderr.")};
    QCommandLineOption runSeconds{QStringLiteral("run-seconds"),
                                  QStringLiteral("Stop after S seconds."), QStringLiteral("S")};
    QCommandLineOption noEscalation{QStringLiteral("no-escalation"),
                                    QStringLiteral("Do not run the escalation ladder here.")};
    // Patient messages (issue 9): the workstation's CommsEngine, with caredesk.ini's comms/*,
    // sms/* and email/* settings.
    QCommandLineOption comms{QStringLiteral("comms"),
                             QStringLiteral("Run the message automation here: reminders, "
                                            "opt-out confirmations, HELP answers, held messages, "
                                            "SMS and email sending, receipts.")};
    // MLLP (issue 5).
    QCommandLineOption port{QStringLiteral("mllp-port"),
                            QStringLiteral("Listen for HL7 v2 over MLLP on port N (0: any free "
                                           "port)."),
                            QStringLiteral("N")};
    QCommandLineOption bind{QStringLiteral("mllp-bind"),
                            QStringLiteral("Address to listen on (default 0.0.0.0)."),
                            QStringLiteral("ADDR")};
    QCommandLineOption tlsCert{QStringLiteral("mllp-tls-cert"),
                               QStringLiteral("TLS: the listener's certificate (PEM)."),
                               QStringLiteral("PEM")};
    QCommandLineOption tlsKey{QStringLiteral("mllp-tls-key"),
                              QStringLiteral("TLS: the listener's private key (PEM)."),
                              QStringLiteral("PEM")};
    QCommandLineOption tlsClientCa{
        QStringLiteral("mllp-tls-client-ca"),
        QStringLiteral("TLS: require client certificates issued by these CAs (PEM)."),
        QStringLiteral("PEM")};
    QCommandLineOption charset{
        QStringLiteral("hl7-charset"),
        QStringLiteral("Character set of messages that leave MSH-18 empty (UTF-8, 8859/1, ...)."),
        QStringLiteral("NAME")};
    QCommandLineOption maxFrame{QStringLiteral("mllp-max-frame"),
                                QStringLiteral("Largest frame taken, in bytes."),
                                QStringLiteral("BYTES")};
    QCommandLineOption maxConnections{QStringLiteral("mllp-max-connections"),
                                      QStringLiteral("Connections served at once."),
                                      QStringLiteral("N")};

    QList<QCommandLineOption> all() const
    {
        return QList<QCommandLineOption>{
                   dataDir, keyFile, verbose, runSeconds,  noEscalation, comms,    port,
                   bind,    tlsCert, tlsKey,  tlsClientCa, charset,      maxFrame, maxConnections} +
               smsWebhookOptions();
    }
};

// The MLLP part's configuration from the options and the hl7/* keys; nullopt when neither asks
// for a listener. An error names the option.
Result<std::optional<Hl7FeedConfig>>
mllpConfig(const ServeOptions &options, const QCommandLineParser &parser, const Settings &settings)
{
    Hl7FeedConfig config = settings.hl7FeedConfig();
    qint64 number = 0;
    if (parser.isSet(options.port)) {
        if (!parsePositive(parser.value(options.port), 0, 65535, number))
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("--mllp-port needs a port number (0 to 65535)"));
        config.port = quint16(number);
    } else if (config.port == 0) {
        return std::optional<Hl7FeedConfig>();
    }
    if (parser.isSet(options.bind))
        config.bind = parser.value(options.bind);
    if (parser.isSet(options.tlsCert))
        config.tlsCertificate = parser.value(options.tlsCert);
    if (parser.isSet(options.tlsKey))
        config.tlsKey = parser.value(options.tlsKey);
    if (parser.isSet(options.tlsClientCa))
        config.tlsClientCa = parser.value(options.tlsClientCa);
    if (parser.isSet(options.charset))
        config.defaultCharset = parser.value(options.charset);
    if (parser.isSet(options.maxFrame)) {
        if (!parsePositive(parser.value(options.maxFrame), 1024, 256 * 1024 * 1024, number))
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("--mllp-max-frame needs a size from 1024 to 268435456 "
                                       "bytes"));
        config.maxFrameBytes = number;
    }
    if (parser.isSet(options.maxConnections)) {
        if (!parsePositive(parser.value(options.maxConnections), 1, 10'000, number))
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("--mllp-max-connections needs a number from 1 to 10000"));
        config.maxConnections = int(number);
    }
    return std::optional<Hl7FeedConfig>(config);
}

} // namespace

bool isServeCommand(const QStringList &arguments)
{
    QStringList takesValue{QStringLiteral("--credential-file")};
    for (const QCommandLineOption &option : ServeOptions().all()) {
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
    const ServeOptions options;
    QCommandLineParser parser;
    parser.addOptions(options.all());
    SecurityCommands::addSignInOption(parser);
    parser.addPositionalArgument(QStringLiteral("serve"), QStringLiteral("The command."));
    if (!parser.parse(arguments))
        return failWith(parser.errorText(), 2);
    if (parser.positionalArguments() != QStringList{QStringLiteral("serve")})
        return failWith(QStringLiteral("unexpected arguments after \"serve\"; see --help"), 2);
    if (!parser.isSet(options.verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));
    qint64 runSeconds = 0;
    if (parser.isSet(options.runSeconds) &&
        !parsePositive(parser.value(options.runSeconds), 1, 365 * 24 * 3600, runSeconds))
        return failWith(QStringLiteral("--run-seconds needs a positive number"), 2);

    // Only init makes a cache (with its administrator); serve signs in to an existing one.
    auto opened =
        AppContext::open(parser.value(options.dataDir), AppContext::OpenMode::ExistingOnly,
                         parser.value(options.keyFile));
    if (!opened)
        return failWith(opened.error().message, SecurityCommands::exitCode(opened.error()));
    AppContext &ctx = **opened;
    // Whoever starts the headless automation signs in and needs automation.run; what the parts
    // then take in is stored as the embedded automation.
    auto principal = SecurityCommands::signIn(ctx, parser);
    if (principal)
        ctx.setPrincipal(*principal);
    const VoidResult allowed = principal
                                   ? ctx.access().require(*principal, Permission::AutomationRun,
                                                          QString(), QStringLiteral("serve"))
                                   : VoidResult(std::unexpected(principal.error()));
    if (!allowed)
        return failWith(allowed.error().message, SecurityCommands::exitCode(allowed.error()));

    const Settings settings(ctx.dataDir());
    auto mllp = mllpConfig(options, parser, settings);
    if (!mllp)
        return failWith(mllp.error().message, 2);
    const bool ladder = !parser.isSet(options.noEscalation);
    const bool messages = parser.isSet(options.comms);
    if (!mllp->has_value() && !smsWebhookRequested(parser) && !ladder && !messages)
        return failWith(QStringLiteral("nothing to serve: give --mllp-port N (or hl7/mllpPort in "
                                       "caredesk.ini), --sms-webhook-port N or --comms, or leave "
                                       "the escalation ladder on"),
                        2);

    // Part: MLLP.
    std::unique_ptr<MllpListener> listener;
    if (mllp->has_value()) {
        auto made = makeMllpListener(ctx, **mllp);
        if (!made)
            return failWith(made.error().message, 2);
        listener = std::move(*made);
        if (VoidResult listening = listener->listen(); !listening)
            return failWith(listening.error().message, 1);
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
    }

    // Part: the escalation ladder, so an emergency escalates with no workstation open.
    std::unique_ptr<EscalationService> escalation;
    if (ladder) {
        const EscalationSettings levels = settings.escalationSettings();
        escalation = std::make_unique<EscalationService>(
            ctx.cache(), ctx.audit(), ctx.access(), ctx.clock(), levels, escalationPrincipal());
        QObject::connect(escalation.get(), &EscalationService::failed, escalation.get(),
                         [&err](const QString &message) {
                             err << "caredesk-cli: escalation: " << message << Qt::endl;
                         });
        escalation->start(5000);
    }
    // Part: patient messages, the same engine as the workstation's (app/CommsThread), here on
    // the main thread.
    std::unique_ptr<CommsEngine> engine;
    QStringList channelProblems;
    if (messages) {
        engine = std::make_unique<CommsEngine>(ctx.cache(), ctx.audit(), ctx.access(), ctx.clock(),
                                               settings.sendPolicy(),
                                               settings.channelSettings(&channelProblems));
        if (auto started = engine->start(5000); !started)
            return failWith(QStringLiteral("comms: ") + started.error().message, 1);
    }
    for (const QString &problem : settings.problems() + channelProblems)
        err << "caredesk-cli: " << problem << Qt::endl;

    if (::pipe(g_signalPipe) != 0)
        return failWith(QStringLiteral("cannot set up signal handling"), 1);
    QSocketNotifier stop(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&stop, &QSocketNotifier::activated, &stop, [] { QCoreApplication::quit(); });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    if (runSeconds > 0)
        QTimer::singleShot(runSeconds * 1000, &stop, [] { QCoreApplication::quit(); });

    if (listener)
        out << "MLLP listening on " << listener->address().toString() << ':' << listener->port()
            << (listener->isTls() ? " (TLS)" : "") << Qt::endl;
    if (webhook)
        out << "sms-webhook listening on " << webhook->address().toString() << ':'
            << webhook->port() << Qt::endl;
    if (escalation)
        out << "escalation ladder running (" << settings.escalationSettings().levels.size()
            << " levels)" << Qt::endl;
    if (engine)
        out << "comms running (sms " << (engine->smsConfigured() ? "configured" : "not configured")
            << ", email " << (engine->emailConfigured() ? "configured" : "not configured") << ')'
            << Qt::endl;
    QCoreApplication::exec();

    webhook.reset(); // stores what it took before the cache closes
    engine.reset();  // its outbox and timers stop before the cache closes
    if (escalation)
        escalation->stop();
    escalation.reset();
    if (listener) {
        listener->close();
        const MllpListenerStats stats = listener->stats();
        listener.reset(); // stores what is queued before the cache closes
        out << QStringLiteral("MLLP stopped: %1 connections, %2 frames: %3 accepted (%4 "
                              "duplicates), %5 errors, %6 rejected, %7 dead letters")
                   .arg(stats.connections)
                   .arg(stats.frames)
                   .arg(stats.accepted)
                   .arg(stats.duplicates)
                   .arg(stats.errors)
                   .arg(stats.rejected)
                   .arg(stats.deadLetters)
            << Qt::endl;
    }
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    out << "stopped" << Qt::endl;
    return 0;
}

} // namespace CareDesk
