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
const QString kHl7Port = QStringLiteral("hl7/mllpPort");
const QString kHl7Bind = QStringLiteral("hl7/mllpBind");
const QString kHl7TlsCertificate = QStringLiteral("hl7/tlsCertificate");
const QString kHl7TlsKey = QStringLiteral("hl7/tlsKey");
const QString kHl7TlsClientCa = QStringLiteral("hl7/tlsClientCa");
const QString kHl7Charset = QStringLiteral("hl7/defaultCharset");
const QString kHl7MaxFrame = QStringLiteral("hl7/maxFrameBytes");
const QString kHl7MaxConnections = QStringLiteral("hl7/maxConnections");
const QString kHl7Facility = QStringLiteral("hl7/facility");

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

Hl7FeedConfig Settings::hl7FeedConfig() const
{
    Hl7FeedConfig config;
    const int port = m_settings.value(kHl7Port, 0).toInt();
    config.port = quint16(port > 0 && port < 65536 ? port : 0);
    config.bind = m_settings.value(kHl7Bind, config.bind).toString();
    config.tlsCertificate = m_settings.value(kHl7TlsCertificate).toString();
    config.tlsKey = m_settings.value(kHl7TlsKey).toString();
    config.tlsClientCa = m_settings.value(kHl7TlsClientCa).toString();
    config.defaultCharset = m_settings.value(kHl7Charset).toString();
    config.maxFrameBytes =
        m_settings.value(kHl7MaxFrame, qlonglong(config.maxFrameBytes)).toLongLong();
    config.maxConnections = m_settings.value(kHl7MaxConnections, config.maxConnections).toInt();
    config.facility = m_settings.value(kHl7Facility).toString();
    return config;
}

} // namespace CareDesk
