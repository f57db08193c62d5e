// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Classification.h"
#include "models/Error.h"
#include "services/security/Principal.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace CareDesk {

class AccessControl;
class AuditLog;
class Clock;

// A reply CareDesk read as a possible adverse event, with the day it first received it: day 0 of
// the pharmacovigilance report clock (15 calendar days).
struct AdverseEventRecord {
    qint64 id = 0;
    QString masterId;
    qint64 itemId = 0;
    QString communicationId;
    QStringList symptoms;     // concept flags, e.g. "mild-rash"
    QStringList symptomWords; // the patient's own words for them
    QStringList therapyWords; // the words that tie them to the therapy
    QDateTime firstReceivedAt;
    QDateTime reportDueAt;
    QString status; // "open", "reported" (resolved as adverse-event-reported), "not-reported"
    QDateTime closedAt;
    QString closedBy;
    QString verbatim; // the reply as the patient wrote it, for the report's narrative

    // Whole days left to report at now (negative when late); meaningful while open.
    qint64 daysLeft(const QDateTime &now) const;
};

// Records possible adverse events as replies arrive, closes them with their item, and exports
// them for the pharmacovigilance team (CSV or NDJSON). The verbatim is the patient's message and
// so PHI: exports are audited and go where the user writes them, never to a log.
class AdverseEventLog
{
public:
    static constexpr int kReportDays = 15;

    // Inside the caller's transaction. A symptom the patient's open item already reported as a
    // possible adverse event is the same event again: it keeps its first-received date and no
    // new record is made (the existing id is returned).
    static Result<qint64> record(QSqlDatabase &db, AuditLog &audit, const Clock &clock,
                                 const QString &actor, qint64 itemId, const QString &masterId,
                                 const QString &communicationId,
                                 const Classification &classification);
    // Inside the caller's transaction: an item resolved as adverse-event-reported closes its
    // events as reported; any other disposition closes them as not reported (a person judged).
    static VoidResult closeForItem(QSqlDatabase &db, qint64 itemId, const QString &disposition,
                                   const QString &actor, const QDateTime &now);

    // Every event, oldest first, verbatims included: adverse-event.export.
    static Result<QList<AdverseEventRecord>> list(AccessControl &access, const Principal &who,
                                                  const QSqlDatabase &db);

    enum class Format { Csv, Ndjson };
    static QByteArray exportAs(const QList<AdverseEventRecord> &records, Format format,
                               const QDateTime &now);
    // The export the pharmacovigilance team takes: adverse-event.export, the events in format,
    // and an "ae-export" entry in the audit trail with the format and the count (never the
    // content), written before the data leaves.
    struct Export {
        QByteArray bytes;
        qsizetype records = 0;
    };
    static Result<Export> exportFor(AccessControl &access, AuditLog &audit, const Principal &who,
                                    const QSqlDatabase &db, Format format, const QDateTime &now);
};

} // namespace CareDesk
