// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirTriageSink.h"

#include "models/Clock.h"
#include "services/fhir/TriageFhirHandler.h"
#include "services/fhir/TriageTaskSync.h"
#include "services/outbox/Outbox.h"
#include "services/store/SqlFailure.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUuid>

namespace CareDesk {

FhirTriageSink::FhirTriageSink(const Clock &clock, std::function<void()> wake)
    : m_clock(clock)
    , m_wake(std::move(wake))
{}

VoidResult FhirTriageSink::queue(QSqlDatabase &db, const QString &action, const TriageItem &item,
                                 const QString &actor, const QString &disposition,
                                 const QString &note)
{
    // Only replies synced from a FHIR server ("<id>@fhir<source>") have a Task to write.
    static const QRegularExpression synced(QStringLiteral("^(.+)@fhir(\\d+)$"));
    const QRegularExpressionMatch match = synced.match(item.communicationId);
    if (!match.hasMatch())
        return {};
    if (action == QLatin1String("claim") && item.status == TriageStatus::Claimed &&
        item.owner == actor)
        return {}; // already this person's: nothing to tell the server

    QJsonObject payload{{QStringLiteral("itemId"), item.id},
                        {QStringLiteral("communication"),
                         QString(QStringLiteral("Communication/") + match.captured(1))},
                        {QStringLiteral("localCommunication"), item.communicationId},
                        {QStringLiteral("sourceId"), match.captured(2).toLongLong()},
                        {QStringLiteral("actor"), actor}};
    auto link = TriageTask::link(db, item.communicationId);
    if (!link)
        return std::unexpected(link.error());
    if (link->has_value()) {
        // The version the person saw: the server refuses the write if it has moved on.
        payload.insert(QStringLiteral("taskId"), (*link)->taskId);
        payload.insert(QStringLiteral("baseVersion"), (*link)->versionId);
    }
    QSqlQuery reply(db);
    reply.prepare(QStringLiteral("SELECT body FROM records WHERE resource_type = "
                                 "'Communication' AND resource_id = ?"));
    reply.addBindValue(item.communicationId);
    if (!reply.exec())
        return sqlFailure(QStringLiteral("Reading the reply of item %1").arg(item.id), reply);
    if (reply.next()) {
        const QString subject = QJsonDocument::fromJson(reply.value(0).toByteArray())
                                    .object()
                                    .value(QLatin1String("subject"))
                                    .toObject()
                                    .value(QLatin1String("reference"))
                                    .toString();
        if (subject.startsWith(QLatin1String("Patient/")))
            payload.insert(QStringLiteral("patient"), subject);
    }
    if (action == QLatin1String("resolve")) {
        payload.insert(QStringLiteral("disposition"), disposition);
        payload.insert(QStringLiteral("note"), note);
    }

    NewOutboxCommand command;
    command.kind = QStringLiteral("fhir.triage.") + action;
    command.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    command.lane = QStringLiteral("triage-item/%1").arg(item.id);
    command.masterId = item.masterId;
    command.payload = payload;
    command.requestedBy = actor;
    auto queued = Outbox::enqueue(db, command, m_clock.now());
    if (!queued)
        return std::unexpected(queued.error());
    return {};
}

void FhirTriageSink::committed()
{
    if (m_wake)
        m_wake();
}

} // namespace CareDesk
