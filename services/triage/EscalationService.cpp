// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/EscalationService.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"
#include "services/triage/QueueEvents.h"

#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcEscalation, "caredesk.triage.escalation", QtInfoMsg)

namespace CareDesk {

EscalationService::EscalationService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                                     AccessControl &access, const Clock &clock,
                                     EscalationSettings settings, Principal who, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_clock(clock)
    , m_settings(std::move(settings))
    , m_who(std::move(who))
    , m_timer(this)
{
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (auto checked = checkNow(); !checked)
            emit failed(checked.error().message);
    });
}

void EscalationService::start(int intervalMs)
{
    m_timer.start(intervalMs);
}

void EscalationService::stop()
{
    m_timer.stop();
}

Result<int> EscalationService::checkNow()
{
    if (auto allowed = m_access.require(m_who, Permission::QueueEscalate); !allowed)
        return std::unexpected(allowed.error());
    if (m_settings.levels.isEmpty())
        return 0;
    const QDateTime now = m_clock.now();
    struct Due {
        qint64 id;
        QString masterId;
        QDateTime dueAt;
        int level;
    };
    QList<Due> due;
    {
        QSqlQuery query(m_cache->connection());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT id, master_id, due_at, escalation_level FROM "
                                     "triage_items WHERE status <> 'resolved' AND "
                                     "acknowledged_at IS NULL AND tier = 'emergent' AND due_at "
                                     "<= ? AND escalation_level < ? ORDER BY due_at"));
        query.addBindValue(toStorageTime(now));
        query.addBindValue(int(m_settings.levels.size()));
        if (!query.exec())
            return sqlFailure(QStringLiteral("Looking for items to escalate"), query);
        while (query.next())
            due.append({query.value(0).toLongLong(), query.value(1).toString(),
                        fromStorageTime(query.value(2).toString()), query.value(3).toInt()});
    }

    int steps = 0;
    for (const Due &item : std::as_const(due)) {
        // Every level whose time has come; after a pause (the app was closed) several at once.
        int target = item.level;
        while (target < m_settings.levels.size() &&
               item.dueAt.addSecs(qint64(m_settings.levels.at(target).minutesAfterDeadline) * 60) <=
                   now)
            ++target;
        if (target <= item.level)
            continue;
        const EscalationLevel &top = m_settings.levels.at(target - 1);

        QSqlDatabase db = m_cache->connection();
        if (!db.transaction())
            return fail(Error::Code::Storage, QStringLiteral("The cache is busy; escalation "
                                                             "waits for the next check."));
        QSqlQuery step(db);
        step.prepare(QStringLiteral("UPDATE triage_items SET escalation_level = ?, "
                                    "escalated_to = ?, escalated_at = ? WHERE id = ? AND "
                                    "escalation_level = ? AND acknowledged_at IS NULL AND "
                                    "status <> 'resolved' AND tier = 'emergent'"));
        step.addBindValue(target);
        step.addBindValue(top.role);
        step.addBindValue(toStorageTime(now));
        step.addBindValue(item.id);
        step.addBindValue(item.level);
        if (!step.exec()) {
            db.rollback();
            return sqlFailure(QStringLiteral("Escalating item %1").arg(item.id), step);
        }
        if (step.numRowsAffected() != 1) {
            // Acknowledged, or escalated by another workstation, since it was read.
            db.rollback();
            continue;
        }
        VoidResult recorded;
        for (int level = item.level + 1; recorded && level <= target; ++level) {
            const EscalationLevel &rung = m_settings.levels.at(level - 1);
            recorded = m_audit.appendInTransaction(
                db, {m_who.user, QStringLiteral("escalate"), item.masterId,
                     QStringLiteral("triage-item/%1").arg(item.id), QStringLiteral("success"),
                     QStringLiteral("level=%1;role=%2;overdue-seconds=%3")
                         .arg(level)
                         .arg(rung.role)
                         .arg(item.dueAt.secsTo(now))});
            if (recorded)
                recorded =
                    appendQueueEvent(db, {0, item.id, item.masterId, QueueEvent::Kind::Escalated,
                                          TriageTier::Emergent, level, rung.role, now});
        }
        if (!recorded || !db.commit()) {
            db.rollback();
            return recorded ? fail(Error::Code::Storage,
                                   QStringLiteral("Could not record an escalation."))
                            : std::unexpected(recorded.error());
        }
        if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
            return std::unexpected(checkpointed.error());
        qCWarning(lcEscalation) << "emergent triage item" << item.id << "patient" << item.masterId
                                << "not acknowledged; escalated to level" << target;
        for (int level = item.level + 1; level <= target; ++level) {
            ++steps;
            emit escalated(item.id, level, m_settings.levels.at(level - 1).role);
        }
    }
    return steps;
}

} // namespace CareDesk
