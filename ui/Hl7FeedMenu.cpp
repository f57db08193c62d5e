// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/Hl7FeedMenu.h"

#include "services/hl7/MllpListener.h"
#include "ui/Hl7DeadLetterView.h"
#include "ui/Hl7FeedController.h"

#include <QAction>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>

namespace CareDesk {

Hl7FeedMenu::Hl7FeedMenu(QMainWindow &window, Hl7FeedController &controller, MllpListener *listener)
    : QObject(&window)
    , m_window(window)
    , m_controller(controller)
    , m_listener(listener)
    , m_deadLettersAction(new QAction(tr("HL7 &Dead Letters\u2026"), &window))
{
    m_deadLettersAction->setObjectName(QStringLiteral("hl7DeadLettersAction"));
    m_deadLettersAction->setToolTip(tr("HL7 messages the interface could not apply"));
    connect(m_deadLettersAction, &QAction::triggered, this, &Hl7FeedMenu::showDeadLetters);
    //: Menu of the HL7 v2 interface (admissions, discharges, transfers from the hospital)
    QMenu *menu = window.menuBar()->addMenu(tr("H&L7"));
    menu->addAction(m_deadLettersAction);

    connect(&m_controller, &Hl7FeedController::lettersListed, this,
            [this](const QList<Hl7DeadLetter> &, int open) {
                m_openDeadLetters = open;
                updateStatus();
            });
    if (m_listener) {
        m_statusLabel = new QLabel(&window);
        m_statusLabel->setObjectName(QStringLiteral("hl7FeedStatusLabel"));
        window.statusBar()->addPermanentWidget(m_statusLabel);
        connect(m_listener, &MllpListener::frameHandled, this, [this](const Hl7Receipt &receipt) {
            if (receipt.deadLetterId > 0)
                m_controller.refresh(false); // recounts the open ones
            updateStatus();
        });
        connect(m_listener, &MllpListener::connectionCountChanged, this,
                &Hl7FeedMenu::updateStatus);
    }
    m_controller.refresh(false);
    updateStatus();
}

void Hl7FeedMenu::showDeadLetters()
{
    auto *view = new Hl7DeadLetterView(&m_controller, &m_window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->show();
}

void Hl7FeedMenu::updateStatus()
{
    m_deadLettersAction->setText(m_openDeadLetters > 0
                                     ? tr("HL7 &Dead Letters (%1)\u2026").arg(m_openDeadLetters)
                                     : tr("HL7 &Dead Letters\u2026"));
    if (!m_statusLabel)
        return;
    const MllpListenerStats stats = m_listener->stats();
    QString text =
        tr("HL7 feed on port %1%2: %n connection(s)", nullptr, m_listener->connectionCount())
            .arg(m_listener->port())
            .arg(m_listener->isTls() ? tr(" (TLS)") : QString());
    text += tr(", %n message(s) taken", nullptr, int(stats.accepted));
    if (m_openDeadLetters > 0)
        text += tr(", %n dead letter(s)", nullptr, m_openDeadLetters);
    m_statusLabel->setText(text);
}

} // namespace CareDesk
