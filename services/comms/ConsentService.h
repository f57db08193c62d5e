// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Consent.h"
#include "models/Error.h"
#include "services/comms/MessageDispatcher.h"
#include "services/security/Principal.h"

#include <QDateTime>

#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;

// One patient's consent as a person looks at it: the ledger, the state it gives now, and the
// messages that went out or wait.
struct ConsentView {
    QString masterId;
    QString displayName;
    QString zoneId; // empty when unknown
    QString language;
    QList<ConsentEvent> events;
    ConsentState state;
    QList<MessageRecord> messages;
};

// What a person does with consent (the consent panel, caredesk-cli consent): each call asks
// AccessControl first, as the principal given. Reading the ledger or the gate's decision is
// reading the patient (patient.read, audited as view-consent); recording a consent needs
// consent.record, sending a message message.send. The automation (consent keywords in replies,
// FHIR Consent resources) writes the ledger directly inside its own transactions.
class ConsentService
{
public:
    ConsentService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                   const Clock &clock, std::shared_ptr<MessageDispatcher> dispatcher);

    Result<ConsentView> view(const Principal &who, const QString &masterId, int messageLimit = 100);
    Result<QList<ConsentEvent>> history(const Principal &who, const QString &masterId);
    // Appends a consent event (recordedAt is now; effectiveAt now unless given). Audited.
    Result<qint64> record(const Principal &who, ConsentEvent event);
    // The send-time gate's decision for a request at a moment, changing nothing.
    Result<GateDecision> check(const Principal &who, const SendRequest &request,
                               const QDateTime &at);
    // Sends through the gate as who (the draft's requestedBy is who).
    Result<DispatchOutcome> send(const Principal &who, MessageDraft draft);

    MessageDispatcher &dispatcher() const { return *m_dispatcher; }

private:
    VoidResult readable(const Principal &who, const QString &masterId);

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const Clock &m_clock;
    std::shared_ptr<MessageDispatcher> m_dispatcher;
};

} // namespace CareDesk
