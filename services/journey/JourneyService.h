// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/JourneyDefinition.h"
#include "models/Mentor.h"
#include "models/PatientJourney.h"

#include <QSqlDatabase>
#include <QVariantList>

#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;

// A coordinator's step on a journey: move the patient to a stage, or mark a step done.
struct JourneyAction {
    enum class Kind { Move, CompleteStep };
    Kind kind = Kind::Move;
    QString stage; // Move: the target stage
    QString step;  // CompleteStep: the step id of the current stage
};

// Patient journeys over the cache: the program's definition (built in, or an administrator's
// newer version saved in the cache), each patient's stages, payer clocks, adherence and
// exceptions computed from the stored records, and coordinator actions (audited).
class JourneyService
{
public:
    JourneyService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, const Clock &clock);

    static Result<JourneyDefinition> builtInDefinition();
    // The newest saved version, or the built-in one when none was saved.
    Result<JourneyDefinition> definition() const;
    // Validates and saves a new version (its number must be higher than the current one);
    // audited with a digest of the text. Returns the version saved.
    Result<int> saveDefinition(const QByteArray &json, const QString &actor);

    // A master ID ("MPI-..."), "Patient/<id>" or a bare FHIR Patient id -> the master ID.
    Result<QString> findPatient(const QString &argument) const;
    // Patients with at least one journey record or action.
    Result<QStringList> enrolledPatients() const;

    Result<PatientJourney> journey(const QString &masterId) const;
    Result<PatientProfile> profile(const QString &masterId) const;

    // Records a coordinator's action after checking the journey allows it now; audited.
    Result<qint64> recordAction(const QString &masterId, const JourneyAction &action,
                                const QString &actor);

    // A record the timeline points at (a stored resource, a coordinator action or a mentor
    // introduction); the view is audited.
    Result<SourceRecord> sourceRecord(const QString &resourceType, const QString &resourceId,
                                      const QString &actor);

private:
    Result<PatientJourney> compute(const QString &masterId,
                                   const JourneyDefinition &definition) const;

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
};

// Mentor introductions matching a WHERE clause over "i" (mentor_introductions) with values
// bound in order; the mentor's name comes with each.
Result<QList<MentorIntroduction>> readIntroductions(const QSqlDatabase &db, const QString &where,
                                                    const QVariantList &values);

} // namespace CareDesk
