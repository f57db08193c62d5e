// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/TriageBackground.h"

#include "app/AppContext.h"
#include "services/store/CacheDatabase.h"
#include "services/triage/AlertFeed.h"

namespace CareDesk {

TriageBackground::TriageBackground(AppContext &context, EscalationSettings ladder,
                                   AlertSettings alerts, QObject *parent)
    : QObject(parent)
    , m_ladder(new EscalationService(context.cache(), context.audit(), context.access(),
                                     context.clock(), std::move(ladder), escalationPrincipal()))
    , m_feed(new AlertFeed(context.cache(), context.access(), context.clock(), std::move(alerts)))
    , m_context(context)
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
        // The webhook stores what it took, and its writer closes its connection, first.
        QMetaObject::invokeMethod(
            m_feed, [this] { delete m_webhook; }, Qt::BlockingQueuedConnection);
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

Result<quint16> TriageBackground::startSmsWebhook(SmsWebhookConfig config)
{
    if (!m_thread.isRunning())
        return fail(Error::Code::Unknown, QStringLiteral("The SMS webhook starts after the "
                                                         "triage background."));
    Result<quint16> listening = fail(Error::Code::Unknown, QStringLiteral("not started"));
    // Made and started on the background thread, which serves its HTTP from then on; its
    // writer stores messages on a thread of its own.
    QMetaObject::invokeMethod(
        m_feed,
        [this, &config, &listening] {
            auto server = std::make_unique<SmsWebhookServer>(
                std::make_unique<SmsIntake>(m_context.cache(), m_context.audit(),
                                            m_context.access(), m_context.classifier(),
                                            m_context.clock(), m_context.triageSettings(),
                                            smsWebhookPrincipal(), config.programsByNumber),
                config);
            listening = server->listen();
            if (!listening)
                return;
            connect(server.get(), &SmsWebhookServer::replyTaken, this,
                    [this](const QString &, qint64 itemId, bool duplicate) {
                        if (!duplicate)
                            emit replyArrived(itemId);
                    });
            connect(server.get(), &SmsWebhookServer::failed, this, &TriageBackground::failed);
            delete m_webhook;
            m_webhook = server.release();
        },
        Qt::BlockingQueuedConnection);
    return listening;
}

} // namespace CareDesk
