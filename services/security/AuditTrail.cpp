// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/AuditTrail.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace CareDesk {

namespace {

const QString kDicom = QStringLiteral("http://dicom.nema.org/resources/ontology/DCM");

QJsonObject coding(const QString &system, const QString &code, const QString &display)
{
    return QJsonObject{{QStringLiteral("system"), system},
                       {QStringLiteral("code"), code},
                       {QStringLiteral("display"), display}};
}

// The DICOM audit event type (the vocabulary FHIR's AuditEvent.type uses) for an action.
QJsonObject eventType(const QString &action)
{
    if (action == QLatin1String("sign-in") || action == QLatin1String("unlock") ||
        action == QLatin1String("sign-out") || action == QLatin1String("mfa-enrol") ||
        action == QLatin1String("lock"))
        return coding(kDicom, QStringLiteral("110114"), QStringLiteral("User Authentication"));
    if (action == QLatin1String("access-denied") || action.startsWith(QLatin1String("break-glass")))
        return coding(kDicom, QStringLiteral("110113"), QStringLiteral("Security Alert"));
    if (action == QLatin1String("import"))
        return coding(kDicom, QStringLiteral("110107"), QStringLiteral("Import"));
    if (action.contains(QLatin1String("export")) || action == QLatin1String("backup"))
        return coding(kDicom, QStringLiteral("110106"), QStringLiteral("Export"));
    if (action.startsWith(QLatin1String("user-")))
        return coding(kDicom, QStringLiteral("110136"), QStringLiteral("Security Roles Changed"));
    return coding(kDicom, QStringLiteral("110110"), QStringLiteral("Patient Record"));
}

// FHIR AuditEvent.action: C create, R read, U update, D delete, E execute.
QString eventAction(const QString &action)
{
    if (action.startsWith(QLatin1String("view")) || action.contains(QLatin1String("report")) ||
        action.contains(QLatin1String("export")))
        return QStringLiteral("R");
    if (action == QLatin1String("import") || action == QLatin1String("open-item") ||
        action == QLatin1String("user-add") || action == QLatin1String("break-glass"))
        return QStringLiteral("C");
    if (action == QLatin1String("purge"))
        return QStringLiteral("D");
    if (action == QLatin1String("claim") || action == QLatin1String("release") ||
        action == QLatin1String("resolve") || action.startsWith(QLatin1String("user-")) ||
        action.startsWith(QLatin1String("hold")) || action == QLatin1String("opt-out") ||
        action == QLatin1String("break-glass-review"))
        return QStringLiteral("U");
    return QStringLiteral("E");
}

QString csvCell(const QString &value)
{
    QString cell = value;
    // A spreadsheet would run a cell that starts like a formula.
    if (!cell.isEmpty() && QStringLiteral("=+-@\t\r").contains(cell.at(0)))
        cell.prepend(u'\'');
    if (cell.contains(u',') || cell.contains(u'"') || cell.contains(u'\n') || cell.contains(u'\r'))
        cell = u'"' + cell.replace(u'"', QStringLiteral("\"\"")) + u'"';
    return cell;
}

// The WHERE clauses of a filter, each with its bound value appended to `values`.
QStringList whereClauses(const AuditFilter &filter, QVariantList &values)
{
    QStringList where;
    auto add = [&](const QString &clause, const QVariant &value) {
        where.append(clause);
        values.append(value);
    };
    if (!filter.user.isEmpty())
        add(QStringLiteral("actor = ?"), filter.user);
    if (!filter.masterId.isEmpty())
        add(QStringLiteral("master_id = ?"), filter.masterId);
    if (!filter.action.isEmpty())
        add(QStringLiteral("action = ?"), filter.action);
    if (!filter.outcome.isEmpty())
        add(QStringLiteral("outcome = ?"), filter.outcome);
    if (filter.from.isValid())
        add(QStringLiteral("at >= ?"), toStorageTime(filter.from));
    if (filter.to.isValid())
        add(QStringLiteral("at < ?"), toStorageTime(filter.to));
    return where;
}

} // namespace

AuditTrail::AuditTrail(AccessControl &access)
    : m_access(access)
{}

Result<QList<AuditEntry>> AuditTrail::query(const AuditFilter &filter) const
{
    QVariantList values;
    const QStringList where = whereClauses(filter, values);
    QString sql = QStringLiteral("SELECT seq, at, actor, action, master_id, object, outcome, "
                                 "detail, hash FROM audit_log");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY seq");
    if (filter.limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(filter.limit);

    QSqlQuery query(m_access.cache()->connection());
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the audit trail"), query);
    QList<AuditEntry> entries;
    while (query.next()) {
        AuditEntry entry;
        entry.seq = query.value(0).toLongLong();
        entry.at = fromStorageTime(query.value(1).toString());
        entry.actor = query.value(2).toString();
        entry.action = query.value(3).toString();
        entry.masterId = query.value(4).toString();
        entry.object = query.value(5).toString();
        entry.outcome = query.value(6).toString();
        entry.detail = query.value(7).toString();
        entry.hash = query.value(8).toString();
        entries.append(entry);
    }
    return entries;
}

Result<QList<AuditEntry>> AuditTrail::entries(const Principal &who, const AuditFilter &filter)
{
    if (auto allowed = m_access.require(who, Permission::AuditRead, filter.masterId); !allowed)
        return std::unexpected(allowed.error());
    return query(filter);
}

Result<QList<PatientAccessRow>> AuditTrail::patientAccess(const Principal &who,
                                                          const QString &masterId)
{
    AuditFilter filter;
    filter.masterId = masterId;
    return patientAccess(who, filter);
}

Result<QList<PatientAccessRow>> AuditTrail::patientAccess(const Principal &who,
                                                          const AuditFilter &filter)
{
    const QString masterId = filter.masterId;
    if (masterId.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The patient access report needs a patient's master ID."));
    const QString object = QStringLiteral("patient/%1").arg(masterId);
    if (auto allowed = m_access.require(who, Permission::AuditRead, masterId, object); !allowed)
        return std::unexpected(allowed.error());
    QVariantList values;
    const QStringList where = whereClauses(filter, values);
    QSqlQuery query(m_access.cache()->connection());
    query.prepare(QStringLiteral("SELECT actor, action, outcome, count(*), min(at), max(at) FROM "
                                 "audit_log WHERE %1 GROUP BY actor, action, outcome "
                                 "ORDER BY max(at) DESC")
                      .arg(where.join(QStringLiteral(" AND "))));
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the patient access report"), query);
    QList<PatientAccessRow> rows;
    while (query.next()) {
        rows.append({query.value(0).toString(), query.value(1).toString(),
                     query.value(2).toString(), query.value(3).toInt(),
                     fromStorageTime(query.value(4).toString()),
                     fromStorageTime(query.value(5).toString())});
    }
    query.finish();
    if (auto audited = m_access.audit().append(
            {who.user, QStringLiteral("view-access-report"), masterId, object});
        !audited)
        return std::unexpected(audited.error());
    return rows;
}

QJsonObject AuditTrail::toAuditEvent(const AuditEntry &entry)
{
    const QString outcome = entry.outcome == QLatin1String("success")     ? QStringLiteral("0")
                            : entry.outcome == QLatin1String("integrity") ? QStringLiteral("8")
                                                                          : QStringLiteral("4");
    QJsonArray entities;
    if (!entry.masterId.isEmpty()) {
        entities.append(QJsonObject{
            {QStringLiteral("what"),
             QJsonObject{
                 {QStringLiteral("identifier"),
                  QJsonObject{{QStringLiteral("system"), QStringLiteral("urn:caredesk:master-id")},
                              {QStringLiteral("value"), entry.masterId}}}}},
            {QStringLiteral("type"),
             coding(QStringLiteral("http://terminology.hl7.org/CodeSystem/audit-entity-type"),
                    QStringLiteral("1"), QStringLiteral("Person"))},
            {QStringLiteral("role"),
             coding(QStringLiteral("http://terminology.hl7.org/CodeSystem/object-role"),
                    QStringLiteral("1"), QStringLiteral("Patient"))},
        });
    }
    QJsonArray details{
        QJsonObject{{QStringLiteral("type"), QStringLiteral("caredesk-seq")},
                    {QStringLiteral("valueString"), QString::number(entry.seq)}},
        QJsonObject{{QStringLiteral("type"), QStringLiteral("caredesk-chain-hash")},
                    {QStringLiteral("valueString"), entry.hash}},
    };
    if (!entry.detail.isEmpty())
        details.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("caredesk-detail")},
                                   {QStringLiteral("valueString"), entry.detail}});
    QJsonObject object{
        {QStringLiteral("what"),
         QJsonObject{{QStringLiteral("identifier"),
                      QJsonObject{{QStringLiteral("system"), QStringLiteral("urn:caredesk:object")},
                                  {QStringLiteral("value"), entry.object}}}}},
        {QStringLiteral("type"),
         coding(QStringLiteral("http://terminology.hl7.org/CodeSystem/audit-entity-type"),
                QStringLiteral("2"), QStringLiteral("System Object"))},
        {QStringLiteral("detail"), details},
    };
    entities.append(object);

    QJsonObject event{
        {QStringLiteral("resourceType"), QStringLiteral("AuditEvent")},
        {QStringLiteral("id"), QStringLiteral("caredesk-%1").arg(entry.seq)},
        {QStringLiteral("type"), eventType(entry.action)},
        {QStringLiteral("subtype"), QJsonArray{coding(QStringLiteral("urn:caredesk:audit-action"),
                                                      entry.action, entry.action)}},
        {QStringLiteral("action"), eventAction(entry.action)},
        {QStringLiteral("recorded"), entry.at.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("outcome"), outcome},
        {QStringLiteral("agent"),
         QJsonArray{QJsonObject{
             {QStringLiteral("who"),
              QJsonObject{
                  {QStringLiteral("identifier"),
                   QJsonObject{{QStringLiteral("system"), QStringLiteral("urn:caredesk:user")},
                               {QStringLiteral("value"), entry.actor}}}}},
             {QStringLiteral("requestor"), true}}}},
        {QStringLiteral("source"),
         QJsonObject{
             {QStringLiteral("observer"),
              QJsonObject{{QStringLiteral("display"), QStringLiteral("CareDesk")}}},
             {QStringLiteral("type"),
              QJsonArray{coding(
                  QStringLiteral("http://terminology.hl7.org/CodeSystem/security-source-type"),
                  QStringLiteral("4"), QStringLiteral("Application Server"))}}}},
        {QStringLiteral("entity"), entities},
    };
    if (outcome != QLatin1String("0"))
        event.insert(QStringLiteral("outcomeDesc"), entry.outcome);
    return event;
}

QByteArray AuditTrail::toCsv(const QList<AuditEntry> &entries)
{
    QString text =
        QStringLiteral("seq,recorded,user,action,patient,object,outcome,detail,hash\r\n");
    for (const AuditEntry &entry : entries) {
        text += QStringList{QString::number(entry.seq),
                            entry.at.toUTC().toString(Qt::ISODateWithMs),
                            csvCell(entry.actor),
                            csvCell(entry.action),
                            csvCell(entry.masterId),
                            csvCell(entry.object),
                            csvCell(entry.outcome),
                            csvCell(entry.detail),
                            entry.hash}
                    .join(u',') +
                QStringLiteral("\r\n");
    }
    return text.toUtf8();
}

Result<QByteArray> AuditTrail::exportEntries(const Principal &who, const AuditFilter &filter,
                                             Format format)
{
    if (auto allowed = m_access.require(who, Permission::AuditExport, filter.masterId); !allowed)
        return std::unexpected(allowed.error());
    auto entries = query(filter);
    if (!entries)
        return std::unexpected(entries.error());
    QByteArray out;
    if (format == Format::Csv) {
        out = toCsv(*entries);
    } else {
        for (const AuditEntry &entry : std::as_const(*entries))
            out += QJsonDocument(toAuditEvent(entry)).toJson(QJsonDocument::Compact) + '\n';
    }
    if (auto audited = m_access.audit().append(
            {who.user, QStringLiteral("audit-export"), filter.masterId, QStringLiteral("audit-log"),
             QStringLiteral("success"),
             QStringLiteral("format=%1;entries=%2")
                 .arg(format == Format::Csv ? QStringLiteral("csv") : QStringLiteral("ndjson"))
                 .arg(entries->size())});
        !audited)
        return std::unexpected(audited.error());
    return out;
}

Result<AuditVerification> AuditTrail::verify(const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::AuditVerify); !allowed)
        return std::unexpected(allowed.error());
    return m_access.audit().verify();
}

} // namespace CareDesk
