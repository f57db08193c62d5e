// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;

// One step of the ladder: who is told, and how many minutes after the acknowledgement deadline.
struct EscalationLevel {
    QString role;
    int minutesAfterDeadline = 0;
};

// The ladder for emergent items, from caredesk.ini (escalation/roles, escalation/minutes).
struct EscalationSettings {
    QList<EscalationLevel> levels{{QStringLiteral("charge nurse"), 0},
                                  {QStringLiteral("supervisor"), 5}};
};

// Walks the escalation ladder: an emergent item nobody has acknowledged by its deadline goes to
// the first level's role, then to the next ones at their minutes past the deadline, until a
// person acknowledges it (claims, is assigned, or its owner acknowledges a raise). Each step is a
// compare-and-set on the item's level, audited and written as a queue event, so several
// workstations and headless workers running the ladder on one cache take each step once. Time
// comes from the injected Clock; a timer asks it every interval.
class EscalationService : public QObject
{
    Q_OBJECT
public:
    EscalationService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, const Clock &clock,
                      EscalationSettings settings, QString actor, QObject *parent = nullptr);

    void start(int intervalMs = 5000);
    void stop();
    // One pass over the queue; the steps it took (0 when none was due).
    Result<int> checkNow();

    const EscalationSettings &settings() const { return m_settings; }

signals:
    void escalated(qint64 itemId, int level, const QString &role);
    void failed(const QString &message);

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
    EscalationSettings m_settings;
    QString m_actor;
    QTimer m_timer; // a child, so it moves with this object to a worker thread
};

} // namespace CareDesk
