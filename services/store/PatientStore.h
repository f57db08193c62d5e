// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/TimelineEvent.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace CareDesk {

class Clock;
class StatementCache;

// An identifier under which a source system knows a patient: ("Patient", FHIR id),
// (identifier.system, value), ("hl7:<authority>:<type>", CX.1).
struct PatientAlias {
    QString system;
    QString value;
};

struct PatientIdentity {
    QString family;
    QString given;
    QString birthDate;
    QString gender;
    QString phone;
    QString language;
    QString email;
    QString timeZone; // IANA id ("America/Chicago"); where the patient's quiet hours are read
};

// One source record on a patient's journey.
struct RecordRow {
    QString resourceType;
    QString resourceId;
    QString masterId; // empty for records about no patient (Practitioner, Organization)
    QString kind;
    QDateTime occurredAt;
    QString summary;
    QString status;
    QString source; // "fhir-import", "hl7-import", "demo"
    QByteArray body;
};

// Identity resolution and record storage. Writes run inside the caller's transaction.
// A store is made for one unit of work (a file, a message): it keeps the site's master ID key
// once read, which a rolled-back savepoint could take back. Its prepared statements may come
// from a cache that lives longer (a batch of messages); without one it keeps its own.
class PatientStore
{
public:
    PatientStore(QSqlDatabase db, const Clock &clock,
                 std::shared_ptr<StatementCache> statements = {});

    // The master ID that owns any of the aliases, or a new one; every alias is then attached.
    // When aliases belong to two different masters, the first found wins and the others are
    // left where they are (merges are explicit, never implied).
    Result<QString> resolve(const QList<PatientAlias> &aliases);
    // Looks up without creating.
    Result<QString> find(const QList<PatientAlias> &aliases);
    VoidResult updateIdentity(const QString &masterId, const PatientIdentity &identity);
    VoidResult upsertRecord(const RecordRow &row);
    // Moves everything of mergedMasterId (aliases, records, replies, items, consent) to
    // survivorMasterId. Returns the number of rows moved.
    Result<int> merge(const QString &survivorMasterId, const QString &mergedMasterId);

    Result<PatientSummary> summary(const QString &masterId) const;
    Result<QList<TimelineEvent>> timeline(const QString &masterId) const;

    Result<QString> newMasterId(const PatientAlias &seed);

private:
    QSqlDatabase m_db;
    const Clock &m_clock;
    QByteArray m_masterIdKey; // read from (or first written to) the site table on first use
    // Statements of the calls made once per record (find, resolve, identity, records).
    std::shared_ptr<StatementCache> m_statements;
};

} // namespace CareDesk
