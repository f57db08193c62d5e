// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/Hl7Feed.h"
#include "services/comms/CommsEngine.h"
#include "services/comms/SendPolicy.h"
#include "services/fhir/FhirSyncService.h"
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

    // The FHIR server this workstation syncs with (fhir/* keys); base empty when none is set.
    FhirSyncConfig fhirSyncConfig() const;
    void setFhirSyncConfig(const FhirSyncConfig &config);

    // The send-time gate's rules (comms/* keys): quiet hours, caps, the site's time zone.
    SendPolicy sendPolicy() const;
    // Where patient messages go (sms/* and email/* keys). Secrets come from owner-only files
    // named by the keys; a channel whose file cannot be read is left unconfigured, and problems
    // says why.
    ChannelSettings channelSettings(QStringList *problems = nullptr) const;
    // The HL7 v2 MLLP listener (hl7/* keys); port 0 when none is configured.
    Hl7FeedConfig hl7FeedConfig() const;

private:
    mutable QSettings m_settings;
};

} // namespace CareDesk
