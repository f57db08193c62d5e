// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/Settings.h"

#include <QDir>

namespace CareDesk {

namespace {

const QString kEmergentAck = QStringLiteral("triage/emergentAckMinutes");
const QString kUrgentAck = QStringLiteral("triage/urgentAckMinutes");
const QString kDemoFeedInterval = QStringLiteral("demo/feedIntervalSeconds");
const QString kIdleLock = QStringLiteral("security/idleLockMinutes");

} // namespace

Settings::Settings(const QString &dataDir)
    : m_settings(QDir(dataDir).filePath(QStringLiteral("caredesk.ini")), QSettings::IniFormat)
{}

TriageSettings Settings::triageSettings() const
{
    TriageSettings settings;
    settings.emergentAckMinutes =
        qBound(1, m_settings.value(kEmergentAck, settings.emergentAckMinutes).toInt(), 240);
    settings.urgentAckMinutes =
        qBound(1, m_settings.value(kUrgentAck, settings.urgentAckMinutes).toInt(), 1440);
    return settings;
}

void Settings::setTriageSettings(const TriageSettings &settings)
{
    m_settings.setValue(kEmergentAck, settings.emergentAckMinutes);
    m_settings.setValue(kUrgentAck, settings.urgentAckMinutes);
}

int Settings::idleLockMinutes() const
{
    // No "never": a shared workstation always locks in the end.
    return qBound(1, m_settings.value(kIdleLock, 5).toInt(), 240);
}

int Settings::demoFeedIntervalSeconds() const
{
    return qBound(0, m_settings.value(kDemoFeedInterval, 45).toInt(), 3600);
}

} // namespace CareDesk
