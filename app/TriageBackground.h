// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/triage/AlertPolicy.h"
#include "services/triage/EscalationService.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace CareDesk {

class AlertFeed;
class AppContext;

// The triage work a workstation does in the background, on a thread of its own so the UI never
// waits for the cache: the escalation ladder (checked every 5 s) and the alert feed (every
// second). Signals arrive on the receiver's thread.
class TriageBackground : public QObject
{
    Q_OBJECT
public:
    TriageBackground(AppContext &context, EscalationSettings ladder, AlertSettings alerts,
                     QObject *parent = nullptr);
    ~TriageBackground() override;

    void start();

signals:
    void queueChanged();
    void alert(const CareDesk::QueueAlert &alert);
    void acknowledged(qint64 itemId);
    void failed(const QString &message);

private:
    QThread m_thread;
    EscalationService *m_ladder; // live on m_thread, deleted there
    AlertFeed *m_feed;
};

} // namespace CareDesk
