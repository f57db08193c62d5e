// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Principal.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;
class JourneyService;

struct RaiseReport {
    int patients = 0;      // journeys looked at
    int raised = 0;        // new items in the queue
    int alreadyRaised = 0; // exceptions that were in the queue before
    QList<qint64> itemIds;
    QString describe() const;
};

// Puts journey exceptions in the triage queue, beside the patients' replies: one item per
// exception (its key is recorded, so the same condition is never raised twice, even by two
// workstations at once), with the tier and deadline the program's definition gives its kind,
// and source "journey". Each opening is audited like a reply's.
class JourneyExceptions
{
public:
    JourneyExceptions(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, const Clock &clock,
                      const JourneyService &journeys);

    // Every enrolled patient when patients is empty. journey.scan (the embedded automation, or
    // a person starting a scan).
    Result<RaiseReport> raise(const Principal &who, const QStringList &patients = {});

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
    const JourneyService &m_journeys;
};

} // namespace CareDesk
