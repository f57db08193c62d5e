// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/CommsEngine.h"

#include "models/Clock.h"
#include "services/comms/ChannelHandlers.h"
#include "services/comms/ConsentReplies.h"
#include "services/comms/FhirConsentIntake.h"
#include "services/comms/MessageDispatcher.h"
#include "services/comms/MessageTemplates.h"
#include "services/outbox/Outbox.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcEngine, "caredesk.comms.engine", QtInfoMsg)

namespace CareDesk {

CommsEngine::CommsEngine(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                         AccessControl &access, const Clock &clock, SendPolicy policy,
                         ChannelSettings channels, ReminderScheduler::Settings reminders,
                         RetryPolicy::Settings retry, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_audit(audit)
    , m_clock(clock)
    , m_policy(std::move(policy))
    , m_channels(std::move(channels))
    , m_reminderSettings(std::move(reminders))
    , m_outbox(new Outbox(m_cache, audit, access, clock, RetryPolicy(retry), this))
{
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (auto ran = tick(); !ran)
            qCWarning(lcEngine) << "message automation step failed:" << ran.error().message;
    });
}

CommsEngine::~CommsEngine()
{
    m_timer.stop();
    m_outbox->setPaused(true);
}

VoidResult CommsEngine::start(int intervalMs)
{
    auto templates = MessageTemplates::builtIn();
    if (!templates)
        return std::unexpected(templates.error());
    m_dispatcher = std::make_unique<MessageDispatcher>(
        m_cache, m_audit, m_clock, m_policy,
        std::make_shared<const MessageTemplates>(std::move(*templates)));
    m_replies = std::make_unique<ConsentReplies>(m_cache, m_audit, m_clock, *m_dispatcher);
    m_consents = std::make_unique<FhirConsentIntake>(m_cache, m_audit, m_clock);
    m_reminders = std::make_unique<ReminderScheduler>(m_cache, m_audit, m_clock, *m_dispatcher,
                                                      m_reminderSettings);

    if (m_channels.smsGateway.isValid()) {
        m_sms = new SmsGatewayClient(m_channels.smsGateway, m_channels.smsToken, this);
        m_smsHandler = std::make_unique<SmsSendHandler>(*m_dispatcher, *m_sms);
        m_outbox->registerHandler(MessageDispatcher::outboxKind(Channel::Sms), m_smsHandler.get());
        m_receipts = new ReceiptPoller(*m_dispatcher, *m_sms, this);
    }
    if (m_channels.smtp.server.isValid()) {
        m_mailer = new SmtpMailer(m_channels.smtp, this);
        m_emailHandler = std::make_unique<EmailSendHandler>(
            *m_dispatcher, *m_mailer, m_channels.emailFrom, m_channels.messageIdHost);
        m_outbox->registerHandler(MessageDispatcher::outboxKind(Channel::Email),
                                  m_emailHandler.get());
    }
    qCInfo(lcEngine) << "message automation started; SMS" << (m_sms ? "on" : "not configured")
                     << "email" << (m_mailer ? "on" : "not configured");
    m_outbox->start();
    if (intervalMs > 0)
        m_timer.start(intervalMs);
    return {};
}

Result<CommsEngine::TickReport> CommsEngine::tick()
{
    TickReport report;
    const QString actor = QStringLiteral("automation");
    auto consents = m_consents->processNewConsents(actor);
    if (!consents)
        return std::unexpected(consents.error());
    report.consentEvents = consents->events;
    auto replies = m_replies->processNewReplies(actor);
    if (!replies)
        return std::unexpected(replies.error());
    report.replies = replies->replies;
    // The journey changes slowly: look for new appointments and refills every 12th step.
    if (m_ticks++ % 12 == 0) {
        auto scheduled = m_reminders->scheduleFromJourney(QString(), actor);
        if (!scheduled)
            return std::unexpected(scheduled.error());
        report.remindersScheduled = *scheduled;
    }
    auto due = m_reminders->runDue(actor);
    if (!due)
        return std::unexpected(due.error());
    report.remindersQueued = due->queued;
    auto released = m_dispatcher->releaseDue(actor);
    if (!released)
        return std::unexpected(released.error());
    report.released = *released;
    m_outbox->wake();
    if (m_receipts)
        m_receipts->poll();
    emit ticked();
    return report;
}

} // namespace CareDesk
