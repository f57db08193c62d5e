// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/ConsentService.h"

#include "models/Clock.h"
#include "services/comms/ConsentLedger.h"
#include "services/comms/WallTime.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"
#include "services/store/SqlFailure.h"

#include <QSqlQuery>

namespace CareDesk {

ConsentService::ConsentService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                               AccessControl &access, const Clock &clock,
                               std::shared_ptr<MessageDispatcher> dispatcher)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_clock(clock)
    , m_dispatcher(std::move(dispatcher))
{}

VoidResult ConsentService::readable(const Principal &who, const QString &masterId)
{
    if (auto allowed = m_access.require(who, Permission::PatientRead, masterId,
                                        QStringLiteral("consent/%1").arg(masterId));
        !allowed)
        return allowed;
    // Looking at a patient's consent is looking at the patient: it is on the record.
    return m_audit.append({who.user, QStringLiteral("view-consent"), masterId,
                           QStringLiteral("patient/%1").arg(masterId)});
}

Result<ConsentView> ConsentService::view(const Principal &who, const QString &masterId,
                                         int messageLimit)
{
    if (auto allowed = readable(who, masterId); !allowed)
        return std::unexpected(allowed.error());
    QSqlDatabase db = m_cache->connection();
    PatientStore store(db, m_clock);
    auto summary = store.summary(masterId);
    if (!summary)
        return std::unexpected(summary.error());
    ConsentView view;
    view.masterId = masterId;
    view.displayName = summary->displayName;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT coalesce(time_zone_local, time_zone), language, "
                                 "time_zone, time_zone_local, time_zone_local_by, "
                                 "time_zone_local_at FROM patients WHERE master_id = ?"));
    query.addBindValue(masterId);
    if (query.exec() && query.next()) {
        view.zoneId = query.value(0).toString();
        view.language = query.value(1).toString();
        view.fhirZoneId = query.value(2).toString();
        view.localZoneId = query.value(3).toString();
        view.localZoneBy = query.value(4).toString();
        view.localZoneAt = fromStorageTime(query.value(5).toString());
    }
    query.finish();
    auto events = ConsentLedger::history(db, masterId);
    if (!events)
        return std::unexpected(events.error());
    view.events = *events;
    view.state = ConsentState::derive(view.events, m_clock.now());
    view.messages = m_dispatcher->messages(masterId, messageLimit).value_or(QList<MessageRecord>());
    return view;
}

Result<QList<ConsentEvent>> ConsentService::history(const Principal &who, const QString &masterId)
{
    if (auto allowed = readable(who, masterId); !allowed)
        return std::unexpected(allowed.error());
    return ConsentLedger::history(m_cache->connection(), masterId);
}

Result<qint64> ConsentService::record(const Principal &who, ConsentEvent event)
{
    if (auto allowed = m_access.require(who, Permission::ConsentRecord, event.masterId,
                                        QStringLiteral("consent/%1").arg(event.masterId));
        !allowed)
        return std::unexpected(allowed.error());
    event.recordedAt = m_clock.now();
    if (!event.effectiveAt.isValid())
        event.effectiveAt = event.recordedAt;
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    auto id = ConsentLedger::append(db, m_audit, who.user, event);
    if (!id || !db.commit()) {
        db.rollback();
        return id ? Result<qint64>(
                        fail(Error::Code::Storage, QStringLiteral("Could not save the consent.")))
                  : id;
    }
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return id;
}

VoidResult ConsentService::validZoneId(const QString &zoneId)
{
    // Fixed offsets ("UTC+05:00") know no daylight saving time: a patient lives in a place.
    const bool offset =
        zoneId.startsWith(QLatin1String("UTC+")) || zoneId.startsWith(QLatin1String("UTC-")) ||
        zoneId.startsWith(QLatin1String("GMT+")) || zoneId.startsWith(QLatin1String("GMT-"));
    if (zoneId.isEmpty() || offset || !zoneFromId(zoneId).isValid())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("\"%1\" is not an IANA time zone; name the place, for example "
                                   "America/Chicago or Pacific/Auckland.")
                        .arg(zoneId));
    return {};
}

VoidResult ConsentService::setTimeZone(const Principal &who, const QString &masterId,
                                       const QString &zoneId)
{
    if (auto allowed = m_access.require(who, Permission::ConsentRecord, masterId,
                                        QStringLiteral("patient/%1/time-zone").arg(masterId));
        !allowed)
        return allowed;
    const QString zone = zoneId.trimmed();
    if (!zone.isEmpty()) {
        if (auto valid = validZoneId(zone); !valid)
            return valid;
    }
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    auto rollback = [&](const Error &error) -> VoidResult {
        db.rollback();
        return std::unexpected(error);
    };
    QSqlQuery before(db);
    before.prepare(QStringLiteral(
        "SELECT coalesce(time_zone_local, ''), coalesce(time_zone, '') FROM patients "
        "WHERE master_id = ?"));
    before.addBindValue(masterId);
    if (!before.exec())
        return rollback(storageError(QStringLiteral("Reading the patient"), before.lastError()));
    if (!before.next())
        return rollback({Error::Code::NotFound, QStringLiteral("No patient %1.").arg(masterId)});
    const QString previous = before.value(0).toString();
    const QString fhir = before.value(1).toString();
    before.finish();
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE patients SET time_zone_local = ?, time_zone_local_by = "
                                  "?, time_zone_local_at = ? WHERE master_id = ?"));
    update.addBindValue(zone.isEmpty() ? QVariant() : QVariant(zone));
    update.addBindValue(zone.isEmpty() ? QVariant() : QVariant(who.user));
    update.addBindValue(zone.isEmpty() ? QVariant() : QVariant(toStorageTime(m_clock.now())));
    update.addBindValue(masterId);
    if (!update.exec())
        return rollback(storageError(QStringLiteral("Saving the time zone"), update.lastError()));
    // Zone ids only: where the patient lives is not written anywhere else.
    auto audited = m_audit.appendInTransaction(
        db, {who.user, QStringLiteral("patient-time-zone"), masterId,
             QStringLiteral("patient/%1").arg(masterId), QStringLiteral("success"),
             QStringLiteral("from=%1;to=%2;fhir=%3")
                 .arg(previous.isEmpty() ? QStringLiteral("-") : previous,
                      zone.isEmpty() ? QStringLiteral("-") : zone,
                      fhir.isEmpty() ? QStringLiteral("-") : fhir)});
    if (!audited)
        return rollback(audited.error());
    if (!db.commit())
        return rollback({Error::Code::Storage, QStringLiteral("Could not save the time zone.")});
    return m_audit.checkpoint();
}

Result<GateDecision> ConsentService::check(const Principal &who, const SendRequest &request,
                                           const QDateTime &at)
{
    if (auto allowed = readable(who, request.masterId); !allowed)
        return std::unexpected(allowed.error());
    return m_dispatcher->check(request, at);
}

Result<DispatchOutcome> ConsentService::send(const Principal &who, MessageDraft draft)
{
    if (auto allowed = m_access.require(who, Permission::MessageSend, draft.request.masterId,
                                        QStringLiteral("message/%1").arg(draft.request.masterId));
        !allowed)
        return std::unexpected(allowed.error());
    draft.requestedBy = who.user;
    return m_dispatcher->submit(draft);
}

} // namespace CareDesk
