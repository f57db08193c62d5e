// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/comms/MessageDispatcher.h"

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;

// What the consent panel needs from the services; the app layer fills it in.
struct ConsentWorkstation {
    std::shared_ptr<CacheDatabase> cache;
    AuditLog *audit = nullptr;
    const Clock *clock = nullptr;
    QString actor;
    SendPolicy policy;
    std::shared_ptr<const MessageTemplates> templates;
};

// One patient's consent as the panel shows it.
struct ConsentView {
    QString masterId;
    QString displayName;
    QString zoneId; // empty when unknown
    QString language;
    QList<ConsentEvent> events;
    ConsentState state;
    QList<MessageRecord> messages;
};

// Runs the consent panel's reads and writes off the UI thread, in order, and answers by
// signals: the patient's ledger and state, the gate's decision on a draft, a consent recorded,
// a message sent.
class ConsentController : public QObject
{
    Q_OBJECT
public:
    explicit ConsentController(ConsentWorkstation workstation, QObject *parent = nullptr);
    ~ConsentController() override;

    void load(const QString &masterId);
    void check(const SendRequest &request);
    void record(const ConsentEvent &event);
    void send(const MessageDraft &draft);
    void waitForIdle();

    const ConsentWorkstation &workstation() const { return m_workstation; }

signals:
    void loaded(const CareDesk::ConsentView &view);
    void decided(const CareDesk::SendRequest &request, const CareDesk::GateDecision &decision);
    void recorded(qint64 eventId);
    void sent(const CareDesk::DispatchOutcome &outcome);
    void failed(const QString &message);

private:
    ConsentWorkstation m_workstation;
    std::shared_ptr<MessageDispatcher> m_dispatcher;
    QThreadPool m_pool;
};

} // namespace CareDesk
