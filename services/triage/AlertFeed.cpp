// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/AlertFeed.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcAlerts, "caredesk.triage.alerts", QtInfoMsg)

namespace CareDesk {

AlertFeed::AlertFeed(std::shared_ptr<CacheDatabase> cache, AccessControl &access,
                     const Clock &clock, AlertSettings settings, Principal who, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_access(access)
    , m_clock(clock)
    , m_who(std::move(who))
    , m_policy(std::move(settings))
    , m_timer(this)
{
    qRegisterMetaType<CareDesk::QueueAlert>();
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (auto polled = pollNow(); !polled)
            emit failed(polled.error().message);
    });
}

void AlertFeed::start(int intervalMs)
{
    if (auto polled = pollNow(); !polled)
        emit failed(polled.error().message);
    m_timer.start(intervalMs);
}

void AlertFeed::stop()
{
    m_timer.stop();
}

VoidResult AlertFeed::catchUp()
{
    // Events from before this workstation started are history; the emergencies still waiting
    // for someone are not.
    auto last = lastQueueEventSeq(m_cache->connection());
    if (!last)
        return std::unexpected(last.error());
    QSqlQuery query(m_cache->connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT id, master_id, escalation_level, escalated_to FROM "
                                   "triage_items WHERE status <> 'resolved' AND acknowledged_at "
                                   "IS NULL AND tier = 'emergent' ORDER BY due_at")))
        return sqlFailure(QStringLiteral("Reading unacknowledged emergencies"), query);
    m_lastSeq = *last;
    while (query.next()) {
        QueueAlert outstanding;
        outstanding.reason = QueueAlert::Reason::Outstanding;
        outstanding.itemId = query.value(0).toLongLong();
        outstanding.itemIds = {outstanding.itemId};
        outstanding.masterId = query.value(1).toString();
        outstanding.tier = TriageTier::Emergent;
        outstanding.level = query.value(2).toInt();
        outstanding.role = query.value(3).toString();
        outstanding.audible = true;
        outstanding.at = m_clock.now();
        emit alert(outstanding);
    }
    return {};
}

VoidResult AlertFeed::pollNow()
{
    if (auto allowed = m_access.require(m_who, Permission::QueueWatch); !allowed)
        return allowed;
    if (m_lastSeq < 0)
        return catchUp();
    auto events = queueEventsAfter(m_cache->connection(), m_lastSeq);
    if (!events)
        return std::unexpected(events.error());
    const QDateTime now = m_clock.now();
    for (const QueueEvent &event : std::as_const(*events)) {
        m_lastSeq = event.seq;
        if (event.kind == QueueEvent::Kind::Acknowledged ||
            event.kind == QueueEvent::Kind::Resolved)
            emit acknowledged(event.itemId);
        for (const QueueAlert &told : m_policy.onEvent(event, now)) {
            qCInfo(lcAlerts) << "alert for triage item" << told.itemId << "patient" << told.masterId
                             << "reason" << int(told.reason);
            emit alert(told);
        }
    }
    if (!events->isEmpty())
        emit queueChanged();
    for (const QueueAlert &digest : m_policy.due(now))
        emit alert(digest);
    return {};
}

} // namespace CareDesk
