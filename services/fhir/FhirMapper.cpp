// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirMapper.h"

#include "services/store/PatientStore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

namespace CareDesk {

namespace {

QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QJsonObject obj(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toObject();
}

QJsonArray arr(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toArray();
}

// CodeableConcept -> its text, else the first coding's display, else its code.
QString conceptText(const QJsonObject &codeable)
{
    if (const QString text = str(codeable, "text"); !text.isEmpty())
        return text;
    for (const QJsonValue &coding : arr(codeable, "coding")) {
        const QJsonObject object = coding.toObject();
        if (const QString display = str(object, "display"); !display.isEmpty())
            return display;
        if (const QString code = str(object, "code"); !code.isEmpty())
            return code;
    }
    return QString();
}

QString firstConceptText(const QJsonArray &concepts)
{
    for (const QJsonValue &codeable : concepts) {
        if (const QString text = conceptText(codeable.toObject()); !text.isEmpty())
            return text;
    }
    return QString();
}

QString medicationText(const QJsonObject &resource)
{
    const QString text = conceptText(obj(resource, "medicationCodeableConcept"));
    return text.isEmpty() ? str(obj(resource, "medicationReference"), "display") : text;
}

QDateTime firstDate(const QJsonObject &resource, std::initializer_list<const char *> paths)
{
    for (const char *path : paths) {
        // "period.start" style paths go one level down.
        const QString key = QString::fromLatin1(path);
        QString value;
        if (const qsizetype dot = key.indexOf(u'.'); dot > 0)
            value = resource.value(key.left(dot)).toObject().value(key.mid(dot + 1)).toString();
        else
            value = resource.value(key).toString();
        const QDateTime when = parseFhirDateTime(value);
        if (when.isValid())
            return when;
    }
    return QDateTime();
}

QString resourceId(const FhirEntry &entry)
{
    const QString id = str(entry.resource, "id");
    if (!id.isEmpty())
        return id;
    if (entry.fullUrl.startsWith(QLatin1String("urn:uuid:")))
        return entry.fullUrl.mid(9);
    // No id at all: a stable one from the content, so a re-import lands on the same row.
    const QByteArray digest = QCryptographicHash::hash(
        QJsonDocument(entry.resource).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256);
    return QStringLiteral("sha256-") + QString::fromLatin1(digest.toHex().left(32));
}

QString nameOf(const QJsonObject &resource)
{
    const QJsonValue name = resource.value(QLatin1String("name"));
    if (name.isString())
        return name.toString();
    const QJsonObject first = name.toArray().first().toObject();
    if (const QString text = str(first, "text"); !text.isEmpty())
        return text;
    QStringList parts;
    for (const QJsonValue &given : arr(first, "given"))
        parts.append(given.toString());
    parts.append(str(first, "family"));
    return parts.join(u' ').trimmed();
}

} // namespace

QDateTime parseFhirDateTime(const QString &text)
{
    if (text.isEmpty())
        return QDateTime();
    if (text.size() == 4) {
        const QDate date(text.toInt(), 1, 1);
        return date.isValid() ? QDateTime(date, QTime(0, 0), QTimeZone::utc()) : QDateTime();
    }
    if (text.size() == 7) {
        const QDate date = QDate::fromString(text + QStringLiteral("-01"), Qt::ISODate);
        return date.isValid() ? QDateTime(date, QTime(0, 0), QTimeZone::utc()) : QDateTime();
    }
    if (text.size() == 10) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        return date.isValid() ? QDateTime(date, QTime(0, 0), QTimeZone::utc()) : QDateTime();
    }
    QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::fromString(text, Qt::ISODate);
    return when.isValid() ? when.toUTC() : QDateTime();
}

FhirMapper::FhirMapper(PatientStore &store, const QHash<QString, QString> &fullUrlTargets,
                       QString sourceScope)
    : m_store(store)
    , m_fullUrlTargets(fullUrlTargets)
    , m_scope(std::move(sourceScope))
{}

QString FhirMapper::scopedId(const QString &id, const QString &scope)
{
    return scope.isEmpty() ? id : id + u'@' + scope;
}

QString FhirMapper::patientAliasSystem(const QString &scope)
{
    return scope.isEmpty() ? QStringLiteral("Patient") : QStringLiteral("Patient@") + scope;
}

bool FhirMapper::isUsedType(const QString &type)
{
    static const QStringList used{QStringLiteral("Patient"),
                                  QStringLiteral("Encounter"),
                                  QStringLiteral("Condition"),
                                  QStringLiteral("MedicationRequest"),
                                  QStringLiteral("MedicationDispense"),
                                  QStringLiteral("Appointment"),
                                  QStringLiteral("Communication"),
                                  QStringLiteral("Consent"),
                                  QStringLiteral("Task"),
                                  QStringLiteral("Practitioner"),
                                  QStringLiteral("Organization"),
                                  QStringLiteral("CoverageEligibilityRequest"),
                                  QStringLiteral("CoverageEligibilityResponse"),
                                  QStringLiteral("Claim"),
                                  QStringLiteral("ClaimResponse")};
    return used.contains(type);
}

Result<QString> FhirMapper::masterFor(const QString &reference)
{
    const QString target = resolveReference(reference, m_fullUrlTargets);
    if (!target.startsWith(QLatin1String("Patient/")))
        return QString();
    return m_store.resolve({{patientAliasSystem(m_scope), target.mid(8)}});
}

Result<QString> FhirMapper::subjectMaster(const QJsonObject &resource, const QString &field)
{
    return masterFor(resource.value(field).toObject().value(QLatin1String("reference")).toString());
}

Result<FhirMapper::Outcome> FhirMapper::applyPatient(const QJsonObject &resource, const QString &id)
{
    QList<PatientAlias> aliases{{patientAliasSystem(m_scope), id}};
    for (const QJsonValue &identifier : arr(resource, "identifier")) {
        // A value without its system names nobody in particular: never match patients on it.
        const QJsonObject object = identifier.toObject();
        if (!str(object, "value").isEmpty() && !str(object, "system").isEmpty())
            aliases.append({str(object, "system"), str(object, "value")});
    }
    auto masterId = m_store.resolve(aliases);
    if (!masterId)
        return std::unexpected(masterId.error());

    PatientIdentity identity;
    QJsonObject name;
    for (const QJsonValue &candidate : arr(resource, "name")) {
        if (name.isEmpty() || str(candidate.toObject(), "use") == QLatin1String("official"))
            name = candidate.toObject();
    }
    identity.family = str(name, "family");
    QStringList given;
    for (const QJsonValue &part : arr(name, "given"))
        given.append(part.toString());
    identity.given = given.join(u' ');
    identity.birthDate = str(resource, "birthDate");
    identity.gender = str(resource, "gender");
    for (const QJsonValue &telecom : arr(resource, "telecom")) {
        const QJsonObject object = telecom.toObject();
        if (str(object, "system") == QLatin1String("phone") &&
            (identity.phone.isEmpty() || str(object, "use") == QLatin1String("mobile")))
            identity.phone = str(object, "value");
        if (str(object, "system") == QLatin1String("email") && identity.email.isEmpty())
            identity.email = str(object, "value");
    }
    // Where the patient lives, for quiet hours: the FHIR timezone extension (an IANA code).
    for (const QJsonValue &extension : arr(resource, "extension")) {
        const QJsonObject object = extension.toObject();
        const QString zone = str(object, "valueCode");
        if (str(object, "url") ==
                QLatin1String("http://hl7.org/fhir/StructureDefinition/timezone") &&
            QTimeZone::isTimeZoneIdAvailable(zone.toUtf8()))
            identity.timeZone = zone;
    }
    const QJsonObject language = obj(arr(resource, "communication").first().toObject(), "language");
    identity.language =
        arr(language, "coding").first().toObject().value(QLatin1String("code")).toString();
    if (auto updated = m_store.updateIdentity(*masterId, identity); !updated)
        return std::unexpected(updated.error());
    return Outcome::Stored;
}

Result<FhirMapper::MessageDirection>
FhirMapper::inboundMessage(const QJsonObject &resource, const QString &id, const QDateTime &when)
{
    // Only a message from the care team's side is outbound. Anything else that concerns a
    // patient (the patient, a caregiver, a sender we cannot identify) goes to a person.
    static const QStringList careTeamSenders{
        QStringLiteral("Organization"),     QStringLiteral("Practitioner"),
        QStringLiteral("PractitionerRole"), QStringLiteral("Device"),
        QStringLiteral("CareTeam"),         QStringLiteral("HealthcareService")};
    const QString senderReference = str(obj(resource, "sender"), "reference");
    QString senderType = resolveReference(senderReference, m_fullUrlTargets).section(u'/', 0, 0);
    // A sender known only by its kind (Reference.type, e.g. a CareDesk user's resolution note).
    if (senderType.isEmpty() && senderReference.isEmpty())
        senderType = str(obj(resource, "sender"), "type");

    MessageDirection direction;
    auto subject = subjectMaster(resource, QStringLiteral("subject"));
    if (!subject)
        return std::unexpected(subject.error());
    direction.masterId = *subject;
    if (careTeamSenders.contains(senderType)) {
        direction.summary = QStringLiteral("Message to the patient");
        return direction;
    }
    if (senderType == QLatin1String("Patient")) {
        auto sender = masterFor(senderReference);
        if (!sender)
            return std::unexpected(sender.error());
        direction.masterId = *sender;
    }

    QStringList text;
    int attachments = 0;
    for (const QJsonValue &payload : arr(resource, "payload")) {
        const QJsonObject part = payload.toObject();
        const QString content = str(part, "contentString");
        if (!content.trimmed().isEmpty())
            text.append(content);
        else if (part.contains(QLatin1String("contentAttachment")) ||
                 part.contains(QLatin1String("contentReference")))
            ++attachments;
    }

    direction.isInbound = true;
    InboundReply &inbound = direction.reply;
    inbound.communicationId = id;
    inbound.masterId = direction.masterId;
    inbound.receivedAt = when;
    inbound.text = text.join(u'\n');
    const QString medium = firstConceptText(arr(resource, "medium")).toLower();
    inbound.channel = medium.contains(QLatin1String("mail"))    ? QStringLiteral("email")
                      : medium.contains(QLatin1String("phone")) ? QStringLiteral("phone")
                                                                : QStringLiteral("sms");
    QStringList reasons;
    if (senderType == QLatin1String("Patient")) {
        direction.summary = QStringLiteral("Reply from the patient");
    } else if (senderType == QLatin1String("RelatedPerson")) {
        direction.summary = QStringLiteral("Message from a caregiver");
        inbound.fromCaregiver = true;
        reasons.append(QStringLiteral("sent by a caregiver about the patient"));
    } else {
        direction.summary = QStringLiteral("Message from an unidentified sender");
        reasons.append(QStringLiteral("the sender could not be identified"));
    }
    if (text.isEmpty())
        reasons.append(attachments > 0 ? QStringLiteral("the message is an attachment only")
                                       : QStringLiteral("the message has no text"));
    inbound.reviewReason = reasons.join(QStringLiteral("; "));
    return direction;
}

Result<FhirMapper::Outcome> FhirMapper::apply(const FhirEntry &entry,
                                              std::optional<InboundReply> &reply)
{
    const QJsonObject &resource = entry.resource;
    const QString type = str(resource, "resourceType");
    if (!isUsedType(type))
        return Outcome::Skipped;
    const QString remoteId = resourceId(entry);
    if (type == QLatin1String("Patient"))
        return applyPatient(resource, remoteId);
    const QString id = scopedId(remoteId, m_scope);

    RecordRow row;
    row.resourceType = type;
    row.resourceId = id;
    row.source = m_scope.isEmpty() ? QStringLiteral("fhir-import") : QStringLiteral("fhir-sync");
    row.status = str(resource, "status");
    row.body = QJsonDocument(resource).toJson(QJsonDocument::Compact);
    Result<QString> master = QString();

    if (type == QLatin1String("Encounter")) {
        row.kind = QStringLiteral("encounter");
        row.occurredAt = firstDate(resource, {"period.start", "period.end"});
        row.summary = firstConceptText(arr(resource, "type"));
        if (row.summary.isEmpty())
            row.summary = str(obj(resource, "class"), "display");
        master = subjectMaster(resource, QStringLiteral("subject"));
    } else if (type == QLatin1String("Condition")) {
        row.kind = QStringLiteral("condition");
        row.occurredAt =
            firstDate(resource, {"onsetDateTime", "recordedDate", "onsetPeriod.start"});
        row.summary = conceptText(obj(resource, "code"));
        row.status = conceptText(obj(resource, "clinicalStatus"));
        master = subjectMaster(resource, QStringLiteral("subject"));
    } else if (type == QLatin1String("MedicationRequest")) {
        row.kind = QStringLiteral("medication");
        row.occurredAt = firstDate(resource, {"authoredOn"});
        row.summary = medicationText(resource);
        master = subjectMaster(resource, QStringLiteral("subject"));
    } else if (type == QLatin1String("MedicationDispense")) {
        row.kind = QStringLiteral("dispense");
        row.occurredAt = firstDate(resource, {"whenHandedOver", "whenPrepared"});
        row.summary = medicationText(resource);
        if (const QJsonObject days = obj(resource, "daysSupply");
            days.contains(QLatin1String("value")))
            row.summary +=
                QStringLiteral(" (%1 days)").arg(days.value(QLatin1String("value")).toDouble());
        master = subjectMaster(resource, QStringLiteral("subject"));
    } else if (type == QLatin1String("Appointment")) {
        row.kind = QStringLiteral("appointment");
        row.occurredAt = firstDate(resource, {"start", "created"});
        row.summary = str(resource, "description");
        if (row.summary.isEmpty())
            row.summary = firstConceptText(arr(resource, "serviceType"));
        for (const QJsonValue &participant : arr(resource, "participant")) {
            const QString reference = str(obj(participant.toObject(), "actor"), "reference");
            master = masterFor(reference);
            if (!master || !master->isEmpty())
                break;
        }
    } else if (type == QLatin1String("Communication")) {
        row.kind = QStringLiteral("message");
        row.occurredAt = firstDate(resource, {"received", "sent"});
        auto inbound = inboundMessage(resource, id, row.occurredAt);
        if (!inbound)
            return std::unexpected(inbound.error());
        if (inbound->isInbound && inbound->masterId.isEmpty()) {
            // A message nobody can tie to a patient still reaches a person: it is filed under a
            // placeholder patient of its own, for the nurse to identify.
            auto placeholder = m_store.resolve({{QStringLiteral("unmatched-communication"), id}});
            if (!placeholder)
                return std::unexpected(placeholder.error());
            inbound->masterId = *placeholder;
            inbound->reply.masterId = *placeholder;
            inbound->reply.reviewReason =
                QStringList{inbound->reply.reviewReason,
                            QStringLiteral("the patient could not be identified")}
                    .filter(QRegularExpression(QStringLiteral(".")))
                    .join(QStringLiteral("; "));
        }
        master = inbound->masterId;
        row.summary = inbound->summary;
        if (inbound->isInbound)
            reply = inbound->reply;
    } else if (type == QLatin1String("Consent")) {
        row.kind = QStringLiteral("consent");
        row.occurredAt = firstDate(resource, {"dateTime"});
        row.summary = conceptText(obj(resource, "scope"));
        if (row.summary.isEmpty())
            row.summary = firstConceptText(arr(resource, "category"));
        master = subjectMaster(resource, QStringLiteral("patient"));
    } else if (type == QLatin1String("Task")) {
        row.kind = QStringLiteral("task");
        row.occurredAt =
            firstDate(resource, {"authoredOn", "executionPeriod.start", "lastModified"});
        row.summary = str(resource, "description");
        if (row.summary.isEmpty())
            row.summary = conceptText(obj(resource, "code"));
        master = subjectMaster(resource, QStringLiteral("for"));
    } else if (type.startsWith(QLatin1String("CoverageEligibility")) ||
               type.startsWith(QLatin1String("Claim"))) {
        // Benefits checks and prior authorizations, for the journey's payer clocks. Claims for
        // payment are not part of a patient's journey.
        const bool claim = type.startsWith(QLatin1String("Claim"));
        if (claim && str(resource, "use") != QLatin1String("preauthorization"))
            return Outcome::Skipped;
        row.kind = claim ? QStringLiteral("authorization") : QStringLiteral("eligibility");
        row.occurredAt = firstDate(resource, {"created"});
        const bool response = type.endsWith(QLatin1String("Response"));
        if (response)
            row.status = str(resource, "outcome");
        row.summary = response ? str(resource, "disposition") : QString();
        if (row.summary.isEmpty())
            row.summary = claim ? (response ? QStringLiteral("Prior authorization decision")
                                            : QStringLiteral("Prior authorization request"))
                                : (response ? QStringLiteral("Eligibility response")
                                            : QStringLiteral("Eligibility request"));
        master = subjectMaster(resource, QStringLiteral("patient"));
    } else {
        // Practitioner, Organization: directory records, about no patient.
        row.kind = type.toLower();
        row.summary = nameOf(resource);
        row.status = resource.value(QLatin1String("active")).toBool(true)
                         ? QStringLiteral("active")
                         : QStringLiteral("inactive");
    }

    if (!master)
        return std::unexpected(master.error());
    row.masterId = *master;
    if (auto stored = m_store.upsertRecord(row); !stored)
        return std::unexpected(stored.error());
    return Outcome::Stored;
}

} // namespace CareDesk
