// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/Mentor.h"
#include "services/security/Principal.h"

#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;
class JourneyService;

struct MentorMatch {
    PatientProfile patient;
    QList<MentorProposal> proposals; // ranked, then the excluded ones
    QList<MentorIntroduction> introductions;
};

// The mentor registry and introductions. A mentor is proposed only while active, consenting
// and under capacity; an introduction is made only once the patient and the mentor have both
// agreed to it; every step is audited with master and mentor ids, never names.
//
// Each call takes the caller's Principal and asks AccessControl first: a patient's proposals and
// introductions are their record (patient.read), the steps of an introduction need
// mentor.manage, and loading the registry is an import (data.import).
class MentorService
{
public:
    MentorService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                  const Clock &clock, const JourneyService &journeys);

    // Adds or updates mentors from a JSON array (docs/journeys.md has the fields). The whole
    // file is checked first: one bad entry refuses the file, naming the entry and the field.
    Result<int> importRegistry(const QByteArray &json, const Principal &who);
    Result<QList<Mentor>> mentors() const;

    Result<MentorMatch> proposals(const Principal &who, const QString &masterId);
    Result<QList<MentorIntroduction>> introductions(const Principal &who, const QString &masterId);

    Result<qint64> propose(const QString &masterId, const QString &mentorId, const Principal &who);
    // party is "patient" or "mentor"; a refusal closes the introduction as declined.
    VoidResult recordConsent(qint64 introductionId, const QString &party, bool given,
                             const Principal &who);
    VoidResult introduce(qint64 introductionId, const Principal &who);
    // outcome is "met", "declined" or "no-response".
    VoidResult recordOutcome(qint64 introductionId, const QString &outcome, const Principal &who);

private:
    Result<MentorMatch> match(const QString &masterId) const;
    Result<MentorIntroduction> load(qint64 id) const;
    VoidResult change(qint64 id, const Principal &who, const QString &action, const QString &detail,
                      const std::function<VoidResult(const MentorIntroduction &)> &apply);

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const Clock &m_clock;
    const JourneyService &m_journeys;
};

} // namespace CareDesk
