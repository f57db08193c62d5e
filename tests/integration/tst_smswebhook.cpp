// SPDX-License-Identifier: GPL-3.0-or-later
// The SMS gateway's webhook (issue 6, item 8) over real HTTP on loopback, with Qt's own client:
// signed form posts become replies through the same intake as imports; the signature is
// checked before anything is read; the message id makes it idempotent; bad requests are
// refused naming what is wrong and change nothing. Also caredesk-cli serve, as a process.
#include "../unit/store/TestCache.h"
#include "CliUsers.h"

#include "services/sms/SmsWebhookServer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QByteArray kSecret("a-secret-shared-with-the-gateway");
const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");
const QString kGui = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk");

struct Answer {
    int status = 0;
    QJsonObject body;
};

QByteArray form(const QList<QPair<QString, QString>> &fields)
{
    QUrlQuery query;
    for (const auto &[name, value] : fields)
        query.addQueryItem(name, QString::fromUtf8(QUrl::toPercentEncoding(value)));
    return query.query(QUrl::FullyEncoded).toUtf8();
}

} // namespace

class TestSmsWebhook : public QObject
{
    Q_OBJECT

private:
    struct Fixture : TriageFixture {
        std::unique_ptr<SmsWebhookServer> server;
        QNetworkAccessManager network;

        bool serve(SmsWebhookConfig config = {})
        {
            if (!start())
                return false;
            // A patient the gateway's numbers can find.
            const QByteArray patient =
                "{\"resourceType\":\"Patient\",\"id\":\"pat-1\",\"name\":[{\"family\":\"Rivera\","
                "\"given\":[\"Ana\"]}],\"telecom\":[{\"system\":\"phone\",\"value\":"
                "\"(555) 010-0103\"}]}";
            if (!importer->importBytes(patient, QStringLiteral("p.json"),
                                       Importer::Format::FhirJson))
                return false;
            config.secret = kSecret;
            config.port = 0;
            config.programsByNumber.insert(QStringLiteral("+1 555 010 0900"),
                                           QStringLiteral("oncology-support"));
            server = std::make_unique<SmsWebhookServer>(
                std::make_unique<SmsIntake>(cache, *audit, *access, *classifier, clock,
                                            TriageSettings{}, smsWebhookPrincipal(),
                                            config.programsByNumber),
                config);
            return server->listen().has_value();
        }

        Answer post(const QByteArray &body, const QByteArray &signature,
                    const QByteArray &type = "application/x-www-form-urlencoded")
        {
            QNetworkRequest request(
                QUrl(QStringLiteral("http://127.0.0.1:%1/sms/inbound").arg(server->port())));
            request.setHeader(QNetworkRequest::ContentTypeHeader, type);
            if (!signature.isEmpty())
                request.setRawHeader(SmsWebhookServer::signatureHeader(), signature);
            QNetworkReply *reply = network.post(request, body);
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(20000);
            Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                          QJsonDocument::fromJson(reply->readAll()).object()};
            reply->deleteLater();
            return answer;
        }

        Answer send(const QList<QPair<QString, QString>> &fields)
        {
            const QByteArray body = form(fields);
            return post(body, SmsWebhookServer::signature(kSecret, body));
        }
    };

    static QList<QPair<QString, QString>> message(const QString &id, const QString &from,
                                                  const QString &text)
    {
        return {{QStringLiteral("message_id"), id},
                {QStringLiteral("from"), from},
                {QStringLiteral("to"), QStringLiteral("+15550100900")},
                {QStringLiteral("body"), text}};
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // A signed message from a known number: stored, classified, routed, the program named.
    void signedMessageBecomesATriageItem()
    {
        Fixture f;
        QVERIFY(f.serve());
        QSignalSpy taken(f.server.get(), &SmsWebhookServer::replyTaken);
        const Answer answer =
            f.send(message(QStringLiteral("SM1"), QStringLiteral("+1 555-010-0103"),
                           QStringLiteral("my chest hurts and I can't breathe 😰")));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body.value(QLatin1String("status")).toString(), QStringLiteral("received"));
        QTRY_COMPARE(taken.size(), 1);

        auto items = f.triage->openItems(nurse());
        QCOMPARE(items->size(), 1);
        const TriageItem item = items->first();
        QCOMPARE(item.tier, TriageTier::Emergent);
        QCOMPARE(item.communicationId, QStringLiteral("sms:SM1"));
        QCOMPARE(item.patientName, QStringLiteral("Ana Rivera"));
        QCOMPARE(item.program, QStringLiteral("oncology-support"));
        QCOMPARE(taken.first().at(1).toLongLong(), item.id);
        auto detail = f.triage->viewItem(item.id, nurse(QStringLiteral("nurse.ana")));
        QCOMPARE(detail->replyText, QStringLiteral("my chest hurts and I can't breathe 😰"));
        QVERIFY(f.audit->verify().intact);
        QCOMPARE(*f.triage->verifyAgainstAudit(), QString());
    }

    // The same message id again (the gateway retrying) changes nothing; another body under the
    // same id is a different message and is kept for a person, never dropped.
    void messageIdMakesItIdempotent()
    {
        Fixture f;
        QVERIFY(f.serve());
        const auto first = message(QStringLiteral("SM7"), QStringLiteral("5550100103"),
                                   QStringLiteral("I have a high fever"));
        QCOMPARE(f.send(first).status, 200);
        const QByteArray before = f.contentDigest();
        const Answer again = f.send(first);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body.value(QLatin1String("status")).toString(), QStringLiteral("duplicate"));
        QCOMPARE(f.contentDigest(), before);

        QCOMPARE(f.send(message(QStringLiteral("SM7"), QStringLiteral("5550100103"),
                                QStringLiteral("now I can't breathe")))
                     .status,
                 200);
        QCOMPARE(f.count(QStringLiteral("replies")), qint64(2));
        const TriageItem item = f.triage->openItems(nurse())->first();
        QCOMPARE(item.tier, TriageTier::Emergent); // joined the open item and raised it
        QCOMPARE(item.replyCount, 2);
        QVERIFY(item.needsReview);
        QVERIFY(item.reviewReason.contains(QStringLiteral("same id")));
    }

    // Refused before anything is stored: no signature, a wrong one, one for another body, and
    // requests that are not what the gateway sends.
    void badRequestsChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("says");
        const QByteArray good = form(message(QStringLiteral("SM9"), QStringLiteral("5550100103"),
                                             QStringLiteral("chest pain")));
        const QByteArray signature = SmsWebhookServer::signature(kSecret, good);
        const QByteArray form_ = "application/x-www-form-urlencoded";
        QTest::newRow("no signature")
            << good << QByteArray() << form_ << 401 << QStringLiteral("signature");
        QTest::newRow("wrong secret")
            << good << SmsWebhookServer::signature("another-secret-of-16+", good) << form_ << 401
            << QStringLiteral("signature");
        QTest::newRow("body changed after signing")
            << QByteArray(good).replace("chest", "chess") << signature << form_ << 401
            << QStringLiteral("signature");
        QTest::newRow("signature without prefix")
            << good << signature.mid(7) << form_ << 401 << QStringLiteral("signature");
        const QByteArray json = "{\"from\":\"5550100103\"}";
        QTest::newRow("json instead of a form")
            << json << SmsWebhookServer::signature(kSecret, json) << QByteArray("application/json")
            << 415 << QStringLiteral("x-www-form-urlencoded");
        const QByteArray noId = form({{QStringLiteral("from"), QStringLiteral("5550100103")},
                                      {QStringLiteral("body"), QStringLiteral("hi")}});
        QTest::newRow("no message id") << noId << SmsWebhookServer::signature(kSecret, noId)
                                       << form_ << 400 << QStringLiteral("message_id");
        const QByteArray noFrom = form({{QStringLiteral("message_id"), QStringLiteral("x")},
                                        {QStringLiteral("body"), QStringLiteral("hi")}});
        QTest::newRow("no sender") << noFrom << SmsWebhookServer::signature(kSecret, noFrom)
                                   << form_ << 400 << QStringLiteral("from");
        const QByteArray noBody = form({{QStringLiteral("message_id"), QStringLiteral("x")},
                                        {QStringLiteral("from"), QStringLiteral("5550100103")}});
        QTest::newRow("no body") << noBody << SmsWebhookServer::signature(kSecret, noBody) << form_
                                 << 400 << QStringLiteral("body");
        const QByteArray badTime =
            form({{QStringLiteral("message_id"), QStringLiteral("x")},
                  {QStringLiteral("from"), QStringLiteral("5550100103")},
                  {QStringLiteral("body"), QStringLiteral("hi")},
                  {QStringLiteral("timestamp"), QStringLiteral("yesterday")}});
        QTest::newRow("bad timestamp") << badTime << SmsWebhookServer::signature(kSecret, badTime)
                                       << form_ << 400 << QStringLiteral("timestamp");
        const QByteArray huge = form(
            message(QStringLiteral("big"), QStringLiteral("5550100103"), QString(70 * 1024, u'a')));
        QTest::newRow("too large") << huge << SmsWebhookServer::signature(kSecret, huge) << form_
                                   << 413 << QStringLiteral("larger");
    }

    void badRequestsChangeNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, signature);
        QFETCH(QByteArray, type);
        QFETCH(int, status);
        QFETCH(QString, says);
        Fixture f;
        QVERIFY(f.serve());
        const QByteArray before = f.contentDigest();
        const Answer answer = f.post(body, signature, type);
        QCOMPARE(answer.status, status);
        QVERIFY2(answer.body.value(QLatin1String("error")).toString().contains(says),
                 qPrintable(answer.body.value(QLatin1String("error")).toString()));
        QCOMPARE(f.contentDigest(), before);
    }

    // Only POST is taken.
    void getIsRefused()
    {
        Fixture f;
        QVERIFY(f.serve());
        QNetworkReply *reply = f.network.get(QNetworkRequest(
            QUrl(QStringLiteral("http://127.0.0.1:%1/sms/inbound").arg(f.server->port()))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(20000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 405);
        reply->deleteLater();
    }

    // A number CareDesk does not know, or one several patients share, never gets a guessed
    // patient: a placeholder patient for the number, and a person is asked to identify them.
    void unknownOrSharedNumbersReachAPerson_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("reason");
        QTest::newRow("unknown number")
            << QStringLiteral("+1 555 777 0000") << QStringLiteral("not on file");
        QTest::newRow("shared family phone")
            << QStringLiteral("555-010-0104") << QStringLiteral("several patients");
    }

    void unknownOrSharedNumbersReachAPerson()
    {
        QFETCH(QString, from);
        QFETCH(QString, reason);
        Fixture f;
        QVERIFY(f.serve());
        for (const char *id : {"pat-2", "pat-3"}) {
            const QByteArray patient = QByteArray("{\"resourceType\":\"Patient\",\"id\":\"") + id +
                                       "\",\"telecom\":[{\"system\":\"phone\",\"value\":"
                                       "\"5550100104\"}]}";
            QVERIFY(f.importer->importBytes(patient, QStringLiteral("p.json"),
                                            Importer::Format::FhirJson));
        }
        QCOMPARE(f.send(message(QStringLiteral("SM2"), from, QStringLiteral("ok thanks"))).status,
                 200);
        auto items = f.triage->openItems(nurse());
        QCOMPARE(items->size(), 1);
        QVERIFY(items->first().needsReview);
        QVERIFY2(items->first().reviewReason.contains(reason),
                 qPrintable(items->first().reviewReason));
        QVERIFY(items->first().patientName.isEmpty());
    }

    // Form encoding: '+' is a space, percent escapes are UTF-8.
    void formEncodingIsRead()
    {
        Fixture f;
        QVERIFY(f.serve());
        const QByteArray body =
            "message_id=SM5&from=%2B15550100103&body=no+fever+but+chest+pain+%F0%9F%98%B0";
        QCOMPARE(f.post(body, SmsWebhookServer::signature(kSecret, body)).status, 200);
        auto detail = f.triage->viewItem(f.triage->openItems(nurse())->first().id, nurse());
        QCOMPARE(detail->replyText, QStringLiteral("no fever but chest pain 😰"));
        QCOMPARE(detail->item.tier, TriageTier::Emergent);
        QCOMPARE(detail->item.patientName, QStringLiteral("Ana Rivera"));
    }

    // Many requests at once (the gateway's connections in parallel): every one answered after
    // it is stored, in few transactions.
    void burstIsStoredWhole()
    {
        Fixture f;
        QVERIFY(f.serve());
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 60; ++i) {
            const QByteArray body =
                form(message(QStringLiteral("B%1").arg(i),
                             QStringLiteral("+1555999%1").arg(i, 4, 10, QLatin1Char('0')),
                             QStringLiteral("I fainted")));
            QNetworkRequest request(
                QUrl(QStringLiteral("http://127.0.0.1:%1/sms/inbound").arg(f.server->port())));
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArray("application/x-www-form-urlencoded"));
            request.setRawHeader(SmsWebhookServer::signatureHeader(),
                                 SmsWebhookServer::signature(kSecret, body));
            replies.append(f.network.post(request, body));
        }
        for (QNetworkReply *reply : std::as_const(replies)) {
            if (!reply->isFinished()) {
                QSignalSpy done(reply, &QNetworkReply::finished);
                QVERIFY(done.wait(30000));
            }
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            reply->deleteLater();
        }
        QCOMPARE(f.count(QStringLiteral("replies")), qint64(60));
        QCOMPARE(f.triage->openItems(nurse())->size(), 60);
        QVERIFY(f.audit->verify().intact);
    }

    // A gateway that hangs up before the answer sends the message again: it is stored once,
    // and the server keeps serving.
    void gatewayHangingUpLosesNothing()
    {
        Fixture f;
        QVERIFY(f.serve());
        const QByteArray body = form(message(QStringLiteral("HUP1"), QStringLiteral("5550100103"),
                                             QStringLiteral("I fainted")));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, f.server->port());
        QVERIFY(socket.waitForConnected(10000));
        socket.write("POST /sms/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                     "application/x-www-form-urlencoded\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\n" +
                     SmsWebhookServer::signatureHeader() + ": " +
                     SmsWebhookServer::signature(kSecret, body) + "\r\n\r\n" + body);
        QVERIFY(socket.waitForBytesWritten(10000));
        socket.abort();
        QTRY_COMPARE_WITH_TIMEOUT(f.count(QStringLiteral("replies")), qint64(1), 20000);

        const Answer again = f.post(body, SmsWebhookServer::signature(kSecret, body));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body.value(QLatin1String("status")).toString(), QStringLiteral("duplicate"));
        QCOMPARE(f.count(QStringLiteral("replies")), qint64(1));
    }

    // A secret too short to be one is refused at start.
    void shortSecretIsRefused()
    {
        TriageFixture f;
        QVERIFY(f.start());
        SmsWebhookConfig config;
        config.secret = "short";
        SmsWebhookServer server(
            std::make_unique<SmsIntake>(f.cache, *f.audit, *f.access, *f.classifier, f.clock,
                                        TriageSettings{}, smsWebhookPrincipal()),
            config);
        const auto listening = server.listen();
        QVERIFY(!listening);
        QVERIFY(listening.error().message.contains(QStringLiteral("16 bytes")));
    }

    // caredesk-cli serve: the secret from an owner-only file, the webhook on a port of its
    // own, a clean stop on SIGTERM; the item is in the queue afterwards.
    void serveCommandRunsTheWebhook()
    {
        QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_smswebhook-XXXXXX"));
        const QString data = dir.filePath(QStringLiteral("data"));
        const QString key = dir.filePath(QStringLiteral("key"));
        const QString secret = dir.filePath(QStringLiteral("secret"));
        const QStringList site{QStringLiteral("--data-dir"), data, QStringLiteral("--key-file"),
                               key};
        // An administrator starts the headless worker (automation.run); a nurse reads the queue.
        const CliUsers users = CliUsers::make(kCli, site, dir.filePath(QStringLiteral("secrets")));
        QVERIFY2(users.problem.isEmpty(), qPrintable(users.problem));
        const QStringList asAdmin =
            site + QStringList{QStringLiteral("--credential-file"), users.admin};
        const QStringList asNurse =
            site + QStringList{QStringLiteral("--credential-file"), users.nurse};
        {
            QFile replies(dir.filePath(QStringLiteral("seed.json")));
            QVERIFY(replies.open(QIODevice::WriteOnly));
            replies.write("{\"resourceType\":\"Patient\",\"id\":\"pat-1\",\"telecom\":[{\"system\":"
                          "\"phone\",\"value\":\"555-010-0103\"}]}");
        }
        QProcess seed;
        seed.start(kCli, asNurse + QStringList{QStringLiteral("import"),
                                               dir.filePath(QStringLiteral("seed.json"))});
        QVERIFY(seed.waitForFinished(60000));
        QCOMPARE(seed.exitCode(), 0);

        QFile file(secret);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kSecret + '\n');
        file.close();
        QFile::setPermissions(secret, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup);
        const QStringList serve =
            asAdmin + QStringList{QStringLiteral("serve"), QStringLiteral("--sms-webhook-port"),
                                  QStringLiteral("0"), QStringLiteral("--sms-webhook-secret-file"),
                                  secret};
        // A nurse may not start it (automation.run): refused before anything listens.
        QProcess notAllowed;
        notAllowed.start(kCli, asNurse + serve.mid(asAdmin.size()));
        QVERIFY(notAllowed.waitForFinished(60000));
        QCOMPARE(notAllowed.exitCode(), 7);
        QProcess refused;
        refused.start(kCli, serve);
        QVERIFY(refused.waitForFinished(60000));
        QCOMPARE(refused.exitCode(), 2); // readable by the group: not a secret any more
        QVERIFY(refused.readAllStandardError().contains("chmod 600"));

        QFile::setPermissions(secret, QFile::ReadOwner | QFile::WriteOwner);
        QProcess server;
        server.start(kCli, serve);
        QVERIFY(server.waitForStarted(30000));
        quint16 port = 0;
        QByteArray printed;
        while (port == 0 && server.waitForReadyRead(60000)) {
            printed += server.readAllStandardOutput();
            const qsizetype at = printed.indexOf("sms-webhook listening on 127.0.0.1:");
            if (at >= 0 && printed.indexOf('\n', at) > at)
                port = quint16(printed.mid(at + 35, printed.indexOf('\n', at) - at - 35).toUInt());
        }
        QVERIFY2(port > 0, printed.constData());

        QNetworkAccessManager network;
        const QByteArray body = form(message(QStringLiteral("CLI1"), QStringLiteral("5550100103"),
                                             QStringLiteral("my throat is closing up")));
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/sms/inbound").arg(port)));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArray("application/x-www-form-urlencoded"));
        request.setRawHeader(SmsWebhookServer::signatureHeader(),
                             SmsWebhookServer::signature(kSecret, body));
        QNetworkReply *reply = network.post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(30000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();

        server.terminate(); // SIGTERM
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        QVERIFY(server.readAllStandardOutput().contains("stopped"));

        QProcess queue;
        queue.start(kCli, asNurse + QStringList{QStringLiteral("queue")});
        QVERIFY(queue.waitForFinished(60000));
        const QByteArray listed = queue.readAllStandardOutput();
        QVERIFY2(listed.contains("\temergent\t"), listed.constData());
    }

    // The desktop app serves the webhook itself when caredesk.ini gives it a port, from its
    // background thread; what it takes is in the cache the CLI reads.
    void desktopAppRunsTheWebhookWhenConfigured()
    {
        QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_smswebhook-XXXXXX"));
        const QString data = dir.filePath(QStringLiteral("data"));
        const QString key = dir.filePath(QStringLiteral("key"));
        const QString secret = dir.filePath(QStringLiteral("secret"));
        QVERIFY(QDir().mkpath(data));
        QFile file(secret);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kSecret + '\n');
        file.close();
        QVERIFY(QFile::setPermissions(secret, QFile::ReadOwner | QFile::WriteOwner));
        quint16 port = 0;
        {
            QTcpServer probe; // a port free now, for the app to take
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        {
            QSettings ini(QDir(data).filePath(QStringLiteral("caredesk.ini")),
                          QSettings::IniFormat);
            ini.setValue(QStringLiteral("sms/webhookPort"), port);
            ini.setValue(QStringLiteral("sms/webhookSecretFile"), secret);
            ini.setValue(QStringLiteral("sms/programs"), QStringLiteral("+15550100900=oncology"));
        }
        const QStringList site{QStringLiteral("--data-dir"), data, QStringLiteral("--key-file"),
                               key};
        const CliUsers users = CliUsers::make(kCli, site, dir.filePath(QStringLiteral("secrets")));
        QVERIFY2(users.problem.isEmpty(), qPrintable(users.problem));
        const QStringList asNurse =
            site + QStringList{QStringLiteral("--credential-file"), users.nurse};
        QProcess app;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(environment);
        app.start(kGui, asNurse + QStringList{QStringLiteral("--no-demo")});
        QVERIFY(app.waitForStarted(30000));
        bool listening = false;
        for (int attempt = 0; attempt < 600 && !listening; ++attempt) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            listening = socket.waitForConnected(100);
            if (!listening)
                QTest::qWait(100);
        }
        QVERIFY2(listening, app.readAllStandardError().constData());

        QNetworkAccessManager network;
        const QByteArray body = form(message(QStringLiteral("GUI1"), QStringLiteral("5550100777"),
                                             QStringLiteral("my lips are swelling")));
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/sms/inbound").arg(port)));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArray("application/x-www-form-urlencoded"));
        request.setRawHeader(SmsWebhookServer::signatureHeader(),
                             SmsWebhookServer::signature(kSecret, body));
        QNetworkReply *reply = network.post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(30000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
        app.terminate();
        QVERIFY(app.waitForFinished(30000));

        QProcess queue;
        queue.start(kCli, asNurse + QStringList{QStringLiteral("queue"), QStringLiteral("--json")});
        QVERIFY(queue.waitForFinished(60000));
        const QJsonArray items = QJsonDocument::fromJson(queue.readAllStandardOutput()).array();
        QCOMPARE(items.size(), 1);
        const QJsonObject item = items.first().toObject();
        QCOMPARE(item.value(QLatin1String("communicationId")).toString(),
                 QStringLiteral("sms:GUI1"));
        QCOMPARE(item.value(QLatin1String("tier")).toString(), QStringLiteral("emergent"));
        QCOMPARE(item.value(QLatin1String("program")).toString(), QStringLiteral("oncology"));
    }
};

QTEST_GUILESS_MAIN(TestSmsWebhook)
#include "tst_smswebhook.moc"
