// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/TriageTier.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace CareDesk {

// Something that happened to a queue item, kept in triage_events so that every workstation and
// headless worker sharing the cache learns of it (alerts, live refresh). Holds no text or PHI:
// the item, the patient's master ID, the tier and, for escalations, the level and role.
struct QueueEvent {
    enum class Kind {
        Opened,       // a new item
        Attached,     // a later reply joined the item without raising it
        Raised,       // a later reply raised the item's tier
        Escalated,    // the ladder took a step (level, target)
        Acknowledged, // claimed, assigned, or acknowledged by its owner
        Released,
        Resolved,
    };

    qint64 seq = 0;
    qint64 itemId = 0;
    QString masterId;
    Kind kind = Kind::Opened;
    TriageTier tier = TriageTier::Routine;
    int level = 0;  // escalation level, for Escalated
    QString target; // role escalated to, or the assignee, for Escalated / Acknowledged
    QDateTime at;
};

QString queueEventKindName(QueueEvent::Kind kind);
std::optional<QueueEvent::Kind> queueEventKindFromName(const QString &name);

// Appends one event inside the caller's transaction on db.
VoidResult appendQueueEvent(QSqlDatabase &db, const QueueEvent &event);
// Events after seq, oldest first, at most limit of them.
Result<QList<QueueEvent>> queueEventsAfter(const QSqlDatabase &db, qint64 seq, int limit = 500);
// The newest event's seq (0 when there is none).
Result<qint64> lastQueueEventSeq(const QSqlDatabase &db);

} // namespace CareDesk
