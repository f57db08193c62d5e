// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/ConsentLedger.h"

#include "models/Clock.h"
#include "services/security/AuditLog.h"
#include "services/store/SqlFailure.h"

#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcLedger, "caredesk.comms.ledger", QtInfoMsg)

namespace CareDesk {

namespace {

// A clock a few minutes apart from the cache's is tolerated; a consent dated further ahead than
// that is a mistake, not a plan.
constexpr qint64 kFutureSkewSeconds = 5 * 60;

const QString kColumns = QStringLiteral(
    "c.id, c.master_id, c.kind, c.channel, c.purpose, c.source, c.source_id, c.raw_text, "
    "c.captured_by, c.rule, c.note, c.effective_at, c.recorded_at, c.expires_at, r.received_at, "
    "c.identifier, c.received_from");

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant nullableTime(const QDateTime &when)
{
    return when.isValid() ? QVariant(toStorageTime(when)) : QVariant();
}

ConsentEvent fromRow(const QSqlQuery &row)
{
    ConsentEvent event;
    event.id = row.value(0).toLongLong();
    event.masterId = row.value(1).toString();
    event.kind = consentKindFromName(row.value(2).toString()).value_or(ConsentKind::Revoked);
    event.channel = channelFromName(row.value(3).toString()); // "any": every channel
    if (!row.value(4).isNull())
        event.purpose = purposeFromName(row.value(4).toString());
    event.source = row.value(5).toString();
    event.sourceId = row.value(6).toString();
    event.rawText = row.value(7).toString();
    event.capturedBy = row.value(8).toString();
    event.rule = row.value(9).toString();
    event.note = row.value(10).toString();
    event.recordedAt = fromStorageTime(row.value(12).toString());
    // Rows written by the reply intake carry no effective time: the reply's receipt is it.
    QDateTime effective;
    if (!row.value(11).isNull())
        effective = fromStorageTime(row.value(11).toString());
    else if (!row.value(14).isNull())
        effective = fromStorageTime(row.value(14).toString());
    else
        effective = event.recordedAt;
    event.effectiveAt =
        effective.isValid() && effective < event.recordedAt ? effective : event.recordedAt;
    if (!row.value(13).isNull())
        event.expiresAt = fromStorageTime(row.value(13).toString());
    event.identifier = row.value(15).toString();
    event.receivedFrom = row.value(16).toString();
    return event;
}

} // namespace

QString ConsentLedger::identifierSystem()
{
    return QStringLiteral("urn:caredesk:consent-event");
}

QStringList ConsentLedger::manualSources()
{
    return {QStringLiteral("phone"), QStringLiteral("paper"), QStringLiteral("in-person"),
            QStringLiteral("portal")};
}

QStringList ConsentLedger::knownSources()
{
    return manualSources() + QStringList{QStringLiteral("patient-reply"), QStringLiteral("fhir"),
                                         QStringLiteral("enrollment")};
}

Result<qint64> ConsentLedger::append(QSqlDatabase &db, AuditLog &audit, const QString &actor,
                                     const ConsentEvent &event)
{
    if (event.masterId.trimmed().isEmpty())
        return fail(Error::Code::InvalidInput, QStringLiteral("A consent event needs a patient."));
    if (!knownSources().contains(event.source))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Unknown consent source \"%1\"; use one of: %2.")
                        .arg(event.source, knownSources().join(QStringLiteral(", "))));
    if (manualSources().contains(event.source) && event.capturedBy.trimmed().isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Consent captured by %1 needs the name of who captured it.")
                        .arg(event.source));
    if (event.source == QLatin1String("patient-reply") && event.rawText.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Consent from a reply keeps the patient's words; none given."));
    if (!event.recordedAt.isValid() || !event.effectiveAt.isValid())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("A consent event needs the time it took effect."));
    if (event.effectiveAt > event.recordedAt.addSecs(kFutureSkewSeconds))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("A consent event cannot take effect in the future (%1); record "
                                   "it when it is given.")
                        .arg(event.effectiveAt.toString(Qt::ISODate)));
    if (event.expiresAt.isValid() && event.expiresAt <= event.effectiveAt)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The end date %1 is not after the consent took effect.")
                        .arg(event.expiresAt.toString(Qt::ISODate)));
    if (event.expiresAt.isValid() && event.kind != ConsentKind::Granted &&
        event.kind != ConsentKind::Restricted)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Only a grant or a restriction has an end date."));

    QSqlQuery patient(db);
    patient.prepare(QStringLiteral("SELECT 1 FROM patients WHERE master_id = ?"));
    patient.addBindValue(event.masterId);
    if (!patient.exec())
        return sqlFailure(QStringLiteral("Looking up the patient"), patient);
    if (!patient.next())
        return fail(Error::Code::NotFound, QStringLiteral("No patient %1.").arg(event.masterId));

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral(
        "INSERT INTO consent_events (master_id, kind, channel, purpose, source, source_id, "
        "raw_text, recorded_at, captured_by, rule, note, effective_at, expires_at, identifier, "
        "received_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(event.masterId);
    insert.addBindValue(consentKindName(event.kind));
    insert.addBindValue(event.channel ? channelName(*event.channel) : QStringLiteral("any"));
    insert.addBindValue(event.purpose ? QVariant(purposeName(*event.purpose)) : QVariant());
    insert.addBindValue(event.source);
    insert.addBindValue(nullable(event.sourceId));
    insert.addBindValue(nullable(event.rawText));
    insert.addBindValue(toStorageTime(event.recordedAt));
    insert.addBindValue(nullable(event.capturedBy));
    insert.addBindValue(nullable(event.rule));
    insert.addBindValue(nullable(event.note));
    insert.addBindValue(toStorageTime(qMin(event.effectiveAt, event.recordedAt)));
    insert.addBindValue(nullableTime(event.expiresAt));
    insert.addBindValue(nullable(event.identifier)); // NULL: the schema's trigger makes one
    insert.addBindValue(nullable(event.receivedFrom));
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Recording consent"), insert);
    const qint64 id = insert.lastInsertId().toLongLong();

    const QString detail =
        QStringLiteral("kind=%1;channel=%2;purpose=%3;source=%4")
            .arg(consentKindName(event.kind),
                 event.channel ? channelName(*event.channel) : QStringLiteral("any"),
                 event.purpose ? purposeName(*event.purpose) : QStringLiteral("any"), event.source);
    auto audited = audit.appendInTransaction(
        db, {actor, QStringLiteral("consent-record"), event.masterId,
             QStringLiteral("consent-event/%1").arg(id), QStringLiteral("success"), detail});
    if (!audited)
        return std::unexpected(audited.error());
    qCInfo(lcLedger) << "recorded consent event" << id << consentKindName(event.kind) << "patient"
                     << event.masterId;
    return id;
}

Result<QList<ConsentEvent>> ConsentLedger::history(const QSqlDatabase &db, const QString &masterId)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM consent_events c LEFT JOIN replies r ON "
                                 "c.source = 'patient-reply' AND r.communication_id = c.source_id "
                                 "WHERE c.master_id = ? ORDER BY c.id")
                      .arg(kColumns));
    query.addBindValue(masterId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the consent ledger"), query);
    QList<ConsentEvent> events;
    while (query.next())
        events.append(fromRow(query));
    return events;
}

Result<ConsentEvent> ConsentLedger::event(const QSqlDatabase &db, qint64 id)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT %1 FROM consent_events c LEFT JOIN replies r ON "
                                 "c.source = 'patient-reply' AND r.communication_id = c.source_id "
                                 "WHERE c.id = ?")
                      .arg(kColumns));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading a consent event"), query);
    if (!query.next())
        return fail(Error::Code::NotFound, QStringLiteral("No consent event %1.").arg(id));
    return fromRow(query);
}

} // namespace CareDesk
