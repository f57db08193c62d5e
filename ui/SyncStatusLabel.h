// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/fhir/FhirSyncService.h"

#include <QLabel>
#include <QTimer>

namespace CareDesk {

class Clock;

// The status bar's word on sync: online, offline or syncing, how long ago the last good sync
// was, what waits in the outbox, and a clock that disagrees with the server's.
class SyncStatusLabel : public QLabel
{
    Q_OBJECT
public:
    SyncStatusLabel(const Clock &clock, QWidget *parent = nullptr);

    void setStatus(const SyncStatus &status);
    static QString describe(const SyncStatus &status, const QDateTime &now);

private:
    void refresh();

    const Clock &m_clock;
    SyncStatus m_status;
    QTimer m_ticker;
};

} // namespace CareDesk
