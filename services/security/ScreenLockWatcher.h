// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

namespace CareDesk {

// Tells when the desktop's screen locks: the ActiveChanged(bool) signal of
// org.freedesktop.ScreenSaver (KDE, Xfce and others) and org.gnome.ScreenSaver (GNOME) on the
// session bus. CareDesk locks its own session then too.
class ScreenLockWatcher : public QObject
{
    Q_OBJECT
public:
    explicit ScreenLockWatcher(QObject *parent = nullptr);
    // False when there is no session bus to listen on.
    bool isListening() const { return m_listening; }

signals:
    void screenLocked();

private slots:
    void onActiveChanged(bool active);

private:
    bool m_listening = false;
};

} // namespace CareDesk
