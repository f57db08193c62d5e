// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/comms/ReminderScheduler.h"
#include "services/comms/SendPolicy.h"
#include "services/comms/SmtpMailer.h"
#include "services/outbox/RetryPolicy.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;
class ConsentReplies;
class EmailSendHandler;
class FhirConsentIntake;
class MessageDispatcher;
class MessageTemplates;
class Outbox;
class ReceiptPoller;
class SmsGatewayClient;
class SmsSendHandler;

// Where patient messages go. A channel that is not configured keeps its messages queued in the
// outbox (visible, never lost) until it is.
struct ChannelSettings {
    QUrl smsGateway;
    QByteArray smsToken;
    SmtpMailer::Settings smtp; // smtp.server empty: email not configured
    QString emailFrom = QStringLiteral("CareDesk <noreply@caredesk.invalid>");
    QString messageIdHost = QStringLiteral("caredesk.invalid");
};

// The automation of patient messages on one thread: FHIR Consents into the ledger, replies
// that ask something of consent, reminders from the journey and the ones due, held messages
// whose time came, the outbox's comms commands (its own Outbox instance, registered for
// "comms.sms" and "comms.email" only, so it never touches FHIR commands), and delivery receipts.
// The GUI runs it on a worker thread; a headless server (caredesk-cli serve) can run the same
// object.
class CommsEngine : public QObject
{
    Q_OBJECT
public:
    CommsEngine(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                const Clock &clock, SendPolicy policy, ChannelSettings channels,
                ReminderScheduler::Settings reminders = {}, RetryPolicy::Settings retry = {},
                QObject *parent = nullptr);
    ~CommsEngine() override;

    // Loads the templates and starts the outbox; tick() then runs every intervalMs (0: only
    // when called).
    VoidResult start(int intervalMs = 5000);

    struct TickReport {
        int consentEvents = 0; // taken from FHIR Consents
        int replies = 0;
        int remindersScheduled = 0;
        int remindersQueued = 0;
        int released = 0;
    };
    Result<TickReport> tick();

    MessageDispatcher &dispatcher() { return *m_dispatcher; }
    ReminderScheduler &reminders() { return *m_reminders; }
    Outbox &outbox() { return *m_outbox; }
    ReceiptPoller *receipts() { return m_receipts; }
    bool smsConfigured() const { return m_sms != nullptr; }
    bool emailConfigured() const { return m_mailer != nullptr; }

signals:
    void ticked();

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
    SendPolicy m_policy;
    ChannelSettings m_channels;
    ReminderScheduler::Settings m_reminderSettings;
    std::unique_ptr<MessageDispatcher> m_dispatcher;
    std::unique_ptr<ConsentReplies> m_replies;
    std::unique_ptr<FhirConsentIntake> m_consents;
    std::unique_ptr<ReminderScheduler> m_reminders;
    Outbox *m_outbox;
    SmsGatewayClient *m_sms = nullptr;
    SmtpMailer *m_mailer = nullptr;
    std::unique_ptr<SmsSendHandler> m_smsHandler;
    std::unique_ptr<EmailSendHandler> m_emailHandler;
    ReceiptPoller *m_receipts = nullptr;
    QTimer m_timer;
    int m_ticks = 0;
};

} // namespace CareDesk
