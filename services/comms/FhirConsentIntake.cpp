// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/FhirConsentIntake.h"

#include "models/Clock.h"
#include "services/comms/ConsentLedger.h"
#include "services/comms/FhirConsentMapping.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcConsentIntake, "caredesk.comms.fhirconsent", QtInfoMsg)

namespace CareDesk {

namespace {

const QString kCursorKey = QStringLiteral("comms-fhir-consent-cursor");

} // namespace

FhirConsentIntake::FhirConsentIntake(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                                     const Clock &clock)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_clock(clock)
{}

Result<FhirConsentIntake::Report> FhirConsentIntake::processNewConsents(const QString &actor)
{
    Report report;
    QSqlDatabase db = m_cache->connection();
    for (;;) {
        if (!db.transaction())
            return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
        auto rollback = [&](const Error &error) -> Result<Report> {
            db.rollback();
            return std::unexpected(error);
        };
        QSqlQuery cursor(db);
        cursor.prepare(QStringLiteral("SELECT value FROM site WHERE key = ?"));
        cursor.addBindValue(kCursorKey);
        if (!cursor.exec())
            return rollback(
                storageError(QStringLiteral("Reading the Consent cursor"), cursor.lastError()));
        const qint64 after = cursor.next() ? cursor.value(0).toLongLong() : 0;
        cursor.finish();

        // A record stored again (INSERT OR REPLACE) gets a new rowid, so a changed Consent is
        // read again.
        QSqlQuery next(db);
        next.prepare(QStringLiteral("SELECT rowid, resource_id, master_id, body FROM records "
                                    "WHERE resource_type = 'Consent' AND rowid > ? ORDER BY "
                                    "rowid LIMIT 1"));
        next.addBindValue(after);
        if (!next.exec())
            return rollback(storageError(QStringLiteral("Reading Consents"), next.lastError()));
        if (!next.next()) {
            db.rollback();
            break;
        }
        const qint64 rowid = next.value(0).toLongLong();
        const QString resourceId = next.value(1).toString();
        const QString masterId = next.value(2).toString();
        const QJsonObject body = QJsonDocument::fromJson(next.value(3).toByteArray()).object();
        next.finish();
        ++report.consents;

        auto read = FhirConsentMapping::fromFhir(body);
        if (!read || masterId.isEmpty()) {
            ++report.unreadable;
            qCWarning(lcConsentIntake)
                << "Consent" << resourceId << "was not taken into the "
                << "ledger:" << (read ? QStringLiteral("no patient") : read.error().message);
        } else {
            for (ConsentEvent event : std::as_const(read->events)) {
                event.masterId = masterId;
                event.recordedAt = m_clock.now();
                if (event.source == QLatin1String("fhir"))
                    event.sourceId = resourceId;
                // The reply it came from, as this cache names that server's Communication.
                const qsizetype scope = resourceId.lastIndexOf(QLatin1String("@fhir"));
                if (event.source == QLatin1String("patient-reply") && scope > 0 &&
                    !event.sourceId.isEmpty() && !event.sourceId.contains(u'@'))
                    event.sourceId += resourceId.mid(scope);
                if (ConsentLedger::manualSources().contains(event.source) &&
                    event.capturedBy.isEmpty())
                    event.capturedBy = QStringLiteral("FHIR Consent/") + resourceId;
                event.receivedFrom = resourceId;
                // Already held: the same ledger event (its identifier, for a Consent CareDesk
                // wrote, here or on another workstation) with the same meaning, or, for a
                // Consent from elsewhere, the same patient, kind, channel, purpose and moment.
                QSqlQuery seen(db);
                seen.prepare(QStringLiteral(
                    "SELECT 1 FROM consent_events WHERE master_id = ? AND kind = ? AND "
                    "channel = ? AND coalesce(purpose, '') = ? AND (identifier = ? OR "
                    "effective_at = ?)"));
                seen.addBindValue(masterId);
                seen.addBindValue(consentKindName(event.kind));
                seen.addBindValue(event.channel ? channelName(*event.channel)
                                                : QStringLiteral("any"));
                seen.addBindValue(event.purpose ? purposeName(*event.purpose) : QString());
                seen.addBindValue(event.identifier.isEmpty() ? QVariant() : event.identifier);
                seen.addBindValue(toStorageTime(qMin(event.effectiveAt, event.recordedAt)));
                if (!seen.exec())
                    return rollback(storageError(QStringLiteral("Looking up a consent event"),
                                                 seen.lastError()));
                if (seen.next())
                    continue;
                seen.finish();
                auto id = ConsentLedger::append(db, m_audit, actor, event);
                if (!id) {
                    if (id.error().code != Error::Code::InvalidInput)
                        return rollback(id.error());
                    ++report.unreadable;
                    qCWarning(lcConsentIntake) << "an event of Consent" << resourceId
                                               << "was refused:" << id.error().message;
                    continue;
                }
                ++report.events;
            }
        }

        QSqlQuery advance(db);
        advance.prepare(QStringLiteral("INSERT OR REPLACE INTO site (key, value) VALUES (?, ?)"));
        advance.addBindValue(kCursorKey);
        advance.addBindValue(QString::number(rowid));
        if (!advance.exec())
            return rollback(
                storageError(QStringLiteral("Moving the Consent cursor"), advance.lastError()));
        if (!db.commit())
            return rollback({Error::Code::Storage, QStringLiteral("Could not save.")});
        if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
            return std::unexpected(checkpointed.error());
    }
    return report;
}

} // namespace CareDesk
