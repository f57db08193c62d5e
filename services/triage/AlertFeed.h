// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Principal.h"
#include "services/triage/AlertPolicy.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace CareDesk {

class AccessControl;
class CacheDatabase;
class Clock;

// Follows the queue events every workstation and worker write to the shared cache, and tells
// this workstation about them: queueChanged() whenever anything changed (so the queue refreshes
// within a second of a change made elsewhere), alert() for what the AlertPolicy says people must
// hear about, and acknowledged() when an item no longer needs anyone's attention. At start it
// alerts every emergent item nobody has acknowledged yet. Runs on the thread it lives in, so
// the desktop app moves it off the UI thread.
class AlertFeed : public QObject
{
    Q_OBJECT
public:
    // Reads as who (the embedded automation), which needs queue.watch.
    AlertFeed(std::shared_ptr<CacheDatabase> cache, AccessControl &access, const Clock &clock,
              AlertSettings settings, Principal who = principalForAutomation(),
              QObject *parent = nullptr);

    void start(int intervalMs = 1000);
    void stop();
    // Reads new events and releases held alerts whose time came; an error on a storage error
    // or when who may not watch the queue (queue.watch).
    VoidResult pollNow();

signals:
    void queueChanged();
    void alert(const CareDesk::QueueAlert &alert);
    void acknowledged(qint64 itemId);
    void failed(const QString &message);

private:
    VoidResult catchUp();

    std::shared_ptr<CacheDatabase> m_cache;
    AccessControl &m_access;
    const Clock &m_clock;
    Principal m_who;
    AlertPolicy m_policy;
    QTimer m_timer;        // a child, so it moves with this object to a worker thread
    qint64 m_lastSeq = -1; // -1: not started
};

} // namespace CareDesk
