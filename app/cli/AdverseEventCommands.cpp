// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/AdverseEventCommands.h"

#include "app/AppContext.h"
#include "app/cli/SecurityCommands.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/triage/AdverseEventLog.h"

#include <QCommandLineParser>
#include <QFile>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

namespace CareDesk {

bool isAdverseEventCommand(const QStringList &arguments)
{
    static const QStringList takesValue{QStringLiteral("--data-dir"), QStringLiteral("--key-file"),
                                        QStringLiteral("--format"), QStringLiteral("--output"),
                                        QStringLiteral("--credential-file")};
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &word = arguments.at(i);
        if (takesValue.contains(word)) {
            ++i;
            continue;
        }
        if (!word.startsWith(u'-'))
            return word == QLatin1String("ae");
    }
    return false;
}

int runAdverseEventCommand(const QStringList &arguments)
{
    QTextStream err(stderr);
    const auto failWith = [&err](const QString &message, int code) {
        err << "caredesk-cli: " << message << Qt::endl;
        return code;
    };
    QCommandLineParser parser;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("csv or ndjson."),
                                    QStringLiteral("FORMAT"));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("Write to FILE (owner-only) instead of "
                                                   "standard output."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Cache folder."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption keyFile(QStringLiteral("key-file"), QStringLiteral("Cache key file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Log to stderr."));
    parser.addOptions({format, output, dataDir, keyFile, verbose});
    SecurityCommands::addSignInOption(parser);
    parser.addPositionalArgument(QStringLiteral("ae"), QStringLiteral("ae export"));
    if (!parser.parse(arguments))
        return failWith(parser.errorText(), 2);
    if (parser.positionalArguments() != QStringList{QStringLiteral("ae"), QStringLiteral("export")})
        return failWith(QStringLiteral("usage: ae export --format csv|ndjson [--output FILE]"), 2);
    if (!parser.isSet(verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));
    const QString name = parser.value(format).toLower();
    if (name != QLatin1String("csv") && name != QLatin1String("ndjson"))
        return failWith(QStringLiteral("ae export needs --format csv or --format ndjson"), 2);
    const auto chosen = name == QLatin1String("csv") ? AdverseEventLog::Format::Csv
                                                     : AdverseEventLog::Format::Ndjson;

    auto context = AppContext::open(parser.value(dataDir), AppContext::OpenMode::ExistingOnly,
                                    parser.value(keyFile));
    if (!context)
        return failWith(context.error().message, SecurityCommands::exitCode(context.error()));
    AppContext &ctx = **context;
    auto principal = SecurityCommands::signIn(ctx, parser);
    if (!principal)
        return failWith(principal.error().message, SecurityCommands::exitCode(principal.error()));
    ctx.setPrincipal(*principal);
    // adverse-event.export, and the export on the record before the data leaves.
    auto exported =
        AdverseEventLog::exportFor(ctx.access(), ctx.audit(), *principal, ctx.cache()->connection(),
                                   chosen, ctx.clock().now());
    if (!exported)
        return failWith(exported.error().message, SecurityCommands::exitCode(exported.error()));
    const QByteArray &bytes = exported->bytes;

    if (!parser.isSet(output)) {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        std::fflush(stdout);
        return 0;
    }
    QSaveFile file(parser.value(output));
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFile::ReadOwner | QFile::WriteOwner) ||
        file.write(bytes) != bytes.size() || !file.commit())
        return failWith(
            QStringLiteral("cannot write %1: %2").arg(parser.value(output), file.errorString()), 1);
    err << "caredesk-cli: " << exported->records << " possible adverse event(s) written to "
        << parser.value(output) << Qt::endl;
    return 0;
}

} // namespace CareDesk
