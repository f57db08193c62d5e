// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/fhir/FhirSyncService.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace CareDesk {

// Runs FhirSyncService on a thread of its own (network, database and crypto stay off the UI
// thread) and passes its news to the window by signals; the window's requests go to it queued.
class SyncController : public QObject
{
    Q_OBJECT
public:
    using Factory = std::function<std::unique_ptr<FhirSyncService>(const FhirSyncConfig &)>;

    explicit SyncController(Factory factory, QObject *parent = nullptr);
    ~SyncController() override;

    // Starts syncing with config (stopping any earlier server first); startFailed tells why not.
    void start(const FhirSyncConfig &config);
    void stop();
    bool isRunning() const { return m_service != nullptr; }
    FhirSyncConfig config() const { return m_config; }
    SyncStatus status() const { return m_status; }

    // Each acts as who (the service checks sync.run, outbox.read or outbox.manage).
    void syncNow(const Principal &who);
    void requestOutbox(const Principal &who);
    void retry(qint64 id, const Principal &who);
    void discard(qint64 id, const Principal &who);
    // Something was queued (from any thread): send it now.
    void wakeOutbox();
    // Run on the sync thread before it ends (it closes that thread's cache connection).
    void setThreadCleanup(std::function<void()> cleanup) { m_cleanup = std::move(cleanup); }

signals:
    void statusChanged(const CareDesk::SyncStatus &status);
    void queueChanged();
    void repliesStored();
    void conflictFound(const QString &message);
    void outboxListed(const QList<CareDesk::OutboxCommand> &commands, const QStringList &conflicts);
    void actionFailed(const QString &message);
    void startFailed(const QString &message);

private:
    void onWorker(std::function<void(FhirSyncService &)> work);

    Factory m_factory;
    std::function<void()> m_cleanup;
    QThread m_thread;
    QObject *m_worker; // lives on m_thread; the service is made and used there
    FhirSyncService *m_service = nullptr;
    FhirSyncConfig m_config;
    SyncStatus m_status;
};

} // namespace CareDesk
