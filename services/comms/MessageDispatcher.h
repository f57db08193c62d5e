// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/comms/MessageTemplates.h"
#include "services/comms/SendGate.h"

#include <QSqlDatabase>

#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;

// What a caller wants sent: the gate's request, and either a template to fill or a text a
// coordinator wrote.
struct MessageDraft {
    SendRequest request; // messageKey empty: one is made (every draft is then a new message)
    QString specialty;
    QString templateId;
    TemplateFields fields; // given name and zone are taken from the patient when empty
    QString subject;       // a coordinator's own text, when there is no template
    QString body;
    QString requestedBy;
};

// One message in the cache (comms_messages).
struct MessageRecord {
    qint64 id = 0;
    QString key;
    SendRequest request;
    QString specialty;
    QString templateId;
    QString language;
    QString recipient; // the phone number or address it goes to
    QString subject;
    QString body;
    // held (deferred by the gate), queued (in the outbox), sent, delivered, undelivered,
    // failed, denied (the gate said no before it was queued), cancelled (the gate said no at the
    // moment of sending), ready (a phone call or letter for a person to make), unknown.
    QString status;
    QDateTime notBefore;
    QDateTime allowedAt;
    QDateTime createdAt;
    QString createdBy;
    QDateTime sentAt;
    QString providerId;
    QString receiptStatus;
    QDateTime receiptAt;
    QString lastError;
    QJsonObject decision;
    int version = 1;
};

struct DispatchOutcome {
    GateDecision decision;
    qint64 messageId = 0;
    QString status;
    bool duplicate = false; // the key was seen before: nothing new was done
};

// The one way a message leaves CareDesk, whatever the path (automated, manual, batch, retry):
// the gate decides, and the decision, the message and its outbox command are written in one
// transaction, so two workstations can never both pass a cap or both send one reminder. A held
// message is asked about again when its time comes (releaseDue); the channel handlers ask once
// more at the moment of sending (checkAtSend).
class MessageDispatcher
{
public:
    MessageDispatcher(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, const Clock &clock,
                      SendPolicy policy, std::shared_ptr<const MessageTemplates> templates);

    const SendPolicy &policy() const { return m_policy; }
    const MessageTemplates &templates() const { return *m_templates; }

    // What the gate knows about the patient for this request.
    // callbackAllowedAt: when a callback was first let go; an item resolved after that still
    // counts as open for it.
    Result<GateFacts> facts(const QSqlDatabase &db, const SendRequest &request, const QDateTime &at,
                            const QDateTime &callbackAllowedAt = {}) const;
    // The gate's answer without sending anything (the CLI's consent check, the GUI's draft).
    Result<GateDecision> check(const SendRequest &request, const QDateTime &at) const;

    // Decides and records in a transaction of its own, or within the caller's.
    Result<DispatchOutcome> submit(const MessageDraft &draft);
    Result<DispatchOutcome> submitInTransaction(QSqlDatabase &db, const MessageDraft &draft);

    // Held messages whose time has come, asked about again. Returns how many were decided.
    Result<int> releaseDue(const QString &actor);

    // For a channel handler about to hand a message over: the gate again, now. When it does not
    // allow, the message is held or cancelled here and the handler sends nothing.
    struct SendTimeCheck {
        GateDecision decision;
        MessageRecord message;
    };
    Result<SendTimeCheck> checkAtSend(qint64 messageId, bool retry);

    // What a channel learnt: handed over (with the provider's id), a receipt, or a failure.
    VoidResult markSent(qint64 messageId, const QString &providerId);
    VoidResult markReceipt(const QString &providerId, const QString &status, const QDateTime &at);
    VoidResult markFailed(qint64 messageId, const QString &error, bool permanent);
    // After a crash nobody can tell whether it went: a person must look.
    VoidResult markUnknown(qint64 messageId);
    // Messages handed to the SMS gateway in the last `days` that have no final receipt yet.
    Result<QList<MessageRecord>> awaitingReceipt(int days = 3) const;

    Result<MessageRecord> message(qint64 id) const;
    Result<QList<MessageRecord>> messages(const QString &masterId, int limit = 200) const;

    static QString outboxKind(Channel channel);
    static QString newMessageKey();

private:
    Result<DispatchOutcome> decideAndRecord(QSqlDatabase &db, MessageRecord record, bool isNew,
                                            const QString &actor);
    Result<MessageRecord> compose(const QSqlDatabase &db, const MessageDraft &draft) const;

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
    SendPolicy m_policy;
    std::shared_ptr<const MessageTemplates> m_templates;
};

} // namespace CareDesk
