// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ConsentController.h"

#include "models/Clock.h"
#include "services/store/CacheDatabase.h"

#include <QtConcurrent/QtConcurrentRun>

namespace CareDesk {

ConsentController::ConsentController(ConsentWorkstation workstation, QObject *parent)
    : QObject(parent)
    , m_workstation(std::move(workstation))
    , m_service(std::make_shared<ConsentService>(
          m_workstation.cache, *m_workstation.audit, *m_workstation.access, *m_workstation.clock,
          std::make_shared<MessageDispatcher>(m_workstation.cache, *m_workstation.audit,
                                              *m_workstation.clock, m_workstation.policy,
                                              m_workstation.templates)))
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
}

ConsentController::~ConsentController()
{
    waitForIdle();
}

void ConsentController::waitForIdle()
{
    auto cache = m_workstation.cache;
    m_pool.start([cache] { cache->releaseThreadConnection(); });
    m_pool.waitForDone();
}

void ConsentController::load(const QString &masterId)
{
    auto service = m_service;
    const Principal who = m_workstation.principal;
    QtConcurrent::run(&m_pool, [service, who, masterId] {
        return service->view(who, masterId);
    }).then(this, [this](const Result<ConsentView> &view) {
        if (!view)
            emit failed(view.error().message);
        else
            emit loaded(*view);
    });
}

void ConsentController::check(const SendRequest &request)
{
    auto service = m_service;
    const Principal who = m_workstation.principal;
    const Clock *clock = m_workstation.clock;
    QtConcurrent::run(&m_pool, [service, who, clock, request] {
        return service->check(who, request, clock->now());
    }).then(this, [this, request](const Result<GateDecision> &decision) {
        if (!decision)
            emit failed(decision.error().message);
        else
            emit decided(request, *decision);
    });
}

void ConsentController::record(const ConsentEvent &event)
{
    auto service = m_service;
    const Principal who = m_workstation.principal;
    QtConcurrent::run(&m_pool, [service, who, event] {
        return service->record(who, event);
    }).then(this, [this, event](const Result<qint64> &id) {
        if (!id) {
            emit failed(id.error().message);
            return;
        }
        emit recorded(*id);
        load(event.masterId);
    });
}

void ConsentController::send(const MessageDraft &draft)
{
    auto service = m_service;
    const Principal who = m_workstation.principal;
    QtConcurrent::run(&m_pool, [service, who, draft] {
        return service->send(who, draft);
    }).then(this, [this, draft](const Result<DispatchOutcome> &outcome) {
        if (!outcome) {
            emit failed(outcome.error().message);
            return;
        }
        emit sent(*outcome);
        load(draft.request.masterId);
    });
}

void ConsentController::setTimeZone(const QString &masterId, const QString &zoneId)
{
    auto service = m_service;
    const Principal who = m_workstation.principal;
    QtConcurrent::run(&m_pool, [service, who, masterId, zoneId] {
        return service->setTimeZone(who, masterId, zoneId);
    }).then(this, [this, masterId, zoneId](const VoidResult &saved) {
        if (!saved) {
            emit failed(saved.error().message);
            return;
        }
        emit zoneSaved(zoneId);
        load(masterId);
    });
}

} // namespace CareDesk
