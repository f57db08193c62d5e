// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/DesktopNotifier.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QIcon>
#include <QLoggingCategory>
#include <QStyle>
#include <QSystemTrayIcon>

Q_LOGGING_CATEGORY(lcNotify, "caredesk.ui.notify", QtInfoMsg)

namespace CareDesk {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<CareDesk::DesktopNotifier::Route>();
}

DesktopNotifier::~DesktopNotifier() = default;

void DesktopNotifier::notify(const QString &key, const QString &summary, const QString &body,
                             bool critical)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        fallBack(key, summary, body, critical);
        return;
    }
    QDBusMessage call =
        QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    // Urgency 2 (critical) stays on screen until dismissed on most desktops.
    const QVariantMap hints{
        {QStringLiteral("urgency"), QVariant::fromValue<uchar>(critical ? 2 : 1)},
        {QStringLiteral("category"), QStringLiteral("im.received")},
        {QStringLiteral("desktop-entry"), QStringLiteral("caredesk")},
    };
    call << QStringLiteral("CareDesk") << m_ids.value(key, 0u) << QStringLiteral("caredesk")
         << summary << body << QStringList() << hints << int(critical ? 0 : 15000);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, watcher, key, summary, body, critical] {
                watcher->deleteLater();
                const QDBusPendingReply<uint> reply = *watcher;
                if (reply.isError()) {
                    qCInfo(lcNotify) << "no desktop notification service:" << reply.error().name();
                    fallBack(key, summary, body, critical);
                    return;
                }
                m_ids.insert(key, reply.value());
                emit delivered(Route::DesktopService, key);
            });
}

void DesktopNotifier::fallBack(const QString &key, const QString &summary, const QString &body,
                               bool critical)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        emit delivered(Route::None, key);
        return;
    }
    if (!m_tray) {
        m_tray =
            new QSystemTrayIcon(qApp->style()->standardIcon(QStyle::SP_MessageBoxWarning), this);
        m_tray->setToolTip(QStringLiteral("CareDesk"));
    }
    m_tray->show();
    m_tray->showMessage(summary, body,
                        critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Information,
                        critical ? 0 : 15000);
    emit delivered(Route::TrayIcon, key);
}

} // namespace CareDesk
