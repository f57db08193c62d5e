// SPDX-License-Identifier: GPL-3.0-or-later
// caredesk-cli serve --comms: a headless site runs the workstation's message automation against
// the real peers of tst_channels (our SMS test gateway, Debian's aiosmtpd): a due reminder goes
// exactly once, also across a restart; a STOP received through the SMS webhook is recorded,
// confirmed once, and the next reminder is not sent.
#include "CliUsers.h"

#include "models/Clock.h"
#include "services/comms/MessageDispatcher.h"
#include "services/comms/MessageTemplates.h"
#include "services/comms/ReminderScheduler.h"
#include "services/security/AuditLog.h"
#include "services/sms/SmsWebhookServer.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");
const QByteArray kSecret("a-secret-shared-with-the-gateway");

// A peer script run with Debian's Python; it prints "READY <port>" once it listens.
class Peer
{
public:
    bool start(const QString &script, const QStringList &arguments)
    {
        m_process.setProgram(QStringLiteral("/usr/bin/python3"));
        m_process.setArguments(
            QStringList{QStringLiteral(CAREDESK_SOURCE_DIR "/tests/peers/") + script} + arguments);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
        if (!m_process.waitForStarted(10000))
            return false;
        QByteArray line;
        while (!line.contains('\n') && m_process.waitForReadyRead(15000))
            line += m_process.readAllStandardOutput();
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("READY (\\d+)")).match(QString::fromLatin1(line));
        m_port = match.hasMatch() ? match.captured(1).toInt() : 0;
        return m_port > 0;
    }
    ~Peer()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    int port() const { return m_port; }

private:
    QProcess m_process;
    int m_port = 0;
};

bool writeOwnerOnly(const QString &path, const QByteArray &bytes)
{
    return CliUsers::writeOwnerOnly(path, bytes);
}

// caredesk-cli serve as a process, with the lines it prints.
class Server
{
public:
    bool start(const QStringList &arguments)
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(kCli, arguments);
        if (!m_process.waitForStarted(30000))
            return false;
        QElapsedTimer waited;
        waited.start();
        while (!m_printed.contains("comms running") && waited.elapsed() < 120000) {
            if (!m_process.waitForReadyRead(1000) && m_process.state() == QProcess::NotRunning)
                break;
            m_printed += m_process.readAllStandardOutput();
        }
        const qsizetype at = m_printed.indexOf("sms-webhook listening on 127.0.0.1:");
        if (at >= 0)
            m_webhookPort =
                quint16(m_printed.mid(at + 35, m_printed.indexOf('\n', at) - at - 35).toUInt());
        return m_printed.contains("comms running");
    }
    int stop()
    {
        m_process.terminate();
        m_process.waitForFinished(60000);
        m_printed += m_process.readAllStandardOutput();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    QByteArray printed() const { return m_printed; }
    QByteArray errors() { return m_process.readAllStandardError(); }
    quint16 webhookPort() const { return m_webhookPort; }
    ~Server()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

private:
    QProcess m_process;
    QByteArray m_printed;
    quint16 m_webhookPort = 0;
};

QJsonArray gatewayLog(int port)
{
    QNetworkAccessManager network;
    QNetworkReply *reply =
        network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/log").arg(port))));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll())
        .object()
        .value(QLatin1String("messages"))
        .toArray();
}

int countRefs(const QJsonArray &log, const QString &prefix)
{
    int count = 0;
    for (const QJsonValue &message : log)
        count +=
            message.toObject().value(QLatin1String("client_ref")).toString().startsWith(prefix);
    return count;
}

} // namespace

class TestServeComms : public QObject
{
    Q_OBJECT

private slots:
    void serveSendsRemindersOnceAndHonoursStop();

private:
    // Adds a reminder due two minutes ago (UTC wall time), with the cache opened here while no
    // server runs.
    bool scheduleDueReminder(const QString &data, const QString &key, const QString &name);
    QString queryOne(const QString &data, const QString &key, const QString &sql);
};

bool TestServeComms::scheduleDueReminder(const QString &data, const QString &key,
                                         const QString &name)
{
    FileKeyVault vault(key);
    auto cache = CacheDatabase::open(data, vault);
    auto templates = MessageTemplates::builtIn();
    if (!cache || !templates)
        return false;
    SystemClock clock;
    AuditLog audit(*cache, clock, &vault);
    MessageDispatcher dispatcher(*cache, audit, clock, SendPolicy{},
                                 std::make_shared<const MessageTemplates>(std::move(*templates)));
    ReminderScheduler scheduler(*cache, audit, clock, dispatcher, {});
    QSqlQuery patient((*cache)->connection());
    if (!patient.exec(QStringLiteral("SELECT master_id FROM patients")) || !patient.next())
        return false;
    const QDateTime due = clock.now().toUTC().addSecs(-120);
    ReminderSpec spec;
    spec.key = QStringLiteral("test:") + name;
    spec.masterId = patient.value(0).toString();
    spec.kind = ReminderKind::Appointment;
    spec.channel = Channel::Sms;
    spec.subjectRef = QStringLiteral("Appointment/") + name;
    spec.eventAt = due.addDays(1);
    spec.location = QStringLiteral("North Clinic");
    spec.localTime = QTime(due.time().hour(), due.time().minute());
    spec.zoneId = QStringLiteral("UTC");
    spec.firstDate = spec.lastDate = due.date();
    patient.finish();
    const bool scheduled = scheduler.schedule(spec, QStringLiteral("nurse")).has_value();
    (*cache)->releaseThreadConnection();
    return scheduled;
}

QString TestServeComms::queryOne(const QString &data, const QString &key, const QString &sql)
{
    FileKeyVault vault(key);
    auto cache = CacheDatabase::open(data, vault);
    if (!cache)
        return QStringLiteral("(cannot open: %1)").arg(cache.error().message);
    QString value;
    {
        QSqlQuery query((*cache)->connection());
        if (query.exec(sql) && query.next())
            value = query.value(0).toString();
    }
    (*cache)->releaseThreadConnection();
    return value;
}

void TestServeComms::serveSendsRemindersOnceAndHonoursStop()
{
    QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_servecomms-XXXXXX"));
    const QString data = dir.filePath(QStringLiteral("data"));
    const QString key = dir.filePath(QStringLiteral("key"));
    const QStringList site{QStringLiteral("--data-dir"), data, QStringLiteral("--key-file"), key};
    const CliUsers users = CliUsers::make(kCli, site, dir.filePath(QStringLiteral("secrets")));
    QVERIFY2(users.problem.isEmpty(), qPrintable(users.problem));
    const QStringList asAdmin =
        site + QStringList{QStringLiteral("--credential-file"), users.admin};
    const QStringList asNurse =
        site + QStringList{QStringLiteral("--credential-file"), users.nurse};

    // The peers, and the site's settings for them: any hour and no caps, so only consent
    // decides what goes.
    const QString tokenFile = dir.filePath(QStringLiteral("gateway-token"));
    const QString secretFile = dir.filePath(QStringLiteral("webhook-secret"));
    QVERIFY(writeOwnerOnly(tokenFile, "serve-gateway-token"));
    QVERIFY(writeOwnerOnly(secretFile, kSecret + '\n'));
    Peer gateway;
    Peer smtp;
    QVERIFY(gateway.start(QStringLiteral("sms_gateway.py"),
                          {QStringLiteral("--token-file"), tokenFile}));
    QVERIFY(smtp.start(QStringLiteral("smtp_sink.py"),
                       {QStringLiteral("--dir"), dir.filePath(QStringLiteral("mail"))}));
    {
        QSettings ini(QDir(data).filePath(QStringLiteral("caredesk.ini")), QSettings::IniFormat);
        ini.setValue(QStringLiteral("comms/quietHoursStart"), QStringLiteral("00:00"));
        ini.setValue(QStringLiteral("comms/quietHoursEnd"), QStringLiteral("00:00"));
        ini.setValue(QStringLiteral("comms/capPerDay"), -1);
        ini.setValue(QStringLiteral("comms/capPerWeek"), -1);
        ini.setValue(QStringLiteral("sms/gatewayUrl"),
                     QStringLiteral("http://127.0.0.1:%1").arg(gateway.port()));
        ini.setValue(QStringLiteral("sms/tokenFile"), tokenFile);
        ini.setValue(QStringLiteral("email/smtpUrl"),
                     QStringLiteral("smtp://127.0.0.1:%1").arg(smtp.port()));
        ini.setValue(QStringLiteral("email/tls"), QStringLiteral("none"));
        ini.setValue(QStringLiteral("email/from"), QStringLiteral("Care <care@clinic.example>"));
    }

    // A patient with a phone number who agreed to texts on the phone.
    {
        QFile seed(dir.filePath(QStringLiteral("seed.json")));
        QVERIFY(seed.open(QIODevice::WriteOnly));
        seed.write("{\"resourceType\":\"Patient\",\"id\":\"pat-1\",\"name\":[{\"family\":"
                   "\"Quinn\",\"given\":[\"Test\"]}],\"telecom\":[{\"system\":\"phone\","
                   "\"value\":\"555-010-0199\"}]}");
    }
    auto cli = [&](const QStringList &arguments) {
        QProcess process;
        process.start(kCli, arguments);
        process.waitForFinished(120000);
        if (process.exitCode() != 0)
            qWarning("%s", process.readAllStandardError().constData());
        return process.exitCode();
    };
    QCOMPARE(cli(asNurse +
                 QStringList{QStringLiteral("import"), dir.filePath(QStringLiteral("seed.json"))}),
             0);
    QCOMPARE(cli(asNurse + QStringList{QStringLiteral("consent"), QStringLiteral("record"),
                                       QStringLiteral("Patient/pat-1"), QStringLiteral("--kind"),
                                       QStringLiteral("granted"), QStringLiteral("--channel"),
                                       QStringLiteral("sms"), QStringLiteral("--purpose"),
                                       QStringLiteral("any"), QStringLiteral("--source"),
                                       QStringLiteral("phone"), QStringLiteral("--captured-by"),
                                       QStringLiteral("nurse")}),
             0);
    QVERIFY(scheduleDueReminder(data, key, QStringLiteral("r1")));

    const QStringList serve = asAdmin + QStringList{QStringLiteral("serve"),
                                                    QStringLiteral("--comms"),
                                                    QStringLiteral("--no-escalation"),
                                                    QStringLiteral("--sms-webhook-port"),
                                                    QStringLiteral("0"),
                                                    QStringLiteral("--sms-webhook-secret-file"),
                                                    secretFile};
    // A nurse may not start the headless automation.
    QCOMPARE(cli(asNurse + serve.mid(asAdmin.size())), 7);

    {
        Server server;
        QVERIFY2(server.start(serve), server.printed().constData());
        QVERIFY(server.printed().contains("comms running (sms configured, email configured)"));
        QVERIFY(server.webhookPort() > 0);
        // The due reminder goes, once: several ticks later there is still one.
        QTRY_COMPARE_WITH_TIMEOUT(
            countRefs(gatewayLog(gateway.port()), QStringLiteral("reminder:")), 1, 60000);
        QTest::qWait(11000); // two more ticks of 5 s
        QCOMPARE(countRefs(gatewayLog(gateway.port()), QStringLiteral("reminder:")), 1);

        // The patient texts STOP to the gateway, which posts it to the webhook.
        QUrlQuery form;
        for (const auto &[name, value] :
             QList<QPair<QString, QString>>{{QStringLiteral("message_id"), QStringLiteral("IN-1")},
                                            {QStringLiteral("from"), QStringLiteral("5550100199")},
                                            {QStringLiteral("to"), QStringLiteral("+15550100900")},
                                            {QStringLiteral("body"), QStringLiteral("STOP")}})
            form.addQueryItem(name, QString::fromUtf8(QUrl::toPercentEncoding(value)));
        const QByteArray body = form.query(QUrl::FullyEncoded).toUtf8();
        QNetworkAccessManager network;
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1/sms/inbound").arg(server.webhookPort())));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArray("application/x-www-form-urlencoded"));
        request.setRawHeader(SmsWebhookServer::signatureHeader(),
                             SmsWebhookServer::signature(kSecret, body));
        QNetworkReply *reply = network.post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(30000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
        // One confirmation, from the same engine.
        QTRY_COMPARE_WITH_TIMEOUT(
            countRefs(gatewayLog(gateway.port()), QStringLiteral("optout-confirm:")), 1, 60000);
        QCOMPARE(server.stop(), 0);
        QVERIFY(server.printed().contains("stopped"));
    }

    // The next reminder, due now: the restarted server neither sends it nor the first again.
    QVERIFY(scheduleDueReminder(data, key, QStringLiteral("r2")));
    {
        Server server;
        QVERIFY2(server.start(serve), server.printed().constData());
        QTest::qWait(16000); // three ticks
        QCOMPARE(server.stop(), 0);
    }
    const QJsonArray log = gatewayLog(gateway.port());
    QCOMPARE(countRefs(log, QStringLiteral("reminder:")), 1);
    QCOMPARE(countRefs(log, QStringLiteral("optout-confirm:")), 1);
    QCOMPARE(log.size(), 2);
    QCOMPARE(queryOne(data, key,
                      QStringLiteral("SELECT group_concat(m.status) FROM comms_messages m JOIN "
                                     "reminder_occurrences o ON o.message_key = m.message_key "
                                     "JOIN reminders r ON r.id = o.reminder_id WHERE "
                                     "r.reminder_key = 'test:r2'")),
             QStringLiteral("denied"));
    // Denied by the STOP (channel consent), not by a cap or the hour.
    const QString decision = queryOne(
        data, key,
        QStringLiteral("SELECT m.decision FROM comms_messages m JOIN reminder_occurrences o ON "
                       "o.message_key = m.message_key JOIN reminders r ON r.id = o.reminder_id "
                       "WHERE r.reminder_key = 'test:r2'"));
    bool deniedByConsent = false;
    for (const QJsonValue &reason : QJsonDocument::fromJson(decision.toUtf8())
                                        .object()
                                        .value(QLatin1String("reasons"))
                                        .toArray())
        deniedByConsent =
            deniedByConsent ||
            (reason.toObject().value(QLatin1String("rule")).toString() ==
                 QLatin1String("channel-consent") &&
             reason.toObject().value(QLatin1String("effect")).toString() == QLatin1String("deny"));
    QVERIFY2(deniedByConsent, qPrintable(decision));
    QCOMPARE(queryOne(data, key,
                      QStringLiteral("SELECT count(*) FROM reminder_occurrences o JOIN reminders "
                                     "r ON r.id = o.reminder_id WHERE r.reminder_key = "
                                     "'test:r1'")),
             QStringLiteral("1"));
    QCOMPARE(queryOne(data, key,
                      QStringLiteral("SELECT count(*) FROM consent_events WHERE kind = 'revoked' "
                                     "AND raw_text = 'STOP'")),
             QStringLiteral("1"));
}

QTEST_GUILESS_MAIN(TestServeComms)
#include "tst_servecomms.moc"
