// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Consent.h"
#include "models/Error.h"

#include <QSqlDatabase>

namespace CareDesk {

class AuditLog;

// The consent ledger in the cache (table consent_events). Events are only ever appended; the
// database refuses to change or delete one, and the current state is derived from them
// (ConsentState::derive). Writes run inside the caller's transaction.
class ConsentLedger
{
public:
    // Checks the event and appends it, with an audit entry naming what was recorded (codes only,
    // never the patient's words). Returns the new event's id.
    static Result<qint64> append(QSqlDatabase &db, AuditLog &audit, const QString &actor,
                                 const ConsentEvent &event);
    // Every event of the patient, in ledger order. An event recorded from a reply counts from
    // the moment the reply was received; no event counts from later than it was recorded.
    static Result<QList<ConsentEvent>> history(const QSqlDatabase &db, const QString &masterId);
    static Result<ConsentEvent> event(const QSqlDatabase &db, qint64 id);

    // The system of every event's identifier (FHIR Consent.identifier when pushed).
    static QString identifierSystem();

    // Sources a person records by hand; they need to say who captured the consent.
    static QStringList manualSources();
    static QStringList knownSources();
};

} // namespace CareDesk
