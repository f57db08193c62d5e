// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/outbox/OutboxCommand.h"

#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QStringList>

namespace CareDesk {

// The outbox table in the encrypted cache. Every call runs in the caller's transaction when
// there is one (enqueue is meant to share the transaction of the change it comes from).
class OutboxStore
{
public:
    explicit OutboxStore(QSqlDatabase db);

    // Queues a command; an existing command with the same idempotency key is kept as it is and
    // its id returned (queuing twice is queuing once).
    Result<qint64> enqueue(const NewOutboxCommand &command, const QDateTime &now);

    // The oldest command of one of kinds that is due at now and has no earlier command of its
    // lane still waiting or in flight.
    Result<std::optional<OutboxCommand>> nextDue(const QStringList &kinds, const QDateTime &now);
    Result<std::optional<OutboxCommand>> get(qint64 id);
    // When the next waiting command of one of kinds is due; invalid if none waits.
    Result<QDateTime> nextAttemptAt(const QStringList &kinds);

    VoidResult markInFlight(qint64 id, const QDateTime &now);
    VoidResult finish(qint64 id, OutboxStatus status, const QDateTime &nextAttemptAt,
                      const QString &error, const QJsonObject &detail, const QDateTime &now);
    // After a crash: in-flight commands are put back with their sent state unknown.
    Result<int> recoverInFlight(const QDateTime &now);
    // A person asks for another try (attempts start again) or drops the command.
    VoidResult requeue(qint64 id, const QDateTime &now);
    VoidResult discard(qint64 id, const QDateTime &now);

    // Commands in any of statuses (all when empty), oldest first, at most limit.
    Result<QList<OutboxCommand>> list(const QList<OutboxStatus> &statuses, int limit = 1000);
    Result<QMap<OutboxStatus, int>> counts();

private:
    QSqlDatabase m_db;
};

} // namespace CareDesk
