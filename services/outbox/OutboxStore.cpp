// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/outbox/OutboxStore.h"

#include "models/Clock.h"
#include "services/store/SqlFailure.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace CareDesk {

namespace {

const QString kColumns = QStringLiteral(
    "id, kind, idempotency_key, lane, master_id, payload, status, attempts, max_attempts, "
    "next_attempt_at, created_at, updated_at, sent_state_unknown, last_error, last_error_detail, "
    "requested_by");

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject object(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

OutboxCommand fromRow(const QSqlQuery &row)
{
    OutboxCommand command;
    command.id = row.value(0).toLongLong();
    command.kind = row.value(1).toString();
    command.idempotencyKey = row.value(2).toString();
    command.lane = row.value(3).toString();
    command.masterId = row.value(4).toString();
    command.payload = object(row.value(5));
    command.status = outboxStatusFromName(row.value(6).toString()).value_or(OutboxStatus::Dead);
    command.attempts = row.value(7).toInt();
    command.maxAttempts = row.value(8).toInt();
    command.nextAttemptAt = fromStorageTime(row.value(9).toString());
    command.createdAt = fromStorageTime(row.value(10).toString());
    command.updatedAt = fromStorageTime(row.value(11).toString());
    command.sentStateUnknown = row.value(12).toBool();
    command.lastError = row.value(13).toString();
    command.lastErrorDetail = object(row.value(14));
    command.requestedBy = row.value(15).toString();
    return command;
}

QString placeholders(qsizetype count)
{
    QStringList marks;
    for (qsizetype i = 0; i < count; ++i)
        marks.append(QStringLiteral("?"));
    return marks.join(u',');
}

} // namespace

QString outboxStatusName(OutboxStatus status)
{
    switch (status) {
    case OutboxStatus::Pending:
        return QStringLiteral("pending");
    case OutboxStatus::InFlight:
        return QStringLiteral("in-flight");
    case OutboxStatus::Failed:
        return QStringLiteral("failed");
    case OutboxStatus::Dead:
        return QStringLiteral("dead");
    case OutboxStatus::Done:
        return QStringLiteral("done");
    case OutboxStatus::Discarded:
        return QStringLiteral("discarded");
    }
    return QStringLiteral("dead");
}

std::optional<OutboxStatus> outboxStatusFromName(const QString &name)
{
    for (auto status : {OutboxStatus::Pending, OutboxStatus::InFlight, OutboxStatus::Failed,
                        OutboxStatus::Dead, OutboxStatus::Done, OutboxStatus::Discarded}) {
        if (outboxStatusName(status) == name)
            return status;
    }
    return std::nullopt;
}

OutboxStore::OutboxStore(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> OutboxStore::enqueue(const NewOutboxCommand &command, const QDateTime &now)
{
    if (command.kind.isEmpty() || command.idempotencyKey.isEmpty() || command.lane.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("An outbox command needs a kind, an idempotency key and a "
                                   "lane."));
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO outbox (kind, idempotency_key, lane, master_id, payload, status, "
        "attempts, max_attempts, next_attempt_at, created_at, updated_at, sent_state_unknown, "
        "requested_by) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, 0, ?)"));
    const QString at = toStorageTime(now);
    insert.addBindValue(command.kind);
    insert.addBindValue(command.idempotencyKey);
    insert.addBindValue(command.lane);
    insert.addBindValue(command.masterId.isEmpty() ? QVariant() : QVariant(command.masterId));
    insert.addBindValue(json(command.payload));
    insert.addBindValue(qMax(1, command.maxAttempts));
    insert.addBindValue(at);
    insert.addBindValue(at);
    insert.addBindValue(at);
    insert.addBindValue(command.requestedBy);
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Queuing an outbox command"), insert);
    QSqlQuery id(m_db);
    id.prepare(QStringLiteral("SELECT id FROM outbox WHERE idempotency_key = ?"));
    id.addBindValue(command.idempotencyKey);
    if (!id.exec() || !id.next())
        return sqlFailure(QStringLiteral("Reading a queued outbox command"), id);
    return id.value(0).toLongLong();
}

Result<std::optional<OutboxCommand>> OutboxStore::nextDue(const QStringList &kinds,
                                                          const QDateTime &now)
{
    if (kinds.isEmpty())
        return std::optional<OutboxCommand>();
    QSqlQuery query(m_db);
    // In lane order: a command waits while an older one of its lane waits or is in flight.
    query.prepare(QStringLiteral("SELECT %1 FROM outbox o WHERE o.status IN ('pending', "
                                 "'failed') AND o.next_attempt_at <= ? AND o.kind IN (%2) AND "
                                 "NOT EXISTS (SELECT 1 FROM outbox e WHERE e.lane = o.lane AND "
                                 "e.id < o.id AND e.status IN ('pending', 'failed', "
                                 "'in-flight')) ORDER BY o.id LIMIT 1")
                      .arg(kColumns, placeholders(kinds.size())));
    query.addBindValue(toStorageTime(now));
    for (const QString &kind : kinds)
        query.addBindValue(kind);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the outbox"), query);
    if (!query.next())
        return std::optional<OutboxCommand>();
    return std::optional<OutboxCommand>(fromRow(query));
}

Result<std::optional<OutboxCommand>> OutboxStore::get(qint64 id)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT %1 FROM outbox WHERE id = ?").arg(kColumns));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading outbox command %1").arg(id), query);
    if (!query.next())
        return std::optional<OutboxCommand>();
    return std::optional<OutboxCommand>(fromRow(query));
}

Result<QDateTime> OutboxStore::nextAttemptAt(const QStringList &kinds)
{
    if (kinds.isEmpty())
        return QDateTime();
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT min(next_attempt_at) FROM outbox WHERE status IN "
                                 "('pending', 'failed') AND kind IN (%1)")
                      .arg(placeholders(kinds.size())));
    for (const QString &kind : kinds)
        query.addBindValue(kind);
    if (!query.exec() || !query.next())
        return sqlFailure(QStringLiteral("Reading the outbox"), query);
    return query.value(0).isNull() ? QDateTime() : fromStorageTime(query.value(0).toString());
}

VoidResult OutboxStore::markInFlight(qint64 id, const QDateTime &now)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE outbox SET status = 'in-flight', attempts = attempts + "
                                 "1, updated_at = ? WHERE id = ? AND status IN ('pending', "
                                 "'failed')"));
    query.addBindValue(toStorageTime(now));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Starting outbox command %1").arg(id), query);
    if (query.numRowsAffected() != 1)
        return fail(Error::Code::Conflict,
                    QStringLiteral("Outbox command %1 was taken by another process.").arg(id));
    return {};
}

VoidResult OutboxStore::finish(qint64 id, OutboxStatus status, const QDateTime &nextAttemptAt,
                               const QString &error, const QJsonObject &detail,
                               const QDateTime &now)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE outbox SET status = ?, next_attempt_at = ?, "
                                 "last_error = ?, last_error_detail = ?, updated_at = ?, "
                                 "sent_state_unknown = 0 WHERE id = ?"));
    query.addBindValue(outboxStatusName(status));
    query.addBindValue(toStorageTime(nextAttemptAt.isValid() ? nextAttemptAt : now));
    query.addBindValue(error.isEmpty() ? QVariant() : QVariant(error));
    query.addBindValue(detail.isEmpty() ? QVariant() : QVariant(json(detail)));
    query.addBindValue(toStorageTime(now));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Recording outbox command %1").arg(id), query);
    return {};
}

Result<int> OutboxStore::recoverInFlight(const QDateTime &now)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE outbox SET status = 'pending', sent_state_unknown = 1, "
                                 "next_attempt_at = ?, updated_at = ? WHERE status = "
                                 "'in-flight'"));
    query.addBindValue(toStorageTime(now));
    query.addBindValue(toStorageTime(now));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Recovering the outbox"), query);
    return query.numRowsAffected();
}

VoidResult OutboxStore::requeue(qint64 id, const QDateTime &now)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE outbox SET status = 'pending', attempts = 0, "
                                 "next_attempt_at = ?, updated_at = ? WHERE id = ? AND status IN "
                                 "('failed', 'dead')"));
    query.addBindValue(toStorageTime(now));
    query.addBindValue(toStorageTime(now));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Retrying outbox command %1").arg(id), query);
    if (query.numRowsAffected() != 1)
        return fail(Error::Code::Conflict,
                    QStringLiteral("Outbox command %1 is not failed or dead, so it cannot be "
                                   "retried.")
                        .arg(id));
    return {};
}

VoidResult OutboxStore::discard(qint64 id, const QDateTime &now)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE outbox SET status = 'discarded', updated_at = ? WHERE "
                                 "id = ? AND status IN ('pending', 'failed', 'dead')"));
    query.addBindValue(toStorageTime(now));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Discarding outbox command %1").arg(id), query);
    if (query.numRowsAffected() != 1)
        return fail(Error::Code::Conflict,
                    QStringLiteral("Outbox command %1 is in flight or finished, so it cannot be "
                                   "discarded.")
                        .arg(id));
    return {};
}

Result<QList<OutboxCommand>> OutboxStore::list(const QList<OutboxStatus> &statuses, int limit)
{
    QSqlQuery query(m_db);
    QString where;
    if (!statuses.isEmpty())
        where = QStringLiteral("WHERE status IN (%1) ").arg(placeholders(statuses.size()));
    query.prepare(
        QStringLiteral("SELECT %1 FROM outbox %2ORDER BY id LIMIT ?").arg(kColumns, where));
    for (OutboxStatus status : statuses)
        query.addBindValue(outboxStatusName(status));
    query.addBindValue(limit);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Listing the outbox"), query);
    QList<OutboxCommand> commands;
    while (query.next())
        commands.append(fromRow(query));
    return commands;
}

Result<QMap<OutboxStatus, int>> OutboxStore::counts()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT status, count(*) FROM outbox GROUP BY status")))
        return sqlFailure(QStringLiteral("Counting the outbox"), query);
    QMap<OutboxStatus, int> counts;
    while (query.next()) {
        if (auto status = outboxStatusFromName(query.value(0).toString()))
            counts[*status] = query.value(1).toInt();
    }
    return counts;
}

} // namespace CareDesk
