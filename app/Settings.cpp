// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/Settings.h"

#include <QDir>
#include <QSysInfo>

namespace CareDesk {

namespace {

const QString kEmergentAck = QStringLiteral("triage/emergentAckMinutes");
const QString kUrgentAck = QStringLiteral("triage/urgentAckMinutes");
const QString kDemoFeedInterval = QStringLiteral("demo/feedIntervalSeconds");
const QString kFhirBase = QStringLiteral("fhir/baseUrl");
const QString kFhirClientId = QStringLiteral("fhir/clientId");
const QString kFhirKeyFile = QStringLiteral("fhir/keyFile");
const QString kFhirTokenUrl = QStringLiteral("fhir/tokenUrl");
const QString kFhirCaFile = QStringLiteral("fhir/caFile");
const QString kFhirPollSeconds = QStringLiteral("fhir/pollSeconds");
const QString kFhirRole = QStringLiteral("fhir/role");
const QString kFhirPageSize = QStringLiteral("fhir/pageSize");
const QString kFhirPageCap = QStringLiteral("fhir/pageCap");
const QString kEscalationRoles = QStringLiteral("escalation/roles");
const QString kEscalationMinutes = QStringLiteral("escalation/minutes");
const QString kAlertDedupe = QStringLiteral("alerts/dedupeMinutes");
const QString kAlertBatch = QStringLiteral("alerts/batchMinutes");
const QString kAlertQuietHours = QStringLiteral("alerts/quietHours");

// QSettings gives a comma list back as a string list, and one value as a string.
QStringList listValue(const QVariant &value)
{
    QStringList list = value.toStringList();
    if (list.isEmpty() && !value.toString().isEmpty())
        list = value.toString().split(u',');
    for (QString &entry : list)
        entry = entry.trimmed();
    list.removeAll(QString());
    return list;
}

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

int Settings::demoFeedIntervalSeconds() const
{
    return qBound(0, m_settings.value(kDemoFeedInterval, 45).toInt(), 3600);
}

FhirSyncConfig Settings::fhirSyncConfig() const
{
    FhirSyncConfig config;
    config.base = QUrl(m_settings.value(kFhirBase).toString());
    config.clientId = m_settings.value(kFhirClientId).toString();
    config.keyFile = m_settings.value(kFhirKeyFile).toString();
    config.tokenUrl = QUrl(m_settings.value(kFhirTokenUrl).toString());
    config.caFile = m_settings.value(kFhirCaFile).toString();
    config.pollSeconds = qBound(1, m_settings.value(kFhirPollSeconds, 5).toInt(), 3600);
    config.sync.role = m_settings.value(kFhirRole, config.sync.role).toString();
    config.sync.pageSize = qBound(1, m_settings.value(kFhirPageSize, 200).toInt(), 1000);
    config.sync.pageCap = qBound(1, m_settings.value(kFhirPageCap, 1000).toInt(), 100000);
    config.workstation = QSysInfo::machineHostName();
    return config;
}

void Settings::setFhirSyncConfig(const FhirSyncConfig &config)
{
    m_settings.setValue(kFhirBase, config.base.toString());
    m_settings.setValue(kFhirClientId, config.clientId);
    m_settings.setValue(kFhirKeyFile, config.keyFile);
    m_settings.setValue(kFhirTokenUrl, config.tokenUrl.toString());
    m_settings.setValue(kFhirCaFile, config.caFile);
    m_settings.setValue(kFhirPollSeconds, config.pollSeconds);
    m_settings.setValue(kFhirRole, config.sync.role);
    m_settings.sync();
}

EscalationSettings Settings::escalationSettings() const
{
    const EscalationSettings defaults;
    if (!m_settings.contains(kEscalationRoles) && !m_settings.contains(kEscalationMinutes))
        return defaults;
    const QStringList roles = listValue(m_settings.value(kEscalationRoles));
    const QStringList minutes = listValue(m_settings.value(kEscalationMinutes));
    const auto refuse = [&](const QString &why) {
        m_problems.append(QStringLiteral("caredesk.ini: %1; the default ladder (charge nurse at "
                                         "the deadline, supervisor 5 minutes later) is used.")
                              .arg(why));
        return defaults;
    };
    if (roles.isEmpty() || roles.size() != minutes.size())
        return refuse(QStringLiteral("%1 and %2 must list as many roles as minutes")
                          .arg(kEscalationRoles, kEscalationMinutes));
    EscalationSettings settings;
    settings.levels.clear();
    int previous = -1;
    for (qsizetype i = 0; i < roles.size(); ++i) {
        bool ok = false;
        const int value = minutes.at(i).toInt(&ok);
        if (!ok || value < 0 || value > 1440 || value < previous)
            return refuse(QStringLiteral("%1 must be whole minutes from 0 to 1440 past the "
                                         "deadline, never decreasing (got \"%2\")")
                              .arg(kEscalationMinutes, minutes.at(i)));
        previous = value;
        settings.levels.append({roles.at(i), value});
    }
    return settings;
}

void Settings::setEscalationSettings(const EscalationSettings &settings)
{
    QStringList roles;
    QStringList minutes;
    for (const EscalationLevel &level : settings.levels) {
        roles.append(level.role);
        minutes.append(QString::number(level.minutesAfterDeadline));
    }
    m_settings.setValue(kEscalationRoles, roles);
    m_settings.setValue(kEscalationMinutes, minutes);
}

AlertSettings Settings::alertSettings() const
{
    AlertSettings settings;
    settings.dedupeMinutes =
        qBound(0, m_settings.value(kAlertDedupe, settings.dedupeMinutes).toInt(), 240);
    settings.batchMinutes =
        qBound(1, m_settings.value(kAlertBatch, settings.batchMinutes).toInt(), 240);
    const QString quiet = m_settings.value(kAlertQuietHours).toString().trimmed();
    if (!quiet.isEmpty()) {
        const QStringList ends = quiet.split(u'-');
        const QTime start = QTime::fromString(ends.value(0).trimmed(), QStringLiteral("H:mm"));
        const QTime end = QTime::fromString(ends.value(1).trimmed(), QStringLiteral("H:mm"));
        if (ends.size() == 2 && start.isValid() && end.isValid()) {
            settings.quietStart = start;
            settings.quietEnd = end;
        } else {
            m_problems.append(QStringLiteral("caredesk.ini: %1 must look like 22:00-07:00 (got "
                                             "\"%2\"); no quiet hours are used.")
                                  .arg(kAlertQuietHours, quiet));
        }
    }
    return settings;
}

void Settings::setAlertSettings(const AlertSettings &settings)
{
    m_settings.setValue(kAlertDedupe, settings.dedupeMinutes);
    m_settings.setValue(kAlertBatch, settings.batchMinutes);
    m_settings.setValue(
        kAlertQuietHours,
        settings.hasQuietHours()
            ? QStringLiteral("%1-%2").arg(settings.quietStart.toString(QStringLiteral("HH:mm")),
                                          settings.quietEnd.toString(QStringLiteral("HH:mm")))
            : QString());
}

} // namespace CareDesk
