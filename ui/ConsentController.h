// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/comms/ConsentService.h"
#include "services/security/Principal.h"

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;

// What the consent panel needs from the services; the app layer fills it in.
struct ConsentWorkstation {
    std::shared_ptr<CacheDatabase> cache;
    AuditLog *audit = nullptr;
    AccessControl *access = nullptr;
    const Clock *clock = nullptr;
    Principal principal; // the window's user: every read and change acts as them
    SendPolicy policy;
    std::shared_ptr<const MessageTemplates> templates;
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
    // The patient's own time zone (empty: back to the FHIR one or the site's).
    void setTimeZone(const QString &masterId, const QString &zoneId);
    void waitForIdle();

    const ConsentWorkstation &workstation() const { return m_workstation; }

signals:
    void loaded(const CareDesk::ConsentView &view);
    void decided(const CareDesk::SendRequest &request, const CareDesk::GateDecision &decision);
    void recorded(qint64 eventId);
    void sent(const CareDesk::DispatchOutcome &outcome);
    void zoneSaved(const QString &zoneId);
    void failed(const QString &message);

private:
    ConsentWorkstation m_workstation;
    std::shared_ptr<ConsentService> m_service;
    QThreadPool m_pool;
};

} // namespace CareDesk
