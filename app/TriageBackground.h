// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/sms/SmsWebhookServer.h"
#include "services/triage/AlertPolicy.h"
#include "services/triage/EscalationService.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace CareDesk {

class AlertFeed;
class AppContext;

// The triage work a workstation does in the background, on a thread of its own so the UI never
// waits for the cache: the escalation ladder (checked every 5 s), the alert feed (every
// second) and, when caredesk.ini turns it on, the SMS gateway's webhook. Signals arrive on the
// receiver's thread.
class TriageBackground : public QObject
{
    Q_OBJECT
public:
    TriageBackground(AppContext &context, EscalationSettings ladder, AlertSettings alerts,
                     QObject *parent = nullptr);
    ~TriageBackground() override;

    void start();
    // Serves the SMS gateway's webhook from the background thread (call after start()); the
    // port it listens on, or why it cannot.
    Result<quint16> startSmsWebhook(SmsWebhookConfig config);

signals:
    void queueChanged();
    void alert(const CareDesk::QueueAlert &alert);
    void acknowledged(qint64 itemId);
    void failed(const QString &message);
    // A new text message was stored (its row is in the queue at the next refresh).
    void replyArrived(qint64 itemId);

private:
    QThread m_thread;
    EscalationService *m_ladder; // live on m_thread, deleted there
    AlertFeed *m_feed;
    AppContext &m_context;
    SmsWebhookServer *m_webhook = nullptr; // lives on m_thread, deleted there
};

} // namespace CareDesk
