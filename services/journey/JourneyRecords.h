// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Adherence.h"
#include "models/Error.h"
#include "models/JourneyEvent.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QTimeZone>

#include <optional>

namespace CareDesk {

// A stored record as the journey reads it.
struct StoredRecord {
    QString resourceType;
    QString resourceId;
    QString kind;
    QDateTime occurredAt;
    QString status;
    QString summary;
    QJsonObject body;
};

// Everything of one patient the journey, the adherence method and the mentor matcher use.
struct PatientRecords {
    QList<JourneyEvent> events;
    QList<DispenseFill> fills; // completed dispenses only
    QList<DaySpan> stays;      // inpatient days
    QStringList therapies;     // medication texts, lower case
    QStringList conditions;    // condition texts and codes, lower case
    QString birthDate;
    QString language;
};

// Reads a patient's journey facts from the cache: journey events from the stored FHIR and
// HL7 records (how each resource type maps is documented in docs/journeys.md) and from
// coordinator actions; fills and hospital stays for adherence. Dates are taken in zone.
class JourneyRecords
{
public:
    static Result<PatientRecords> load(const QSqlDatabase &db, const QString &masterId,
                                       const QTimeZone &zone, const QDate &today);

    // One record as a journey event; nullopt when the record moves no journey.
    static std::optional<JourneyEvent> eventFrom(const StoredRecord &record);
    // One MedicationDispense as a fill; nullopt unless it was completed.
    static std::optional<DispenseFill> fillFrom(const StoredRecord &record, const QTimeZone &zone);
    // An inpatient Encounter (FHIR class IMP/ACUTE/NONAC, HL7 patient class I) as its stay.
    static std::optional<DaySpan> stayFrom(const StoredRecord &record, const QTimeZone &zone,
                                           const QDate &today);
    // "Adalimumab 40 mg pen (28 days)" -> "adalimumab 40 mg pen": what fills are grouped by.
    static QString medicationKey(const QString &text);
};

} // namespace CareDesk
