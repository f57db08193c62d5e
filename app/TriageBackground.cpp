// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/TriageBackground.h"

#include "app/AppContext.h"
#include "services/store/CacheDatabase.h"
#include "services/triage/AlertFeed.h"

namespace CareDesk {

TriageBackground::TriageBackground(AppContext &context, EscalationSettings ladder,
                                   AlertSettings alerts, QObject *parent)
    : QObject(parent)
    , m_ladder(new EscalationService(context.cache(), context.audit(), context.clock(),
                                     std::move(ladder), QStringLiteral("escalation-ladder")))
    , m_feed(new AlertFeed(context.cache(), context.clock(), std::move(alerts)))
{
    m_thread.setObjectName(QStringLiteral("caredesk-triage-background"));
    m_ladder->moveToThread(&m_thread);
    m_feed->moveToThread(&m_thread);
    connect(m_feed, &AlertFeed::queueChanged, this, &TriageBackground::queueChanged);
    connect(m_feed, &AlertFeed::alert, this, &TriageBackground::alert);
    connect(m_feed, &AlertFeed::acknowledged, this, &TriageBackground::acknowledged);
    connect(m_feed, &AlertFeed::failed, this, &TriageBackground::failed);
    connect(m_ladder, &EscalationService::failed, this, &TriageBackground::failed);
    // A step of the ladder reaches the screen through the feed, like one taken elsewhere; the
    // feed is asked at once rather than at its next tick.
    connect(m_ladder, &EscalationService::escalated, m_feed, [this] { m_feed->pollNow(); });
    auto cache = context.cache();
    connect(&m_thread, &QThread::finished, m_ladder, &QObject::deleteLater);
    connect(&m_thread, &QThread::finished, m_feed, &QObject::deleteLater);
    connect(&m_thread, &QThread::finished, m_feed, [cache] { cache->releaseThreadConnection(); });
}

TriageBackground::~TriageBackground()
{
    // Timers stop and the thread's cache connection closes on the thread that owns them.
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_ladder, &EscalationService::stop, Qt::BlockingQueuedConnection);
        QMetaObject::invokeMethod(m_feed, &AlertFeed::stop, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_ladder;
        delete m_feed;
    }
}

void TriageBackground::start()
{
    m_thread.start();
    QMetaObject::invokeMethod(m_ladder, [this] { m_ladder->start(5000); });
    QMetaObject::invokeMethod(m_feed, [this] { m_feed->start(1000); });
}

} // namespace CareDesk
