// SPDX-License-Identifier: GPL-3.0-or-later
// The FHIR client where a real server will not misbehave on demand: case 09's paging (relative
// and host-relative next links, cycles, page-number servers, long tokens) and a sync marked
// incomplete; case 10's OperationOutcome and gateway pages; case 11's Retry-After with the
// server's Date; connection resets and hangs from a local TCP server; and TLS with a local CA
// (QSslServer): refused unless the CA is configured.
#include "FakeNetwork.h"

#include "models/Clock.h"
#include "services/fhir/FhirClient.h"
#include "services/fhir/FhirPager.h"
#include "services/fhir/FhirSync.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/triage/ReplyClassifier.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QByteArray kBase = "https://ehr.test/api/fhir/R4/";

QStringList names(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *name : list)
        out.append(QString::fromLatin1(name));
    return out;
}

QByteArray page(const QStringList &ids, const QString &next)
{
    QJsonArray entries;
    for (const QString &id : ids)
        entries.append(
            QJsonObject{{QStringLiteral("resource"),
                         QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Patient")},
                                     {QStringLiteral("id"), id}}}});
    QJsonObject bundle{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                       {QStringLiteral("type"), QStringLiteral("searchset")},
                       {QStringLiteral("entry"), entries}};
    if (!next.isEmpty())
        bundle.insert(QStringLiteral("link"),
                      QJsonArray{QJsonObject{{QStringLiteral("relation"), QStringLiteral("next")},
                                             {QStringLiteral("url"), next}}});
    return QJsonDocument(bundle).toJson(QJsonDocument::Compact);
}

FakeNetwork::Answer json(const QByteArray &body)
{
    return {200,
            body,
            {{"Content-Type", "application/fhir+json"}, {"Date", "Wed, 01 Jan 2031 09:58:00 GMT"}}};
}

struct Paged {
    PageRun run;
    QStringList ids;
};

Paged pageThrough(FakeNetwork &network, const QString &first, int cap = 10)
{
    TestClock clock(QDateTime(QDate(2031, 1, 1), QTime(9, 58), QTimeZone::utc()));
    FhirClient client(network, FhirEndpoint{QUrl(QString::fromLatin1(kBase)), {}, 5000, 120},
                      clock);
    FhirPager pager(client, cap);
    Paged paged;
    bool done = false;
    pager.run(
        client.resolve(first),
        [&paged](const QJsonObject &bundle) -> VoidResult {
            for (const QJsonValue &entry : bundle.value(QLatin1String("entry")).toArray())
                paged.ids.append(entry.toObject()
                                     .value(QLatin1String("resource"))
                                     .toObject()
                                     .value(QLatin1String("id"))
                                     .toString());
            return {};
        },
        [&](const PageRun &run) {
            paged.run = run;
            done = true;
        });
    QElapsedTimer waited;
    waited.start();
    while (!done && waited.elapsed() < 5000)
        QTest::qWait(10);
    return paged;
}

FhirResponse fetch(QNetworkAccessManager &network, const QUrl &url, FhirEndpoint endpoint = {})
{
    TestClock clock(QDateTime(QDate(2031, 1, 1), QTime(9, 58), QTimeZone::utc()));
    if (endpoint.base.isEmpty())
        endpoint.base = url;
    FhirClient client(network, endpoint, clock);
    FhirResponse answer;
    bool done = false;
    client.get(url, &client, [&](const FhirResponse &response) {
        answer = response;
        done = true;
    });
    QElapsedTimer waited;
    waited.start();
    while (!done && waited.elapsed() < 15000)
        QTest::qWait(10);
    return answer;
}

} // namespace

class tst_FhirClient : public QObject
{
    Q_OBJECT

private slots:
    void pagingFollowsNextLinks();
    void pagingStopsOnCycle();
    void pageNumberServerIsOneRequest();
    void longTokenGoesBackByteForByte();
    void linkToAnotherServerIsNotFollowed();
    void pageCapMarksIncomplete();
    void incompleteSyncKeepsItsWatermark();
    void errorsKeepEveryIssue_data();
    void errorsKeepEveryIssue();
    void retryAfterFromTheServer_data();
    void retryAfterFromTheServer();
    void resetAndHangAreRetryableNetworkFailures();
    void tlsNeedsTheSiteCa();
    void clockSkewIsReported_data();
    void clockSkewIsReported();
};

void tst_FhirClient::pagingFollowsNextLinks()
{
    // Case 09, exactly: a relative next link, then a host-relative one with no type.
    FakeNetwork network;
    network.answer(kBase + "Patient?_count=2",
                   json(page(names({"P1", "P2"}), QStringLiteral("Patient?_count=2&ct=T1"))));
    network.answer(kBase + "Patient?_count=2&ct=T1",
                   json(page(names({"P3", "P4"}), QStringLiteral("/api/fhir/R4?_getpages=T2"))));
    network.answer("https://ehr.test/api/fhir/R4?_getpages=T2",
                   json(page(names({"P5"}), QString())));
    const Paged paged = pageThrough(network, QStringLiteral("Patient?_count=2"));
    QCOMPARE(paged.ids, names({"P1", "P2", "P3", "P4", "P5"}));
    QCOMPARE(network.requested.size(), 3);
    QVERIFY(paged.run.complete);
    QCOMPARE(paged.run.pages, 3);
}

void tst_FhirClient::pagingStopsOnCycle()
{
    FakeNetwork network;
    network.answer(kBase + "Patient?_count=2",
                   json(page(names({"P1", "P2"}), QStringLiteral("Patient?_count=2&ct=T1"))));
    network.answer(kBase + "Patient?_count=2&ct=T1",
                   json(page(names({"P3", "P4"}), QStringLiteral("/api/fhir/R4?_getpages=T2"))));
    network.answer("https://ehr.test/api/fhir/R4?_getpages=T2",
                   json(page(names({"P5"}), QStringLiteral("Patient?_count=2&ct=T1"))));
    const Paged paged = pageThrough(network, QStringLiteral("Patient?_count=2"));
    QVERIFY(!paged.run.complete);
    QVERIFY(paged.run.problem.contains(QLatin1String("cycle")));
    QCOMPARE(network.requested.size(), 3);
}

void tst_FhirClient::pageNumberServerIsOneRequest()
{
    // Every page=N answers the same entries and no next link: one request, not a loop.
    FakeNetwork network;
    network.answer(kBase + "Patient?page=1", json(page(names({"P1", "P2"}), QString())));
    network.answer(kBase + "Patient?page=2", json(page(names({"P1", "P2"}), QString())));
    const Paged paged = pageThrough(network, QStringLiteral("Patient?page=1"));
    QVERIFY(paged.run.complete);
    QCOMPARE(network.requested.size(), 1);
    QCOMPARE(paged.ids.size(), 2);
}

void tst_FhirClient::longTokenGoesBackByteForByte()
{
    QByteArray token;
    while (token.size() < 3000)
        token += "Ab9-_.~%2B%3D";
    token = token.left(3000);
    const QString next = QStringLiteral("Patient?_count=2&ct=") + QString::fromLatin1(token);
    FakeNetwork network;
    network.answer(kBase + "Patient?_count=2", json(page(names({"P1"}), next)));
    network.answer(kBase + next.toLatin1(), json(page(names({"P2"}), QString())));
    const Paged paged = pageThrough(network, QStringLiteral("Patient?_count=2"));
    QVERIFY(paged.run.complete);
    QCOMPARE(network.requested.value(1), kBase + next.toLatin1());
}

void tst_FhirClient::linkToAnotherServerIsNotFollowed()
{
    FakeNetwork network;
    network.answer(kBase + "Patient?_count=2",
                   json(page(names({"P1"}), QStringLiteral("https://elsewhere.test/fhir?page=2"))));
    const Paged paged = pageThrough(network, QStringLiteral("Patient?_count=2"));
    QVERIFY(!paged.run.complete);
    QCOMPARE(network.requested.size(), 1);
}

void tst_FhirClient::pageCapMarksIncomplete()
{
    FakeNetwork network;
    for (int i = 0; i < 5; ++i)
        network.answer(kBase + "Patient?p=" + QByteArray::number(i),
                       json(page(QStringList{QStringLiteral("P%1").arg(i)},
                                 QStringLiteral("Patient?p=%1").arg(i + 1))));
    const Paged paged = pageThrough(network, QStringLiteral("Patient?p=0"), 3);
    QVERIFY(!paged.run.complete);
    QCOMPARE(paged.run.pages, 3);
    QVERIFY(paged.run.problem.contains(QLatin1String("limit")));
}

void tst_FhirClient::incompleteSyncKeepsItsWatermark()
{
    QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_fhirclient-XXXXXX"));
    MemoryKeyVault vault;
    SystemClock clock;
    auto cache = CacheDatabase::open(dir.path(), vault);
    QVERIFY(cache);
    AuditLog audit(*cache, clock);
    auto classifier = ReplyClassifier::builtIn();
    QVERIFY(classifier);
    FakeNetwork network;
    // Patients page in a cycle; the other types of the supervisor role answer empty pages.
    const QByteArray patients = kBase + "Patient?_count=2&_sort=_lastUpdated";
    network.answer(patients, json(page(names({"P1"}), QStringLiteral("Patient?_count=2&ct=A"))));
    network.answer(
        kBase + "Patient?_count=2&ct=A",
        json(page(names({"P2"}), QStringLiteral("Patient?_count=2&_sort=_lastUpdated"))));
    for (const char *type : {"Communication", "Task", "Consent"})
        network.answer(kBase + type + "?_count=2&_sort=_lastUpdated",
                       json(page(QStringList(), QString())));
    FhirClient client(network, FhirEndpoint{QUrl(QString::fromLatin1(kBase)), {}, 5000, 120},
                      clock);
    SyncSettings settings;
    settings.role = QStringLiteral("supervisor");
    settings.pageSize = 2;
    FhirSync sync(*cache, audit, *classifier, clock, TriageSettings{}, client, settings);
    SyncReport report;
    bool done = false;
    sync.pull([&](const SyncReport &result) {
        report = result;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    QVERIFY(!report.complete);
    QVERIFY(report.problems.join(u' ').contains(QLatin1String("cycle")));
    QSqlQuery state((*cache)->connection());
    QVERIFY(state.exec(QStringLiteral("SELECT resource_type, status, watermark FROM "
                                      "fhir_sync_state ORDER BY resource_type")));
    QHash<QString, QPair<QString, QString>> states;
    while (state.next())
        states.insert(state.value(0).toString(),
                      {state.value(1).toString(), state.value(2).toString()});
    QCOMPARE(states.value(QStringLiteral("Patient")).first, QStringLiteral("incomplete"));
    QVERIFY(states.value(QStringLiteral("Patient")).second.isEmpty());
    QCOMPARE(states.value(QStringLiteral("Task")).first, QStringLiteral("complete"));
}

void tst_FhirClient::errorsKeepEveryIssue_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("issues");
    QTest::addColumn<QString>("inMessage");

    QTest::newRow("422 with two issues (case 10)")
        << 422 << QByteArray("application/fhir+json")
        << QByteArray(R"({"resourceType":"OperationOutcome","issue":[
            {"severity":"warning","code":"informational","diagnostics":"name.given has trailing space"},
            {"severity":"error","code":"invariant","diagnostics":"telecom phone must be E.164",
             "expression":["Patient.telecom[0].value"]}]})")
        << int(FhirFailure::Kind::Permanent) << 2
        << QStringLiteral("telecom phone must be E.164 (at Patient.telecom[0].value)");
    QTest::newRow("502 gateway page (case 10)")
        << 502 << QByteArray("text/html") << QByteArray("<html><body>Bad Gateway</body></html>")
        << int(FhirFailure::Kind::Retryable) << 0 << QStringLiteral("Bad Gateway");
    QTest::newRow("412 is a conflict")
        << 412 << QByteArray("application/fhir+json")
        << QByteArray(R"({"resourceType":"OperationOutcome",
            "issue":[{"severity":"error","code":"conflict","details":{"text":"Precondition Failed"}}]})")
        << int(FhirFailure::Kind::Conflict) << 1 << QStringLiteral("Precondition Failed");
    QTest::newRow("409 is a conflict")
        << 409 << QByteArray("application/fhir+json") << QByteArray("{}")
        << int(FhirFailure::Kind::Conflict) << 0 << QStringLiteral("409");
    QTest::newRow("binary garbage")
        << 500 << QByteArray("application/octet-stream") << QByteArray(600, '\xff')
        << int(FhirFailure::Kind::Retryable) << 0 << QStringLiteral("500");
    QTest::newRow("200 that is not JSON")
        << 200 << QByteArray("text/html") << QByteArray("<html>login</html>")
        << int(FhirFailure::Kind::BadResponse) << 0 << QStringLiteral("login");
}

void tst_FhirClient::errorsKeepEveryIssue()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(int, issues);
    QFETCH(QString, inMessage);
    FakeNetwork network;
    network.answer(kBase + "Patient/pat-1", {status, body, {{"Content-Type", contentType}}});
    const FhirResponse response =
        fetch(network, QUrl(QString::fromLatin1(kBase + "Patient/pat-1")));
    QVERIFY(response.failure);
    QCOMPARE(int(response.failure->kind), kind);
    QCOMPARE(response.failure->issues.size(), issues);
    QVERIFY2(response.failure->message().contains(inMessage),
             qPrintable(response.failure->message()));
    QVERIFY(response.failure->bodySnippet.size() <= FhirFailure::kSnippetBytes);
    if (issues == 0 && status != 409)
        QVERIFY(!response.failure->bodySnippet.isEmpty());
    // The whole record survives a trip through the outbox row.
    const FhirFailure again = FhirFailure::fromJson(response.failure->toJson());
    QCOMPARE(again.issues.size(), issues);
    QCOMPARE(again.httpStatus, status);
    if (issues == 2)
        QCOMPARE(again.issues.at(1).expression, names({"Patient.telecom[0].value"}));
}

void tst_FhirClient::retryAfterFromTheServer_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<qint64>("seconds"); // -1: none
    QTest::newRow("429 Retry-After: 2") << 429 << QByteArray("2") << qint64(2);
    QTest::newRow("503 HTTP-date, against the server's Date")
        << 503 << QByteArray("Wed, 01 Jan 2031 10:00:00 GMT") << qint64(120);
    QTest::newRow("503 a day") << 503 << QByteArray("86400") << qint64(86400);
    QTest::newRow("503 soon") << 503 << QByteArray("soon") << qint64(-1);
    QTest::newRow("429 without the header") << 429 << QByteArray() << qint64(-1);
}

void tst_FhirClient::retryAfterFromTheServer()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(qint64, seconds);
    FakeNetwork network;
    FakeNetwork::Answer answer{
        status,
        QByteArray("{}"),
        {{"Content-Type", "application/fhir+json"}, {"Date", "Wed, 01 Jan 2031 09:58:00 GMT"}}};
    if (!retryAfter.isEmpty())
        answer.headers.append({"Retry-After", retryAfter});
    network.answer(kBase + "Observation?patient=pat-1", answer);
    const FhirResponse response =
        fetch(network, QUrl(QString::fromLatin1(kBase + "Observation?patient=pat-1")));
    QVERIFY(response.failure);
    QVERIFY(response.failure->retryable());
    QCOMPARE(response.failure->retryAfterSeconds.value_or(-1), seconds);
}

void tst_FhirClient::resetAndHangAreRetryableNetworkFailures()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    bool hang = false;
    QList<QTcpSocket *> held;
    connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            if (hang) {
                held.append(socket); // accepted, never answered
            } else {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->abort(); });
            }
        }
    });
    QNetworkAccessManager network;
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/fhir/Patient").arg(server.serverPort()));
    const FhirResponse reset = fetch(network, url);
    QVERIFY(reset.failure);
    QCOMPARE(reset.failure->kind, FhirFailure::Kind::Network);
    QVERIFY(reset.failure->retryable());

    hang = true;
    FhirEndpoint endpoint;
    endpoint.base = url;
    endpoint.timeoutMs = 500;
    const FhirResponse hung = fetch(network, url, endpoint);
    QVERIFY(hung.failure);
    QCOMPARE(hung.failure->kind, FhirFailure::Kind::Network);
    qDeleteAll(held);
}

void tst_FhirClient::tlsNeedsTheSiteCa()
{
    // A local CA and a server certificate for 127.0.0.1, made with the openssl tool.
    QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_fhirclient-tls-XXXXXX"));
    auto run = [&dir](std::initializer_list<const char *> words) {
        const QStringList arguments = names(words);
        QProcess openssl;
        openssl.setWorkingDirectory(dir.path());
        openssl.start(QStringLiteral("openssl"), arguments);
        return openssl.waitForFinished(30000) && openssl.exitCode() == 0;
    };
    QVERIFY(run({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
                 "ca.pem", "-days", "2", "-subj", "/CN=CareDesk Test CA"}));
    QVERIFY(run({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
                 "server.csr", "-subj", "/CN=127.0.0.1"}));
    QFile ext(dir.filePath(QStringLiteral("ext.cnf")));
    QVERIFY(ext.open(QIODevice::WriteOnly));
    ext.write("subjectAltName=IP:127.0.0.1\n");
    ext.close();
    QVERIFY(run({"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf"}));
    auto read = [&dir](const char *name) {
        QFile file(dir.filePath(QString::fromLatin1(name)));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };

    QSslServer server;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(read("server.pem")));
    tls.setPrivateKey(QSslKey(read("server.key"), QSsl::Rsa));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    server.setSslConfiguration(tls);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                              "Content-Length: 27\r\nConnection: close\r\n\r\n"
                              "{\"resourceType\":\"Bundle\"}\r\n");
                socket->disconnectFromHost();
            });
        }
    });
    const QUrl url(QStringLiteral("https://127.0.0.1:%1/fhir/metadata").arg(server.serverPort()));

    QNetworkAccessManager refusing;
    const FhirResponse unknownCa = fetch(refusing, url);
    QVERIFY(unknownCa.failure);
    QCOMPARE(unknownCa.failure->kind, FhirFailure::Kind::Tls);
    QVERIFY(!unknownCa.failure->retryable());

    FhirEndpoint trusted;
    trusted.base = url;
    trusted.extraCaCerts = QSslCertificate::fromData(read("ca.pem"));
    QNetworkAccessManager trusting;
    const FhirResponse ok = fetch(trusting, url, trusted);
    QVERIFY2(ok.ok(), ok.failure ? qPrintable(ok.failure->message()) : "");
    QCOMPARE(ok.json.value(QLatin1String("resourceType")).toString(), QStringLiteral("Bundle"));
    QCOMPARE(trusted.tlsConfiguration().protocol(), QSsl::TlsV1_2OrLater);
    QCOMPARE(trusted.tlsConfiguration().peerVerifyMode(), QSslSocket::VerifyPeer);
}

void tst_FhirClient::clockSkewIsReported_data()
{
    QTest::addColumn<qint64>("localAheadSeconds");
    QTest::addColumn<bool>("reported");
    QTest::newRow("in step") << qint64(3) << false;
    QTest::newRow("two minutes is tolerated") << qint64(-120) << false;
    QTest::newRow("ten minutes ahead") << qint64(600) << true;
    QTest::newRow("a day behind") << qint64(-86400) << true;
}

void tst_FhirClient::clockSkewIsReported()
{
    QFETCH(qint64, localAheadSeconds);
    QFETCH(bool, reported);
    FakeNetwork network;
    network.answer(kBase + "Patient/p1",
                   json(QByteArray(R"({"resourceType":"Patient","id":"p1"})")));
    TestClock clock(
        QDateTime(QDate(2031, 1, 1), QTime(9, 58), QTimeZone::utc()).addSecs(localAheadSeconds));
    FhirClient client(network, FhirEndpoint{QUrl(QString::fromLatin1(kBase)), {}, 5000, 120},
                      clock);
    QSignalSpy skew(&client, &FhirClient::clockSkewDetected);
    bool done = false;
    client.get(client.resolve(QStringLiteral("Patient/p1")), &client,
               [&done](const FhirResponse &) { done = true; });
    QTRY_VERIFY(done);
    QCOMPARE(client.lastSkewSeconds(), localAheadSeconds);
    QCOMPARE(skew.size(), reported ? 1 : 0);
    if (reported)
        QCOMPARE(skew.first().at(0).toLongLong(), localAheadSeconds);
}

QTEST_GUILESS_MAIN(tst_FhirClient)
#include "tst_fhirclient.moc"
