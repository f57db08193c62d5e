// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/AdverseEventLog.h"

#include "models/Clock.h"
#include "models/TriageItem.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/SqlFailure.h"
#include "services/triage/TriageService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcAdverseEvents, "caredesk.triage.adverseevents", QtInfoMsg)

namespace CareDesk {

namespace {

QDateTime optionalTime(const QVariant &value)
{
    return value.isNull() ? QDateTime() : fromStorageTime(value.toString());
}

// One CSV field (RFC 4180). A field a spreadsheet would run as a formula ("=", "+", "-", "@"
// first) gets a leading apostrophe: the verbatim is the patient's text, not ours.
QByteArray csvField(const QString &value)
{
    QString text = value;
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()))
        text.prepend(u'\'');
    if (text.contains(u',') || text.contains(u'"') || text.contains(u'\n') ||
        text.contains(u'\r') || text != value) {
        text.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        text = u'"' + text + u'"';
    }
    return text.toUtf8();
}

// Times as UTC with a "Z", whatever zone object the time came with.
QString instant(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODate) : QString();
}

QString day(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().date().toString(Qt::ISODate) : QString();
}

} // namespace

qint64 AdverseEventRecord::daysLeft(const QDateTime &now) const
{
    return now.toUTC().date().daysTo(reportDueAt.toUTC().date());
}

Result<qint64> AdverseEventLog::record(QSqlDatabase &db, AuditLog &audit, const Clock &clock,
                                       const QString &actor, qint64 itemId, const QString &masterId,
                                       const QString &communicationId,
                                       const Classification &classification)
{
    // The same symptom again in the item's episode is a follow-up of the event already open.
    QSqlQuery open(db);
    open.prepare(QStringLiteral("SELECT id, flags FROM adverse_events WHERE item_id = ? AND "
                                "status = 'open' ORDER BY id"));
    open.addBindValue(itemId);
    if (!open.exec())
        return sqlFailure(QStringLiteral("Reading the item's adverse events"), open);
    while (open.next()) {
        const QStringList flags = open.value(1).toString().split(u',', Qt::SkipEmptyParts);
        for (const QString &flag : classification.adverseEventSymptoms) {
            if (flags.contains(flag))
                return open.value(0).toLongLong();
        }
    }
    open.finish();

    QList<Evidence> evidence;
    for (const Evidence &entry : classification.evidence) {
        if (entry.flag == QLatin1String("therapy-link") ||
            (classification.adverseEventSymptoms.contains(entry.flag) &&
             (entry.context == EvidenceContext::Affirmed ||
              entry.context == EvidenceContext::Uncertain)))
            evidence.append(entry);
    }
    const QDateTime now = clock.now();
    const QDateTime due = now.addDays(kReportDays);
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO adverse_events (master_id, item_id, "
                                  "communication_id, flags, evidence, first_received_at, "
                                  "report_due_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(masterId);
    insert.addBindValue(itemId > 0 ? QVariant(itemId) : QVariant());
    insert.addBindValue(communicationId);
    insert.addBindValue(classification.adverseEventSymptoms.join(u','));
    insert.addBindValue(
        QString::fromUtf8(QJsonDocument(evidenceToJson(evidence)).toJson(QJsonDocument::Compact)));
    insert.addBindValue(toStorageTime(now));
    insert.addBindValue(toStorageTime(due));
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Recording a possible adverse event"), insert);
    const qint64 id = insert.lastInsertId().toLongLong();

    if (auto audited = audit.appendInTransaction(
            db, {actor, QStringLiteral("adverse-event"), masterId,
                 QStringLiteral("adverse-event/%1").arg(id), QStringLiteral("success"),
                 QStringLiteral("item=%1;report-due=%2").arg(itemId).arg(day(due))});
        !audited)
        return std::unexpected(audited.error());
    qCInfo(lcAdverseEvents) << "possible adverse event" << id << "item" << itemId << "patient"
                            << masterId << "report due" << day(due);
    return id;
}

VoidResult AdverseEventLog::closeForItem(QSqlDatabase &db, qint64 itemId,
                                         const QString &disposition, const QString &actor,
                                         const QDateTime &now)
{
    QSqlQuery close(db);
    close.prepare(QStringLiteral("UPDATE adverse_events SET status = ?, closed_at = ?, "
                                 "closed_by = ? WHERE item_id = ? AND status = 'open'"));
    close.addBindValue(disposition == QLatin1String("adverse-event-reported")
                           ? QStringLiteral("reported")
                           : QStringLiteral("not-reported"));
    close.addBindValue(toStorageTime(now));
    close.addBindValue(actor);
    close.addBindValue(itemId);
    if (!close.exec())
        return sqlFailure(QStringLiteral("Closing the item's adverse events"), close);
    return {};
}

Result<QList<AdverseEventRecord>> AdverseEventLog::list(AccessControl &access, const Principal &who,
                                                        const QSqlDatabase &db)
{
    if (auto allowed = access.require(who, Permission::AdverseEventExport, QString(),
                                      QStringLiteral("adverse-events"));
        !allowed)
        return std::unexpected(allowed.error());
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT a.id, a.master_id, a.item_id, a.communication_id, a.flags, a.evidence, "
            "a.first_received_at, a.report_due_at, a.status, a.closed_at, a.closed_by, r.body "
            "FROM adverse_events a LEFT JOIN replies r ON r.communication_id = "
            "a.communication_id ORDER BY a.first_received_at, a.id")))
        return sqlFailure(QStringLiteral("Reading possible adverse events"), query);
    QList<AdverseEventRecord> records;
    while (query.next()) {
        AdverseEventRecord record;
        record.id = query.value(0).toLongLong();
        record.masterId = query.value(1).toString();
        record.itemId = query.value(2).toLongLong();
        record.communicationId = query.value(3).toString();
        record.symptoms = query.value(4).toString().split(u',', Qt::SkipEmptyParts);
        const QList<Evidence> evidence =
            evidenceFromJson(QJsonDocument::fromJson(query.value(5).toString().toUtf8()).array());
        for (const Evidence &entry : evidence) {
            (entry.flag == QLatin1String("therapy-link") ? record.therapyWords
                                                         : record.symptomWords)
                .append(entry.matchedText);
        }
        record.firstReceivedAt = optionalTime(query.value(6));
        record.reportDueAt = optionalTime(query.value(7));
        record.status = query.value(8).toString();
        record.closedAt = optionalTime(query.value(9));
        record.closedBy = query.value(10).toString();
        record.verbatim = query.value(11).toString();
        records.append(record);
    }
    return records;
}

QByteArray AdverseEventLog::exportAs(const QList<AdverseEventRecord> &records, Format format,
                                     const QDateTime &now)
{
    QByteArray out;
    if (format == Format::Csv) {
        out += "adverse_event_id,patient_master_id,triage_item_id,communication_id,"
               "first_received,report_due,days_left,status,closed_at,closed_by,symptoms,"
               "symptom_words,therapy_words,verbatim\r\n";
    }
    for (const AdverseEventRecord &record : records) {
        const QString daysLeft = record.status == QLatin1String("open")
                                     ? QString::number(record.daysLeft(now))
                                     : QString();
        if (format == Format::Ndjson) {
            const QJsonObject object{
                {QStringLiteral("adverseEventId"), record.id},
                {QStringLiteral("patientMasterId"), record.masterId},
                {QStringLiteral("triageItemId"), record.itemId},
                {QStringLiteral("communicationId"), record.communicationId},
                {QStringLiteral("firstReceived"), instant(record.firstReceivedAt)},
                {QStringLiteral("reportDue"), day(record.reportDueAt)},
                {QStringLiteral("daysLeft"),
                 daysLeft.isEmpty() ? QJsonValue() : QJsonValue(record.daysLeft(now))},
                {QStringLiteral("status"), record.status},
                {QStringLiteral("closedAt"),
                 record.closedAt.isValid() ? QJsonValue(instant(record.closedAt)) : QJsonValue()},
                {QStringLiteral("closedBy"),
                 record.closedBy.isEmpty() ? QJsonValue() : QJsonValue(record.closedBy)},
                {QStringLiteral("symptoms"), QJsonArray::fromStringList(record.symptoms)},
                {QStringLiteral("symptomWords"), QJsonArray::fromStringList(record.symptomWords)},
                {QStringLiteral("therapyWords"), QJsonArray::fromStringList(record.therapyWords)},
                {QStringLiteral("verbatim"), record.verbatim},
            };
            out += QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
            continue;
        }
        const QStringList fields{QString::number(record.id),
                                 record.masterId,
                                 QString::number(record.itemId),
                                 record.communicationId,
                                 instant(record.firstReceivedAt),
                                 day(record.reportDueAt),
                                 daysLeft,
                                 record.status,
                                 instant(record.closedAt),
                                 record.closedBy,
                                 record.symptoms.join(u';'),
                                 record.symptomWords.join(u';'),
                                 record.therapyWords.join(u';'),
                                 record.verbatim};
        QByteArrayList line;
        for (const QString &field : fields)
            line.append(csvField(field));
        out += line.join(',') + "\r\n";
    }
    return out;
}

Result<AdverseEventLog::Export> AdverseEventLog::exportFor(AccessControl &access, AuditLog &audit,
                                                           const Principal &who,
                                                           const QSqlDatabase &db, Format format,
                                                           const QDateTime &now)
{
    auto records = list(access, who, db);
    if (!records)
        return std::unexpected(records.error());
    Export exported{exportAs(*records, format, now), records->size()};
    if (auto audited = audit.append(
            {who.user, QStringLiteral("ae-export"), QString(), QStringLiteral("adverse-events"),
             QStringLiteral("success"),
             QStringLiteral("format=%1;records=%2")
                 .arg(format == Format::Csv ? QStringLiteral("csv") : QStringLiteral("ndjson"))
                 .arg(records->size())});
        !audited)
        return std::unexpected(audited.error());
    return exported;
}

} // namespace CareDesk
