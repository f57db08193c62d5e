// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/Mentor.h"

#include <memory>

namespace CareDesk {

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
class MentorService
{
public:
    MentorService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, const Clock &clock,
                  const JourneyService &journeys);

    // Adds or updates mentors from a JSON array (docs/journeys.md has the fields). The whole
    // file is checked first: one bad entry refuses the file, naming the entry and the field.
    Result<int> importRegistry(const QByteArray &json, const QString &actor);
    Result<QList<Mentor>> mentors() const;

    Result<MentorMatch> proposals(const QString &masterId) const;
    Result<QList<MentorIntroduction>> introductions(const QString &masterId) const;

    Result<qint64> propose(const QString &masterId, const QString &mentorId, const QString &actor);
    // party is "patient" or "mentor"; a refusal closes the introduction as declined.
    VoidResult recordConsent(qint64 introductionId, const QString &party, bool given,
                             const QString &actor);
    VoidResult introduce(qint64 introductionId, const QString &actor);
    // outcome is "met", "declined" or "no-response".
    VoidResult recordOutcome(qint64 introductionId, const QString &outcome, const QString &actor);

private:
    Result<MentorIntroduction> load(qint64 id) const;
    VoidResult change(qint64 id, const QString &actor, const QString &action, const QString &detail,
                      const std::function<VoidResult(const MentorIntroduction &)> &apply);

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
    const JourneyService &m_journeys;
};

} // namespace CareDesk
