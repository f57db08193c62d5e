// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/ScreenLockWatcher.h"

#include <QDBusConnection>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcScreenLock, "caredesk.security.screenlock", QtInfoMsg)

namespace CareDesk {

ScreenLockWatcher::ScreenLockWatcher(QObject *parent)
    : QObject(parent)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    // QDBusConnection::connect takes a slot by name only (Qt has no pointer-to-member form for
    // bus signals); onActiveChanged is declared as a slot for this one use.
    for (const char *interface : {"org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"}) {
        m_listening |=
            bus.connect(QString(), QString(), QString::fromLatin1(interface),
                        QStringLiteral("ActiveChanged"), this, SLOT(onActiveChanged(bool)));
    }
}

void ScreenLockWatcher::onActiveChanged(bool active)
{
    qCInfo(lcScreenLock) << "desktop screen saver active:" << active;
    if (active)
        emit screenLocked();
}

} // namespace CareDesk
