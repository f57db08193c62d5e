// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirFieldPolicy.h"

#include <QHash>

namespace CareDesk::FhirFieldPolicy {

namespace {

const QString kNurse = QStringLiteral("triage-nurse");
const QString kCoordinator = QStringLiteral("care-coordinator");
const QString kSupervisor = QStringLiteral("supervisor");

QStringList split(const char *names)
{
    return QString::fromLatin1(names).split(u' ', Qt::SkipEmptyParts);
}

// Elements a triage nurse works with: who the patient is and how to reach them, the reply and
// the journey around it.
const QHash<QString, QStringList> &nurseElements()
{
    static const QHash<QString, QStringList> elements{
        {QStringLiteral("Patient"), split("identifier active name telecom gender birthDate "
                                          "deceasedBoolean deceasedDateTime communication")},
        {QStringLiteral("Communication"),
         split("identifier basedOn partOf inResponseTo status category medium subject topic about "
               "sent received recipient sender payload")},
        {QStringLiteral("Task"), split("identifier status businessStatus intent priority code "
                                       "description focus for authoredOn lastModified owner "
                                       "executionPeriod note")},
        {QStringLiteral("Encounter"),
         split("status class type serviceType subject period reasonCode")},
        {QStringLiteral("Condition"), split("clinicalStatus verificationStatus category code "
                                            "subject onsetDateTime onsetPeriod recordedDate "
                                            "abatementDateTime")},
        {QStringLiteral("MedicationRequest"),
         split("status intent medicationCodeableConcept medicationReference subject authoredOn "
               "dosageInstruction")},
        {QStringLiteral("MedicationDispense"),
         split("status medicationCodeableConcept medicationReference subject quantity daysSupply "
               "whenPrepared whenHandedOver")},
        {QStringLiteral("Appointment"),
         split("status serviceType description start end created participant")},
        // Consent: what the ledger keeps of an event (its identifier, a restriction's policy, the
        // patient's words, who captured it), so every workstation derives the same state.
        {QStringLiteral("Consent"),
         split("identifier status scope category patient dateTime policy policyRule provision "
               "sourceAttachment extension")},
    };
    return elements;
}

} // namespace

QStringList roles()
{
    return {kNurse, kCoordinator, kSupervisor};
}

bool isKnownRole(const QString &role)
{
    return roles().contains(role);
}

QStringList syncedTypes(const QString &role)
{
    if (role == kSupervisor)
        return split("Patient Communication Task Consent");
    return split("Patient Communication Task Encounter Condition MedicationRequest "
                 "MedicationDispense Appointment Consent");
}

QJsonObject minimumNecessary(const QJsonObject &resource, const QString &role)
{
    const QString type = resource.value(QLatin1String("resourceType")).toString();
    QStringList keep = nurseElements().value(type);
    if (role == kCoordinator && type == QLatin1String("Patient"))
        keep.append(QStringLiteral("address")); // coordinators arrange visits and deliveries
    if (role == kSupervisor && type == QLatin1String("Patient"))
        keep.removeAll(QStringLiteral("telecom")); // supervisors review, they do not call
    if (!syncedTypes(role).contains(type))
        keep.clear();
    QJsonObject kept{{QStringLiteral("resourceType"), type}};
    for (const QString &always : {QStringLiteral("id"), QStringLiteral("meta")}) {
        if (resource.contains(always))
            kept.insert(always, resource.value(always));
    }
    for (const QString &name : std::as_const(keep)) {
        if (resource.contains(name))
            kept.insert(name, resource.value(name));
    }
    return kept;
}

} // namespace CareDesk::FhirFieldPolicy
