// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/security/Principal.h"
#include "ui/SignInDialog.h"
#include "ui/Workstation.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QWidget;

namespace CareDesk {

class MainWindow;
class ScreenLockWatcher;

// The sessions on one workstation. The screen locks after a quiet spell (no key or mouse input)
// and when the desktop locks; locking hides every window of the signed-in user (their unsaved
// work, such as a half-written resolution note, stays in those hidden windows) and shows the
// lock screen. The same user unlocks with their password and gets their windows back; another
// user signs in with their own credentials and gets windows of their own, never the first
// user's.
class SessionManager : public QObject
{
    Q_OBJECT
public:
    SessionManager(Workstation base, std::chrono::milliseconds idleTimeout,
                   QObject *parent = nullptr);
    ~SessionManager() override;

    // Opens the first window for who.
    MainWindow *start(const Principal &who);
    void lock();

    bool isLocked() const { return !m_lockScreen.isNull(); }
    Principal current() const { return m_current; }
    MainWindow *currentWindow() const { return m_windows.value(m_current.user); }
    // Every user's window opened here (one each).
    QList<MainWindow *> windows() const { return m_windows.values(); }
    SignInDialog *lockScreen() const { return m_lockScreen; }
    QTimer *idleTimer() { return &m_idle; }
    void setDemoCredentials(const QList<DemoCredential> &credentials);

signals:
    void windowOpened(CareDesk::MainWindow *window);
    void locked();
    void unlocked(const CareDesk::Principal &who);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onLockScreenDone();

    Workstation m_base;
    QTimer m_idle;
    Principal m_current;
    QHash<QString, MainWindow *> m_windows;            // one per user who signed in here
    QHash<QString, QList<QPointer<QWidget>>> m_hidden; // what locking hid, per user
    QPointer<SignInDialog> m_lockScreen;
    ScreenLockWatcher *m_screenLock = nullptr;
    QList<DemoCredential> m_demo;
};

} // namespace CareDesk
