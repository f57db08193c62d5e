// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/Hl7Feed.h"
#include "services/comms/CommsEngine.h"
#include "services/comms/SendPolicy.h"
#include "services/fhir/FhirSyncService.h"
#include "services/sms/SmsWebhookServer.h"
#include "services/triage/AlertPolicy.h"
#include "services/triage/EscalationService.h"
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

    // escalation/roles and escalation/minutes: the ladder for unacknowledged emergent items.
    // A list that does not parse gives the default ladder, and problems() says why.
    EscalationSettings escalationSettings() const;
    void setEscalationSettings(const EscalationSettings &settings);
    // alerts/dedupeMinutes, alerts/batchMinutes, alerts/quietHours ("22:00-07:00").
    AlertSettings alertSettings() const;
    void setAlertSettings(const AlertSettings &settings);

    // The SMS gateway's inbound webhook: sms/webhookPort (0: the desktop app runs none),
    // sms/webhookAddress (default 127.0.0.1), sms/programs ("+15550100=oncology-support,
    // +15550101=cardiology": the number patients text names the program). The secret is not
    // here: it is read from smsWebhookSecretFile().
    SmsWebhookConfig smsWebhookConfig() const;
    // sms/webhookSecretFile, default sms-webhook-secret in the data folder.
    QString smsWebhookSecretFile() const;

    // What was wrong with the values read so far (each names the key); empty when all were fine.
    QStringList problems() const { return m_problems; }

    // The send-time gate's rules (comms/* keys): quiet hours, caps, the site's time zone.
    SendPolicy sendPolicy() const;
    // Where patient messages go (sms/* and email/* keys). Secrets come from owner-only files
    // named by the keys; a channel whose file cannot be read is left unconfigured, and problems
    // says why.
    ChannelSettings channelSettings(QStringList *problems = nullptr) const;
    // The HL7 v2 MLLP listener (hl7/* keys); port 0 when none is configured.
    Hl7FeedConfig hl7FeedConfig() const;

private:
    QString m_dataDir;
    mutable QSettings m_settings;
    mutable QStringList m_problems;
};

} // namespace CareDesk
