// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/fhir/FhirSync.h"
#include "services/outbox/OutboxCommand.h"
#include "services/outbox/RetryPolicy.h"
#include "services/security/Principal.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;
class ConsentFhirHandler;
class ConsentFhirPush;
class FhirClient;
class Outbox;
class ReplyClassifier;
class SmartBackendAuth;
class TriageFhirHandler;

struct FhirSyncConfig {
    QUrl base;
    QString clientId; // SMART Backend Services; empty: no authentication (a test server)
    QString keyFile;  // JWK (Set) with the private RS384 or ES384 key
    QUrl tokenUrl;    // empty: read from [base]/.well-known/smart-configuration
    QString caFile;   // PEM with the site's own CA, trusted besides the system's
    int pollSeconds = 5;
    int timeoutSeconds = 30;
    SyncSettings sync;
    QString workstation; // names this machine in the server's AuditEvents
    RetryPolicy::Settings retry;
};

// What the status bar shows.
struct SyncStatus {
    enum class State { NotConfigured, Offline, Online, Syncing };
    State state = State::NotConfigured;
    QDateTime lastGoodSync; // local time of the last complete pull (for "2 min ago" only)
    bool lastPullComplete = true;
    QString problem; // the last pull's first problem, or a clock skew
    qint64 clockSkewSeconds = 0;
    int pending = 0;
    int failed = 0;
    int dead = 0;
};

// Runs FHIR sync for a workstation or caredesk-cli: polls the server (deltas every pollSeconds),
// drains the outbox, watches reachability and clock skew. Lives on one thread (a worker thread
// in the GUI, the main thread in the CLI) with its own network access manager and connection.
class FhirSyncService : public QObject
{
    Q_OBJECT
public:
    // runAs: who the polls act as (sync.run): the embedded automation in the workstation, the
    // signed-in user in caredesk-cli sync.
    FhirSyncService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                    const ReplyClassifier &classifier, const Clock &clock, TriageSettings triage,
                    FhirSyncConfig config, Principal runAs, QObject *parent = nullptr);
    ~FhirSyncService() override;

    // Builds the client (reading the key and CA files) and starts polling; false with the
    // reason when the configuration cannot work.
    VoidResult start();
    void stop();
    // A pull now (unless one runs), then the outbox; as runAs (the polls) or as who, a person
    // asking for it (sync.run either way).
    void syncNow();
    void syncNowAs(const Principal &who);

    Outbox *outbox() const { return m_outbox.get(); }
    FhirClient *client() const { return m_client.get(); }
    SyncStatus status() const { return m_status; }

    // For views: the outbox rows and conflicts, read on this thread, answered by signal
    // (outbox.read); a person's retry or discard (outbox.manage).
    void requestOutbox(const Principal &who);
    void retryCommand(qint64 id, const Principal &who);
    void discardCommand(qint64 id, const Principal &who);

signals:
    void statusChanged(const CareDesk::SyncStatus &status);
    void pullFinished(const CareDesk::SyncReport &report);
    // The queue may have changed in ways queue events do not tell: items followed the server's
    // Tasks in a commit of a pull, or the outbox answered commands.
    void queueChanged();
    // A commit of a pull stored new replies (their queue events say which items they touched).
    void repliesStored();
    // Someone else's change won over this workstation's; message is for the person.
    void conflictFound(const QString &message);
    void outboxListed(const QList<CareDesk::OutboxCommand> &commands, const QStringList &conflicts);
    void actionFailed(const QString &message);

private:
    void pull(const Principal &who);
    void onPulled(const SyncReport &report);
    void publishStatus();
    // Queues the consent ledger's new events for this server (ConsentFhirPush).
    void queueConsentEvents();

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const ReplyClassifier &m_classifier;
    const Clock &m_clock;
    TriageSettings m_triage;
    FhirSyncConfig m_config;
    Principal m_runAs;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<SmartBackendAuth> m_auth;
    std::unique_ptr<FhirClient> m_client;
    std::unique_ptr<FhirSync> m_sync;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<TriageFhirHandler> m_handler;
    std::unique_ptr<ConsentFhirHandler> m_consentHandler;
    std::unique_ptr<ConsentFhirPush> m_consentPush;
    QTimer m_poll;
    SyncStatus m_status;
    bool m_pullAgain = false;
};

} // namespace CareDesk

Q_DECLARE_METATYPE(CareDesk::SyncStatus)
Q_DECLARE_METATYPE(CareDesk::SyncReport)
