// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SyncController.h"

#include "services/outbox/Outbox.h"

namespace CareDesk {

SyncController::SyncController(Factory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_worker(new QObject)
{
    qRegisterMetaType<CareDesk::SyncStatus>();
    qRegisterMetaType<QList<CareDesk::OutboxCommand>>();
    m_thread.setObjectName(QStringLiteral("caredesk-sync"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

SyncController::~SyncController()
{
    stop();
    if (m_cleanup)
        QMetaObject::invokeMethod(m_worker, m_cleanup, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void SyncController::start(const FhirSyncConfig &config)
{
    stop();
    m_config = config;
    QMetaObject::invokeMethod(
        m_worker,
        [this, config] {
            std::unique_ptr<FhirSyncService> service = m_factory(config);
            FhirSyncService *raw = service.get();
            connect(raw, &FhirSyncService::statusChanged, this, [this](const SyncStatus &status) {
                m_status = status;
                emit statusChanged(status);
            });
            connect(raw, &FhirSyncService::queueChanged, this, &SyncController::queueChanged);
            connect(raw, &FhirSyncService::repliesStored, this, &SyncController::repliesStored);
            connect(raw, &FhirSyncService::conflictFound, this, &SyncController::conflictFound);
            connect(raw, &FhirSyncService::outboxListed, this, &SyncController::outboxListed);
            connect(raw, &FhirSyncService::actionFailed, this, &SyncController::actionFailed);
            if (auto started = raw->start(); !started) {
                emit startFailed(started.error().message);
                return;
            }
            m_service = service.release();
        },
        Qt::BlockingQueuedConnection);
}

void SyncController::stop()
{
    if (!m_service)
        return;
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            delete m_service;
            m_service = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_status = SyncStatus();
    emit statusChanged(m_status);
}

void SyncController::onWorker(std::function<void(FhirSyncService &)> work)
{
    QMetaObject::invokeMethod(m_worker, [this, work = std::move(work)] {
        if (m_service)
            work(*m_service);
    });
}

void SyncController::syncNow(const Principal &who)
{
    onWorker([who](FhirSyncService &service) { service.syncNowAs(who); });
}

void SyncController::requestOutbox(const Principal &who)
{
    onWorker([who](FhirSyncService &service) { service.requestOutbox(who); });
}

void SyncController::retry(qint64 id, const Principal &who)
{
    onWorker([id, who](FhirSyncService &service) { service.retryCommand(id, who); });
}

void SyncController::discard(qint64 id, const Principal &who)
{
    onWorker([id, who](FhirSyncService &service) { service.discardCommand(id, who); });
}

void SyncController::wakeOutbox()
{
    onWorker([](FhirSyncService &service) {
        if (service.outbox())
            service.outbox()->wake();
    });
}

} // namespace CareDesk
