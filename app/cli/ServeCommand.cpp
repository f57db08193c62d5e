// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ServeCommand.h"

#include "app/AppContext.h"
#include "app/Hl7Feed.h"
#include "app/Settings.h"
#include "app/cli/SecurityCommands.h"
#include "services/hl7/MllpListener.h"
#include "services/security/AccessControl.h"
#include "services/store/CacheDatabase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <unistd.h>

namespace CareDesk {

namespace {

// Self-pipe: the signal handler only writes a byte; the event loop sees it and quits.
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

} // namespace

bool isServeCommand(const QStringList &arguments)
{
    static const QStringList takesValue{
        QStringLiteral("--data-dir"),           QStringLiteral("--key-file"),
        QStringLiteral("--mllp-port"),          QStringLiteral("--mllp-bind"),
        QStringLiteral("--mllp-tls-cert"),      QStringLiteral("--mllp-tls-key"),
        QStringLiteral("--mllp-tls-client-ca"), QStringLiteral("--hl7-charset"),
        QStringLiteral("--mllp-max-frame"),     QStringLiteral("--mllp-max-connections"),
        QStringLiteral("--credential-file")};
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
    QCommandLineParser parser;
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Cache folder."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption keyFile(QStringLiteral("key-file"),
                                     QStringLiteral("Owner-only key file instead of the keychain."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Log to stderr."));
    const QCommandLineOption port(QStringLiteral("mllp-port"),
                                  QStringLiteral("Listen for HL7 v2 over MLLP on port N (0: any "
                                                 "free port)."),
                                  QStringLiteral("N"));
    const QCommandLineOption bind(QStringLiteral("mllp-bind"),
                                  QStringLiteral("Address to listen on (default 0.0.0.0)."),
                                  QStringLiteral("ADDR"));
    const QCommandLineOption tlsCert(QStringLiteral("mllp-tls-cert"),
                                     QStringLiteral("TLS: the listener's certificate (PEM)."),
                                     QStringLiteral("PEM"));
    const QCommandLineOption tlsKey(QStringLiteral("mllp-tls-key"),
                                    QStringLiteral("TLS: the listener's private key (PEM)."),
                                    QStringLiteral("PEM"));
    const QCommandLineOption tlsClientCa(
        QStringLiteral("mllp-tls-client-ca"),
        QStringLiteral("TLS: require client certificates issued by these CAs (PEM)."),
        QStringLiteral("PEM"));
    const QCommandLineOption charset(
        QStringLiteral("hl7-charset"),
        QStringLiteral("Character set of messages that leave MSH-18 empty (UTF-8, 8859/1, ...)."),
        QStringLiteral("NAME"));
    const QCommandLineOption maxFrame(QStringLiteral("mllp-max-frame"),
                                      QStringLiteral("Largest frame taken, in bytes."),
                                      QStringLiteral("BYTES"));
    const QCommandLineOption maxConnections(QStringLiteral("mllp-max-connections"),
                                            QStringLiteral("Connections served at once."),
                                            QStringLiteral("N"));
    parser.addOptions({dataDir, keyFile, verbose, port, bind, tlsCert, tlsKey, tlsClientCa, charset,
                       maxFrame, maxConnections});
    SecurityCommands::addSignInOption(parser);
    parser.addPositionalArgument(QStringLiteral("serve"), QStringLiteral("The command."));
    if (!parser.parse(arguments)) {
        err << "caredesk-cli: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.positionalArguments() != QStringList{QStringLiteral("serve")}) {
        err << "caredesk-cli: unexpected arguments after \"serve\"; see --help" << Qt::endl;
        return 2;
    }
    if (!parser.isSet(verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));

    // Only init makes a cache (with its administrator); serve signs in to an existing one.
    auto opened = AppContext::open(parser.value(dataDir), AppContext::OpenMode::ExistingOnly,
                                   parser.value(keyFile));
    if (!opened) {
        err << "caredesk-cli: " << opened.error().message << Qt::endl;
        return SecurityCommands::exitCode(opened.error());
    }
    AppContext &ctx = **opened;
    // Whoever starts the headless automation signs in and needs automation.run; what the
    // listener then takes in is stored as the embedded automation (sync.run).
    auto principal = SecurityCommands::signIn(ctx, parser);
    if (principal)
        ctx.setPrincipal(*principal);
    const VoidResult allowed = principal
                                   ? ctx.access().require(*principal, Permission::AutomationRun,
                                                          QString(), QStringLiteral("serve"))
                                   : VoidResult(std::unexpected(principal.error()));
    if (!allowed) {
        err << "caredesk-cli: " << allowed.error().message << Qt::endl;
        return SecurityCommands::exitCode(allowed.error());
    }

    Hl7FeedConfig config = Settings(ctx.dataDir()).hl7FeedConfig();
    qint64 number = 0;
    if (parser.isSet(port)) {
        if (!parsePositive(parser.value(port), 0, 65535, number)) {
            err << "caredesk-cli: --mllp-port needs a port number (0 to 65535)" << Qt::endl;
            return 2;
        }
        config.port = quint16(number);
    } else if (config.port == 0) {
        err << "caredesk-cli: serve needs --mllp-port N (or hl7/mllpPort in caredesk.ini)"
            << Qt::endl;
        return 2;
    }
    if (parser.isSet(bind))
        config.bind = parser.value(bind);
    if (parser.isSet(tlsCert))
        config.tlsCertificate = parser.value(tlsCert);
    if (parser.isSet(tlsKey))
        config.tlsKey = parser.value(tlsKey);
    if (parser.isSet(tlsClientCa))
        config.tlsClientCa = parser.value(tlsClientCa);
    if (parser.isSet(charset))
        config.defaultCharset = parser.value(charset);
    if (parser.isSet(maxFrame)) {
        if (!parsePositive(parser.value(maxFrame), 1024, 256 * 1024 * 1024, number)) {
            err << "caredesk-cli: --mllp-max-frame needs a size from 1024 to 268435456 bytes"
                << Qt::endl;
            return 2;
        }
        config.maxFrameBytes = number;
    }
    if (parser.isSet(maxConnections)) {
        if (!parsePositive(parser.value(maxConnections), 1, 10'000, number)) {
            err << "caredesk-cli: --mllp-max-connections needs a number from 1 to 10000"
                << Qt::endl;
            return 2;
        }
        config.maxConnections = int(number);
    }

    auto made = makeMllpListener(ctx, config);
    if (!made) {
        err << "caredesk-cli: " << made.error().message << Qt::endl;
        return 2;
    }
    std::unique_ptr<MllpListener> listener = std::move(*made);
    if (VoidResult listening = listener->listen(); !listening) {
        err << "caredesk-cli: " << listening.error().message << Qt::endl;
        return 1;
    }

    if (::pipe(g_signalPipe) != 0) {
        err << "caredesk-cli: cannot set up signal handling" << Qt::endl;
        return 1;
    }
    QSocketNotifier stop(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&stop, &QSocketNotifier::activated, &stop, [] { QCoreApplication::quit(); });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    out << "MLLP listening on " << listener->address().toString() << ':' << listener->port()
        << (listener->isTls() ? " (TLS)" : "") << Qt::endl;
    QCoreApplication::exec();

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
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    return 0;
}

} // namespace CareDesk
