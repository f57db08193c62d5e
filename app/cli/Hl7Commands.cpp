// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Hl7Commands.h"

#include "app/AppContext.h"
#include "app/Hl7Feed.h"
#include "app/Settings.h"
#include "services/hl7/Hl7Inbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace CareDesk {

namespace {

QJsonObject letterJson(const Hl7DeadLetter &letter)
{
    return QJsonObject{
        {QStringLiteral("id"), letter.id},
        {QStringLiteral("receivedAt"), letter.receivedAt.toString(Qt::ISODate)},
        {QStringLiteral("status"), hl7DeadLetterStatusName(letter.status)},
        {QStringLiteral("channel"), letter.channel},
        {QStringLiteral("peer"), letter.peer},
        {QStringLiteral("sender"), letter.sender},
        {QStringLiteral("controlId"), letter.controlId},
        {QStringLiteral("messageType"), letter.messageType},
        {QStringLiteral("ack"), letter.ackCode},
        {QStringLiteral("errorCode"), letter.errorCode},
        {QStringLiteral("reason"), letter.reason},
        {QStringLiteral("bytes"), letter.rawSize},
        {QStringLiteral("attempts"), letter.attempts},
        {QStringLiteral("lastError"), letter.lastError},
    };
}

Result<qint64> idOf(const QStringList &args)
{
    bool ok = false;
    const qint64 id = args.value(2).toLongLong(&ok);
    if (args.size() != 3 || !ok || id <= 0)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("usage: hl7 %1 ID (a dead letter's number, from \"hl7 "
                                   "dead-letters\")")
                        .arg(args.value(1)));
    return id;
}

} // namespace

bool isHl7Command(const QString &command)
{
    return command == QLatin1String("hl7");
}

QString hl7CommandHelp()
{
    return QStringLiteral(
        "  serve --mllp-port N     take HL7 v2 ADT over MLLP until stopped (see docs/hl7.md)\n"
        "  hl7 dead-letters [all]  HL7 messages that could not be applied\n"
        "  hl7 show ID             one dead letter with its raw message\n"
        "  hl7 replay ID           apply a dead letter again (after a fix)\n"
        "  hl7 discard ID          close a dead letter without applying it");
}

Result<int> runHl7Command(AppContext &ctx, const QStringList &args, bool json, QTextStream &out)
{
    const QString verb = args.value(1);
    auto settings = makeHl7InboxSettings(Settings(ctx.dataDir()).hl7FeedConfig());
    if (!settings)
        return std::unexpected(settings.error());
    // The signed-in user's: hl7.read to list and show, hl7.manage to replay and discard.
    Hl7Inbox inbox(ctx.cache(), ctx.audit(), ctx.access(), ctx.clock(), ctx.principal(), *settings);

    if (verb == QLatin1String("dead-letters")) {
        const bool all = args.value(2) == QLatin1String("all");
        if (args.size() > 3 || (args.size() == 3 && !all))
            return fail(Error::Code::InvalidInput, QStringLiteral("usage: hl7 dead-letters [all]"));
        auto letters = inbox.deadLetters(!all);
        if (!letters)
            return std::unexpected(letters.error());
        if (json) {
            QJsonArray array;
            for (const Hl7DeadLetter &letter : *letters)
                array.append(letterJson(letter));
            out << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
            return 0;
        }
        for (const Hl7DeadLetter &letter : *letters) {
            out << QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6\t%7\t%8")
                       .arg(letter.id)
                       .arg(letter.receivedAt.toString(Qt::ISODate),
                            hl7DeadLetterStatusName(letter.status), letter.ackCode,
                            letter.sender.isEmpty() ? QStringLiteral("-") : letter.sender,
                            letter.controlId.isEmpty() ? QStringLiteral("-") : letter.controlId,
                            letter.messageType.isEmpty() ? QStringLiteral("-") : letter.messageType,
                            letter.reason)
                << Qt::endl;
        }
        return 0;
    }

    auto id = idOf(args);
    if (verb == QLatin1String("show")) {
        if (!id)
            return std::unexpected(id.error());
        auto letter = inbox.deadLetter(*id);
        if (!letter)
            return std::unexpected(letter.error());
        if (json) {
            QJsonObject object = letterJson(*letter);
            object.insert(QStringLiteral("raw"), QString::fromLatin1(letter->raw.toBase64()));
            out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
            return 0;
        }
        out << QJsonDocument(letterJson(*letter)).toJson(QJsonDocument::Indented);
        QByteArray raw = letter->raw;
        raw.replace("\r\n", "\n").replace('\r', '\n');
        out << QString::fromLatin1(raw) << Qt::endl;
        if (!letter->rawIsComplete())
            out << QStringLiteral("(only the first %1 of %2 bytes were kept)")
                       .arg(letter->raw.size())
                       .arg(letter->rawSize)
                << Qt::endl;
        return 0;
    }
    if (verb == QLatin1String("replay")) {
        if (!id)
            return std::unexpected(id.error());
        auto receipt = inbox.replay(*id);
        if (!receipt)
            return std::unexpected(receipt.error());
        if (receipt->code == Hl7AckCode::Accept) {
            out << QStringLiteral("dead letter %1 replayed: %2")
                       .arg(*id)
                       .arg(receipt->duplicate ? QStringLiteral("it was stored already")
                                               : QStringLiteral("applied"))
                << Qt::endl;
            return 0;
        }
        out << QStringLiteral("dead letter %1 still cannot be applied: %2")
                   .arg(*id)
                   .arg(receipt->reason)
            << Qt::endl;
        return 2;
    }
    if (verb == QLatin1String("discard")) {
        if (!id)
            return std::unexpected(id.error());
        if (VoidResult done = inbox.discard(*id); !done)
            return std::unexpected(done.error());
        out << QStringLiteral("dead letter %1 discarded").arg(*id) << Qt::endl;
        return 0;
    }
    return fail(Error::Code::InvalidInput,
                QStringLiteral("usage: hl7 dead-letters [all] | hl7 show ID | hl7 replay ID | hl7 "
                               "discard ID"));
}

} // namespace CareDesk
