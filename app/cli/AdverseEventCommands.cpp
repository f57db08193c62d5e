// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/AdverseEventCommands.h"

#include "app/AppContext.h"
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
                                        QStringLiteral("--format"), QStringLiteral("--output")};
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
        return failWith(context.error().message,
                        context.error().code == Error::Code::NotFound ||
                                context.error().code == Error::Code::InvalidInput
                            ? 2
                        : context.error().code == Error::Code::Damaged ? 6
                                                                       : 3);
    AppContext &ctx = **context;
    auto records = AdverseEventLog::list(ctx.cache()->connection());
    if (!records)
        return failWith(records.error().message, 1);
    const QByteArray bytes = AdverseEventLog::exportAs(*records, chosen, ctx.clock().now());

    // Recorded before the data leaves: who took how many, in which format, never the content.
    if (auto audited = ctx.audit().append(
            {ctx.actor(), QStringLiteral("ae-export"), QString(), QStringLiteral("adverse-events"),
             QStringLiteral("success"),
             QStringLiteral("format=%1;records=%2").arg(name).arg(records->size())});
        !audited)
        return failWith(audited.error().message, 1);

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
    err << "caredesk-cli: " << records->size() << " possible adverse event(s) written to "
        << parser.value(output) << Qt::endl;
    return 0;
}

} // namespace CareDesk
