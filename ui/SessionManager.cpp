// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SessionManager.h"

#include "services/security/AuditLog.h"
#include "services/security/ScreenLockWatcher.h"
#include "ui/MainWindow.h"
#include "ui/QueueController.h"
#include "ui/SecurityBar.h"
#include "ui/SignInDialog.h"

#include <QApplication>
#include <QEvent>
#include <QLoggingCategory>
#include <QWidget>

Q_LOGGING_CATEGORY(lcSession, "caredesk.ui.session", QtInfoMsg)

namespace CareDesk {

SessionManager::SessionManager(Workstation base, std::chrono::milliseconds idleTimeout,
                               QObject *parent)
    : QObject(parent)
    , m_base(std::move(base))
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(idleTimeout);
    connect(&m_idle, &QTimer::timeout, this, &SessionManager::lock);
    qApp->installEventFilter(this);
    m_screenLock = new ScreenLockWatcher(this);
    connect(m_screenLock, &ScreenLockWatcher::screenLocked, this, &SessionManager::lock);
}

SessionManager::~SessionManager()
{
    qApp->removeEventFilter(this);
    delete m_lockScreen;
    qDeleteAll(m_windows);
}

void SessionManager::setDemoCredentials(const QList<DemoCredential> &credentials)
{
    m_demo = credentials;
}

MainWindow *SessionManager::start(const Principal &who)
{
    m_current = who;
    MainWindow *window = m_windows.value(who.user);
    if (!window) {
        Workstation workstation = m_base;
        workstation.principal = who;
        window = new MainWindow(workstation);
        window->setAttribute(Qt::WA_DeleteOnClose, false);
        connect(window->securityBar(), &SecurityBar::lockRequested, this, &SessionManager::lock);
        m_windows.insert(who.user, window);
        emit windowOpened(window);
    }
    window->show();
    m_idle.start();
    return window;
}

bool SessionManager::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        if (!isLocked())
            m_idle.start();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void SessionManager::lock()
{
    if (isLocked() || !m_current.isValid())
        return;
    m_idle.stop();
    // Everything on screen belongs to the signed-in user: hide it all, dialogs included. A
    // hidden window keeps its state, so nothing unsaved is lost.
    QList<QPointer<QWidget>> hidden;
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *widget : windows) {
        if (widget->isVisible()) {
            hidden.append(widget);
            widget->hide();
        }
    }
    m_hidden.insert(m_current.user, hidden);
    m_base.access->audit().append({m_current.user, QStringLiteral("lock"), QString(),
                                   QStringLiteral("session/%1").arg(m_current.user)});
    qCInfo(lcSession) << "session of" << m_current.user << "locked";

    auto *screen = new SignInDialog(*m_base.signIn, m_base.cache, *m_base.clock);
    screen->setAttribute(Qt::WA_DeleteOnClose, false);
    screen->setDemoCredentials(m_demo);
    screen->setLockedSession(m_current);
    connect(screen, &QDialog::accepted, this, &SessionManager::onLockScreenDone);
    m_lockScreen = screen;
    screen->show();
    emit locked();
}

void SessionManager::onLockScreenDone()
{
    SignInDialog *screen = m_lockScreen;
    if (!screen)
        return;
    const Principal who = screen->principal();
    screen->hide();
    screen->deleteLater();
    m_lockScreen.clear();
    if (!who.isValid())
        return;

    m_current = who;
    const QList<QPointer<QWidget>> hidden = m_hidden.take(who.user);
    if (hidden.isEmpty()) {
        start(who);
    } else {
        // Back to exactly what this user had on screen.
        for (const QPointer<QWidget> &widget : hidden) {
            if (widget)
                widget->show();
        }
        m_idle.start();
    }
    if (MainWindow *window = currentWindow())
        window->controller()->refresh();
    qCInfo(lcSession) << "session of" << who.user << "unlocked";
    emit unlocked(who);
}

} // namespace CareDesk
