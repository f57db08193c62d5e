// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/Hl7DeadLetterStore.h"

#include "models/Clock.h"
#include "services/store/SqlFailure.h"

#include <QSqlQuery>
#include <QVariant>

namespace CareDesk {

namespace {

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant timeOrNull(const QDateTime &when)
{
    return when.isValid() ? QVariant(toStorageTime(when)) : QVariant();
}

QDateTime timeOf(const QVariant &value)
{
    return value.isNull() ? QDateTime() : fromStorageTime(value.toString());
}

Hl7DeadLetter::Status statusFrom(const QString &name)
{
    if (name == QLatin1String("replayed"))
        return Hl7DeadLetter::Status::Replayed;
    if (name == QLatin1String("discarded"))
        return Hl7DeadLetter::Status::Discarded;
    return Hl7DeadLetter::Status::Open;
}

const QString kColumns = QStringLiteral(
    "id, received_at, channel, peer, sender, control_id, message_type, ack_code, error_code, "
    "reason, raw_size, status, attempts, last_attempt_at, last_error, resolved_at, resolved_by, "
    "message_id");

Hl7DeadLetter fromRow(const QSqlQuery &query)
{
    Hl7DeadLetter letter;
    letter.id = query.value(0).toLongLong();
    letter.receivedAt = timeOf(query.value(1));
    letter.channel = query.value(2).toString();
    letter.peer = query.value(3).toString();
    letter.sender = query.value(4).toString();
    letter.controlId = query.value(5).toString();
    letter.messageType = query.value(6).toString();
    letter.ackCode = query.value(7).toString();
    letter.errorCode = query.value(8).toInt();
    letter.reason = query.value(9).toString();
    letter.rawSize = query.value(10).toLongLong();
    letter.status = statusFrom(query.value(11).toString());
    letter.attempts = query.value(12).toInt();
    letter.lastAttemptAt = timeOf(query.value(13));
    letter.lastError = query.value(14).toString();
    letter.resolvedAt = timeOf(query.value(15));
    letter.resolvedBy = query.value(16).toString();
    letter.messageId = query.value(17).toLongLong();
    return letter;
}

} // namespace

QString hl7DeadLetterStatusName(Hl7DeadLetter::Status status)
{
    switch (status) {
    case Hl7DeadLetter::Status::Open:
        return QStringLiteral("open");
    case Hl7DeadLetter::Status::Replayed:
        return QStringLiteral("replayed");
    case Hl7DeadLetter::Status::Discarded:
        return QStringLiteral("discarded");
    }
    return QStringLiteral("open");
}

Hl7DeadLetterStore::Hl7DeadLetterStore(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> Hl7DeadLetterStore::add(const Hl7DeadLetter &letter)
{
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral(
        "INSERT INTO hl7_dead_letters (received_at, channel, peer, sender, control_id, "
        "message_type, ack_code, error_code, reason, raw, raw_size) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(toStorageTime(letter.receivedAt));
    insert.addBindValue(letter.channel);
    insert.addBindValue(nullable(letter.peer));
    insert.addBindValue(nullable(letter.sender));
    insert.addBindValue(nullable(letter.controlId));
    insert.addBindValue(nullable(letter.messageType));
    insert.addBindValue(letter.ackCode);
    insert.addBindValue(letter.errorCode);
    insert.addBindValue(letter.reason);
    // Never NULL: an empty frame is kept as an empty blob.
    insert.addBindValue(letter.raw.isNull() ? QByteArray("") : letter.raw);
    insert.addBindValue(qMax<qint64>(letter.rawSize, letter.raw.size()));
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Keeping the message as a dead letter"), insert);
    return insert.lastInsertId().toLongLong();
}

Result<QList<Hl7DeadLetter>> Hl7DeadLetterStore::list(bool openOnly, int limit, bool withRaw)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1%2 FROM hl7_dead_letters %3 ORDER BY id DESC LIMIT ?")
                      .arg(kColumns, withRaw ? QStringLiteral(", raw") : QString(),
                           openOnly ? QStringLiteral("WHERE status = 'open'") : QString()));
    query.addBindValue(qMax(1, limit));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the dead letters"), query);
    QList<Hl7DeadLetter> letters;
    while (query.next()) {
        Hl7DeadLetter letter = fromRow(query);
        if (withRaw)
            letter.raw = query.value(18).toByteArray();
        letters.append(std::move(letter));
    }
    return letters;
}

Result<Hl7DeadLetter> Hl7DeadLetterStore::get(qint64 id)
{
    QSqlQuery query(m_db);
    query.prepare(
        QStringLiteral("SELECT %1, raw FROM hl7_dead_letters WHERE id = ?").arg(kColumns));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading a dead letter"), query);
    if (!query.next())
        return fail(Error::Code::NotFound, QStringLiteral("There is no dead letter %1.").arg(id));
    Hl7DeadLetter letter = fromRow(query);
    letter.raw = query.value(18).toByteArray();
    return letter;
}

Result<int> Hl7DeadLetterStore::openCount()
{
    QSqlQuery query(m_db);
    if (!query.exec(
            QStringLiteral("SELECT count(*) FROM hl7_dead_letters WHERE status = 'open'")) ||
        !query.next())
        return sqlFailure(QStringLiteral("Counting the dead letters"), query);
    return query.value(0).toInt();
}

VoidResult Hl7DeadLetterStore::markReplayed(qint64 id, qint64 messageId, const QDateTime &at,
                                            const QString &by)
{
    QSqlQuery update(m_db);
    update.prepare(
        QStringLiteral("UPDATE hl7_dead_letters SET status = 'replayed', attempts = attempts + 1, "
                       "last_attempt_at = ?, last_error = NULL, resolved_at = ?, resolved_by = ?, "
                       "message_id = ? WHERE id = ?"));
    update.addBindValue(toStorageTime(at));
    update.addBindValue(toStorageTime(at));
    update.addBindValue(by);
    update.addBindValue(messageId > 0 ? QVariant(messageId) : QVariant());
    update.addBindValue(id);
    if (!update.exec())
        return sqlFailure(QStringLiteral("Recording the replay"), update);
    return {};
}

VoidResult Hl7DeadLetterStore::markFailedAttempt(qint64 id, const QDateTime &at,
                                                 const QString &error)
{
    QSqlQuery update(m_db);
    update.prepare(QStringLiteral("UPDATE hl7_dead_letters SET attempts = attempts + 1, "
                                  "last_attempt_at = ?, last_error = ? WHERE id = ?"));
    update.addBindValue(timeOrNull(at));
    update.addBindValue(error);
    update.addBindValue(id);
    if (!update.exec())
        return sqlFailure(QStringLiteral("Recording the failed replay"), update);
    return {};
}

VoidResult Hl7DeadLetterStore::markDiscarded(qint64 id, const QDateTime &at, const QString &by)
{
    QSqlQuery update(m_db);
    update.prepare(QStringLiteral("UPDATE hl7_dead_letters SET status = 'discarded', "
                                  "resolved_at = ?, resolved_by = ? WHERE id = ? AND "
                                  "status = 'open'"));
    update.addBindValue(toStorageTime(at));
    update.addBindValue(by);
    update.addBindValue(id);
    if (!update.exec())
        return sqlFailure(QStringLiteral("Discarding the dead letter"), update);
    if (update.numRowsAffected() == 0)
        return fail(
            Error::Code::Conflict,
            QStringLiteral("Dead letter %1 is not open (already replayed or discarded).").arg(id));
    return {};
}

} // namespace CareDesk
