// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/AuditLog.h"
#include "services/security/Principal.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace CareDesk {

class AccessControl;

struct AuditFilter {
    QString user;
    QString masterId;
    QString action;
    QString outcome;
    QDateTime from; // inclusive, UTC; invalid: no bound
    QDateTime to;   // exclusive
    int limit = 0;  // 0: all
};

struct AuditEntry {
    qint64 seq = 0;
    QDateTime at;
    QString actor;
    QString action;
    QString masterId;
    QString object;
    QString outcome;
    QString detail;
    QString hash;
};

// One row of "who saw this patient": a user, what they did, how often, first and last time.
struct PatientAccessRow {
    QString user;
    QString action;
    QString outcome;
    int count = 0;
    QDateTime first;
    QDateTime last;
};

// The audit trail as supervisors and auditors read it: filtered entries (audit.read), the
// patient access report (audit.read), exports as FHIR R4 AuditEvent NDJSON or CSV (audit.export)
// and verification (audit.verify). Reports and exports are themselves audited.
class AuditTrail
{
public:
    enum class Format { Ndjson, Csv };

    explicit AuditTrail(AccessControl &access);

    Result<QList<AuditEntry>> entries(const Principal &who, const AuditFilter &filter);
    Result<QList<PatientAccessRow>> patientAccess(const Principal &who, const QString &masterId);
    // The same report over the entries the filter keeps (its masterId is required; user, action,
    // outcome and period narrow it).
    Result<QList<PatientAccessRow>> patientAccess(const Principal &who, const AuditFilter &filter);
    Result<QByteArray> exportEntries(const Principal &who, const AuditFilter &filter,
                                     Format format);
    Result<AuditVerification> verify(const Principal &who);

    static QJsonObject toAuditEvent(const AuditEntry &entry);
    static QByteArray toCsv(const QList<AuditEntry> &entries);

private:
    Result<QList<AuditEntry>> query(const AuditFilter &filter) const;

    AccessControl &m_access;
};

} // namespace CareDesk
