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
    QString zoneId;      // the zone the gate uses; empty when unknown (the site's is used)
    QString fhirZoneId;  // from the FHIR timezone extension on Patient, if any
    QString localZoneId; // set here by a person, if any; it wins over the FHIR one
    QString localZoneBy;
    QDateTime localZoneAt;
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
    // Sets the patient's own time zone here (an IANA id such as America/Chicago), beside the
    // FHIR timezone extension, which it overrides for the gate and new reminders; empty: back to
    // the FHIR one (or the site's). Needs consent.record; recorded with who and when, audited.
    VoidResult setTimeZone(const Principal &who, const QString &masterId, const QString &zoneId);
    // An IANA id CareDesk can use as a patient's zone, or an error naming what is wrong.
    static VoidResult validZoneId(const QString &zoneId);

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
