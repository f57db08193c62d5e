// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ConsentController.h"

#include "models/Clock.h"
#include "services/comms/ConsentLedger.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"

#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentRun>

namespace CareDesk {

ConsentController::ConsentController(ConsentWorkstation workstation, QObject *parent)
    : QObject(parent)
    , m_workstation(std::move(workstation))
    , m_dispatcher(std::make_shared<MessageDispatcher>(m_workstation.cache, *m_workstation.audit,
                                                       *m_workstation.clock, m_workstation.policy,
                                                       m_workstation.templates))
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
    const ConsentWorkstation ws = m_workstation;
    auto dispatcher = m_dispatcher;
    QtConcurrent::run(&m_pool, [ws, dispatcher, masterId]() -> Result<ConsentView> {
        QSqlDatabase db = ws.cache->connection();
        PatientStore store(db, *ws.clock);
        auto summary = store.summary(masterId);
        if (!summary)
            return std::unexpected(summary.error());
        ConsentView view;
        view.masterId = masterId;
        view.displayName = summary->displayName;
        QSqlQuery query(db);
        query.prepare(
            QStringLiteral("SELECT time_zone, language FROM patients WHERE master_id = ?"));
        query.addBindValue(masterId);
        if (query.exec() && query.next()) {
            view.zoneId = query.value(0).toString();
            view.language = query.value(1).toString();
        }
        auto events = ConsentLedger::history(db, masterId);
        if (!events)
            return std::unexpected(events.error());
        view.events = *events;
        view.state = ConsentState::derive(view.events, ws.clock->now());
        view.messages = dispatcher->messages(masterId, 100).value_or(QList<MessageRecord>());
        // Looking at a patient's consent is looking at the patient: it is on the record.
        if (auto audited = ws.audit->append({ws.actor, QStringLiteral("view-consent"), masterId,
                                             QStringLiteral("patient/%1").arg(masterId)});
            !audited)
            return std::unexpected(audited.error());
        return view;
    }).then(this, [this](const Result<ConsentView> &view) {
        if (!view)
            emit failed(view.error().message);
        else
            emit loaded(*view);
    });
}

void ConsentController::check(const SendRequest &request)
{
    const ConsentWorkstation ws = m_workstation;
    auto dispatcher = m_dispatcher;
    QtConcurrent::run(&m_pool, [ws, dispatcher, request] {
        return dispatcher->check(request, ws.clock->now());
    }).then(this, [this, request](const Result<GateDecision> &decision) {
        if (!decision)
            emit failed(decision.error().message);
        else
            emit decided(request, *decision);
    });
}

void ConsentController::record(const ConsentEvent &event)
{
    const ConsentWorkstation ws = m_workstation;
    QtConcurrent::run(&m_pool, [ws, event]() -> Result<qint64> {
        QSqlDatabase db = ws.cache->connection();
        if (!db.transaction())
            return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
        ConsentEvent stamped = event;
        stamped.recordedAt = ws.clock->now();
        if (!stamped.effectiveAt.isValid())
            stamped.effectiveAt = stamped.recordedAt;
        auto id = ConsentLedger::append(db, *ws.audit, ws.actor, stamped);
        if (!id || !db.commit()) {
            db.rollback();
            return id ? Result<qint64>(fail(Error::Code::Storage,
                                            QStringLiteral("Could not save the consent.")))
                      : id;
        }
        if (auto checkpointed = ws.audit->checkpoint(); !checkpointed)
            return std::unexpected(checkpointed.error());
        return id;
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
    auto dispatcher = m_dispatcher;
    QtConcurrent::run(&m_pool, [dispatcher, draft] {
        return dispatcher->submit(draft);
    }).then(this, [this, draft](const Result<DispatchOutcome> &outcome) {
        if (!outcome) {
            emit failed(outcome.error().message);
            return;
        }
        emit sent(*outcome);
        load(draft.request.masterId);
    });
}

} // namespace CareDesk
