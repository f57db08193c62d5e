// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Consent.h"
#include "models/Error.h"
#include "services/security/Principal.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;
struct FhirSource;

// The consent ledger's way out to a FHIR server: every event recorded here (a coordinator's
// phone capture, an opt-out or opt-in by reply, a revocation) is queued in FHIR sync's outbox as
// one Consent (FhirConsentMapping::toFhir) carrying the event's identifier, which the handler
// creates conditionally (If-None-Exist), so a resend never makes a second one. Events are read
// past a cursor per server kept in the cache's site table, in ledger order; the commands and the
// cursor move in one transaction, so a crash queues an event once or not yet. Events taken in
// from a Consent (received_from) are never pushed back, and events of patients the server does
// not know (no Patient@fhirN alias: file imports, HL7) stay local.
class ConsentFhirPush
{
public:
    static inline const QString kKind = QStringLiteral("fhir.consent.create");

    ConsentFhirPush(std::shared_ptr<CacheDatabase> cache, AccessControl &access,
                    const Clock &clock);

    struct Report {
        int queued = 0;
        int local = 0; // patients the server does not know
    };
    // Queues the events recorded since the last call for source, acting as who (the sync's
    // principal: the embedded automation in a workstation; it needs sync.run and
    // consent.record, both checked and a refusal audited).
    Result<Report> queueNewEvents(const FhirSource &source, const Principal &who);

    // The payload's Consent for one event: the mapping, with the patient and the reply it came
    // from named by their ids on that server.
    static QJsonObject consentFor(const ConsentEvent &event, const QString &patientRemoteId,
                                  const QString &scope);

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AccessControl &m_access;
    const Clock &m_clock;
};

} // namespace CareDesk
