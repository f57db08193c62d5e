// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ConsentCommands.h"

#include "app/AppContext.h"
#include "app/Settings.h"
#include "app/cli/SecurityCommands.h"
#include "services/comms/ConsentLedger.h"
#include "services/comms/ConsentService.h"
#include "services/comms/MessageDispatcher.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

namespace CareDesk {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int failWith(const QString &message, int code)
{
    QTextStream(stderr) << "caredesk-cli: " << message << Qt::endl;
    return code;
}

int failWith(const Error &error)
{
    // The exit codes every command shares (7: the signed-in user's role does not allow it).
    return failWith(error.message, SecurityCommands::exitCode(error));
}

// An instant with its offset: "2026-03-04T22:15:00-05:00" or "...Z". A time without one would
// be read in whatever zone this machine is in, which is never what the patient is in.
Result<QDateTime> instant(const QString &text, const QString &option)
{
    const QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    const bool hasOffset =
        text.endsWith(u'Z') || text.contains(u'+') || text.lastIndexOf(u'-') > text.indexOf(u'T');
    if (!when.isValid() || !hasOffset)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("--%1 needs an ISO 8601 time with an offset or Z, for example "
                                   "2026-03-04T22:15:00-05:00; got \"%2\".")
                        .arg(option, text));
    return when.toUTC();
}

Result<QString> patientFor(AppContext &ctx, const QString &given)
{
    QSqlDatabase db = ctx.cache()->connection();
    PatientStore store(db, ctx.clock());
    if (given.startsWith(QLatin1String("Patient/"))) {
        auto found = store.find({{QStringLiteral("Patient"), given.mid(8)}});
        if (!found)
            return std::unexpected(found.error());
        if (found->isEmpty())
            return fail(Error::Code::NotFound, QStringLiteral("No patient %1.").arg(given));
        return *found;
    }
    auto summary = store.summary(given);
    if (!summary)
        return std::unexpected(summary.error());
    return given;
}

template <typename T>
Result<std::optional<T>> optionalName(const QCommandLineParser &parser,
                                      const QCommandLineOption &option, const QString &what,
                                      std::optional<T> (*fromName)(const QString &),
                                      const QStringList &names)
{
    const QString value = parser.value(option);
    if (value == QLatin1String("any"))
        return std::optional<T>();
    const std::optional<T> parsed = fromName(value);
    if (!parsed)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("--%1 must be one of %2, or any; got \"%3\".")
                        .arg(what, names.join(QStringLiteral(", ")), value));
    return parsed;
}

QStringList channelNames()
{
    QStringList names;
    for (Channel channel : allChannels())
        names.append(channelName(channel));
    return names;
}

QStringList purposeNames()
{
    QStringList names;
    for (Purpose purpose : allPurposes())
        names.append(purposeName(purpose));
    return names;
}

QJsonObject eventJson(const ConsentEvent &event)
{
    QJsonObject json{
        {QStringLiteral("id"), event.id},
        {QStringLiteral("kind"), consentKindName(event.kind)},
        {QStringLiteral("channel"),
         event.channel ? channelName(*event.channel) : QStringLiteral("any")},
        {QStringLiteral("purpose"),
         event.purpose ? purposeName(*event.purpose) : QStringLiteral("any")},
        {QStringLiteral("source"), event.source},
        {QStringLiteral("effectiveAt"), event.effectiveAt.toString(Qt::ISODate)},
        {QStringLiteral("recordedAt"), event.recordedAt.toString(Qt::ISODate)},
    };
    auto put = [&](const char *key, const QString &value) {
        if (!value.isEmpty())
            json.insert(QString::fromLatin1(key), value);
    };
    put("sourceId", event.sourceId);
    put("capturedBy", event.capturedBy);
    put("rule", event.rule);
    put("rawText", event.rawText);
    put("note", event.note);
    put("identifier", event.identifier);     // the FHIR Consent's identifier when pushed
    put("receivedFrom", event.receivedFrom); // the Consent record it was taken in from
    if (event.expiresAt.isValid())
        json.insert(QStringLiteral("expiresAt"), event.expiresAt.toString(Qt::ISODate));
    return json;
}

} // namespace

bool isConsentCommand(const QStringList &arguments)
{
    static const QStringList takesValue{
        QStringLiteral("--data-dir"),    QStringLiteral("--key-file"),
        QStringLiteral("--channel"),     QStringLiteral("--purpose"),
        QStringLiteral("--at"),          QStringLiteral("--kind"),
        QStringLiteral("--path"),        QStringLiteral("--program"),
        QStringLiteral("--appointment"), QStringLiteral("--callback-item"),
        QStringLiteral("--source"),      QStringLiteral("--captured-by"),
        QStringLiteral("--effective"),   QStringLiteral("--expires"),
        QStringLiteral("--note"),        QStringLiteral("--credential-file")};
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &word = arguments.at(i);
        if (takesValue.contains(word)) {
            ++i;
            continue;
        }
        if (!word.startsWith(u'-'))
            return word == QLatin1String("consent");
    }
    return false;
}

int runConsentCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    auto option = [](const char *name, const char *help, const char *value = nullptr) {
        return value ? QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                                          QString::fromLatin1(value))
                     : QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help));
    };
    const QCommandLineOption dataDir = option("data-dir", "Cache folder.", "DIR");
    const QCommandLineOption keyFile = option("key-file", "Cache key file.", "FILE");
    const QCommandLineOption verbose = option("verbose", "Log to stderr.");
    const QCommandLineOption json = option("json", "JSON output.");
    const QCommandLineOption channel = option("channel", "sms, email, phone, mail.", "C");
    const QCommandLineOption purpose =
        option("purpose", "treatment, payment, operations, marketing, research.", "P");
    const QCommandLineOption at = option("at", "The moment to decide for.", "ISO-TIME");
    const QCommandLineOption kind = option("kind", "Message or consent event kind.", "K");
    const QCommandLineOption path = option("path", "automated, manual, batch, retry.", "P");
    const QCommandLineOption program = option("program", "Program.", "NAME");
    const QCommandLineOption appointment = option("appointment", "Appointment reference.", "REF");
    const QCommandLineOption callbackItem =
        option("callback-item", "Emergent triage item a callback is about.", "ID");
    const QCommandLineOption source = option("source", "phone, paper, in-person, portal.", "S");
    const QCommandLineOption capturedBy = option("captured-by", "Who captured it.", "NAME");
    const QCommandLineOption effective = option("effective", "When it was given.", "ISO-TIME");
    const QCommandLineOption expires = option("expires", "When it ends.", "ISO-TIME");
    const QCommandLineOption note = option("note", "What a restriction covers.", "TEXT");
    parser.addOptions({dataDir, keyFile, verbose, json, channel, purpose, at, kind, path, program,
                       appointment, callbackItem, source, capturedBy, effective, expires, note});
    SecurityCommands::addSignInOption(parser);
    if (!parser.parse(arguments))
        return failWith(parser.errorText(), 2);
    if (!parser.isSet(verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));
    const QStringList words = parser.positionalArguments();
    const QString verb = words.value(1);
    static const QStringList verbs{QStringLiteral("check"), QStringLiteral("record"),
                                   QStringLiteral("history")};
    if (words.size() != 3 || !verbs.contains(verb))
        return failWith(QStringLiteral("usage: consent check|record|history PATIENT [options]; "
                                       "see docs/consent.md"),
                        2);
    const QStringList checkOnly{QStringLiteral("path"), QStringLiteral("program"),
                                QStringLiteral("appointment"), QStringLiteral("callback-item")};
    const QStringList recordOnly{QStringLiteral("source"), QStringLiteral("captured-by"),
                                 QStringLiteral("effective"), QStringLiteral("expires"),
                                 QStringLiteral("note")};
    for (const QString &name : parser.optionNames()) {
        if ((checkOnly.contains(name) && verb != QLatin1String("check")) ||
            (recordOnly.contains(name) && verb != QLatin1String("record")) ||
            (name == QLatin1String("json") && verb != QLatin1String("history")) ||
            ((name == QLatin1String("channel") || name == QLatin1String("purpose") ||
              name == QLatin1String("kind")) &&
             verb == QLatin1String("history")))
            return failWith(QStringLiteral("--%1 does not belong to consent %2").arg(name, verb),
                            2);
    }

    QDateTime when;
    if (parser.isSet(at)) {
        auto parsed = instant(parser.value(at), QStringLiteral("at"));
        if (!parsed)
            return failWith(parsed.error());
        when = *parsed;
    }

    auto context = AppContext::open(parser.value(dataDir), AppContext::OpenMode::ExistingOnly,
                                    parser.value(keyFile));
    if (!context)
        return failWith(context.error());
    AppContext &ctx = **context;
    auto principal = SecurityCommands::signIn(ctx, parser);
    if (!principal)
        return failWith(principal.error());
    ctx.setPrincipal(*principal);
    if (!when.isValid())
        when = ctx.clock().now();
    auto master = patientFor(ctx, words.at(2));
    if (!master)
        return failWith(master.error());
    const Settings settings(ctx.dataDir());
    auto templates = MessageTemplates::builtIn();
    if (!templates)
        return failWith(templates.error());
    ConsentService consent(ctx.cache(), ctx.audit(), ctx.access(), ctx.clock(),
                           std::make_shared<MessageDispatcher>(
                               ctx.cache(), ctx.audit(), ctx.clock(), settings.sendPolicy(),
                               std::make_shared<const MessageTemplates>(std::move(*templates))));

    if (verb == QLatin1String("history")) {
        auto events = consent.history(ctx.principal(), *master);
        if (!events)
            return failWith(events.error());
        const ConsentState state = ConsentState::derive(*events, when);
        if (parser.isSet(json)) {
            QJsonArray history;
            for (const ConsentEvent &event : *events)
                history.append(eventJson(event));
            QJsonArray cells;
            for (const ConsentCell &cell : state.cells()) {
                QJsonObject object{{QStringLiteral("channel"), channelName(cell.channel)},
                                   {QStringLiteral("purpose"), purposeName(cell.purpose)},
                                   {QStringLiteral("status"), consentStatusName(cell.status)},
                                   {QStringLiteral("restricted"), cell.restricted}};
                if (cell.eventId)
                    object.insert(QStringLiteral("event"), cell.eventId);
                if (cell.expiresAt.isValid())
                    object.insert(QStringLiteral("expiresAt"),
                                  cell.expiresAt.toString(Qt::ISODate));
                cells.append(object);
            }
            out() << QString::fromUtf8(
                QJsonDocument(QJsonObject{{QStringLiteral("patient"), *master},
                                          {QStringLiteral("at"), when.toString(Qt::ISODate)},
                                          {QStringLiteral("events"), history},
                                          {QStringLiteral("state"), cells}})
                    .toJson(QJsonDocument::Indented));
            return 0;
        }
        for (const ConsentEvent &event : *events) {
            out() << QStringLiteral("%1\t%2\t%3\t%4/%5\t%6\t%7%8")
                         .arg(event.id)
                         .arg(event.effectiveAt.toString(Qt::ISODate), consentKindName(event.kind),
                              event.channel ? channelName(*event.channel) : QStringLiteral("any"),
                              event.purpose ? purposeName(*event.purpose) : QStringLiteral("any"),
                              event.source, event.capturedBy,
                              event.rawText.isEmpty()
                                  ? QString()
                                  : QStringLiteral("\t\"%1\"").arg(event.rawText))
                  << Qt::endl;
        }
        return 0;
    }

    if (verb == QLatin1String("record")) {
        for (const QCommandLineOption &needed : {kind, channel, purpose, source}) {
            if (!parser.isSet(needed))
                return failWith(QStringLiteral("consent record needs --kind, --channel, "
                                               "--purpose and --source"),
                                2);
        }
        ConsentEvent event;
        event.masterId = *master;
        const auto eventKind = consentKindFromName(parser.value(kind));
        if (!eventKind)
            return failWith(QStringLiteral("--kind must be granted, revoked, expired, restricted "
                                           "or restriction-lifted; got \"%1\".")
                                .arg(parser.value(kind)),
                            2);
        event.kind = *eventKind;
        auto eventChannel = optionalName<Channel>(parser, channel, QStringLiteral("channel"),
                                                  channelFromName, channelNames());
        auto eventPurpose = optionalName<Purpose>(parser, purpose, QStringLiteral("purpose"),
                                                  purposeFromName, purposeNames());
        if (!eventChannel)
            return failWith(eventChannel.error());
        if (!eventPurpose)
            return failWith(eventPurpose.error());
        event.channel = *eventChannel;
        event.purpose = *eventPurpose;
        event.source = parser.value(source);
        if (!ConsentLedger::manualSources().contains(event.source))
            return failWith(QStringLiteral("--source must be one a person records: %1.")
                                .arg(ConsentLedger::manualSources().join(QStringLiteral(", "))),
                            2);
        event.capturedBy = parser.isSet(capturedBy) ? parser.value(capturedBy) : ctx.actor();
        event.note = parser.value(note);
        event.recordedAt = ctx.clock().now();
        event.effectiveAt = event.recordedAt;
        if (parser.isSet(effective)) {
            auto parsed = instant(parser.value(effective), QStringLiteral("effective"));
            if (!parsed)
                return failWith(parsed.error());
            event.effectiveAt = *parsed;
        }
        if (parser.isSet(expires)) {
            auto parsed = instant(parser.value(expires), QStringLiteral("expires"));
            if (!parsed)
                return failWith(parsed.error());
            event.expiresAt = *parsed;
        }
        auto id = consent.record(ctx.principal(), event);
        if (!id)
            return failWith(id.error());
        out() << QStringLiteral("recorded consent event %1 for %2").arg(*id).arg(*master)
              << Qt::endl;
        return 0;
    }

    // check
    if (!parser.isSet(channel) || !parser.isSet(purpose))
        return failWith(QStringLiteral("consent check needs --channel C and --purpose P"), 2);
    SendRequest request;
    request.masterId = *master;
    const auto requestChannel = channelFromName(parser.value(channel));
    const auto requestPurpose = purposeFromName(parser.value(purpose));
    if (!requestChannel || !requestPurpose)
        return failWith(QStringLiteral("--channel must be one of %1 and --purpose one of %2")
                            .arg(channelNames().join(QStringLiteral(", ")),
                                 purposeNames().join(QStringLiteral(", "))),
                        2);
    request.channel = *requestChannel;
    request.purpose = *requestPurpose;
    request.kind = MessageKind::Outreach;
    if (parser.isSet(kind)) {
        const auto messageKind = messageKindFromName(parser.value(kind));
        if (!messageKind)
            return failWith(
                QStringLiteral("--kind is not a message kind: \"%1\"").arg(parser.value(kind)), 2);
        request.kind = *messageKind;
    }
    if (parser.isSet(path)) {
        const auto sendPath = sendPathFromName(parser.value(path));
        if (!sendPath)
            return failWith(QStringLiteral("--path must be automated, manual, batch or retry"), 2);
        request.path = *sendPath;
    }
    request.program = parser.value(program);
    request.appointmentRef = parser.value(appointment);
    if (parser.isSet(callbackItem)) {
        bool ok = false;
        request.callbackItemId = parser.value(callbackItem).toLongLong(&ok);
        if (!ok || request.callbackItemId <= 0)
            return failWith(QStringLiteral("--callback-item needs a triage item number"), 2);
        request.kind = MessageKind::Callback;
    }
    auto decision = consent.check(ctx.principal(), request, when);
    if (!decision)
        return failWith(decision.error());
    out() << QString::fromUtf8(
        QJsonDocument(decision->toJson(request)).toJson(QJsonDocument::Indented));
    return 0;
}

} // namespace CareDesk
