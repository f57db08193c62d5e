// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/triage/TriageService.h"

#include <QSettings>
#include <QString>

namespace CareDesk {

// Typed access to caredesk.ini in the data folder. Keys live here and nowhere else.
class Settings
{
public:
    explicit Settings(const QString &dataDir);

    TriageSettings triageSettings() const;
    void setTriageSettings(const TriageSettings &settings);

    // Minutes without keyboard or mouse input before the session locks (1-240, default 5).
    int idleLockMinutes() const;

    // Seconds between demo replies from the embedded automation; 0 turns the feed off.
    int demoFeedIntervalSeconds() const;

private:
    mutable QSettings m_settings;
};

} // namespace CareDesk
