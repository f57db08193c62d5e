// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/Settings.h"

#include "services/maintenance/CacheMaintenance.h"

#include <QDir>
#include <QSysInfo>
#include <QTimeZone>

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
const QString kQuietStart = QStringLiteral("comms/quietHoursStart");
const QString kQuietEnd = QStringLiteral("comms/quietHoursEnd");
const QString kCapPerDay = QStringLiteral("comms/capPerDay");
const QString kCapPerWeek = QStringLiteral("comms/capPerWeek");
const QString kProgramCaps = QStringLiteral("comms/programCaps");
const QString kRemindersPerAppointment = QStringLiteral("comms/remindersPerAppointment");
const QString kSiteTimeZone = QStringLiteral("comms/siteTimeZone");
const QString kKeywordReplyMinutes = QStringLiteral("comms/keywordReplyMinutes");
const QString kSmsGatewayUrl = QStringLiteral("sms/gatewayUrl");
const QString kSmsTokenFile = QStringLiteral("sms/tokenFile");
const QString kSmtpUrl = QStringLiteral("email/smtpUrl");
const QString kSmtpTls = QStringLiteral("email/tls");
const QString kSmtpUser = QStringLiteral("email/username");
const QString kSmtpPasswordFile = QStringLiteral("email/passwordFile");
const QString kSmtpCaFile = QStringLiteral("email/caFile");
const QString kEmailFrom = QStringLiteral("email/from");
const QString kHl7Port = QStringLiteral("hl7/mllpPort");
const QString kHl7Bind = QStringLiteral("hl7/mllpBind");
const QString kHl7TlsCertificate = QStringLiteral("hl7/tlsCertificate");
const QString kHl7TlsKey = QStringLiteral("hl7/tlsKey");
const QString kHl7TlsClientCa = QStringLiteral("hl7/tlsClientCa");
const QString kHl7Charset = QStringLiteral("hl7/defaultCharset");
const QString kHl7MaxFrame = QStringLiteral("hl7/maxFrameBytes");
const QString kHl7MaxConnections = QStringLiteral("hl7/maxConnections");
const QString kHl7Facility = QStringLiteral("hl7/facility");
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

SendPolicy Settings::sendPolicy() const
{
    SendPolicy policy;
    auto time = [&](const QString &key, QTime fallback) {
        const QTime read =
            QTime::fromString(m_settings.value(key).toString(), QStringLiteral("HH:mm"));
        return read.isValid() ? read : fallback;
    };
    policy.quietHours.start = time(kQuietStart, policy.quietHours.start);
    policy.quietHours.end = time(kQuietEnd, policy.quietHours.end);
    // -1 turns a cap off; anything else is bounded to something sane.
    policy.patientCaps.perDay =
        qBound(-1, m_settings.value(kCapPerDay, policy.patientCaps.perDay).toInt(), 50);
    policy.patientCaps.perWeek =
        qBound(-1, m_settings.value(kCapPerWeek, policy.patientCaps.perWeek).toInt(), 200);
    policy.remindersPerAppointment = qBound(
        -1, m_settings.value(kRemindersPerAppointment, policy.remindersPerAppointment).toInt(), 20);
    policy.keywordReplyMinutes =
        qBound(1, m_settings.value(kKeywordReplyMinutes, policy.keywordReplyMinutes).toInt(), 60);
    // "heart-failure=1/2, oncology-support=1/3": a program's own daily and weekly caps.
    const QStringList programs =
        m_settings.value(kProgramCaps).toString().split(u',', Qt::SkipEmptyParts);
    for (const QString &entry : programs) {
        const QString program = entry.section(u'=', 0, 0).trimmed();
        const QString caps = entry.section(u'=', 1).trimmed();
        bool dayOk = false;
        bool weekOk = false;
        const int day = caps.section(u'/', 0, 0).toInt(&dayOk);
        const int week = caps.section(u'/', 1, 1).toInt(&weekOk);
        if (!program.isEmpty() && dayOk && weekOk)
            policy.programCaps.insert(program, MessageCaps{day, week});
    }
    const QString zone = m_settings.value(kSiteTimeZone).toString();
    const QByteArray system = QTimeZone::systemTimeZoneId();
    if (QTimeZone::isTimeZoneIdAvailable(zone.toUtf8()))
        policy.siteZoneId = zone;
    else if (system.contains('/') && QTimeZone::isTimeZoneIdAvailable(system))
        policy.siteZoneId = QString::fromUtf8(system);
    return policy;
}

ChannelSettings Settings::channelSettings(QStringList *problems) const
{
    ChannelSettings channels;
    auto problem = [&](const QString &text) {
        if (problems)
            problems->append(text);
    };
    const QUrl gateway(m_settings.value(kSmsGatewayUrl).toString());
    if (gateway.isValid() && !gateway.isEmpty()) {
        auto token = readOwnerOnlySecret(m_settings.value(kSmsTokenFile).toString(),
                                         QStringLiteral("SMS gateway token"));
        if (token) {
            channels.smsGateway = gateway;
            channels.smsToken = token->trimmed();
        } else {
            problem(token.error().message);
        }
    }
    const QUrl smtp(m_settings.value(kSmtpUrl).toString());
    if (smtp.isValid() && !smtp.isEmpty()) {
        channels.smtp.server = smtp;
        const QString tls = m_settings.value(kSmtpTls, QStringLiteral("starttls")).toString();
        channels.smtp.tls = tls == QLatin1String("none")  ? SmtpMailer::Tls::None
                            : tls == QLatin1String("tls") ? SmtpMailer::Tls::Implicit
                                                          : SmtpMailer::Tls::StartTls;
        channels.smtp.username = m_settings.value(kSmtpUser).toString();
        channels.smtp.caFile = m_settings.value(kSmtpCaFile).toString();
        if (!channels.smtp.username.isEmpty()) {
            auto password = readOwnerOnlySecret(m_settings.value(kSmtpPasswordFile).toString(),
                                                QStringLiteral("SMTP password"));
            if (password) {
                channels.smtp.password = password->trimmed();
            } else {
                channels.smtp.server = QUrl();
                problem(password.error().message);
            }
        }
        channels.emailFrom = m_settings.value(kEmailFrom, channels.emailFrom).toString();
        channels.messageIdHost =
            OutgoingEmail::address(channels.emailFrom).section(u'@', 1).trimmed();
        if (channels.messageIdHost.isEmpty())
            channels.messageIdHost = QStringLiteral("caredesk.invalid");
    }
    return channels;
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
