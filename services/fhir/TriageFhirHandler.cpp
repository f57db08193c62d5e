// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/TriageFhirHandler.h"

#include "models/Clock.h"
#include "services/fhir/FhirClient.h"
#include "services/fhir/FhirSync.h"
#include "services/fhir/TriageTaskSync.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QSqlQuery>
#include <QUrlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcFhirClient)

namespace CareDesk {

namespace {

constexpr int kMaxRebases = 3;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

OutboxAttempt attemptFor(const FhirFailure &failure)
{
    using Kind = OutboxAttempt::Kind;
    Kind kind = Kind::Retry;
    if (failure.kind == FhirFailure::Kind::Permanent || failure.kind == FhirFailure::Kind::Tls)
        kind = Kind::Permanent;
    return OutboxAttempt::failure(kind, failure.message(), failure.toJson(),
                                  failure.retryAfterSeconds);
}

bool isOpenStatus(const QString &status)
{
    return status == QLatin1String("requested") || status == QLatin1String("ready") ||
           status == QLatin1String("received") || status == QLatin1String("draft");
}

bool isClaimedStatus(const QString &status)
{
    return status == QLatin1String("accepted") || status == QLatin1String("in-progress");
}

} // namespace

class TriageFhirHandler::Job : public QObject
{
public:
    Job(TriageFhirHandler &handler, OutboxCommand command, AttemptCallback done)
        : m_handler(handler)
        , m_command(std::move(command))
        , m_done(std::move(done))
        , m_payload(m_command.payload)
    {}

    void start()
    {
        const QString taskId = str(m_payload, "taskId");
        m_base = str(m_payload, "baseVersion");
        if (!taskId.isEmpty()) {
            client().get(client().resolve(QStringLiteral("Task/") + taskId), this,
                         [this](const FhirResponse &response) { onTask(response); });
            return;
        }
        QUrl search = client().resolve(QStringLiteral("Task"));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("identifier"), replyIdentifier());
        search.setQuery(query);
        client().get(search, this, [this](const FhirResponse &response) {
            if (!response.ok())
                return finish(attemptFor(*response.failure));
            const QJsonArray entries = response.json.value(QLatin1String("entry")).toArray();
            for (const QJsonValue &entry : entries) {
                const QJsonObject task =
                    entry.toObject().value(QLatin1String("resource")).toObject();
                if (TriageTask::read(task)) {
                    m_task = task;
                    m_version = task.value(QLatin1String("meta"))
                                    .toObject()
                                    .value(QLatin1String("versionId"))
                                    .toString();
                    return putTask();
                }
            }
            createTask();
        });
    }

private:
    FhirClient &client() { return m_handler.m_client; }
    QString actor() const { return str(m_payload, "actor"); }
    QString action() const { return m_command.kind.section(u'.', 2); }
    QString replyIdentifier() const
    {
        return TriageTask::kReplySystem + u'|' + str(m_payload, "communication");
    }
    QByteArray keyTag() const
    {
        return (TriageTask::kCommandTagSystem + u'|' + m_command.idempotencyKey).toUtf8();
    }

    void createTask()
    {
        // Every workstation and the automation make the same Task for a reply, once.
        QJsonObject task{
            {QStringLiteral("resourceType"), QStringLiteral("Task")},
            {QStringLiteral("status"), QStringLiteral("ready")},
            {QStringLiteral("intent"), QStringLiteral("order")},
            {QStringLiteral("identifier"),
             QJsonArray{QJsonObject{{QStringLiteral("system"), TriageTask::kReplySystem},
                                    {QStringLiteral("value"), str(m_payload, "communication")}}}},
            {QStringLiteral("code"),
             QJsonObject{{QStringLiteral("coding"),
                          QJsonArray{QJsonObject{
                              {QStringLiteral("system"), QStringLiteral("urn:caredesk:task")},
                              {QStringLiteral("code"), QStringLiteral("triage")}}}}}},
            {QStringLiteral("description"), QStringLiteral("Triage of a patient reply")},
            {QStringLiteral("focus"),
             QJsonObject{{QStringLiteral("reference"), str(m_payload, "communication")}}},
        };
        if (!str(m_payload, "patient").isEmpty())
            task.insert(QStringLiteral("for"),
                        QJsonObject{{QStringLiteral("reference"), str(m_payload, "patient")}});
        const QByteArray condition = "identifier=" + QUrl::toPercentEncoding(replyIdentifier());
        client().send("POST", client().resolve(QStringLiteral("Task")), compact(task),
                      {{"If-None-Exist", condition}}, this,
                      [this](const FhirResponse &response) { onTask(response); });
    }

    void onTask(const FhirResponse &response)
    {
        if (!response.ok())
            return finish(attemptFor(*response.failure));
        m_task = response.json;
        m_version = response.versionId();
        putTask();
    }

    QJsonObject changedTask() const
    {
        QJsonObject task = m_task;
        const QString what = action();
        if (what == QLatin1String("claim")) {
            task.insert(QStringLiteral("status"), QStringLiteral("accepted"));
        } else if (what == QLatin1String("release")) {
            task.insert(QStringLiteral("status"), QStringLiteral("ready"));
        } else {
            task.insert(QStringLiteral("status"), QStringLiteral("completed"));
            task.insert(
                QStringLiteral("businessStatus"),
                QJsonObject{{QStringLiteral("coding"),
                             QJsonArray{QJsonObject{
                                 {QStringLiteral("system"), TriageTask::kDispositionSystem},
                                 {QStringLiteral("code"), str(m_payload, "disposition")}}}}});
            task.insert(QStringLiteral("note"),
                        QJsonArray{QJsonObject{{QStringLiteral("text"), str(m_payload, "note")}}});
        }
        if (what == QLatin1String("release")) {
            task.remove(QStringLiteral("owner"));
        } else {
            task.insert(
                QStringLiteral("owner"),
                QJsonObject{{QStringLiteral("display"), actor()},
                            {QStringLiteral("identifier"),
                             QJsonObject{{QStringLiteral("system"), TriageTask::kUserSystem},
                                         {QStringLiteral("value"), actor()}}}});
        }
        // This command's key replaces any earlier command's on the version it writes.
        QJsonObject meta = task.value(QLatin1String("meta")).toObject();
        QJsonArray tags;
        for (const QJsonValue &tag : meta.value(QLatin1String("tag")).toArray()) {
            if (tag.toObject().value(QLatin1String("system")).toString() !=
                TriageTask::kCommandTagSystem)
                tags.append(tag);
        }
        tags.append(QJsonObject{{QStringLiteral("system"), TriageTask::kCommandTagSystem},
                                {QStringLiteral("code"), m_command.idempotencyKey}});
        meta.insert(QStringLiteral("tag"), tags);
        meta.remove(QStringLiteral("versionId"));
        meta.remove(QStringLiteral("lastUpdated"));
        task.insert(QStringLiteral("meta"), meta);
        return task;
    }

    // Whether this command's decision still fits the Task as the server now has it.
    bool fits(const TriageTask::Remote &remote) const
    {
        const QString what = action();
        const bool mine = remote.owner == actor();
        if (what == QLatin1String("claim"))
            return isOpenStatus(remote.status) || (isClaimedStatus(remote.status) && mine);
        if (what == QLatin1String("release"))
            return isClaimedStatus(remote.status) && mine;
        return remote.status != QLatin1String("completed") &&
               remote.status != QLatin1String("cancelled") &&
               (remote.owner.isEmpty() || mine || isOpenStatus(remote.status));
    }

    void putTask()
    {
        auto remote = TriageTask::read(m_task);
        if (remote && remote->commandKeys.contains(m_command.idempotencyKey))
            return afterTask(); // already applied (a resend after a crash)
        if (remote && !fits(*remote)) {
            // Someone else's claim or resolution is already there: never written over.
            m_conflictStatus = 0; // found on reading the Task, before any write
            m_rebases = kMaxRebases;
            return resolveConflict(m_base.isEmpty() ? m_version : m_base);
        }
        const QString base = m_base.isEmpty() ? m_version : m_base;
        const QByteArray ifMatch = "W/\"" + base.toUtf8() + '"';
        const QString id = str(m_task, "id");
        client().send("PUT", client().resolve(QStringLiteral("Task/") + id), compact(changedTask()),
                      {{"If-Match", ifMatch}}, this, [this, base](const FhirResponse &response) {
                          if (response.ok()) {
                              m_task = response.json;
                              m_version = response.versionId();
                              return afterTask();
                          }
                          if (response.failure->kind != FhirFailure::Kind::Conflict)
                              return finish(attemptFor(*response.failure));
                          m_conflictStatus = response.status;
                          refetchAfterConflict(base);
                      });
    }

    void refetchAfterConflict(const QString &staleBase)
    {
        const QString id = str(m_task, "id");
        QUrl history = client().resolve(QStringLiteral("Task/%1/_history").arg(id));
        history.setQuery(QStringLiteral("_count=100"));
        client().get(history, this, [this, staleBase, id](const FhirResponse &response) {
            if (!response.ok())
                return finish(attemptFor(*response.failure));
            // Newest first; any version with this command's key means it arrived before.
            QJsonObject newest;
            bool applied = false;
            for (const QJsonValue &entry : response.json.value(QLatin1String("entry")).toArray()) {
                const QJsonObject task =
                    entry.toObject().value(QLatin1String("resource")).toObject();
                if (newest.isEmpty() ||
                    str(task.value(QLatin1String("meta")).toObject(), "lastUpdated") >
                        str(newest.value(QLatin1String("meta")).toObject(), "lastUpdated"))
                    newest = task;
                auto remote = TriageTask::read(task);
                applied =
                    applied || (remote && remote->commandKeys.contains(m_command.idempotencyKey));
            }
            client().get(client().resolve(QStringLiteral("Task/") + id), this,
                         [this, staleBase, applied](const FhirResponse &current) {
                             if (!current.ok())
                                 return finish(attemptFor(*current.failure));
                             m_task = current.json;
                             m_version = current.versionId();
                             if (applied)
                                 return afterTask();
                             resolveConflict(staleBase);
                         });
        });
    }

    void resolveConflict(const QString &staleBase)
    {
        auto remote = TriageTask::read(m_task);
        const bool decisionFits = remote && fits(*remote);
        auto audited = m_handler.recordVersionConflict(m_command, m_task, staleBase, m_version,
                                                       !decisionFits, m_conflictStatus);
        if (!audited)
            return finish(
                OutboxAttempt::failure(OutboxAttempt::Kind::Retry, audited.error().message));
        if (decisionFits && m_rebases < kMaxRebases) {
            // The Task moved on, but not in a way that touches this decision (nobody else took
            // or closed it): apply it on top of the new version, again with If-Match.
            ++m_rebases;
            m_base = m_version;
            return putTask();
        }
        finish(OutboxAttempt::failure(OutboxAttempt::Kind::Conflict, *audited,
                                      QJsonObject{{QStringLiteral("status"), m_conflictStatus},
                                                  {QStringLiteral("baseVersion"), staleBase},
                                                  {QStringLiteral("serverVersion"), m_version},
                                                  {QStringLiteral("task"), str(m_task, "id")}}));
    }

    void afterTask()
    {
        if (action() != QLatin1String("resolve"))
            return writeAuditEvent();
        QJsonObject note{
            {QStringLiteral("resourceType"), QStringLiteral("Communication")},
            {QStringLiteral("status"), QStringLiteral("completed")},
            {QStringLiteral("identifier"),
             QJsonArray{QJsonObject{{QStringLiteral("system"), TriageTask::kCommandTagSystem},
                                    {QStringLiteral("value"), m_command.idempotencyKey}}}},
            {QStringLiteral("category"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("text"), QStringLiteral("triage resolution")}}}},
            {QStringLiteral("inResponseTo"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("reference"), str(m_payload, "communication")}}}},
            {QStringLiteral("about"),
             QJsonArray{QJsonObject{{QStringLiteral("reference"),
                                     QString(QStringLiteral("Task/") + str(m_task, "id"))}}}},
            // From the care team: other workstations file it as outbound, not as a reply.
            {QStringLiteral("sender"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("Practitioner")},
                         {QStringLiteral("display"), actor()},
                         {QStringLiteral("identifier"),
                          QJsonObject{{QStringLiteral("system"), TriageTask::kUserSystem},
                                      {QStringLiteral("value"), actor()}}}}},
            {QStringLiteral("payload"),
             QJsonArray{QJsonObject{{QStringLiteral("contentString"), str(m_payload, "note")}}}},
        };
        if (!str(m_payload, "patient").isEmpty())
            note.insert(QStringLiteral("subject"),
                        QJsonObject{{QStringLiteral("reference"), str(m_payload, "patient")}});
        const QByteArray condition =
            "identifier=" + QUrl::toPercentEncoding(TriageTask::kCommandTagSystem + u'|' +
                                                    m_command.idempotencyKey);
        client().send("POST", client().resolve(QStringLiteral("Communication")), compact(note),
                      {{"If-None-Exist", condition}}, this, [this](const FhirResponse &response) {
                          if (!response.ok())
                              return finish(attemptFor(*response.failure));
                          writeAuditEvent();
                      });
    }

    void writeAuditEvent()
    {
        const QString taskRef = QStringLiteral("Task/") + str(m_task, "id");
        const QJsonObject event{
            {QStringLiteral("resourceType"), QStringLiteral("AuditEvent")},
            {QStringLiteral("meta"),
             QJsonObject{
                 {QStringLiteral("tag"),
                  QJsonArray{QJsonObject{{QStringLiteral("system"), TriageTask::kCommandTagSystem},
                                         {QStringLiteral("code"), m_command.idempotencyKey}}}}}},
            {QStringLiteral("type"),
             QJsonObject{{QStringLiteral("system"),
                          QStringLiteral("http://terminology.hl7.org/CodeSystem/audit-event-type")},
                         {QStringLiteral("code"), QStringLiteral("rest")}}},
            {QStringLiteral("subtype"),
             QJsonArray{QJsonObject{{QStringLiteral("system"),
                                     QStringLiteral("http://hl7.org/fhir/restful-interaction")},
                                    {QStringLiteral("code"), QStringLiteral("update")}}}},
            {QStringLiteral("action"), QStringLiteral("U")},
            {QStringLiteral("recorded"), m_handler.m_clock.now().toString(Qt::ISODateWithMs)},
            {QStringLiteral("outcome"), QStringLiteral("0")},
            {QStringLiteral("agent"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("who"),
                  QJsonObject{{QStringLiteral("display"), actor()},
                              {QStringLiteral("identifier"),
                               QJsonObject{{QStringLiteral("system"), TriageTask::kUserSystem},
                                           {QStringLiteral("value"), actor()}}}}},
                 {QStringLiteral("requestor"), true}}}},
            {QStringLiteral("source"),
             QJsonObject{
                 {QStringLiteral("site"), m_handler.m_workstation},
                 {QStringLiteral("observer"),
                  QJsonObject{{QStringLiteral("display"),
                               QString(QStringLiteral("CareDesk ") + m_handler.m_workstation)}}}}},
            {QStringLiteral("entity"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("what"), QJsonObject{{QStringLiteral("reference"), taskRef}}},
                 {QStringLiteral("description"), QString(QStringLiteral("triage ") + action())}}}},
        };
        client().send(
            "POST", client().resolve(QStringLiteral("AuditEvent")), compact(event),
            {{"If-None-Exist", "_tag=" + QUrl::toPercentEncoding(QString::fromUtf8(keyTag()))}},
            this, [this](const FhirResponse &response) {
                if (!response.ok())
                    return finish(attemptFor(*response.failure));
                auto saved = m_handler.recordApplied(m_command, m_task);
                if (!saved)
                    return finish(
                        OutboxAttempt::failure(OutboxAttempt::Kind::Retry, saved.error().message));
                finish(OutboxAttempt::done({{QStringLiteral("task"), str(m_task, "id")},
                                            {QStringLiteral("version"), m_version}}));
            });
    }

    void finish(const OutboxAttempt &attempt)
    {
        AttemptCallback done = std::move(m_done);
        deleteLater();
        done(attempt);
    }

    TriageFhirHandler &m_handler;
    OutboxCommand m_command;
    AttemptCallback m_done;
    QJsonObject m_payload;
    QJsonObject m_task;
    QString m_version;
    QString m_base;
    int m_rebases = 0;
    int m_conflictStatus = 0;
};

TriageFhirHandler::TriageFhirHandler(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                                     const Clock &clock, FhirClient &client, QString workstation,
                                     QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_audit(audit)
    , m_clock(clock)
    , m_client(client)
    , m_workstation(std::move(workstation))
{}

void TriageFhirHandler::send(const OutboxCommand &command, AttemptCallback done)
{
    auto *job = new Job(*this, command, std::move(done));
    job->setParent(this);
    job->start();
}

void TriageFhirHandler::reconcile(const OutboxCommand &command, ReconcileCallback done)
{
    // The AuditEvent is written last: when it exists under the key, every step arrived.
    QUrl search = m_client.resolve(QStringLiteral("AuditEvent"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("_tag"),
                       TriageTask::kCommandTagSystem + u'|' + command.idempotencyKey);
    search.setQuery(query);
    m_client.get(search, this, [this, command, done](const FhirResponse &response) {
        if (!response.ok()) {
            done(Reconciliation::NotApplied, response.failure->message());
            return;
        }
        const bool found = !response.json.value(QLatin1String("entry")).toArray().isEmpty();
        // Not all there: sending again is safe, since the Task write looks for the key on a
        // conflict and the other writes are conditional creates on it.
        done(found ? Reconciliation::Applied : Reconciliation::NotApplied, QString());
    });
}

Result<QString> TriageFhirHandler::recordVersionConflict(const OutboxCommand &command,
                                                         const QJsonObject &serverTask,
                                                         const QString &baseVersion,
                                                         const QString &serverVersion, bool lost,
                                                         int status)
{
    const QString taskId = serverTask.value(QLatin1String("id")).toString();
    const qint64 itemId = command.payload.value(QLatin1String("itemId")).toInteger();
    auto remote = TriageTask::read(serverTask);
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy."));
    auto abort = [&db](const Error &error) {
        db.rollback();
        return std::unexpected(error);
    };
    // Audited either way: which Task, from which version to which (never the note text).
    if (auto audited = m_audit.appendInTransaction(
            db, {command.requestedBy, QStringLiteral("version-conflict"), command.masterId,
                 QString(QStringLiteral("Task/") + taskId),
                 lost ? QStringLiteral("lost") : QStringLiteral("rebased"),
                 QStringLiteral("status=%1;base=%2;server=%3;command=%4")
                     .arg(status)
                     .arg(baseVersion, serverVersion, command.idempotencyKey)});
        !audited)
        return abort(audited.error());
    QString message;
    if (lost && remote) {
        const QString what = command.kind.section(u'.', 2);
        const QString theirs =
            remote->status == QLatin1String("completed")
                ? QStringLiteral("resolved by %1 (%2)").arg(remote->owner, remote->disposition)
            : isClaimedStatus(remote->status) ? QStringLiteral("claimed by %1").arg(remote->owner)
                                              : QStringLiteral("%1").arg(remote->status);
        message = QStringLiteral("Your %1 of item %2 was not applied: on the server it was "
                                 "already %3. Nothing was overwritten.")
                      .arg(what)
                      .arg(itemId)
                      .arg(theirs);
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral(
            "INSERT INTO sync_conflicts (outbox_id, item_id, master_id, object, what, mine, "
            "theirs, base_version, server_version, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?)"));
        const QJsonObject mine{
            {QStringLiteral("action"), what},
            {QStringLiteral("by"), command.requestedBy},
            {QStringLiteral("disposition"), command.payload.value(QLatin1String("disposition"))},
            {QStringLiteral("note"), command.payload.value(QLatin1String("note"))}};
        const QJsonObject theirsJson{{QStringLiteral("status"), remote->status},
                                     {QStringLiteral("owner"), remote->owner},
                                     {QStringLiteral("disposition"), remote->disposition},
                                     {QStringLiteral("note"), remote->note}};
        insert.addBindValue(command.id);
        insert.addBindValue(itemId);
        insert.addBindValue(command.masterId);
        insert.addBindValue(QString(QStringLiteral("Task/") + taskId));
        insert.addBindValue(message);
        insert.addBindValue(QString::fromUtf8(compact(mine)));
        insert.addBindValue(QString::fromUtf8(compact(theirsJson)));
        insert.addBindValue(baseVersion);
        insert.addBindValue(serverVersion);
        insert.addBindValue(toStorageTime(m_clock.now()));
        if (!insert.exec())
            return abort(storageError(QStringLiteral("Recording a conflict"), insert.lastError()));
        // The local item follows the server: the person sees who has it now.
        auto source =
            FhirSync::sourceById(db, command.payload.value(QLatin1String("sourceId")).toInteger());
        if (!source)
            return abort(source.error());
        auto followed = TriageTask::applyToItem(db, m_audit, source->id, source->scope, *remote,
                                                m_clock.now(), true);
        if (!followed)
            return abort(followed.error());
    }
    if (!db.commit())
        return abort({Error::Code::Storage, QStringLiteral("Saving a conflict failed.")});
    qCWarning(lcFhirClient) << "version conflict on task" << taskId << "command" << command.id
                            << (lost ? "lost" : "rebased");
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return message;
}

VoidResult TriageFhirHandler::recordApplied(const OutboxCommand &command,
                                            const QJsonObject &serverTask)
{
    auto remote = TriageTask::read(serverTask);
    if (!remote)
        return {};
    QSqlDatabase db = m_cache->connection();
    auto source =
        FhirSync::sourceById(db, command.payload.value(QLatin1String("sourceId")).toInteger());
    if (!source)
        return std::unexpected(source.error());
    const QString communicationId =
        command.payload.value(QLatin1String("localCommunication")).toString();
    return TriageTask::saveLink(db,
                                {communicationId, source->id, remote->taskId, remote->versionId,
                                 remote->status, remote->owner},
                                m_clock.now());
}

} // namespace CareDesk
