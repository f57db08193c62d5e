// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/JourneyDefinition.h"
#include "models/Mentor.h"
#include "models/PatientJourney.h"
#include "services/security/Principal.h"

#include <QSqlDatabase>
#include <QVariantList>

#include <memory>

namespace CareDesk {

class AccessControl;
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
//
// What a person reads or does takes their Principal and asks AccessControl first: a journey, its
// source records and adherence are the patient's record (patient.read; message marks are masked
// for roles without clinical text), coordinator actions need journey.manage and a new program
// version journey.define.
class JourneyService
{
public:
    JourneyService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                   const Clock &clock);

    static Result<JourneyDefinition> builtInDefinition();
    // The newest saved version, or the built-in one when none was saved.
    Result<JourneyDefinition> definition() const;
    // Validates and saves a new version (its number must be higher than the current one);
    // audited with a digest of the text. Returns the version saved. journey.define.
    Result<int> saveDefinition(const QByteArray &json, const Principal &who);

    // A master ID ("MPI-..."), "Patient/<id>" or a bare FHIR Patient id -> the master ID.
    Result<QString> findPatient(const QString &argument) const;
    // Patients with at least one journey record or action.
    Result<QStringList> enrolledPatients() const;

    // A patient's journey as who may see it (patient.read); the view is audited.
    Result<PatientJourney> journey(const Principal &who, const QString &masterId);
    // The same, unchecked and unaudited: for the service layer's own work (the exception scan,
    // mentor matching, an action's precondition), never handed to a person as it is.
    Result<PatientJourney> computeJourney(const QString &masterId) const;
    Result<PatientProfile> profile(const QString &masterId) const;

    // Records a coordinator's action after checking the journey allows it now; audited.
    // journey.manage.
    Result<qint64> recordAction(const QString &masterId, const JourneyAction &action,
                                const Principal &who);

    // A record the timeline points at (a stored resource, a coordinator action or a mentor
    // introduction); patient.read for the record's patient, and the view is audited.
    Result<SourceRecord> sourceRecord(const QString &resourceType, const QString &resourceId,
                                      const Principal &who);

    AccessControl &access() const { return m_access; }

private:
    Result<PatientJourney> compute(const QString &masterId,
                                   const JourneyDefinition &definition) const;

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const Clock &m_clock;
};

// Mentor introductions matching a WHERE clause over "i" (mentor_introductions) with values
// bound in order; the mentor's name comes with each.
Result<QList<MentorIntroduction>> readIntroductions(const QSqlDatabase &db, const QString &where,
                                                    const QVariantList &values);

} // namespace CareDesk
