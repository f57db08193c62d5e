// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Principal.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace CareDesk {

class AccessControl;
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

// The ladder's own name in the audit trail, with the embedded automation's role.
inline Principal escalationPrincipal()
{
    return Principal{QStringLiteral("escalation-ladder"), principalForAutomation().role};
}

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
    // Acts as who (escalationPrincipal() in a workstation or a headless worker), which needs
    // queue.escalate; the audit trail names who.user.
    EscalationService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                      const Clock &clock, EscalationSettings settings, Principal who,
                      QObject *parent = nullptr);

    void start(int intervalMs = 5000);
    void stop();
    // One pass over the queue; the steps it took (0 when none was due). queue.escalate.
    Result<int> checkNow();

    const EscalationSettings &settings() const { return m_settings; }

signals:
    void escalated(qint64 itemId, int level, const QString &role);
    void failed(const QString &message);

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const Clock &m_clock;
    EscalationSettings m_settings;
    Principal m_who;
    QTimer m_timer; // a child, so it moves with this object to a worker thread
};

} // namespace CareDesk
