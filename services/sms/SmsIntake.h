// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/ingest/ReplyIntake.h"
#include "services/security/Principal.h"
#include "services/triage/TriageService.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;
class ReplyClassifier;

// The webhook's own name in the audit trail, with the embedded automation's role (data.import).
inline Principal smsWebhookPrincipal()
{
    return Principal{QStringLiteral("sms-webhook"), principalForAutomation().role};
}

// One text message from the SMS gateway, as its webhook gave it.
struct InboundSms {
    QString messageId; // the gateway's id: the same id twice is the same message
    QString sender;    // the patient's number, as the gateway wrote it
    QString recipient; // the number the patient wrote to (names the program); may be empty
    QString body;
    QDateTime sentAt; // when the gateway says it arrived; invalid when it did not say
};

struct SmsOutcome {
    bool duplicate = false;
    qint64 itemId = 0; // the item the message opened or joined; 0 when none
    RoutingOutcome::Action action = RoutingOutcome::Action::None;
    QString error; // set when this message could not be taken (the others may have been)
};

// Takes text messages into the cache through the same intake as imports (ReplyIntake): the
// sender's number finds the patient (or a placeholder patient for a number CareDesk does not
// know, or knows for several patients, for a nurse to identify), the gateway's message id makes
// it idempotent, the number written to names the program. Many messages go in one transaction
// (group commit), each in a savepoint of its own, so one bad message never loses the others.
class SmsIntake
{
public:
    // Takes messages in as who (the embedded automation), which needs data.import.
    SmsIntake(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
              const ReplyClassifier &classifier, const Clock &clock, TriageSettings settings,
              Principal who = principalForAutomation(),
              QHash<QString, QString> programsByNumber = {});

    // One outcome per message, in order; an error for the whole batch when the cache refused
    // the transaction or who may not import (nothing was stored: the gateway should send them
    // again).
    Result<QList<SmsOutcome>> take(const QList<InboundSms> &messages);

    // Digits only, without a leading international 1 for a ten-digit number: "+1 (555) 010-3"
    // and "5550103" meet.
    static QString normalisedNumber(const QString &number);
    static QString communicationIdFor(const QString &messageId);
    // Worker threads call this before they end.
    void releaseThreadConnection() const;

private:
    Result<InboundReply> toReply(QSqlDatabase &db, const InboundSms &message);

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const ReplyClassifier &m_classifier;
    const Clock &m_clock;
    TriageSettings m_settings;
    Principal m_who;
    QHash<QString, QString> m_programs; // normalised number -> program
};

} // namespace CareDesk
