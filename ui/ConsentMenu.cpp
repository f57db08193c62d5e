// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ConsentMenu.h"

#include "models/TriageQueueModel.h"
#include "ui/ConsentPanel.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableView>

namespace CareDesk {

ConsentMenu::ConsentMenu(MainWindow &window, ConsentWorkstation workstation)
    : QObject(&window)
    , m_window(window)
    , m_controller(new ConsentController(std::move(workstation), this))
    , m_consentAction(new QAction(tr("&Consent and Messages\u2026"), this))
{
    m_consentAction->setObjectName(QStringLiteral("consentAction"));
    m_consentAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_consentAction->setToolTip(
        tr("The selected patient's consent, messages and the send-time gate (Ctrl+Shift+K)"));
    connect(m_consentAction, &QAction::triggered, this, &ConsentMenu::showForCurrentItem);
    QMenu *menu = window.menuBar()->addMenu(tr("&Patient"));
    menu->addAction(m_consentAction);
}

ConsentMenu::~ConsentMenu()
{
    delete m_panel;
    m_controller->waitForIdle();
}

void ConsentMenu::showForCurrentItem()
{
    const QModelIndex index = m_window.queueView()->currentIndex();
    const TriageItem *item = index.isValid() ? m_window.queueModel()->itemAt(index.row()) : nullptr;
    if (!item) {
        m_window.statusBar()->showMessage(tr("Select an item in the queue to see its patient's "
                                             "consent."),
                                          8000);
        return;
    }
    showPanel(item->masterId);
}

ConsentPanel *ConsentMenu::showPanel(const QString &masterId)
{
    delete m_panel;
    m_panel = new ConsentPanel(*m_controller, masterId, &m_window);
    m_panel->setAttribute(Qt::WA_DeleteOnClose);
    m_panel->show();
    m_panel->raise();
    return m_panel;
}

} // namespace CareDesk
