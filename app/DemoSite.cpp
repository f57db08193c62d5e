// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/DemoSite.h"

#include "app/AppContext.h"
#include "app/Settings.h"
#include "models/Clock.h"
#include "services/security/SignInService.h"
#include "services/security/Totp.h"
#include "services/security/UserDirectory.h"
#include "services/store/CacheDatabase.h"
#include "ui/JourneyController.h"
#include "ui/MainWindow.h"
#include "ui/QueueController.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDemo, "caredesk.app.demo", QtInfoMsg)

namespace CareDesk {

DemoSite::DemoSite(MainWindow &window, Settings &settings, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_settings(settings)
{
    connect(&m_feedTimer, &QTimer::timeout, this, &DemoSite::sendNextFeedReply);
}

Result<QList<DemoCredential>> DemoSite::prepareUsers(AppContext &context, bool cacheCreatedNow)
{
    CacheDatabase &cache = *context.cache();
    const QString kind = cache.siteValue(QStringLiteral("kind")).value_or(QString());
    if (kind != QLatin1String("demo")) {
        if (!cacheCreatedNow)
            return QList<DemoCredential>{};
        if (auto marked = cache.setSiteValue(QStringLiteral("kind"), QStringLiteral("demo"));
            !marked)
            return std::unexpected(marked.error());
    }
    QList<DemoCredential> credentials;
    const QString stored = cache.siteValue(QStringLiteral("demo-credentials")).value_or(QString());
    for (const QJsonValue &value : QJsonDocument::fromJson(stored.toUtf8()).array()) {
        const QJsonObject object = value.toObject();
        credentials.append(
            {object.value(QLatin1String("user")).toString(),
             object.value(QLatin1String("role")).toString(),
             object.value(QLatin1String("password")).toString(),
             QByteArray::fromBase64(object.value(QLatin1String("secret")).toString().toLatin1())});
    }
    if (!credentials.isEmpty())
        return credentials;

    // One make-believe account per role; the passwords are for the demo only and are shown.
    const QList<std::pair<QString, QString>> accounts{
        {QStringLiteral("demo.nurse"), QStringLiteral("triage-nurse")},
        {QStringLiteral("demo.coordinator"), QStringLiteral("coordinator")},
        {QStringLiteral("demo.supervisor"), QStringLiteral("supervisor")},
        {QStringLiteral("demo.auditor"), QStringLiteral("auditor")},
    };
    const QByteArray adminPassword = "demo-admin-password";
    if (auto admin =
            context.users().createFirstAdministrator(QStringLiteral("demo.admin"), adminPassword);
        !admin)
        return std::unexpected(admin.error());
    auto enrolOne = [&](const QString &user, const QString &role,
                        const QByteArray &password) -> VoidResult {
        auto enrolment = context.signIn().beginEnrolment(user, password);
        if (!enrolment)
            return std::unexpected(enrolment.error());
        const QString code =
            Totp::code(enrolment->secret, context.clock().now().toSecsSinceEpoch());
        auto done = context.signIn().completeEnrolment(user, password, code, nullptr);
        if (!done)
            return std::unexpected(done.error());
        credentials.append({user, role, QString::fromUtf8(password), enrolment->secret});
        return {};
    };
    if (auto enrolled =
            enrolOne(QStringLiteral("demo.admin"), QStringLiteral("administrator"), adminPassword);
        !enrolled)
        return std::unexpected(enrolled.error());
    const Principal admin{QStringLiteral("demo.admin"), QStringLiteral("administrator")};
    for (const auto &[user, role] : accounts) {
        const QByteArray password = user.toUtf8() + "-password";
        if (auto added = context.users().addUser(admin, user, role, password); !added)
            return std::unexpected(added.error());
        if (auto enrolled = enrolOne(user, role, password); !enrolled)
            return std::unexpected(enrolled.error());
    }
    QJsonArray array;
    for (const DemoCredential &credential : std::as_const(credentials)) {
        array.append(QJsonObject{
            {QStringLiteral("user"), credential.user},
            {QStringLiteral("role"), credential.role},
            {QStringLiteral("password"), credential.password},
            {QStringLiteral("secret"), QString::fromLatin1(credential.totpSecret.toBase64())}});
    }
    if (auto saved = cache.setSiteValue(
            QStringLiteral("demo-credentials"),
            QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
        !saved)
        return std::unexpected(saved.error());
    // Credential files for scripts and screenshots of the demo (owner-only, demo site only).
    const QDir folder(QDir(context.dataDir()).filePath(QStringLiteral("demo-credentials")));
    QDir().mkpath(folder.path());
    for (const DemoCredential &credential : std::as_const(credentials)) {
        QFile file(folder.filePath(credential.user + QStringLiteral(".cred")));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            continue;
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write("user=" + credential.user.toUtf8() +
                   "\npassword=" + credential.password.toUtf8() +
                   "\ntotp-secret=" + Totp::toBase32(credential.totpSecret).toLatin1() + '\n');
    }
    qCInfo(lcDemo) << "demo users created";
    return credentials;
}

QString DemoSite::demoDir()
{
    // Build tree: bin/../share/caredesk/demo; installed: /usr/bin/../share/caredesk/demo.
    const QString beside = QDir(QCoreApplication::applicationDirPath())
                               .absoluteFilePath(QStringLiteral("../share/caredesk/demo"));
    return QDir::cleanPath(beside);
}

QStringList DemoSite::initialFiles()
{
    const QDir dir(demoDir());
    QStringList files;
    for (const char *name :
         {"synthea-Organization.ndjson", "synthea-Practitioner.ndjson", "synthea-Patient.ndjson",
          "synthea-Encounter.ndjson", "synthea-Condition.ndjson",
          "synthea-MedicationRequest.ndjson", "hl7-ADT-A01-01.hl7", "demo-journey.ndjson"})
        files.append(dir.filePath(QString::fromLatin1(name)));
    return files;
}

QByteArray DemoSite::recentReplies(const QDateTime &now)
{
    QFile file(QDir(demoDir()).filePath(QStringLiteral("demo-replies.ndjson")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray out;
    int index = 0;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonObject reply = QJsonDocument::fromJson(line).object();
        reply.insert(QStringLiteral("received"),
                     now.addSecs(-60 * (3 + 4 * qint64(index++))).toString(Qt::ISODate));
        out += QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n';
    }
    return out;
}

bool DemoSite::start(CacheDatabase &cache, bool cacheCreatedNow)
{
    // Only a cache created empty by this run may become a demo site, and only a demo site gets
    // the demo data and its make-believe automation. The mark lives inside the encrypted cache.
    const QString kind = cache.siteValue(QStringLiteral("kind")).value_or(QString());
    if (kind != QLatin1String("demo")) {
        if (!cacheCreatedNow)
            return false;
        if (!cache.setSiteValue(QStringLiteral("kind"), QStringLiteral("demo")))
            return false;
    }
    m_window.setSiteBanner(tr("DEMO SITE: synthetic patients and replies written for the demo"));

    QueueController *controller = m_window.controller();
    if (cache.siteValue(QStringLiteral("demo-loaded")).value_or(QString()) != QLatin1String("1")) {
        qCInfo(lcDemo) << "loading the embedded demo site";
        const QByteArray replies = recentReplies(controller->workstation().clock->now());
        connect(
            controller, &QueueController::importFinished, this,
            [controller, journeys = m_window.journeyController(), replies, &cache](const QString &,
                                                                                   bool ok) {
                if (!ok)
                    return;
                controller->importData(replies, QStringLiteral("demo-replies.ndjson"));
                QFile mentors(QDir(demoDir()).filePath(QStringLiteral("demo-mentors.json")));
                if (mentors.open(QIODevice::ReadOnly))
                    journeys->importMentors(mentors.readAll(), principalForAutomation());
                cache.setSiteValue(QStringLiteral("demo-loaded"), QStringLiteral("1"));
            },
            Qt::SingleShotConnection);
        // The site's own data, loaded by its automation whoever signs in first (an auditor may
        // not import; a nurse's name does not belong on the demo's setup in the trail).
        m_window.importFiles(initialFiles(), principalForAutomation());
    }

    QFile feed(QDir(demoDir()).filePath(QStringLiteral("demo-feed.json")));
    if (feed.open(QIODevice::ReadOnly))
        m_feed = QJsonDocument::fromJson(feed.readAll())
                     .object()
                     .value(QLatin1String("replies"))
                     .toArray();
    const int interval = m_settings.demoFeedIntervalSeconds();
    if (interval > 0 && !m_feed.isEmpty())
        m_feedTimer.start(interval * 1000);
    return true;
}

void DemoSite::sendNextFeedReply()
{
    const QJsonObject entry = m_feed.at(m_nextFeed % m_feed.size()).toObject();
    ++m_nextFeed;
    const QDateTime now = m_window.controller()->workstation().clock->now();
    const QString patient =
        QStringLiteral("Patient/") + entry.value(QLatin1String("patient")).toString();
    const QJsonObject communication{
        {QStringLiteral("resourceType"), QStringLiteral("Communication")},
        {QStringLiteral("id"), QStringLiteral("demo-feed-%1").arg(now.toMSecsSinceEpoch())},
        {QStringLiteral("status"), QStringLiteral("completed")},
        {QStringLiteral("subject"), QJsonObject{{QStringLiteral("reference"), patient}}},
        {QStringLiteral("sender"), QJsonObject{{QStringLiteral("reference"), patient}}},
        {QStringLiteral("received"), now.toString(Qt::ISODateWithMs)},
        {QStringLiteral("payload"),
         QJsonArray{QJsonObject{
             {QStringLiteral("contentString"), entry.value(QLatin1String("text")).toString()}}}},
    };
    qCInfo(lcDemo) << "automation delivered a demo reply";
    m_window.controller()->importData(QJsonDocument(communication).toJson(QJsonDocument::Compact),
                                      QStringLiteral("automation.json"));
}

} // namespace CareDesk
