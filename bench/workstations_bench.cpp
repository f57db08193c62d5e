// SPDX-License-Identifier: GPL-3.0-or-later
// Sustained test: several simulated workstations claim and resolve against one FHIR server
// while the automation keeps writing new patient replies, each workstation with its own
// encrypted cache, outbox and poll (1 s). At the end every outbox is drained and the server is
// read back: no write lost (every command the workstations recorded as done is on the server,
// none is left waiting), none doubled (no idempotency key twice, no Task completed twice, no
// resolution note twice), and every workstation shows the server's owner of every item.
//   workstations_bench --fhir-base URL --work DIR [--workstations 8] [--seconds 600]
//                      [--replies-per-second 2]
// Exit 0 when all checks hold.
#include "models/Clock.h"
#include "services/fhir/FhirSyncService.h"
#include "services/fhir/FhirTriageSink.h"
#include "services/outbox/Outbox.h"
#include "services/outbox/OutboxStore.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/RoleCatalogue.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/triage/ReplyClassifier.h"
#include "services/triage/TriageService.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

using namespace CareDesk;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Station {
    QString actor;
    Principal nurse; // the person at the workstation; the polls run as the automation
    MemoryKeyVault vault;
    std::shared_ptr<CacheDatabase> cache;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<AccessControl> access;
    std::unique_ptr<TriageService> triage;
    std::unique_ptr<FhirTriageSink> sink;
    std::unique_ptr<FhirSyncService> sync;
    QTimer actions;
    int claims = 0;
    int resolutions = 0;
    int refusedLocally = 0;
};

// Blocking GET for the final read-back (no other work runs then).
QJsonObject getJson(QNetworkAccessManager &network, const QUrl &url)
{
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

// Every resource of a search, through its next links.
QList<QJsonObject> readAll(QNetworkAccessManager &network, const QUrl &base, const QString &query)
{
    QList<QJsonObject> resources;
    QUrl url = base.resolved(QUrl(query));
    while (url.isValid() && !url.isEmpty()) {
        const QJsonObject bundle = getJson(network, url);
        for (const QJsonValue &entry : bundle.value(QLatin1String("entry")).toArray())
            resources.append(entry.toObject().value(QLatin1String("resource")).toObject());
        QUrl next;
        for (const QJsonValue &link : bundle.value(QLatin1String("link")).toArray()) {
            if (link.toObject().value(QLatin1String("relation")).toString() ==
                QLatin1String("next"))
                next = base.resolved(QUrl(link.toObject().value(QLatin1String("url")).toString()));
        }
        url = next;
    }
    return resources;
}

QStringList commandKeys(const QJsonObject &resource)
{
    QStringList keys;
    for (const QJsonValue &tag :
         resource.value(QLatin1String("meta")).toObject().value(QLatin1String("tag")).toArray()) {
        if (tag.toObject().value(QLatin1String("system")).toString() ==
            QLatin1String("urn:caredesk:command"))
            keys.append(tag.toObject().value(QLatin1String("code")).toString());
    }
    return keys;
}

void post(QNetworkAccessManager &network, const QUrl &url, const QJsonObject &resource)
{
    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", "application/fhir+json");
    QNetworkReply *reply = network.post(request, QJsonDocument(resource).toJson());
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption baseOption(QStringLiteral("fhir-base"), QStringLiteral("Server."),
                                        QStringLiteral("URL"));
    const QCommandLineOption workOption(QStringLiteral("work"), QStringLiteral("Folder."),
                                        QStringLiteral("DIR"));
    const QCommandLineOption countOption(QStringLiteral("workstations"),
                                         QStringLiteral("How many."), QStringLiteral("N"),
                                         QStringLiteral("8"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("How long."),
                                           QStringLiteral("S"), QStringLiteral("600"));
    const QCommandLineOption rateOption(QStringLiteral("replies-per-second"),
                                        QStringLiteral("New replies."), QStringLiteral("R"),
                                        QStringLiteral("2"));
    parser.addOptions({baseOption, workOption, countOption, secondsOption, rateOption});
    parser.addHelpOption();
    parser.process(app);
    QLoggingCategory::setFilterRules(
        QStringLiteral("caredesk.*.info=false\ncaredesk.*.warning=false"));
    const QUrl base = FhirEndpoint::normalizedBase(QUrl(parser.value(baseOption)));
    const QString work = parser.value(workOption);
    const int count = qBound(1, parser.value(countOption).toInt(), 32);
    const int seconds = qMax(5, parser.value(secondsOption).toInt());
    const double rate = qMax(0.1, parser.value(rateOption).toDouble());
    if (!base.isValid() || work.isEmpty()) {
        fprintf(stderr, "usage: workstations_bench --fhir-base URL --work DIR\n");
        return 2;
    }

    auto classifier = ReplyClassifier::builtIn();
    if (!classifier)
        return 1;
    SystemClock clock;
    QNetworkAccessManager network;

    // Patients for the automation to write replies about.
    QStringList patients;
    for (int i = 0; i < 50; ++i) {
        QNetworkRequest request(base.resolved(QUrl(QStringLiteral("Patient/ws-p%1").arg(i))));
        request.setRawHeader("Content-Type", "application/fhir+json");
        QNetworkReply *reply = network.put(
            request,
            QJsonDocument(QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Patient")},
                                      {QStringLiteral("id"), QStringLiteral("ws-p%1").arg(i)}})
                .toJson());
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        patients.append(QStringLiteral("ws-p%1").arg(i));
    }

    std::vector<std::unique_ptr<Station>> stations;
    for (int i = 0; i < count; ++i) {
        auto station = std::make_unique<Station>();
        station->actor = QStringLiteral("nurse-%1").arg(i + 1);
        station->nurse = {station->actor, QStringLiteral("triage-nurse")};
        const QString dir = QDir(work).filePath(QStringLiteral("ws%1").arg(i + 1));
        QDir().mkpath(dir);
        auto cache = CacheDatabase::open(dir, station->vault);
        if (!cache) {
            fprintf(stderr, "%s\n", qPrintable(cache.error().message));
            return 1;
        }
        station->cache = *cache;
        station->audit = std::make_unique<AuditLog>(station->cache, clock);
        auto roles = RoleCatalogue::builtIn();
        if (!roles) {
            fprintf(stderr, "%s\n", qPrintable(roles.error().message));
            return 1;
        }
        station->access = std::make_unique<AccessControl>(station->cache, *station->audit,
                                                          std::move(*roles), clock);
        station->triage = std::make_unique<TriageService>(station->cache, *station->audit,
                                                          *station->access, clock);
        Station *raw = station.get();
        station->sink = std::make_unique<FhirTriageSink>(clock, [raw] {
            if (raw->sync && raw->sync->outbox())
                QMetaObject::invokeMethod(raw->sync->outbox(), &Outbox::wake, Qt::QueuedConnection);
        });
        station->triage->setCommandSink(station->sink.get());
        FhirSyncConfig config;
        config.base = base;
        config.pollSeconds = 1;
        config.workstation = QStringLiteral("bench-ws%1").arg(i + 1);
        config.sync.pageSize = 200;
        station->sync = std::make_unique<FhirSyncService>(
            station->cache, *station->audit, *station->access, *classifier, clock, TriageSettings{},
            config, principalForAutomation());
        if (auto started = station->sync->start(); !started) {
            fprintf(stderr, "%s\n", qPrintable(started.error().message));
            return 1;
        }
        // A nurse: every so often takes an open item, and resolves what they hold.
        QObject::connect(&station->actions, &QTimer::timeout, &station->actions, [raw, &clock] {
            raw->actions.setInterval(300 + int(QRandomGenerator::global()->bounded(700)));
            auto items = raw->triage->openItems(raw->nurse);
            if (!items)
                return;
            QList<qint64> open;
            for (const TriageItem &item : *items) {
                if (item.status == TriageStatus::Claimed && item.owner == raw->actor &&
                    item.claimedAt.secsTo(clock.now()) >= 1) {
                    const bool done = bool(raw->triage->resolve(
                        item.id, raw->nurse, QStringLiteral("called-patient"),
                        QStringLiteral("Called the patient; bench note from %1.").arg(raw->actor)));
                    raw->resolutions += done ? 1 : 0;
                    raw->refusedLocally += done ? 0 : 1;
                    return;
                }
                if (item.status == TriageStatus::Open)
                    open.append(item.id);
            }
            if (open.isEmpty())
                return;
            const qint64 id =
                open.at(int(QRandomGenerator::global()->bounded(qsizetype(open.size()))));
            const bool claimed = bool(raw->triage->claim(id, raw->nurse));
            raw->claims += claimed ? 1 : 0;
            raw->refusedLocally += claimed ? 0 : 1;
        });
        station->actions.start(500);
        stations.push_back(std::move(station));
    }

    // The automation: new replies, one in three urgent enough to open an item at once.
    int written = 0;
    QTimer automation;
    QObject::connect(&automation, &QTimer::timeout, &automation, [&] {
        const QString patient = patients.at(written % patients.size());
        const QString text = written % 3 == 0   ? QStringLiteral("I have chest pain again")
                             : written % 3 == 1 ? QStringLiteral("I feel dizzy and faint")
                                                : QStringLiteral("Short of breath since lunch");
        post(network, base.resolved(QUrl(QStringLiteral("Communication"))),
             QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Communication")},
                         {QStringLiteral("status"), QStringLiteral("completed")},
                         {QStringLiteral("subject"),
                          QJsonObject{{QStringLiteral("reference"),
                                       QString(QStringLiteral("Patient/") + patient)}}},
                         {QStringLiteral("sender"),
                          QJsonObject{{QStringLiteral("reference"),
                                       QString(QStringLiteral("Patient/") + patient)}}},
                         {QStringLiteral("payload"),
                          QJsonArray{QJsonObject{{QStringLiteral("contentString"), text}}}}});
        ++written;
    });
    automation.start(int(1000.0 / rate));

    out() << "running " << count << " workstations for " << seconds << " s ..." << Qt::endl;
    QTimer::singleShot(std::chrono::seconds(seconds), &app, [&] {
        automation.stop();
        for (auto &station : stations)
            station->actions.stop();
        QCoreApplication::exit(0);
    });
    app.exec();

    // Drain: every outbox empty (nothing waiting, sending or failed), then one more pull each.
    QElapsedTimer draining;
    draining.start();
    auto waiting = [&] {
        int left = 0;
        for (auto &station : stations) {
            auto counts = OutboxStore(station->cache->connection()).counts();
            if (counts)
                left += counts->value(OutboxStatus::Pending) +
                        counts->value(OutboxStatus::InFlight) + counts->value(OutboxStatus::Failed);
        }
        return left;
    };
    // The backlog may take a while on a loaded machine; it must drain, not be dropped.
    while (waiting() > 0 && draining.elapsed() < 900000) {
        for (auto &station : stations)
            station->sync->outbox()->wake();
        QEventLoop loop;
        QTimer::singleShot(200, &loop, &QEventLoop::quit);
        loop.exec();
    }
    const int leftWaiting = waiting();
    out() << "drained in " << draining.elapsed() / 1000 << " s" << Qt::endl;
    for (auto &station : stations)
        station->sync->syncNow();
    {
        QEventLoop loop;
        QTimer::singleShot(3000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    for (auto &station : stations)
        station->sync->stop();

    // Read the server back.
    QHash<QString, int> keysOnServer;
    for (const QJsonObject &event :
         readAll(network, base, QStringLiteral("AuditEvent?_count=1000")))
        for (const QString &key : commandKeys(event))
            keysOnServer[key] += 1;
    QHash<QString, int> notesPerTask;
    for (const QJsonObject &note :
         readAll(network, base, QStringLiteral("Communication?_count=1000"))) {
        for (const QJsonValue &about : note.value(QLatin1String("about")).toArray())
            notesPerTask[about.toObject().value(QLatin1String("reference")).toString()] += 1;
    }
    const QList<QJsonObject> tasks = readAll(network, base, QStringLiteral("Task?_count=1000"));
    int completedTwice = 0;
    int completedTasks = 0;
    int tasksTwice = 0;
    QHash<QString, QString> ownerOfReply;
    QHash<QString, QString> statusOfReply;
    for (const QJsonObject &task : tasks) {
        const QString id = task.value(QLatin1String("id")).toString();
        int completions = 0;
        QString previous;
        const QJsonObject history = getJson(
            network, base.resolved(QUrl(QStringLiteral("Task/%1/_history?_count=1000").arg(id))));
        QList<QJsonObject> versions;
        for (const QJsonValue &entry : history.value(QLatin1String("entry")).toArray())
            versions.prepend(entry.toObject().value(QLatin1String("resource")).toObject());
        for (const QJsonObject &version : versions) {
            const QString status = version.value(QLatin1String("status")).toString();
            if (status == QLatin1String("completed") && previous != QLatin1String("completed"))
                ++completions;
            previous = status;
        }
        completedTwice += completions > 1 ? 1 : 0;
        completedTasks +=
            task.value(QLatin1String("status")).toString() == QLatin1String("completed");
        for (const QJsonValue &identifier : task.value(QLatin1String("identifier")).toArray()) {
            if (identifier.toObject().value(QLatin1String("system")).toString() ==
                QLatin1String("urn:caredesk:triage-reply")) {
                const QString reply =
                    identifier.toObject().value(QLatin1String("value")).toString().mid(14);
                tasksTwice += ownerOfReply.contains(reply) ? 1 : 0;
                ownerOfReply.insert(reply, task.value(QLatin1String("owner"))
                                               .toObject()
                                               .value(QLatin1String("display"))
                                               .toString());
                statusOfReply.insert(reply, task.value(QLatin1String("status")).toString());
            }
        }
    }
    int doubledKeys = 0;
    for (int seen : std::as_const(keysOnServer))
        doubledKeys += seen > 1 ? 1 : 0;
    int doubledNotes = 0;
    for (int seen : std::as_const(notesPerTask))
        doubledNotes += seen > 1 ? 1 : 0;

    int done = 0;
    int lost = 0;
    int dead = 0;
    int deadNotConflict = 0;
    int claims = 0;
    int resolutions = 0;
    int disagreements = 0;
    for (auto &station : stations) {
        claims += station->claims;
        resolutions += station->resolutions;
        auto rows = OutboxStore(station->cache->connection()).list({}, 1000000);
        for (const OutboxCommand &command : rows.value_or(QList<OutboxCommand>())) {
            if (command.status == OutboxStatus::Done) {
                ++done;
                const bool there = keysOnServer.contains(command.idempotencyKey);
                lost += there ? 0 : 1;
                if (!there && lost <= 5)
                    out() << "  done but absent: " << command.kind << " key "
                          << command.idempotencyKey << " attempts " << command.attempts << " "
                          << QString::fromUtf8(QJsonDocument(command.lastErrorDetail)
                                                   .toJson(QJsonDocument::Compact))
                          << Qt::endl;
                if (!there && lost <= 5) {
                    QUrl search = base.resolved(QUrl(QStringLiteral("AuditEvent")));
                    search.setQuery(QStringLiteral("_tag=urn:caredesk:command%7C") +
                                    command.idempotencyKey);
                    out() << "    server search by key: "
                          << getJson(network, search).value(QLatin1String("total")).toInt()
                          << Qt::endl;
                }
            } else if (command.status == OutboxStatus::Dead) {
                ++dead;
                deadNotConflict +=
                    command.lastErrorDetail.value(QLatin1String("conflict")).toBool() ? 0 : 1;
            }
        }
        // Each workstation shows the server's owner of every claimed or resolved item.
        QSqlQuery items(station->cache->connection());
        items.exec(QStringLiteral("SELECT communication_id, status, owner FROM triage_items"));
        while (items.next()) {
            const QString reply = items.value(0).toString().section(u'@', 0, 0);
            if (!ownerOfReply.contains(reply))
                continue;
            const QString serverStatus = statusOfReply.value(reply);
            const QString local = items.value(1).toString();
            const bool agrees =
                (serverStatus == QLatin1String("completed") &&
                 local == QLatin1String("resolved")) ||
                (serverStatus == QLatin1String("accepted") && local == QLatin1String("claimed") &&
                 items.value(2).toString() == ownerOfReply.value(reply)) ||
                (serverStatus == QLatin1String("ready") && local == QLatin1String("open"));
            disagreements += agrees ? 0 : 1;
        }
        if (!station->audit->verify().intact)
            ++disagreements;
    }

    out() << "replies written by the automation: " << written << Qt::endl
          << "replies with more than one server task: " << tasksTwice << Qt::endl
          << "claims and resolutions taken locally: " << claims << " + " << resolutions << Qt::endl
          << "commands applied (done): " << done << ", lost to another workstation (conflict "
          << "dead letters): " << dead << Qt::endl
          << "server: " << keysOnServer.size() << " audited writes, " << tasks.size() << " tasks, "
          << completedTasks << " completed" << Qt::endl
          << "lost writes: " << lost + leftWaiting << " (done but absent " << lost
          << ", still waiting " << leftWaiting << ")" << Qt::endl
          << "doubled writes: " << doubledKeys + completedTwice + doubledNotes << " (keys "
          << doubledKeys << ", tasks completed twice " << completedTwice << ", notes twice "
          << doubledNotes << ")" << Qt::endl
          << "dead letters that were not conflicts: " << deadNotConflict << Qt::endl
          << "items where a workstation disagrees with the server: " << disagreements << Qt::endl;
    const bool ok = lost == 0 && leftWaiting == 0 && doubledKeys == 0 && completedTwice == 0 &&
                    tasksTwice == 0 && doubledNotes == 0 && deadNotConflict == 0 &&
                    disagreements == 0 && done > 0;
    out() << (ok ? "PASS" : "FAIL") << Qt::endl;
    for (auto &station : stations)
        station->sync.reset();
    return ok ? 0 : 1;
}
