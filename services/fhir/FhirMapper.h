// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/fhir/FhirReader.h"

#include <QDateTime>
#include <QHash>
#include <QString>

#include <optional>

namespace CareDesk {

class PatientStore;

// A Communication that did not come from the care team's side: the patient's reply, a
// caregiver's message, or one whose sender is unknown. Classified, and held for a person.
struct InboundReply {
    QString communicationId;
    QString masterId;
    QDateTime receivedAt;
    QString text;
    QString channel; // "sms", "email", "phone", ... from Communication.medium, default "sms"
    bool fromCaregiver = false; // a RelatedPerson wrote about the patient (the subject)
    QString reviewReason;       // why a person must look whatever the words say; empty if none
};

// Parses FHIR date, dateTime and instant at any precision ("2015", "2015-02",
// "2015-02-07", "2015-02-07T13:28:17-05:00") to UTC; invalid when absent or malformed.
QDateTime parseFhirDateTime(const QString &text);

// Maps the FHIR resources CareDesk uses into the cache: Patient into identity and aliases;
// Encounter, Condition, MedicationRequest, MedicationDispense, Appointment, Communication,
// Consent, Task, Practitioner, Organization, CoverageEligibilityRequest/Response and Claim/
// ClaimResponse with use=preauthorization into journey records. Other types are skipped.
class FhirMapper
{
public:
    enum class Outcome { Stored, Skipped };

    // sourceScope empty: ids are the site EHR's, as a file import has always taken them. Set
    // (a synced server's scope, "fhir1"): every FHIR id from that server is kept apart from
    // other sources' ids ("Patient/1" of two servers are two patients).
    FhirMapper(PatientStore &store, const QHash<QString, QString> &fullUrlTargets,
               QString sourceScope = QString());

    // The id CareDesk stores for a server's id: id itself, or "id@scope".
    static QString scopedId(const QString &id, const QString &scope);
    // The alias system under which a source's Patient ids are kept.
    static QString patientAliasSystem(const QString &scope);

    // reply is set when the resource is an inbound Communication about a known patient.
    Result<Outcome> apply(const FhirEntry &entry, std::optional<InboundReply> &reply);

    static bool isUsedType(const QString &resourceType);

private:
    struct MessageDirection {
        bool isInbound = false;
        QString masterId; // the patient the message is about
        QString summary;
        InboundReply reply;
    };
    Result<MessageDirection> inboundMessage(const QJsonObject &resource, const QString &id,
                                            const QDateTime &when);
    Result<QString> masterFor(const QString &reference);
    Result<QString> subjectMaster(const QJsonObject &resource, const QString &field);
    Result<Outcome> applyPatient(const QJsonObject &resource, const QString &id);

    PatientStore &m_store;
    const QHash<QString, QString> &m_fullUrlTargets;
    QString m_scope;
};

} // namespace CareDesk
