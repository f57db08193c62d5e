// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/journey/JourneyRecords.h"

#include "models/Clock.h"
#include "services/analytics/AdherenceCalculator.h"
#include "services/fhir/FhirMapper.h"
#include "services/fhir/FhirReader.h"
#include "services/store/SqlFailure.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>

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

// Every code of a CodeableConcept and its text, lower case, for matching triggers.
QStringList conceptCodes(const QJsonObject &codeable)
{
    QStringList codes;
    for (const QJsonValue &coding : arr(codeable, "coding")) {
        if (const QString code = str(coding.toObject(), "code"); !code.isEmpty())
            codes.append(code.toLower());
    }
    if (const QString text = str(codeable, "text"); !text.isEmpty())
        codes.append(text.toLower());
    return codes;
}

QString referenceOf(const QJsonObject &reference)
{
    return resolveReference(str(reference, "reference"), {});
}

// A synced record's id carries its server ("17@fhir1", FhirMapper::scopedId) but the references
// in its body are the server's own ("Claim/17"): scope them the same way, so a synced response
// finds its synced request.
QString scopedReference(const QString &reference, const QString &recordId)
{
    const qsizetype at = recordId.lastIndexOf(u'@');
    if (reference.isEmpty() || at < 0 || reference.contains(u'@'))
        return reference;
    return reference + recordId.mid(at);
}

// "stat" (and the words people use for it) asks the payer for an expedited decision.
bool isExpedited(const QJsonObject &resource)
{
    static const QStringList urgent{QStringLiteral("stat"), QStringLiteral("urgent"),
                                    QStringLiteral("asap"), QStringLiteral("expedited")};
    for (const QString &code : conceptCodes(obj(resource, "priority"))) {
        if (urgent.contains(code))
            return true;
    }
    return urgent.contains(str(resource, "priority").toLower()); // Task.priority is a code
}

// Da Vinci PAS marks a pended or denied item with a review action code (A3: not certified).
bool hasReviewAction(const QJsonValue &value, const QString &code)
{
    if (value.isArray()) {
        for (const QJsonValue &entry : value.toArray()) {
            if (hasReviewAction(entry, code))
                return true;
        }
        return false;
    }
    if (!value.isObject())
        return false;
    const QJsonObject object = value.toObject();
    if (str(object, "url").contains(QLatin1String("reviewAction")) &&
        conceptCodes(obj(object, "valueCodeableConcept")).contains(code.toLower()))
        return true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if ((it->isObject() || it->isArray()) && hasReviewAction(*it, code))
            return true;
    }
    return false;
}

QStringList claimResponseReasons(const QJsonObject &resource)
{
    QStringList reasons;
    for (const QJsonValue &error : arr(resource, "error")) {
        if (const QString text = conceptText(obj(error.toObject(), "code")); !text.isEmpty())
            reasons.append(text);
    }
    for (const QJsonValue &item : arr(resource, "item")) {
        for (const QJsonValue &adjudication : arr(item.toObject(), "adjudication")) {
            const QString text = conceptText(obj(adjudication.toObject(), "reason"));
            if (!text.isEmpty() && !reasons.contains(text))
                reasons.append(text);
        }
    }
    return reasons;
}

bool adjudicatedDenied(const QJsonObject &resource)
{
    for (const QJsonValue &item : arr(resource, "item")) {
        for (const QJsonValue &adjudication : arr(item.toObject(), "adjudication")) {
            if (conceptCodes(obj(adjudication.toObject(), "category"))
                    .contains(QStringLiteral("denied")))
                return true;
        }
    }
    return hasReviewAction(resource.value(QLatin1String("item")), QStringLiteral("A3"));
}

void eligibilityOutcome(const QJsonObject &resource, JourneyEvent &event)
{
    const QString outcome = str(resource, "outcome");
    for (const QJsonValue &error : arr(resource, "error")) {
        if (const QString text = conceptText(obj(error.toObject(), "code")); !text.isEmpty())
            event.reasons.append(text);
    }
    bool notInForce = false;
    for (const QJsonValue &insurance : arr(resource, "insurance")) {
        const QJsonObject object = insurance.toObject();
        if (object.contains(QLatin1String("inforce")) &&
            !object.value(QLatin1String("inforce")).toBool(true)) {
            notInForce = true;
            const QString coverage = str(obj(object, "coverage"), "display");
            event.reasons.append(coverage.isEmpty()
                                     ? QStringLiteral("Coverage not in force")
                                     : QStringLiteral("Coverage not in force: %1").arg(coverage));
        }
    }
    if (outcome == QLatin1String("queued"))
        event.status = QStringLiteral("pended");
    else if (outcome == QLatin1String("error"))
        event.status = QStringLiteral("error");
    else
        event.status = notInForce ? QStringLiteral("ineligible") : QStringLiteral("eligible");
    if (event.status != QLatin1String("eligible") && !str(resource, "disposition").isEmpty())
        event.reasons.append(str(resource, "disposition"));
}

QDateTime firstTime(const QJsonObject &resource, std::initializer_list<const char *> paths)
{
    for (const char *path : paths) {
        const QString key = QString::fromLatin1(path);
        QString value;
        if (const qsizetype dot = key.indexOf(u'.'); dot > 0)
            value = resource.value(key.left(dot)).toObject().value(key.mid(dot + 1)).toString();
        else
            value = resource.value(key).toString();
        if (const QDateTime when = parseFhirDateTime(value); when.isValid())
            return when;
    }
    return QDateTime();
}

QDate localDate(const QDateTime &when, const QTimeZone &zone)
{
    return when.isValid() ? when.toTimeZone(zone).date() : QDate();
}

} // namespace

QString JourneyRecords::medicationKey(const QString &text)
{
    static const QRegularExpression daysSuffix(QStringLiteral("\\s*\\(\\d+(\\.\\d+)? days\\)$"));
    return QString(text).remove(daysSuffix).trimmed().toLower();
}

std::optional<JourneyEvent> JourneyRecords::eventFrom(const StoredRecord &record)
{
    const QJsonObject &body = record.body;
    JourneyEvent event;
    event.when = record.occurredAt;
    event.status = record.status.toLower();
    event.text = record.summary;
    event.resourceType = record.resourceType;
    event.resourceId = record.resourceId;
    const QString &type = record.resourceType;

    if (type == QLatin1String("Task")) {
        event.type = QStringLiteral("task");
        event.codes = conceptCodes(obj(body, "code"));
        event.expedited = isExpedited(body);
        // A finished task moved the journey when it was finished, not when it was written.
        if (event.status == QLatin1String("completed"))
            event.when = firstTime(body, {"executionPeriod.end", "lastModified", "authoredOn"});
        if (!event.when.isValid())
            event.when = record.occurredAt;
    } else if (type == QLatin1String("CoverageEligibilityRequest") ||
               (type == QLatin1String("Claim"))) {
        event.type = type == QLatin1String("Claim") ? QStringLiteral("preauth-request")
                                                    : QStringLiteral("eligibility-request");
        event.status = QStringLiteral("submitted");
        event.expedited = isExpedited(body);
        event.codes = conceptCodes(obj(body, "priority"));
        for (const QJsonValue &related : arr(body, "related")) {
            const QString earlier = referenceOf(obj(related.toObject(), "claim"));
            if (!earlier.isEmpty())
                event.related = scopedReference(earlier, record.resourceId);
        }
    } else if (type == QLatin1String("CoverageEligibilityResponse")) {
        event.type = QStringLiteral("eligibility");
        event.related = scopedReference(referenceOf(obj(body, "request")), record.resourceId);
        eligibilityOutcome(body, event);
    } else if (type == QLatin1String("ClaimResponse")) {
        event.type = QStringLiteral("preauth");
        event.related = scopedReference(referenceOf(obj(body, "request")), record.resourceId);
        const QString outcome = str(body, "outcome");
        if (outcome == QLatin1String("queued"))
            event.status = QStringLiteral("pended");
        else if (outcome == QLatin1String("error") || adjudicatedDenied(body))
            event.status = QStringLiteral("denied");
        else if (outcome == QLatin1String("partial"))
            event.status = QStringLiteral("partial");
        else
            event.status = QStringLiteral("approved");
        if (event.status == QLatin1String("denied") || event.status == QLatin1String("partial")) {
            event.reasons = claimResponseReasons(body);
            if (event.reasons.isEmpty() && !str(body, "disposition").isEmpty())
                event.reasons.append(str(body, "disposition"));
        }
    } else if (type == QLatin1String("MedicationDispense")) {
        event.type = QStringLiteral("dispense");
        event.codes = conceptCodes(obj(body, "medicationCodeableConcept"));
        event.codes.append(medicationKey(record.summary));
    } else if (type == QLatin1String("Appointment")) {
        event.type = QStringLiteral("appointment");
        for (const QJsonValue &service : arr(body, "serviceType"))
            event.codes.append(conceptCodes(service.toObject()));
        event.codes.append(conceptCodes(obj(body, "appointmentType")));
    } else if (type == QLatin1String("Consent")) {
        event.type = QStringLiteral("consent");
        event.codes = conceptCodes(obj(body, "scope"));
    } else if (type == QLatin1String("HL7v2")) {
        event.type = QStringLiteral("adt");
        // The kind ("admission") and the trigger event ("a01") as AdtApplier stores them.
        event.codes = {record.kind.toLower(), str(body, "trigger").toLower()};
        event.codes.removeAll(QString());
    } else {
        return std::nullopt;
    }
    // Entered in error: it never happened, so it moves nothing.
    if (!event.when.isValid() || event.status == QLatin1String("entered-in-error"))
        return std::nullopt;
    return event;
}

std::optional<DispenseFill> JourneyRecords::fillFrom(const StoredRecord &record,
                                                     const QTimeZone &zone)
{
    if (record.resourceType != QLatin1String("MedicationDispense") ||
        record.status != QLatin1String("completed"))
        return std::nullopt;
    DispenseFill fill;
    fill.resourceId = record.resourceId;
    fill.medication = medicationKey(record.summary);
    fill.date = localDate(record.occurredAt, zone);
    const QJsonObject days = obj(record.body, "daysSupply");
    const QString unit = (str(days, "code") + str(days, "unit")).toLower();
    double value = days.value(QLatin1String("value")).toDouble(0);
    if (unit.startsWith(QLatin1String("wk")) || unit.startsWith(QLatin1String("week")))
        value *= 7;
    fill.daysSupply = int(value + 0.5);
    return fill;
}

std::optional<DaySpan> JourneyRecords::stayFrom(const StoredRecord &record, const QTimeZone &zone,
                                                const QDate &today)
{
    if (record.resourceType != QLatin1String("Encounter"))
        return std::nullopt;
    const QJsonObject &body = record.body;
    QDateTime admitted;
    QDateTime discharged;
    const QString fhirClass = str(obj(body, "class"), "code").toUpper();
    if (fhirClass == QLatin1String("IMP") || fhirClass == QLatin1String("ACUTE") ||
        fhirClass == QLatin1String("NONAC")) {
        admitted = firstTime(body, {"period.start"});
        discharged = firstTime(body, {"period.end"});
    } else if (str(body, "class") == QLatin1String("I")) {
        // An HL7 v2 visit as AdtApplier stores it.
        admitted = parseFhirDateTime(str(body, "admit"));
        discharged = parseFhirDateTime(str(body, "discharge"));
    } else {
        return std::nullopt;
    }
    if (!admitted.isValid())
        return std::nullopt;
    const bool stillIn = !discharged.isValid() && record.status != QLatin1String("finished");
    if (!discharged.isValid() && !stillIn)
        return std::nullopt;
    return AdherenceCalculator::stayDays(localDate(admitted, zone), localDate(discharged, zone),
                                         today);
}

Result<PatientRecords> JourneyRecords::load(const QSqlDatabase &db, const QString &masterId,
                                            const QTimeZone &zone, const QDate &today)
{
    PatientRecords records;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT resource_type, resource_id, kind, occurred_at, status, "
                                 "summary, body FROM records WHERE master_id = ? "
                                 "ORDER BY occurred_at, resource_type, resource_id"));
    query.addBindValue(masterId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the journey records"), query);
    while (query.next()) {
        StoredRecord record;
        record.resourceType = query.value(0).toString();
        record.resourceId = query.value(1).toString();
        record.kind = query.value(2).toString();
        if (!query.value(3).isNull())
            record.occurredAt = fromStorageTime(query.value(3).toString());
        record.status = query.value(4).toString();
        record.summary = query.value(5).toString();
        record.body = QJsonDocument::fromJson(query.value(6).toByteArray()).object();

        if (auto event = eventFrom(record))
            records.events.append(*event);
        if (auto fill = fillFrom(record, zone))
            records.fills.append(*fill);
        if (auto stay = stayFrom(record, zone, today))
            records.stays.append(*stay);
        if (record.kind == QLatin1String("condition")) {
            records.conditions.append(record.summary.toLower());
            records.conditions.append(conceptCodes(obj(record.body, "code")));
        }
        if (record.kind == QLatin1String("medication") || record.kind == QLatin1String("dispense"))
            records.therapies.append(medicationKey(record.summary));
    }
    records.therapies.removeDuplicates();
    records.conditions.removeDuplicates();
    records.conditions.removeAll(QString());

    QSqlQuery actions(db);
    actions.setForwardOnly(true);
    actions.prepare(QStringLiteral("SELECT id, action, stage, step, at FROM journey_actions "
                                   "WHERE master_id = ? ORDER BY at, id"));
    actions.addBindValue(masterId);
    if (!actions.exec())
        return sqlFailure(QStringLiteral("Reading the coordinator's actions"), actions);
    while (actions.next()) {
        JourneyEvent event;
        event.type = QStringLiteral("action");
        event.resourceType = QStringLiteral("JourneyAction");
        event.resourceId = actions.value(0).toString();
        event.codes = {actions.value(1).toString()};
        event.status = QStringLiteral("done");
        event.targetStage = actions.value(2).toString();
        event.step = actions.value(3).toString();
        event.when = fromStorageTime(actions.value(4).toString());
        event.text =
            event.targetStage.isEmpty()
                ? QStringLiteral("Coordinator marked step %1 done").arg(event.step)
                : QStringLiteral("Coordinator moved the patient to %1").arg(event.targetStage);
        records.events.append(event);
    }

    QSqlQuery patient(db);
    patient.prepare(
        QStringLiteral("SELECT birth_date, language FROM patients WHERE master_id = ?"));
    patient.addBindValue(masterId);
    if (!patient.exec())
        return sqlFailure(QStringLiteral("Reading the patient's language"), patient);
    if (patient.next()) {
        records.birthDate = patient.value(0).toString();
        records.language = patient.value(1).toString();
    }
    return records;
}

} // namespace CareDesk
