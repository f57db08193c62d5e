// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/ingest/AdtApplier.h"

#include "services/fhir/FhirMapper.h"
#include "services/hl7/AdtEvent.h"
#include "services/security/AuditLog.h"
#include "services/store/PatientStore.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace CareDesk {

namespace {

// An identifier is only as unique as its assigning authority; without one it is scoped to the
// sending facility, so "12345" from two hospitals never names one patient.
QString senderScope(const AdtEvent &event)
{
    return QStringLiteral("%1@%2").arg(event.sendingApplication, event.sendingFacility);
}

QList<PatientAlias> aliasesOf(const QList<Hl7Identifier> &identifiers, const AdtEvent &event)
{
    QList<PatientAlias> aliases;
    for (const Hl7Identifier &identifier : identifiers) {
        if (identifier.value.isEmpty())
            continue;
        const QString authority = identifier.authority.isEmpty()
                                      ? QStringLiteral("sender:") + senderScope(event)
                                      : identifier.authority;
        const QString type =
            identifier.typeCode.isEmpty() ? QStringLiteral("ID") : identifier.typeCode;
        aliases.append({QStringLiteral("urn:hl7v2:%1:%2").arg(authority, type), identifier.value});
    }
    return aliases;
}

QDateTime toDateTime(const Hl7Timestamp &timestamp)
{
    return parseFhirDateTime(timestamp.iso);
}

QString eventKind(const QString &trigger)
{
    static const QHash<QString, QString> kinds{
        {QStringLiteral("A01"), QStringLiteral("admission")},
        {QStringLiteral("A02"), QStringLiteral("transfer")},
        {QStringLiteral("A03"), QStringLiteral("discharge")},
        {QStringLiteral("A04"), QStringLiteral("registration")},
        {QStringLiteral("A05"), QStringLiteral("pre-admission")},
        {QStringLiteral("A06"), QStringLiteral("admission")},
        {QStringLiteral("A07"), QStringLiteral("discharge")},
        {QStringLiteral("A08"), QStringLiteral("update")},
        {QStringLiteral("A11"), QStringLiteral("admission-cancelled")},
        {QStringLiteral("A13"), QStringLiteral("discharge-cancelled")},
        {QStringLiteral("A40"), QStringLiteral("merge")},
    };
    return kinds.value(trigger, QStringLiteral("adt"));
}

} // namespace

Result<int> applyAdtEvent(PatientStore &store, AuditLog &audit, QSqlDatabase &db,
                          const QString &actor, const AdtEvent &event)
{
    const QList<PatientAlias> aliases = aliasesOf(event.patient.identifiers, event);
    if (aliases.isEmpty())
        return fail(Error::Code::InvalidInput, QStringLiteral("no patient identifier in PID-3"));
    auto masterId = store.resolve(aliases);
    if (!masterId)
        return std::unexpected(masterId.error());

    PatientIdentity identity;
    identity.family = event.patient.family;
    identity.given = event.patient.given;
    identity.birthDate = event.patient.birthDate.iso;
    identity.gender = event.patient.sex;
    identity.phone = event.patient.phone;
    if (auto updated = store.updateIdentity(*masterId, identity); !updated)
        return std::unexpected(updated.error());

    int merges = 0;
    if (!event.mergedIdentifiers.isEmpty()) {
        const QList<PatientAlias> retired = aliasesOf(event.mergedIdentifiers, event);
        auto mergedMaster = store.find(retired);
        if (!mergedMaster)
            return std::unexpected(mergedMaster.error());
        if (!mergedMaster->isEmpty() && *mergedMaster != *masterId) {
            auto moved = store.merge(*masterId, *mergedMaster);
            if (!moved)
                return std::unexpected(moved.error());
            auto audited =
                audit.appendInTransaction(db, {actor, QStringLiteral("merge-patient"), *masterId,
                                               QStringLiteral("merged/%1").arg(*mergedMaster)});
            if (!audited)
                return std::unexpected(audited.error());
            merges = 1;
        }
        // The retired identifiers stay findable, now as aliases of the survivor.
        if (auto kept = store.resolve(aliases + retired); !kept)
            return std::unexpected(kept.error());
    }

    const QString controlId =
        event.controlId.isEmpty()
            ? QString::fromLatin1(
                  QCryptographicHash::hash((event.messageTime.raw + event.triggerEvent).toUtf8(),
                                           QCryptographicHash::Sha256)
                      .toHex()
                      .left(16))
            : event.controlId;
    RecordRow adtRow;
    adtRow.resourceType = QStringLiteral("HL7v2");
    // Control ids are unique per sender, and one message may carry several patients (A40 pairs).
    // A sender that reuses a control id for another event (A03 after A01) adds an event; it
    // does not replace the earlier one.
    adtRow.resourceId = QStringLiteral("%1|%2|%3|%4")
                            .arg(senderScope(event), controlId, event.triggerEvent, *masterId);
    adtRow.masterId = *masterId;
    adtRow.kind = eventKind(event.triggerEvent);
    adtRow.occurredAt = toDateTime(event.eventTime);
    adtRow.summary = QStringLiteral("ADT^%1").arg(event.triggerEvent);
    adtRow.source = QStringLiteral("hl7-import");
    if (auto stored = store.upsertRecord(adtRow); !stored)
        return std::unexpected(stored.error());

    if (event.encounter && !event.encounter->visitNumber.isEmpty()) {
        const AdtEncounter &visit = *event.encounter;
        RecordRow encounter;
        encounter.resourceType = QStringLiteral("Encounter");
        encounter.resourceId =
            QStringLiteral("hl7-visit-%1-%2").arg(senderScope(event), visit.visitNumber);
        encounter.masterId = *masterId;
        encounter.kind = QStringLiteral("encounter");
        encounter.occurredAt = toDateTime(visit.admitTime);
        if (!encounter.occurredAt.isValid())
            encounter.occurredAt = adtRow.occurredAt;
        encounter.summary =
            QStringLiteral("Visit (class %1) at %2").arg(visit.patientClass, visit.location);
        encounter.status = event.triggerEvent == QLatin1String("A03") ? QStringLiteral("finished")
                           : event.triggerEvent == QLatin1String("A11")
                               ? QStringLiteral("cancelled")
                               : QStringLiteral("in-progress");
        encounter.source = QStringLiteral("hl7-import");
        encounter.body = QJsonDocument(QJsonObject{
                                           {QStringLiteral("admit"), visit.admitTime.iso},
                                           {QStringLiteral("discharge"), visit.dischargeTime.iso},
                                           {QStringLiteral("class"), visit.patientClass},
                                           {QStringLiteral("location"), visit.location},
                                       })
                             .toJson(QJsonDocument::Compact);
        if (auto stored = store.upsertRecord(encounter); !stored)
            return std::unexpected(stored.error());
    }
    return merges;
}

} // namespace CareDesk
