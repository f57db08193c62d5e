// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QString>

#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;

// Takes FHIR Consent resources into the consent ledger, whichever way they came (a file import
// or FHIR sync: both store them as journey records of kind "consent"). Records are read past a
// cursor kept in the cache's site table; a Consent that changes on the server is stored again
// and read again, and only events the ledger does not already hold (same patient, kind,
// channel, purpose and moment) are appended, so CareDesk's own Consents coming back from the
// server are not doubled. A Consent that says nothing about contact (a privacy consent about
// records) adds nothing; one CareDesk cannot read is skipped and logged by id.
class FhirConsentIntake
{
public:
    FhirConsentIntake(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, const Clock &clock);

    struct Report {
        int consents = 0;
        int events = 0;
        int unreadable = 0;
    };
    Result<Report> processNewConsents(const QString &actor = QStringLiteral("automation"));

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
};

} // namespace CareDesk
