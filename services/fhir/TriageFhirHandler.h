// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/outbox/OutboxHandler.h"

#include <QObject>
#include <QSqlDatabase>

#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;
class FhirClient;
struct FhirResponse;

// Applies a triage decision to the FHIR server as the outbox's handler for the kinds
// fhir.triage.claim, fhir.triage.release and fhir.triage.resolve:
//   1. the reply's Task, found by its identifier or made by a conditional create;
//   2. the Task's status and owner (and for a resolution its disposition and note), sent with
//      If-Match: W/"version" and the command's idempotency key as a meta.tag;
//   3. for a resolution, a Communication with the note (conditional create on the key);
//   4. an AuditEvent (conditional create on the key).
// A 409/412 is a version conflict: the Task is read again; if it already carries this command's
// key the command had arrived; if the decision no longer fits (someone else claimed or resolved
// it), nothing is overwritten: the conflict is recorded with both sides, audited, and the local
// item follows the server. After a crash the AuditEvent is looked up by the key first.
class TriageFhirHandler : public QObject, public OutboxHandler
{
    Q_OBJECT
public:
    static inline const QString kClaim = QStringLiteral("fhir.triage.claim");
    static inline const QString kRelease = QStringLiteral("fhir.triage.release");
    static inline const QString kResolve = QStringLiteral("fhir.triage.resolve");
    static QStringList kinds() { return {kClaim, kRelease, kResolve}; }

    TriageFhirHandler(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, const Clock &clock,
                      FhirClient &client, QString workstation, QObject *parent = nullptr);

    void send(const OutboxCommand &command, AttemptCallback done) override;
    void reconcile(const OutboxCommand &command, ReconcileCallback done) override;

private:
    class Job;
    friend class Job;
    // Audits a 409/412; when the decision lost, records the conflict with both sides and lets
    // the local item follow the server. Returns the sentence for the person whose change lost.
    Result<QString> recordVersionConflict(const OutboxCommand &command,
                                          const QJsonObject &serverTask, const QString &baseVersion,
                                          const QString &serverVersion, bool lost, int status);
    VoidResult recordApplied(const OutboxCommand &command, const QJsonObject &serverTask);

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
    FhirClient &m_client;
    QString m_workstation;
};

} // namespace CareDesk
