// SPDX-License-Identifier: GPL-3.0-or-later
// caredesk-cli: the same services as the GUI, for admins, scripts and tests.
#include "app/AppContext.h"
#include "app/ProcessHardening.h"
#include "app/cli/AdverseEventCommands.h"
#include "app/cli/ConsentCommands.h"
#include "app/cli/Hl7Commands.h"
#include "app/cli/JourneyCommands.h"
#include "app/cli/SecurityCommands.h"
#include "app/cli/ServeCommand.h"
#include "app/cli/SyncCommand.h"
#include "services/ingest/Importer.h"
#include "services/maintenance/CacheMaintenance.h"
#include "services/maintenance/Retention.h"
#include "services/security/AuditLog.h"
#include "services/security/AuditTrail.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/triage/ReplyClassifier.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

using namespace CareDesk;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int failWith(const QString &message, int code = 1)
{
    err() << "caredesk-cli: " << message << Qt::endl;
    return code;
}

int failWith(const Error &error)
{
    // Exit codes a script can tell apart: 2 bad input, 3 key or keychain, 4 conflict, 5 audit,
    // 6 damaged file (restore from a backup), 7 not allowed for the signed-in user, 1 other.
    return failWith(error.message, SecurityCommands::exitCode(error));
}

QJsonObject itemJson(const TriageItem &item)
{
    return QJsonObject{
        {QStringLiteral("id"), item.id},
        {QStringLiteral("tier"), tierName(item.tier)},
        {QStringLiteral("patientId"), item.masterId},
        {QStringLiteral("communicationId"), item.communicationId},
        {QStringLiteral("receivedAt"), item.receivedAt.toString(Qt::ISODate)},
        {QStringLiteral("ingestedAt"), item.ingestedAt.toString(Qt::ISODate)},
        {QStringLiteral("dueAt"), item.dueAt.toString(Qt::ISODate)},
        {QStringLiteral("status"), triageStatusName(item.status)},
        {QStringLiteral("owner"), item.owner.isEmpty() ? QJsonValue() : QJsonValue(item.owner)},
        {QStringLiteral("needsReview"), item.needsReview},
        {QStringLiteral("source"), item.source},
        {QStringLiteral("program"), item.program.isEmpty() ? QJsonValue() : item.program},
        {QStringLiteral("replyCount"), item.replyCount},
        {QStringLiteral("acknowledgedAt"),
         item.acknowledgedAt.isValid() ? QJsonValue(item.acknowledgedAt.toString(Qt::ISODate))
                                       : QJsonValue()},
        {QStringLiteral("escalationLevel"), item.escalationLevel},
        {QStringLiteral("adverseEventReportDueAt"),
         item.possibleAdverseEvent ? QJsonValue(item.adverseEventDueAt.toString(Qt::ISODate))
                                   : QJsonValue()},
        {QStringLiteral("evidence"), evidenceToJson(item.evidence)},
    };
}

int classify()
{
    // Needs no cache: a pure function of the lexicon packs.
    auto classifier = ReplyClassifier::builtIn();
    if (!classifier)
        return failWith(classifier.error());
    QTextStream in(stdin);
    QString line;
    while (in.readLineInto(&line)) {
        const Classification result = classifier->classify(line);
        const QJsonObject object{
            {QStringLiteral("tier"), tierName(result.tier)},
            {QStringLiteral("optOut"), result.optOut},
            {QStringLiteral("needsReview"), result.needsReview},
            {QStringLiteral("possibleAdverseEvent"), result.possibleAdverseEvent},
            {QStringLiteral("language"), result.language},
            {QStringLiteral("evidence"), evidenceToJson(result.evidence)},
        };
        out() << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact))
              << Qt::endl;
    }
    return 0;
}

bool parseId(const QStringList &args, qint64 &id)
{
    bool ok = false;
    id = args.value(1).toLongLong(&ok);
    return ok && id > 0;
}

} // namespace

int main(int argc, char *argv[])
{
    hardenProcess();
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CareDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("CareDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAREDESK_VERSION));

    // sync has options of its own (app/cli/SyncCommand.cpp).
    if (isSyncCommand(app.arguments()))
        return runSyncCommand(app.arguments());
    // consent too (app/cli/ConsentCommands.cpp).
    if (isConsentCommand(app.arguments()))
        return runConsentCommand(app.arguments());
    // serve and ae too (app/cli/ServeCommand.cpp, app/cli/AdverseEventCommands.cpp).
    if (isServeCommand(app.arguments()))
        return runServeCommand(app.arguments());
    if (isAdverseEventCommand(app.arguments()))
        return runAdverseEventCommand(app.arguments());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral(
            "CareDesk command line.\n\nCommands:\n"
            "  import FILE...          import FHIR R4 JSON/NDJSON or HL7 v2 files\n"
            "  queue [--json]          list open triage items\n"
            "  claim ID                claim a triage item\n"
            "  release ID              release a claimed item\n"
            "  resolve ID --disposition CODE (--note-file FILE | --note TEXT)\n"
            "  classify                classify replies read from stdin, one per line\n"
            "  audit verify            check the audit chain; exit 0 only when intact\n"
            "  key rotate              re-encrypt the cache under a new key\n"
            "  backup FILE --passphrase-file P   write a verified encrypted backup\n"
            "  backup-check FILE --passphrase-file P   check a backup, change nothing\n"
            "  restore FILE --passphrase-file P  replace the cache with a backup\n"
            "  purge --older-than DAYS remove closed items past the retention period\n"
            "  hold add|remove PATIENT --reason TEXT   place or lift a legal hold\n"
            "  hold list               list legal holds\n"
            "  sync --fhir-base URL    pull from a FHIR server and send the outbox "
            "(see docs/sync.md)\n"
            "  consent check PATIENT --channel C --purpose P [--at ISO-TIME]\n"
            "                          the send-time gate's decision and reasons "
            "(JSON)\n"
            "  consent record|history PATIENT   the consent ledger (see "
            "docs/consent.md)\n"
            "  serve [--sms-webhook-port N] [--no-escalation] [--comms]   also the SMS "
            "gateway's webhook,\n"
            "                          the escalation ladder (see docs/sms-gateway.md) and "
            "patient\n"
            "                          messages (--comms; see docs/consent.md)\n"
            "  ae export --format csv|ndjson [--output FILE]   possible adverse events "
            "with their\n"
            "                          15-day report dates (owner-only file; audited)\n") +
        journeyCommandHelp() + QStringLiteral("\n") + hl7CommandHelp() +
        QStringLiteral("\n%1\n"
                       "Every command except classify and backup-check signs in first: "
                       "--credential-file FILE,\nor name, password and code on the terminal.\n"
                       "Secrets are read from files only their owner can read (chmod 600), never "
                       "from arguments\nor the environment. Exit codes: 0 done, 1 other failure, "
                       "2 bad input, 3 key or\nkeychain, 4 conflict, 5 audit check failed, 6 "
                       "damaged cache file, 7 not allowed.")
            .arg(SecurityCommands::helpText()));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
                                           QStringLiteral("Cache folder (default: app data)."),
                                           QStringLiteral("DIR"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("JSON output."));
    const QCommandLineOption dispositionOption(
        QStringLiteral("disposition"), QStringLiteral("Resolution code."), QStringLiteral("CODE"));
    const QCommandLineOption noteOption(
        QStringLiteral("note"),
        QStringLiteral("Resolution note. Other users can see it in the process list: prefer "
                       "--note-file."),
        QStringLiteral("TEXT"));
    const QCommandLineOption noteFileOption(
        QStringLiteral("note-file"),
        QStringLiteral("Read the resolution note from FILE (\"-\" for standard input)."),
        QStringLiteral("FILE"));
    const QCommandLineOption keyFileOption(
        QStringLiteral("key-file"),
        QStringLiteral("Headless servers: take the cache key from FILE (64 hex digits, owner-only, "
                       "created on first use) instead of the system keychain."),
        QStringLiteral("FILE"));
    const QCommandLineOption passphraseFileOption(
        QStringLiteral("passphrase-file"),
        QStringLiteral("Backup passphrase, from an owner-only FILE (at least 12 bytes)."),
        QStringLiteral("FILE"));
    const QCommandLineOption olderThanOption(
        QStringLiteral("older-than"),
        QStringLiteral("Retention period for purge, in days (closed before that)."),
        QStringLiteral("DAYS"));
    const QCommandLineOption reasonOption(QStringLiteral("reason"),
                                          QStringLiteral("Why a legal hold is placed or lifted."),
                                          QStringLiteral("TEXT"));
    parser.addOptions({dataDirOption, jsonOption, dispositionOption, noteOption, noteFileOption,
                       keyFileOption, passphraseFileOption, olderThanOption, reasonOption});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("What to do."));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"),
                                           QStringLiteral("Log state changes to stderr."));
    parser.addOption(verboseOption);
    SecurityCommands::addOptions(parser);
    parser.process(app);
    if (!parser.isSet(verboseOption))
        QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return failWith(QStringLiteral("no command given; see --help"), 2);
    const QString command = args.first();
    // Every command takes a fixed number of words; anything else is a mistake to report.
    const QHash<QString, int> wordCounts{
        {QStringLiteral("classify"), 1}, {QStringLiteral("queue"), 1},
        {QStringLiteral("claim"), 2},    {QStringLiteral("release"), 2},
        {QStringLiteral("resolve"), 2},  {QStringLiteral("key"), 2},
        {QStringLiteral("backup"), 2},   {QStringLiteral("backup-check"), 2},
        {QStringLiteral("restore"), 2},  {QStringLiteral("purge"), 1}};
    if (wordCounts.contains(command) && args.size() != wordCounts.value(command))
        return failWith(QStringLiteral("unexpected arguments after \"%1\"; see --help")
                            .arg(args.mid(0, wordCounts.value(command)).join(u' ')),
                        2);
    if ((parser.isSet(noteOption) || parser.isSet(noteFileOption) ||
         parser.isSet(dispositionOption)) &&
        command != QLatin1String("resolve") && command != QLatin1String("break-glass"))
        return failWith(QStringLiteral("--disposition, --note and --note-file belong to resolve"),
                        2);
    const bool usesPassphrase = command == QLatin1String("backup") ||
                                command == QLatin1String("backup-check") ||
                                command == QLatin1String("restore");
    if (parser.isSet(passphraseFileOption) != usesPassphrase)
        return failWith(usesPassphrase
                            ? QStringLiteral("%1 needs --passphrase-file FILE").arg(command)
                            : QStringLiteral("--passphrase-file belongs to backup, backup-check "
                                             "and restore"),
                        2);
    if (parser.isSet(olderThanOption) != (command == QLatin1String("purge")))
        return failWith(command == QLatin1String("purge")
                            ? QStringLiteral("purge needs --older-than DAYS")
                            : QStringLiteral("--older-than belongs to purge"),
                        2);
    if (const QString misplaced = SecurityCommands::misplacedOption(parser, command);
        !misplaced.isEmpty())
        return failWith(misplaced, 2);
    if (parser.isSet(reasonOption) && command != QLatin1String("hold") &&
        command != QLatin1String("break-glass"))
        return failWith(QStringLiteral("--reason belongs to hold"), 2);
    if (command == QLatin1String("classify"))
        return classify();

    static const QStringList known{
        QStringLiteral("import"),     QStringLiteral("queue"),   QStringLiteral("claim"),
        QStringLiteral("release"),    QStringLiteral("resolve"), QStringLiteral("audit"),
        QStringLiteral("key"),        QStringLiteral("backup"),  QStringLiteral("backup-check"),
        QStringLiteral("restore"),    QStringLiteral("purge"),   QStringLiteral("hold"),
        QStringLiteral("init"),       QStringLiteral("enroll"),  QStringLiteral("user"),
        QStringLiteral("break-glass")};
    if (!known.contains(command) && !isJourneyCommand(command) && !isHl7Command(command))
        return failWith(QStringLiteral("unknown command \"%1\"; see --help").arg(command), 2);

    QByteArray passphrase;
    if (usesPassphrase) {
        auto secret =
            readOwnerOnlySecret(parser.value(passphraseFileOption), QStringLiteral("passphrase"));
        if (!secret)
            return failWith(secret.error());
        passphrase = *secret;
    }
    if (command == QLatin1String("backup-check")) {
        auto report = CacheMaintenance::inspectBackup(args.at(1), passphrase);
        if (!report)
            return failWith(report.error());
        out() << "backup intact: " << report->describe() << Qt::endl;
        return 0;
    }
    if (command == QLatin1String("restore")) {
        // A restore opens nothing first: the cache it replaces may be damaged or unreadable.
        const QString dir = parser.value(dataDirOption).isEmpty()
                                ? AppContext::defaultDataDir()
                                : QDir(parser.value(dataDirOption)).absolutePath();
        const std::unique_ptr<KeyVault> vault =
            AppContext::makeVault(dir, parser.value(keyFileOption));
        const SystemClock clock;
        auto report = CacheMaintenance::restore(dir, *vault, args.at(1), passphrase,
                                                AppContext::currentUser(), clock);
        if (!report)
            return failWith(report.error());
        out() << "restored " << report->describe() << Qt::endl;
        return 0;
    }
    if (command == QLatin1String("key") && args.at(1) != QLatin1String("rotate"))
        return failWith(QStringLiteral("usage: key rotate"), 2);
    if (command == QLatin1String("hold")) {
        const QString verb = args.value(1);
        const bool list = verb == QLatin1String("list") && args.size() == 2;
        const bool change =
            (verb == QLatin1String("add") || verb == QLatin1String("remove")) && args.size() == 3;
        if (!list && !change)
            return failWith(QStringLiteral("usage: hold add|remove PATIENT --reason TEXT, or "
                                           "hold list"),
                            2);
        if (change != parser.isSet(reasonOption))
            return failWith(change ? QStringLiteral("hold %1 needs --reason TEXT").arg(verb)
                                   : QStringLiteral("--reason belongs to hold add and remove"),
                            2);
    }
    int retentionDays = 0;
    if (command == QLatin1String("purge")) {
        bool ok = false;
        retentionDays = parser.value(olderThanOption).toInt(&ok);
        if (!ok || retentionDays < Retention::kMinimumDays)
            return failWith(QStringLiteral("--older-than needs a whole number of days, at least "
                                           "%1")
                                .arg(Retention::kMinimumDays),
                            2);
    }

    // Only init may start a new cache; anything else on a folder without one is a mistake.
    const auto mode = command == QLatin1String("init") ? AppContext::OpenMode::CreateIfMissing
                                                       : AppContext::OpenMode::ExistingOnly;
    auto context = AppContext::open(parser.value(dataDirOption), mode, parser.value(keyFileOption));
    if (!context)
        return failWith(context.error());
    AppContext &ctx = **context;
    if (ctx.cache()->createdNow())
        err() << "caredesk-cli: created a new encrypted cache in " << ctx.dataDir() << Qt::endl;
    if (!ctx.cache()->keyNote().isEmpty())
        err() << "caredesk-cli: note: " << ctx.cache()->keyNote() << Qt::endl;
    if (ctx.cache()->siteValue(QStringLiteral("kind")).value_or(QString()) == QLatin1String("demo"))
        err() << "caredesk-cli: note: " << ctx.dataDir() << " is the demo site (synthetic patients)"
              << Qt::endl;

    if (SecurityCommands::runsBeforeSignIn(command))
        return SecurityCommands::runBeforeSignIn(ctx, parser, args);
    auto principal = SecurityCommands::signIn(ctx, parser);
    if (!principal)
        return failWith(principal.error());
    ctx.setPrincipal(*principal);
    if (SecurityCommands::isSecurityCommand(args))
        return SecurityCommands::run(ctx, parser, args);
    if (isJourneyCommand(command)) {
        auto status = runJourneyCommand(ctx, args, parser.isSet(jsonOption), out());
        return status ? *status : failWith(status.error());
    }
    if (isHl7Command(command)) {
        auto status = runHl7Command(ctx, args, parser.isSet(jsonOption), out());
        return status ? *status : failWith(status.error());
    }

    if (command == QLatin1String("import")) {
        if (args.size() < 2)
            return failWith(QStringLiteral("import needs at least one FILE"), 2);
        // Each file is its own transaction; the exit code is that of the last failure.
        int status = 0;
        for (const QString &path : args.mid(1)) {
            auto summary = ctx.makeImporter()->importFile(path);
            if (!summary) {
                status = failWith(summary.error());
                continue;
            }
            out() << summary->describe() << Qt::endl;
        }
        return status;
    }

    if (command == QLatin1String("queue")) {
        auto items = ctx.triage().openItems(ctx.principal());
        if (!items)
            return failWith(items.error());
        if (parser.isSet(jsonOption)) {
            QJsonArray array;
            for (const TriageItem &item : *items)
                array.append(itemJson(item));
            out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
            return 0;
        }
        for (const TriageItem &item : *items) {
            out() << QStringLiteral("%1\t%2\t%3\t%4\tdue %5\t%6")
                         .arg(item.id)
                         .arg(tierName(item.tier), item.masterId, triageStatusName(item.status),
                              item.dueAt.toString(Qt::ISODate), item.owner)
                  << Qt::endl;
        }
        return 0;
    }

    if (command == QLatin1String("audit")) {
        if (args.value(1) != QLatin1String("verify") || args.size() != 2)
            return failWith(QStringLiteral("usage: audit verify|list|report|export; see --help"),
                            2);
        const auto verified = AuditTrail(ctx.access()).verify(ctx.principal());
        if (!verified)
            return failWith(verified.error());
        const AuditVerification &result = *verified;
        if (!result.intact)
            return failWith(QStringLiteral("audit chain broken: %1").arg(result.problem), 5);
        const auto resolutions = ctx.triage().verifyAgainstAudit();
        if (!resolutions)
            return failWith(resolutions.error());
        if (!resolutions->isEmpty())
            return failWith(QStringLiteral("audit check failed: %1").arg(*resolutions), 5);
        out() << QStringLiteral("audit chain intact: %1 entries").arg(result.entries) << Qt::endl;
        return 0;
    }

    if (command == QLatin1String("key")) {
        auto done = CacheMaintenance(ctx.cache(), ctx.audit(), ctx.access(), ctx.principal())
                        .rotateKey(ctx.vault());
        if (!done)
            return failWith(done.error());
        out() << *done << Qt::endl;
        return 0;
    }

    if (command == QLatin1String("backup")) {
        auto report = CacheMaintenance(ctx.cache(), ctx.audit(), ctx.access(), ctx.principal())
                          .backup(args.at(1), passphrase);
        if (!report)
            return failWith(report.error());
        out() << "backup written and verified: " << report->describe() << Qt::endl;
        return 0;
    }

    if (command == QLatin1String("purge") || command == QLatin1String("hold")) {
        Retention retention(ctx.cache(), ctx.audit(), ctx.access(), ctx.clock());
        if (command == QLatin1String("purge")) {
            auto report = retention.purge(retentionDays, ctx.principal());
            if (!report)
                return failWith(report.error());
            out() << report->describe() << Qt::endl;
            return 0;
        }
        if (args.at(1) == QLatin1String("list")) {
            auto holds = retention.holds(ctx.principal());
            if (!holds)
                return failWith(holds.error());
            for (const LegalHold &hold : *holds) {
                out() << QStringLiteral("%1\tplaced %2 by %3\t%4")
                             .arg(hold.masterId, hold.placedAt.toString(Qt::ISODate), hold.placedBy,
                                  hold.reason)
                      << Qt::endl;
            }
            return 0;
        }
        const VoidResult done =
            args.at(1) == QLatin1String("add")
                ? retention.placeHold(args.at(2), parser.value(reasonOption), ctx.principal())
                : retention.releaseHold(args.at(2), parser.value(reasonOption), ctx.principal());
        if (!done)
            return failWith(done.error());
        out() << QStringLiteral("hold %1: %2 done").arg(args.at(1), args.at(2)) << Qt::endl;
        return 0;
    }

    qint64 id = 0;
    if (!parseId(args, id))
        return failWith(
            QStringLiteral("%1 needs a triage item ID (a positive number)").arg(command), 2);
    VoidResult done;
    if (command == QLatin1String("claim")) {
        done = ctx.triage().claim(id, ctx.principal());
    } else if (command == QLatin1String("release")) {
        done = ctx.triage().release(id, ctx.principal());
    } else {
        if (!parser.isSet(dispositionOption) ||
            parser.isSet(noteOption) == parser.isSet(noteFileOption))
            return failWith(QStringLiteral("resolve needs --disposition CODE and one of "
                                           "--note-file FILE or --note TEXT"),
                            2);
        QString note = parser.value(noteOption);
        if (parser.isSet(noteFileOption)) {
            const QString path = parser.value(noteFileOption);
            QFile file;
            const bool opened = path == QLatin1String("-")
                                    ? file.open(stdin, QIODevice::ReadOnly)
                                    : (file.setFileName(path), file.open(QIODevice::ReadOnly));
            if (!opened)
                return failWith(QStringLiteral("cannot read the note from %1").arg(path), 2);
            // One byte more than any allowed note can take, so an overlong one is refused whole.
            note = QString::fromUtf8(file.read(4 * TriageService::kMaxNoteCharacters + 1));
        }
        done = ctx.triage().resolve(id, ctx.principal(), parser.value(dispositionOption), note);
    }
    if (!done)
        return failWith(done.error());
    out() << QStringLiteral("%1: item %2 done").arg(command).arg(id) << Qt::endl;
    return 0;
}
