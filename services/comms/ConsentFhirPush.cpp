// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/ConsentFhirPush.h"

#include "models/Clock.h"
#include "services/comms/ConsentLedger.h"
#include "services/comms/FhirConsentMapping.h"
#include "services/fhir/FhirMapper.h"
#include "services/fhir/FhirSync.h"
#include "services/outbox/Outbox.h"
#include "services/security/AccessControl.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcConsentPush, "caredesk.comms.consentpush", QtInfoMsg)

namespace CareDesk {

namespace {

// Events queued per transaction: a long ledger (a first sync) goes in several short ones.
constexpr int kBatch = 200;

QString cursorKey(qint64 sourceId)
{
    return QStringLiteral("fhir-consent-push/%1").arg(sourceId);
}

} // namespace

ConsentFhirPush::ConsentFhirPush(std::shared_ptr<CacheDatabase> cache, AccessControl &access,
                                 const Clock &clock)
    : m_cache(std::move(cache))
    , m_access(access)
    , m_clock(clock)
{}

QJsonObject ConsentFhirPush::consentFor(const ConsentEvent &event, const QString &patientRemoteId,
                                        const QString &scope)
{
    QJsonObject consent =
        FhirConsentMapping::toFhir(event, QStringLiteral("Patient/") + patientRemoteId);
    // The reply it came from, by its id on that server; a reply from elsewhere (a file import,
    // the SMS gateway) has none there, and its words stay in the attachment.
    QJsonObject attachment = consent.value(QLatin1String("sourceAttachment")).toObject();
    if (attachment.contains(QLatin1String("url"))) {
        const QString suffix = u'@' + scope;
        if (event.sourceId.endsWith(suffix))
            attachment.insert(
                QStringLiteral("url"),
                QString(QStringLiteral("Communication/") + event.sourceId.chopped(suffix.size())));
        else
            attachment.remove(QStringLiteral("url"));
        consent.insert(QStringLiteral("sourceAttachment"), attachment);
    }
    return consent;
}

Result<ConsentFhirPush::Report> ConsentFhirPush::queueNewEvents(const FhirSource &source,
                                                                const Principal &who)
{
    const QString object = QStringLiteral("fhir-server/%1").arg(source.base.host());
    if (auto allowed = m_access.require(who, Permission::SyncRun, QString(), object); !allowed)
        return std::unexpected(allowed.error());
    if (auto allowed = m_access.require(who, Permission::ConsentRecord, QString(), object);
        !allowed)
        return std::unexpected(allowed.error());

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
        cursor.addBindValue(cursorKey(source.id));
        if (!cursor.exec())
            return rollback(storageError(QStringLiteral("Reading the consent push cursor"),
                                         cursor.lastError()));
        const qint64 after = cursor.next() ? cursor.value(0).toLongLong() : 0;
        cursor.finish();

        QSqlQuery events(db);
        events.prepare(QStringLiteral(
            "SELECT c.id, c.received_from IS NULL, (SELECT a.value FROM patient_aliases a WHERE "
            "a.master_id = c.master_id AND a.system = ? LIMIT 1) FROM consent_events c WHERE "
            "c.id > ? ORDER BY c.id LIMIT ?"));
        events.addBindValue(FhirMapper::patientAliasSystem(source.scope));
        events.addBindValue(after);
        events.addBindValue(kBatch);
        if (!events.exec())
            return rollback(
                storageError(QStringLiteral("Reading the consent ledger"), events.lastError()));
        QList<std::tuple<qint64, bool, QString>> batch;
        while (events.next())
            batch.append({events.value(0).toLongLong(), events.value(1).toBool(),
                          events.value(2).toString()});
        events.finish();
        if (batch.isEmpty()) {
            db.rollback();
            break;
        }
        for (const auto &[id, recordedHere, remotePatient] : std::as_const(batch)) {
            if (!recordedHere)
                continue; // taken in from a Consent: the server has it already
            if (remotePatient.isEmpty()) {
                ++report.local;
                continue;
            }
            auto event = ConsentLedger::event(db, id);
            if (!event)
                return rollback(event.error());
            NewOutboxCommand command;
            command.kind = kKind;
            // One Consent per event and server, whoever queues it and however often.
            command.idempotencyKey =
                QStringLiteral("consent:%1@%2").arg(event->identifier, source.scope);
            command.lane = QStringLiteral("consent/%1").arg(event->masterId);
            command.masterId = event->masterId;
            command.requestedBy = who.user;
            command.payload = QJsonObject{
                {QStringLiteral("sourceId"), source.id},
                {QStringLiteral("eventId"), id},
                {QStringLiteral("identifier"), event->identifier},
                {QStringLiteral("consent"), consentFor(*event, remotePatient, source.scope)}};
            auto queued = Outbox::enqueue(db, command, m_clock.now());
            if (!queued)
                return rollback(queued.error());
            ++report.queued;
        }
        QSqlQuery advance(db);
        advance.prepare(QStringLiteral("INSERT OR REPLACE INTO site (key, value) VALUES (?, ?)"));
        advance.addBindValue(cursorKey(source.id));
        advance.addBindValue(QString::number(std::get<0>(batch.last())));
        if (!advance.exec())
            return rollback(storageError(QStringLiteral("Moving the consent push cursor"),
                                         advance.lastError()));
        if (!db.commit())
            return rollback({Error::Code::Storage, QStringLiteral("Could not save.")});
    }
    if (report.queued > 0)
        qCInfo(lcConsentPush) << report.queued << "consent events queued for FHIR source"
                              << source.id;
    return report;
}

} // namespace CareDesk
