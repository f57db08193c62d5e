// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AudibleAlert.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace CareDesk {

AudibleAlert::AudibleAlert(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<CareDesk::AudibleAlert::Method>();
    for (const char *name : {"pw-play", "paplay", "aplay"}) {
        m_player = QStandardPaths::findExecutable(QLatin1String(name));
        if (!m_player.isEmpty())
            break;
    }
}

QString AudibleAlert::soundFile()
{
    // Players take a file: the chime is copied once out of the resources into the user's cache.
    if (!m_file.isEmpty() && QFileInfo::exists(m_file))
        return m_file;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (dir.isEmpty() || !QDir().mkpath(dir))
        return QString();
    const QString path = QDir(dir).filePath(QStringLiteral("emergent-alert.wav"));
    QFile::remove(path);
    if (!QFile::copy(QStringLiteral(":/sounds/emergent-alert.wav"), path))
        return QString();
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    m_file = path;
    return m_file;
}

void AudibleAlert::play()
{
    if (m_muted) {
        emit played(Method::Muted);
        return;
    }
    const QString file = m_player.isEmpty() ? QString() : soundFile();
    if (!file.isEmpty() && QProcess::startDetached(m_player, {file})) {
        emit played(Method::Player);
        return;
    }
    QApplication::beep();
    emit played(Method::Bell);
}

} // namespace CareDesk
