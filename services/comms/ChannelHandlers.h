// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/comms/SmsGatewayClient.h"
#include "services/comms/SmtpMailer.h"
#include "services/outbox/OutboxHandler.h"

#include <QObject>

namespace CareDesk {

class MessageDispatcher;

// The outbox's handlers for patient messages ("comms.sms", "comms.email"). Each attempt first
// asks the gate again, at that moment: a message that may no longer go (a STOP received since,
// quiet hours reached by a retry) is held or cancelled, and nothing is sent. The message's own
// key goes to the far side with every attempt.
class SmsSendHandler : public OutboxHandler
{
public:
    SmsSendHandler(MessageDispatcher &dispatcher, SmsGatewayClient &gateway);
    void send(const OutboxCommand &command, AttemptCallback done) override;
    // After a crash: the gateway is asked whether it has the message's key (case 17).
    void reconcile(const OutboxCommand &command, ReconcileCallback done) override;

private:
    MessageDispatcher &m_dispatcher;
    SmsGatewayClient &m_gateway;
};

class EmailSendHandler : public OutboxHandler
{
public:
    EmailSendHandler(MessageDispatcher &dispatcher, SmtpMailer &mailer, QString from,
                     QString messageIdHost);
    void send(const OutboxCommand &command, AttemptCallback done) override;
    // SMTP cannot say whether a message arrived: the default (a person decides) stands, and
    // the message is marked unknown so the panel says so.
    void reconcile(const OutboxCommand &command, ReconcileCallback done) override;

private:
    MessageDispatcher &m_dispatcher;
    SmtpMailer &m_mailer;
    QString m_from;
    QString m_host;
};

// Asks the SMS gateway for delivery receipts of messages it took in the last three days and
// records them on the message (delivered, undelivered).
class ReceiptPoller : public QObject
{
    Q_OBJECT
public:
    ReceiptPoller(MessageDispatcher &dispatcher, SmsGatewayClient &gateway,
                  QObject *parent = nullptr);
    // Asks about every message still waiting for a receipt; finished() follows.
    void poll();

signals:
    void finished(int receipts);

private:
    MessageDispatcher &m_dispatcher;
    SmsGatewayClient &m_gateway;
    int m_pending = 0;
    int m_found = 0;
};

} // namespace CareDesk
