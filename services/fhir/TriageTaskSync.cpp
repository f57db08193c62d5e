// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/TriageTaskSync.h"

#include "models/Clock.h"
#include "services/fhir/FhirMapper.h"
#include "services/security/AuditLog.h"
#include "services/store/SqlFailure.h"
#include "services/triage/TriageService.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcFhirClient)

namespace CareDesk::TriageTask {

std::optional<Remote> read(const QJsonObject &task)
{
    if (task.value(QLatin1String("resourceType")).toString() != QLatin1String("Task"))
        return std::nullopt;
    Remote remote;
    for (const QJsonValue &value : task.value(QLatin1String("identifier")).toArray()) {
        const QJsonObject identifier = value.toObject();
        if (identifier.value(QLatin1String("system")).toString() == kReplySystem)
            remote.replyReference = identifier.value(QLatin1String("value")).toString();
    }
    if (!remote.replyReference.startsWith(QLatin1String("Communication/")))
        return std::nullopt;
    remote.taskId = task.value(QLatin1String("id")).toString();
    const QJsonObject meta = task.value(QLatin1String("meta")).toObject();
    remote.versionId = meta.value(QLatin1String("versionId")).toString();
    for (const QJsonValue &tag : meta.value(QLatin1String("tag")).toArray()) {
        if (tag.toObject().value(QLatin1String("system")).toString() == kCommandTagSystem)
            remote.commandKeys.append(tag.toObject().value(QLatin1String("code")).toString());
    }
    remote.status = task.value(QLatin1String("status")).toString();
    const QJsonObject owner = task.value(QLatin1String("owner")).toObject();
    remote.owner = owner.value(QLatin1String("identifier"))
                       .toObject()
                       .value(QLatin1String("value"))
                       .toString();
    if (remote.owner.isEmpty())
        remote.owner = owner.value(QLatin1String("display")).toString();
    for (const QJsonValue &coding : task.value(QLatin1String("businessStatus"))
                                        .toObject()
                                        .value(QLatin1String("coding"))
                                        .toArray()) {
        if (coding.toObject().value(QLatin1String("system")).toString() == kDispositionSystem)
            remote.disposition = coding.toObject().value(QLatin1String("code")).toString();
    }
    remote.note = task.value(QLatin1String("note"))
                      .toArray()
                      .first()
                      .toObject()
                      .value(QLatin1String("text"))
                      .toString();
    return remote;
}

Result<std::optional<Link>> link(QSqlDatabase &db, const QString &communicationId)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT source_id, task_id, version_id, status, owner FROM "
                                 "fhir_task_links WHERE communication_id = ?"));
    query.addBindValue(communicationId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the server task of a reply"), query);
    if (!query.next())
        return std::optional<Link>();
    return std::optional<Link>(Link{communicationId, query.value(0).toLongLong(),
                                    query.value(1).toString(), query.value(2).toString(),
                                    query.value(3).toString(), query.value(4).toString()});
}

VoidResult saveLink(QSqlDatabase &db, const Link &link, const QDateTime &now)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO fhir_task_links (communication_id, "
                                 "source_id, task_id, version_id, status, owner, updated_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(link.communicationId);
    query.addBindValue(link.sourceId);
    query.addBindValue(link.taskId);
    query.addBindValue(link.versionId);
    query.addBindValue(link.status);
    query.addBindValue(link.owner.isEmpty() ? QVariant() : QVariant(link.owner));
    query.addBindValue(toStorageTime(now));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Recording the server task of a reply"), query);
    return {};
}

Result<bool> applyToItem(QSqlDatabase &db, AuditLog &audit, qint64 sourceId, const QString &scope,
                         const Remote &remote, const QDateTime &now, bool evenWithCommandsWaiting)
{
    const QString communicationId = FhirMapper::scopedId(remote.replyReference.mid(14), scope);
    if (auto saved = saveLink(db,
                              {communicationId, sourceId, remote.taskId, remote.versionId,
                               remote.status, remote.owner},
                              now);
        !saved)
        return std::unexpected(saved.error());

    QSqlQuery item(db);
    item.prepare(QStringLiteral("SELECT id, master_id, status, owner, disposition, note FROM "
                                "triage_items WHERE communication_id = ?"));
    item.addBindValue(communicationId);
    if (!item.exec())
        return sqlFailure(QStringLiteral("Reading the triage item of a task"), item);
    if (!item.next())
        return false; // the reply has not arrived yet; its item will read the link
    const qint64 id = item.value(0).toLongLong();
    const QString masterId = item.value(1).toString();
    const QString localStatus = item.value(2).toString();
    const QString localOwner = item.value(3).toString();
    item.finish();

    QSqlQuery waiting(db);
    waiting.prepare(QStringLiteral("SELECT 1 FROM outbox WHERE lane = ? AND status IN "
                                   "('pending', 'in-flight', 'failed') LIMIT 1"));
    waiting.addBindValue(QStringLiteral("triage-item/%1").arg(id));
    if (!waiting.exec())
        return sqlFailure(QStringLiteral("Checking the outbox"), waiting);
    if (waiting.next() && !evenWithCommandsWaiting)
        return false; // this workstation's own change is on its way; its answer decides

    QString status = QStringLiteral("open");
    if (remote.status == QLatin1String("accepted") || remote.status == QLatin1String("in-progress"))
        status = QStringLiteral("claimed");
    else if (remote.status == QLatin1String("completed"))
        status = QStringLiteral("resolved");
    const QString owner = status == QLatin1String("open") ? QString() : remote.owner;
    if (status == localStatus && owner == localOwner)
        return false;
    // A resolved item is final here (a reopened Task is a new piece of work), unless this
    // workstation's own resolution just lost to another one on the server.
    if (localStatus == QLatin1String("resolved") && !evenWithCommandsWaiting)
        return false;

    QSqlQuery update(db);
    const QString at = toStorageTime(now);
    if (status == QLatin1String("resolved")) {
        const QString disposition = isKnownDisposition(remote.disposition)
                                        ? remote.disposition
                                        : QStringLiteral("no-action-needed");
        update.prepare(QStringLiteral(
            "UPDATE triage_items SET status = 'resolved', owner = ?, claimed_at = "
            "coalesce(claimed_at, ?), disposition = ?, note = ?, resolved_at = ?, version = "
            "version + 1 WHERE id = ?"));
        update.addBindValue(owner.isEmpty() ? QVariant() : QVariant(owner));
        update.addBindValue(at);
        update.addBindValue(disposition);
        update.addBindValue(remote.note.trimmed());
        update.addBindValue(at);
        update.addBindValue(id);
        if (!update.exec())
            return sqlFailure(QStringLiteral("Resolving an item from the server"), update);
        if (auto audited = audit.appendInTransaction(
                db, {owner + QStringLiteral(" via FHIR"), QStringLiteral("resolve"), masterId,
                     QStringLiteral("triage-item/%1").arg(id), QStringLiteral("success"),
                     resolutionDetail(disposition, remote.note.trimmed())});
            !audited)
            return std::unexpected(audited.error());
    } else {
        update.prepare(QStringLiteral("UPDATE triage_items SET status = ?, owner = ?, claimed_at "
                                      "= ?, version = version + 1 WHERE id = ?"));
        update.addBindValue(status);
        update.addBindValue(owner.isEmpty() ? QVariant() : QVariant(owner));
        update.addBindValue(owner.isEmpty() ? QVariant() : QVariant(at));
        update.addBindValue(id);
        if (!update.exec())
            return sqlFailure(QStringLiteral("Updating an item from the server"), update);
        const QString action = status == QLatin1String("claimed") ? QStringLiteral("claim")
                                                                  : QStringLiteral("release");
        if (auto audited = audit.appendInTransaction(
                db, {(owner.isEmpty() ? localOwner : owner) + QStringLiteral(" via FHIR"), action,
                     masterId, QStringLiteral("triage-item/%1").arg(id), QStringLiteral("success"),
                     QStringLiteral("task=%1;version=%2").arg(remote.taskId, remote.versionId)});
            !audited)
            return std::unexpected(audited.error());
    }
    qCInfo(lcFhirClient) << "triage item" << id << "follows server task" << remote.taskId << "->"
                         << status;
    return true;
}

} // namespace CareDesk::TriageTask
