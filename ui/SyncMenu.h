// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/fhir/FhirSyncService.h"
#include "services/security/Principal.h"

#include <QObject>

#include <functional>

class QAction;
class QMainWindow;

namespace CareDesk {

class Clock;
class QueueController;
class SyncController;
class SyncStatusLabel;

// What FHIR sync adds to the main window: a Sync menu (Sync Now, Outbox and Dead Letters,
// FHIR Server settings), the status bar's sync state, a refresh of the queue when the server
// brings news, and a warning to the person whose change lost a conflict.
class SyncMenu : public QObject
{
    Q_OBJECT
public:
    using SaveConfig = std::function<void(const FhirSyncConfig &)>;

    SyncMenu(QMainWindow &window, QueueController &queue, SyncController &sync, const Clock &clock,
             Principal who, SaveConfig save);

    QAction *outboxAction() const { return m_outboxAction; }
    QAction *settingsAction() const { return m_settingsAction; }
    SyncStatusLabel *statusLabel() const { return m_statusLabel; }

    void showOutbox();
    void showSettings();

private:
    QMainWindow &m_window;
    SyncController &m_sync;
    Principal m_who; // the window's user: Sync Now and the outbox act as them
    SaveConfig m_save;
    QAction *m_syncNowAction;
    QAction *m_outboxAction;
    QAction *m_settingsAction;
    SyncStatusLabel *m_statusLabel;
};

} // namespace CareDesk
