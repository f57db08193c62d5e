// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/SyncCommand.h"

#include "app/AppContext.h"
#include "app/Settings.h"
#include "app/cli/SecurityCommands.h"
#include "services/fhir/FhirSyncService.h"
#include "services/outbox/Outbox.h"
#include "services/outbox/OutboxStore.h"
#include "services/store/CacheDatabase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QTextStream>
#include <QTimer>

namespace CareDesk {

bool isSyncCommand(const QStringList &arguments)
{
    static const QStringList takesValue{QStringLiteral("--data-dir"),
                                        QStringLiteral("--key-file"),
                                        QStringLiteral("--fhir-base"),
                                        QStringLiteral("--client-id"),
                                        QStringLiteral("--jwk"),
                                        QStringLiteral("--token-url"),
                                        QStringLiteral("--ca-file"),
                                        QStringLiteral("--role"),
                                        QStringLiteral("--page-size"),
                                        QStringLiteral("--page-cap"),
                                        QStringLiteral("--watch"),
                                        QStringLiteral("--workstation"),
                                        QStringLiteral("--credential-file")};
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &word = arguments.at(i);
        if (takesValue.contains(word)) {
            ++i;
            continue;
        }
        if (!word.startsWith(u'-'))
            return word == QLatin1String("sync");
    }
    return false;
}

int runSyncCommand(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    const QCommandLineOption base(QStringLiteral("fhir-base"), QStringLiteral("FHIR base URL."),
                                  QStringLiteral("URL"));
    const QCommandLineOption clientId(QStringLiteral("client-id"),
                                      QStringLiteral("SMART Backend Services client id."),
                                      QStringLiteral("ID"));
    const QCommandLineOption jwk(QStringLiteral("jwk"),
                                 QStringLiteral("Private JWK (Set), RS384 or ES384."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption tokenUrl(QStringLiteral("token-url"),
                                      QStringLiteral("Token endpoint."), QStringLiteral("URL"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    QStringLiteral("The site's CA certificate (PEM)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("Role to cache for."),
                                  QStringLiteral("ROLE"));
    const QCommandLineOption pageSize(QStringLiteral("page-size"), QStringLiteral("_count."),
                                      QStringLiteral("N"));
    const QCommandLineOption pageCap(QStringLiteral("page-cap"),
                                     QStringLiteral("Most pages per resource type."),
                                     QStringLiteral("N"));
    const QCommandLineOption watch(QStringLiteral("watch"),
                                   QStringLiteral("Keep polling for SECONDS, then stop."),
                                   QStringLiteral("SECONDS"));
    const QCommandLineOption workstation(QStringLiteral("workstation"),
                                         QStringLiteral("Name in the server's audit events."),
                                         QStringLiteral("NAME"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Cache folder."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption keyFile(QStringLiteral("key-file"), QStringLiteral("Cache key file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Log to stderr."));
    parser.addOptions({base, clientId, jwk, tokenUrl, caFile, role, pageSize, pageCap, watch,
                       workstation, dataDir, keyFile, verbose});
    SecurityCommands::addSignInOption(parser);
    if (!parser.parse(arguments)) {
        err << "caredesk-cli: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.positionalArguments().size() != 1) {
        err << "caredesk-cli: unexpected arguments after \"sync\"" << Qt::endl;
        return 2;
    }
    if (!parser.isSet(verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));
    // Only init makes a cache (with its administrator); a sync signs in to an existing one.
    auto opened = AppContext::open(parser.value(dataDir), AppContext::OpenMode::ExistingOnly,
                                   parser.value(keyFile));
    if (!opened) {
        err << "caredesk-cli: " << opened.error().message << Qt::endl;
        return SecurityCommands::exitCode(opened.error());
    }
    AppContext &context = **opened;
    // A sync someone starts acts as them: sync.run (exit 7 without it).
    auto principal = SecurityCommands::signIn(context, parser);
    if (!principal) {
        err << "caredesk-cli: " << principal.error().message << Qt::endl;
        return SecurityCommands::exitCode(principal.error());
    }
    context.setPrincipal(*principal);
    const Settings settings(context.dataDir());
    FhirSyncConfig config = settings.fhirSyncConfig();
    if (parser.isSet(base))
        config.base = QUrl(parser.value(base));
    if (config.base.isEmpty()) {
        err << "caredesk-cli: sync needs --fhir-base URL (or fhir/baseUrl in caredesk.ini)"
            << Qt::endl;
        return 2;
    }
    if (parser.isSet(clientId) != parser.isSet(jwk)) {
        err << "caredesk-cli: --client-id and --jwk go together" << Qt::endl;
        return 2;
    }
    if (parser.isSet(clientId)) {
        config.clientId = parser.value(clientId);
        config.keyFile = parser.value(jwk);
    }
    if (parser.isSet(tokenUrl))
        config.tokenUrl = QUrl(parser.value(tokenUrl));
    if (parser.isSet(caFile))
        config.caFile = parser.value(caFile);
    if (parser.isSet(role))
        config.sync.role = parser.value(role);
    bool ok = true;
    if (parser.isSet(pageSize))
        config.sync.pageSize = qBound(1, parser.value(pageSize).toInt(&ok), 1000);
    if (ok && parser.isSet(pageCap))
        config.sync.pageCap = qMax(1, parser.value(pageCap).toInt(&ok));
    const int watchSeconds = parser.isSet(watch) ? parser.value(watch).toInt(&ok) : 0;
    if (!ok || watchSeconds < 0) {
        err << "caredesk-cli: --page-size, --page-cap and --watch take whole numbers" << Qt::endl;
        return 2;
    }
    config.workstation =
        parser.isSet(workstation) ? parser.value(workstation) : QHostInfo::localHostName();

    FhirSyncService service(context.cache(), context.audit(), context.access(),
                            context.classifier(), context.clock(), context.triageSettings(), config,
                            context.principal());
    bool lastComplete = false;
    bool outboxIdle = false;
    bool pulled = false;
    auto finishIfDone = [&] {
        if (watchSeconds == 0 && pulled && outboxIdle)
            QCoreApplication::exit(0);
    };
    QObject::connect(&service, &FhirSyncService::pullFinished, &service,
                     [&](const SyncReport &report) {
                         out << report.describe() << Qt::endl;
                         lastComplete = report.complete;
                         pulled = true;
                         // Unreachable: the outbox is paused and will not get idle by itself.
                         if (!report.reachable)
                             outboxIdle = true;
                         finishIfDone();
                     });
    QObject::connect(&service, &FhirSyncService::conflictFound, &service,
                     [&](const QString &message) { err << "conflict: " << message << Qt::endl; });
    if (auto started = service.start(); !started) {
        err << "caredesk-cli: " << started.error().message << Qt::endl;
        return SecurityCommands::exitCode(started.error());
    }
    QObject::connect(service.outbox(), &Outbox::idle, &service, [&] {
        outboxIdle = true;
        finishIfDone();
    });
    QObject::connect(service.outbox(), &Outbox::changed, &service, [&] { outboxIdle = false; });
    if (watchSeconds > 0)
        QTimer::singleShot(std::chrono::seconds(watchSeconds), &service,
                           [] { QCoreApplication::exit(0); });
    QCoreApplication::exec();

    auto counts = OutboxStore(context.cache()->connection()).counts();
    const int failed = counts ? counts->value(OutboxStatus::Failed) : 0;
    const int dead = counts ? counts->value(OutboxStatus::Dead) : 0;
    const int waiting = counts ? counts->value(OutboxStatus::Pending) : 0;
    out << QStringLiteral("outbox: %1 waiting, %2 failed (will retry), %3 dead letters")
               .arg(waiting)
               .arg(failed)
               .arg(dead)
        << Qt::endl;
    if (service.status().clockSkewSeconds != 0 && qAbs(service.status().clockSkewSeconds) > 120)
        err << "caredesk-cli: warning: this computer's clock differs from the FHIR server's by "
            << service.status().clockSkewSeconds << " s" << Qt::endl;
    // 9, not 7: 7 is every command's "not allowed".
    if (!lastComplete)
        return 9;
    return failed + dead > 0 ? 8 : 0;
}

} // namespace CareDesk
