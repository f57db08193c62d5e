// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class QSystemTrayIcon;

namespace CareDesk {

// Desktop notifications: org.freedesktop.Notifications over the session bus, the way every Linux
// desktop shows them; where no notification service answers, a tray icon message; where there
// is no tray either, none (the on-screen banner still shows). Calls are asynchronous, so a
// hung bus never blocks the UI. A notification for the same key replaces the previous one.
// Callers keep PHI out of the text: it shows on a screen anyone passing may read.
class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    enum class Route { DesktopService, TrayIcon, None };
    Q_ENUM(Route)

    explicit DesktopNotifier(QObject *parent = nullptr);
    ~DesktopNotifier() override;

    void notify(const QString &key, const QString &summary, const QString &body, bool critical);

signals:
    void delivered(CareDesk::DesktopNotifier::Route route, const QString &key);

private:
    void fallBack(const QString &key, const QString &summary, const QString &body, bool critical);

    QHash<QString, uint> m_ids; // notification id per key, so a newer one replaces it
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace CareDesk
