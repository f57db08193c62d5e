// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SyncMenu.h"

#include "ui/FhirSettingsDialog.h"
#include "ui/OutboxView.h"
#include "ui/QueueController.h"
#include "ui/SyncController.h"
#include "ui/SyncStatusLabel.h"

#include <QAction>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace CareDesk {

SyncMenu::SyncMenu(QMainWindow &window, QueueController &queue, SyncController &sync,
                   const Clock &clock, Principal who, SaveConfig save)
    : QObject(&window)
    , m_window(window)
    , m_sync(sync)
    , m_who(std::move(who))
    , m_save(std::move(save))
    , m_syncNowAction(new QAction(tr("Sync &Now"), &window))
    , m_outboxAction(new QAction(tr("&Outbox and Dead Letters\u2026"), &window))
    , m_settingsAction(new QAction(tr("FHIR &Server\u2026"), &window))
    , m_statusLabel(new SyncStatusLabel(clock, &window))
{
    m_syncNowAction->setShortcut(QKeySequence(Qt::Key_F6));
    m_outboxAction->setObjectName(QStringLiteral("outboxAction"));
    m_settingsAction->setObjectName(QStringLiteral("fhirSettingsAction"));
    QMenu *menu = window.menuBar()->addMenu(tr("&Sync"));
    menu->addAction(m_syncNowAction);
    menu->addAction(m_outboxAction);
    menu->addSeparator();
    menu->addAction(m_settingsAction);
    window.statusBar()->addPermanentWidget(m_statusLabel);
    m_statusLabel->setStatus(sync.status());

    connect(m_syncNowAction, &QAction::triggered, this, [this] { m_sync.syncNow(m_who); });
    connect(m_outboxAction, &QAction::triggered, this, &SyncMenu::showOutbox);
    connect(m_settingsAction, &QAction::triggered, this, &SyncMenu::showSettings);
    connect(&sync, &SyncController::statusChanged, m_statusLabel, &SyncStatusLabel::setStatus);
    connect(&sync, &SyncController::queueChanged, &queue, &QueueController::refresh);
    connect(&sync, &SyncController::repliesStored, &queue, &QueueController::refreshChanged);
    connect(&sync, &SyncController::conflictFound, this, [this](const QString &message) {
        m_window.statusBar()->showMessage(message, 30000);
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Your Change Was Not Applied"),
                                    message, QMessageBox::Ok, &m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setInformativeText(tr("The Outbox and Dead Letters window keeps both versions."));
        box->open();
    });
    connect(&sync, &SyncController::startFailed, this, [this](const QString &message) {
        QMessageBox::warning(&m_window, tr("FHIR Sync Not Started"), message);
    });
    connect(&sync, &SyncController::actionFailed, this,
            [this](const QString &message) { m_window.statusBar()->showMessage(message, 15000); });
}

void SyncMenu::showOutbox()
{
    auto *view = new OutboxView(&m_sync, m_who, &m_window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->open();
}

void SyncMenu::showSettings()
{
    auto *dialog = new FhirSettingsDialog(m_sync.config(), &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const FhirSyncConfig config = dialog->config();
        if (m_save)
            m_save(config);
        m_sync.start(config);
    });
    dialog->open();
}

} // namespace CareDesk
