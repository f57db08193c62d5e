// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/DemoSite.h"

#include "app/Settings.h"
#include "models/Clock.h"
#include "ui/MainWindow.h"
#include "ui/QueueController.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
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

void DemoSite::start()
{
    QueueController *controller = m_window.controller();
    if (!m_settings.demoLoaded()) {
        qCInfo(lcDemo) << "loading the embedded demo site";
        const QByteArray replies = recentReplies(controller->workstation().clock->now());
        connect(
            controller, &QueueController::importFinished, this,
            [this, controller, replies](const QString &, bool ok) {
                if (!ok || m_settings.demoLoaded())
                    return;
                controller->importData(replies, QStringLiteral("demo-replies.ndjson"));
                m_settings.setDemoLoaded(true);
            },
            Qt::SingleShotConnection);
        m_window.importFiles(initialFiles());
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
