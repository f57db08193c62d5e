// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/QueueEvents.h"

#include "models/Clock.h"
#include "services/store/SqlFailure.h"

#include <QSqlQuery>

namespace CareDesk {

namespace {

struct KindName {
    QueueEvent::Kind kind;
    const char *name;
};

constexpr KindName kKindNames[] = {
    {QueueEvent::Kind::Opened, "opened"},
    {QueueEvent::Kind::Attached, "attached"},
    {QueueEvent::Kind::Raised, "raised"},
    {QueueEvent::Kind::Escalated, "escalated"},
    {QueueEvent::Kind::Acknowledged, "acknowledged"},
    {QueueEvent::Kind::Released, "released"},
    {QueueEvent::Kind::Resolved, "resolved"},
};

} // namespace

QString queueEventKindName(QueueEvent::Kind kind)
{
    for (const KindName &entry : kKindNames) {
        if (entry.kind == kind)
            return QLatin1String(entry.name);
    }
    return QStringLiteral("opened");
}

std::optional<QueueEvent::Kind> queueEventKindFromName(const QString &name)
{
    for (const KindName &entry : kKindNames) {
        if (name == QLatin1String(entry.name))
            return entry.kind;
    }
    return std::nullopt;
}

VoidResult appendQueueEvent(QSqlDatabase &db, const QueueEvent &event)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO triage_events (item_id, master_id, kind, tier, "
                                 "level, target, at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(event.itemId);
    query.addBindValue(event.masterId);
    query.addBindValue(queueEventKindName(event.kind));
    query.addBindValue(tierName(event.tier));
    query.addBindValue(event.level > 0 ? QVariant(event.level) : QVariant());
    query.addBindValue(event.target.isEmpty() ? QVariant() : QVariant(event.target));
    query.addBindValue(toStorageTime(event.at));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Recording a queue event"), query);
    return {};
}

Result<QList<QueueEvent>> queueEventsAfter(const QSqlDatabase &db, qint64 seq, int limit)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT seq, item_id, master_id, kind, tier, level, target, at "
                                 "FROM triage_events WHERE seq > ? ORDER BY seq LIMIT ?"));
    query.addBindValue(seq);
    query.addBindValue(limit);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading queue events"), query);
    QList<QueueEvent> events;
    while (query.next()) {
        QueueEvent event;
        event.seq = query.value(0).toLongLong();
        event.itemId = query.value(1).toLongLong();
        event.masterId = query.value(2).toString();
        event.kind =
            queueEventKindFromName(query.value(3).toString()).value_or(QueueEvent::Kind::Opened);
        event.tier = tierFromName(query.value(4).toString()).value_or(TriageTier::Urgent);
        event.level = query.value(5).toInt();
        event.target = query.value(6).toString();
        event.at = fromStorageTime(query.value(7).toString());
        events.append(event);
    }
    return events;
}

Result<qint64> lastQueueEventSeq(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT coalesce(max(seq), 0) FROM triage_events")) ||
        !query.next())
        return sqlFailure(QStringLiteral("Reading queue events"), query);
    return query.value(0).toLongLong();
}

} // namespace CareDesk
