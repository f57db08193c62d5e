// SPDX-License-Identifier: GPL-3.0-or-later
// Patient messages through real peers on loopback: email to Debian's aiosmtpd SMTP server, SMS
// to a small HTTP gateway of ours, both behind the outbox with idempotency keys; retries, a
// refusal, the gate asked again at the moment of sending, and a crash between handing a message
// over and recording it (case 17).
#include "../unit/comms/CommsFixture.h"

#include "services/comms/ChannelHandlers.h"
#include "services/comms/CommsEngine.h"
#include "services/comms/ConsentLedger.h"
#include "services/comms/MessageDispatcher.h"
#include "services/outbox/Outbox.h"
#include "services/outbox/OutboxStore.h"

#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

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

QStringList mails(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, {QStringLiteral("*.eml")}, QDir::Files);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

QString decodeWords(const QByteArray &header)
{
    QString out;
    static const QRegularExpression word(QStringLiteral("=\\?UTF-8\\?B\\?([^?]*)\\?="));
    auto it = word.globalMatch(QString::fromLatin1(header));
    bool any = false;
    while (it.hasNext()) {
        any = true;
        out += QString::fromUtf8(QByteArray::fromBase64(it.next().captured(1).toLatin1()));
    }
    return any ? out : QString::fromUtf8(header).trimmed();
}

struct Rig {
    CommsFixture f;
    SystemClock clock; // the outbox waits in real time between attempts
    Peer gateway;
    Peer smtp;
    QString mailDir;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<AccessControl> access;
    std::unique_ptr<CommsEngine> engine;
    QString master;

    bool start(const QStringList &gatewayArgs = {}, const QStringList &smtpArgs = {})
    {
        if (!f.open())
            return false;
        audit = std::make_unique<AuditLog>(f.cache, clock);
        auto roles = RoleCatalogue::builtIn();
        if (!roles)
            return false;
        access = std::make_unique<AccessControl>(f.cache, *audit, std::move(*roles), clock);
        const QString tokenFile = f.dir.filePath(QStringLiteral("gateway-token"));
        QFile token(tokenFile);
        if (!token.open(QIODevice::WriteOnly))
            return false;
        token.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        token.write("test-gateway-token");
        token.close();
        mailDir = f.dir.filePath(QStringLiteral("mail"));
        if (!gateway.start(QStringLiteral("sms_gateway.py"),
                           QStringList{QStringLiteral("--token-file"), tokenFile} + gatewayArgs) ||
            !smtp.start(QStringLiteral("smtp_sink.py"),
                        QStringList{QStringLiteral("--dir"), mailDir} + smtpArgs))
            return false;
        master = f.addPatient(QStringLiteral("p-100"), QStringLiteral("America/New_York"));
        ConsentEvent grant;
        grant.masterId = master;
        grant.source = QStringLiteral("enrollment");
        grant.effectiveAt = grant.recordedAt = utc("2024-01-01T00:00:00Z");
        QSqlDatabase db = f.cache->connection();
        db.transaction();
        const bool granted =
            ConsentLedger::append(db, *audit, QStringLiteral("coord"), grant).has_value();
        db.commit();
        return granted && makeEngine();
    }

    bool makeEngine()
    {
        SendPolicy policy;
        policy.quietHours = QuietHours{QTime(0, 0), QTime(0, 0)}; // real time: any hour
        policy.patientCaps = MessageCaps{-1, -1};
        ChannelSettings channels;
        channels.smsGateway = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(gateway.port()));
        channels.smsToken = "test-gateway-token";
        channels.smtp.server = QUrl(QStringLiteral("smtp://127.0.0.1:%1").arg(smtp.port()));
        channels.smtp.tls = SmtpMailer::Tls::None;
        channels.emailFrom = QStringLiteral("Heart Health Program <care@clinic.example>");
        channels.messageIdHost = QStringLiteral("caredesk.test");
        RetryPolicy::Settings retry;
        retry.baseSeconds = 1;
        retry.capSeconds = 2;
        retry.maxAttempts = 4;
        engine = std::make_unique<CommsEngine>(f.cache, *audit, *access, clock, policy, channels,
                                               ReminderScheduler::Settings{}, retry);
        return engine->start(0).has_value();
    }

    Result<DispatchOutcome> send(Channel channel, const QString &key = QString())
    {
        MessageDraft draft;
        draft.request.masterId = master;
        draft.request.channel = channel;
        draft.request.kind = MessageKind::AppointmentReminder;
        draft.request.program = QStringLiteral("heart-failure");
        draft.request.messageKey = key;
        draft.specialty = QStringLiteral("cardiology");
        draft.templateId = QStringLiteral("appointment-reminder");
        draft.fields.when = clock.now().addDays(2);
        draft.fields.location = QStringLiteral("North Clinic");
        draft.requestedBy = QStringLiteral("automation");
        auto outcome = engine->dispatcher().submit(draft);
        engine->outbox().wake();
        return outcome;
    }

    QString status(qint64 id) { return engine->dispatcher().message(id)->status; }

    OutboxCommand command()
    {
        auto list = OutboxStore(f.cache->connection()).list({});
        return list && !list->isEmpty() ? list->last() : OutboxCommand{};
    }
};

} // namespace

class TestChannels : public QObject
{
    Q_OBJECT

private slots:
    void emailThroughARealSmtpServer()
    {
        Rig rig;
        QVERIFY(rig.start());
        QSqlQuery spanish(rig.f.cache->connection());
        QVERIFY(spanish.exec(QStringLiteral("UPDATE patients SET language = 'es'")));
        auto sent = rig.send(Channel::Email);
        QVERIFY2(sent, qPrintable(sent ? QString() : sent.error().message));
        QCOMPARE(sent->status, QStringLiteral("queued"));
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(sent->messageId), QStringLiteral("sent"), 20000);

        const QStringList files = mails(rig.mailDir);
        QCOMPARE(files.size(), 1);
        QFile file(files.first());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray raw = file.readAll();
        const qsizetype split = raw.indexOf("\r\n\r\n");
        QVERIFY(split > 0);
        QHash<QByteArray, QByteArray> headers;
        QByteArray last;
        for (const QByteArray &line : raw.left(split).split('\n')) {
            const QByteArray clean = line.trimmed();
            if (line.startsWith(' ') || line.startsWith('\t')) {
                headers[last] += ' ' + clean;
                continue;
            }
            last = clean.left(clean.indexOf(':')).toLower();
            headers.insert(last, clean.mid(clean.indexOf(':') + 1).trimmed());
        }
        const MessageRecord message = *rig.engine->dispatcher().message(sent->messageId);
        QCOMPARE(headers.value("message-id"),
                 QByteArray('<' + message.key.toUtf8() + "@caredesk.test>"));
        QCOMPARE(headers.value("to"), QByteArray("<p-100@patients.example>"));
        QVERIFY(decodeWords(headers.value("subject"))
                    .startsWith(QStringLiteral("Recordatorio de cita:")));
        const QString body = QString::fromUtf8(QByteArray::fromBase64(raw.mid(split + 4)));
        QVERIFY2(body.contains(QStringLiteral("Hola Test:")), qPrintable(body));
        QVERIFY(body.contains(QStringLiteral("Traiga su lista de medicinas")));
        QVERIFY(body.contains(QStringLiteral("Programa Salud del Coraz\u00f3n")));
        QCOMPARE(message.providerId, QString::fromUtf8(headers.value("message-id")));
    }

    void smsThroughTheGatewayWithAReceipt()
    {
        Rig rig;
        QVERIFY(rig.start());
        auto sent = rig.send(Channel::Sms);
        QVERIFY(sent);
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(sent->messageId), QStringLiteral("sent"), 20000);
        const QJsonArray log = gatewayLog(rig.gateway.port());
        QCOMPARE(log.size(), 1);
        const MessageRecord message = *rig.engine->dispatcher().message(sent->messageId);
        QCOMPARE(log.at(0).toObject().value(QLatin1String("client_ref")).toString(), message.key);
        QCOMPARE(log.at(0).toObject().value(QLatin1String("to")).toString(),
                 QStringLiteral("+1-555-0103"));
        QCOMPARE(log.at(0).toObject().value(QLatin1String("body")).toString(), message.body);
        QCOMPARE(message.providerId, QStringLiteral("SM000001"));

        QSignalSpy polled(rig.engine->receipts(), &ReceiptPoller::finished);
        rig.engine->receipts()->poll();
        QVERIFY(polled.wait(10000));
        QCOMPARE(rig.status(sent->messageId), QStringLiteral("delivered"));
        QCOMPARE(rig.engine->dispatcher().message(sent->messageId)->receiptStatus,
                 QStringLiteral("delivered"));
    }

    void undeliverableNumberIsReceiptedSo()
    {
        Rig rig;
        QVERIFY(rig.start({QStringLiteral("--undeliverable"), QStringLiteral("+1-555-0103")}));
        auto sent = rig.send(Channel::Sms);
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(sent->messageId), QStringLiteral("sent"), 20000);
        QSignalSpy polled(rig.engine->receipts(), &ReceiptPoller::finished);
        rig.engine->receipts()->poll();
        QVERIFY(polled.wait(10000));
        QCOMPARE(rig.status(sent->messageId), QStringLiteral("undelivered"));
    }

    void busyGatewayIsRetriedAndSendsOnce()
    {
        Rig rig;
        QVERIFY(rig.start({QStringLiteral("--fail-first"), QStringLiteral("2")}));
        auto sent = rig.send(Channel::Sms);
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(sent->messageId), QStringLiteral("sent"), 30000);
        QCOMPARE(gatewayLog(rig.gateway.port()).size(), 1);
        QCOMPARE(rig.command().attempts, 3);
        QCOMPARE(rig.command().status, OutboxStatus::Done);
    }

    void refusedNumberBecomesADeadLetter()
    {
        Rig rig;
        QVERIFY(rig.start({QStringLiteral("--reject-to"), QStringLiteral("+1-555-0103")}));
        auto sent = rig.send(Channel::Sms);
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(sent->messageId), QStringLiteral("failed"), 20000);
        QCOMPARE(rig.command().status, OutboxStatus::Dead);
        QVERIFY(rig.command().lastError.contains(QStringLiteral("invalid number")));
        QCOMPARE(gatewayLog(rig.gateway.port()).size(), 0);
    }

    void smtpTemporaryFailureIsRetried()
    {
        Rig rig;
        QVERIFY(rig.start({}, {QStringLiteral("--fail-first"), QStringLiteral("1")}));
        auto sent = rig.send(Channel::Email);
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(sent->messageId), QStringLiteral("sent"), 30000);
        QCOMPARE(mails(rig.mailDir).size(), 1);
        QCOMPARE(rig.command().attempts, 2);
    }

    void stopArrivingBeforeTheSendCancelsIt()
    {
        // Queued while SMS was allowed; a STOP lands before the outbox gets to it. The gate is
        // asked again at the moment of sending: nothing goes.
        Rig rig;
        QVERIFY(rig.start());
        rig.engine->outbox().setPaused(true);
        auto sent = rig.send(Channel::Sms);
        QCOMPARE(sent->status, QStringLiteral("queued"));
        ConsentEvent stop;
        stop.masterId = rig.master;
        stop.kind = ConsentKind::Revoked;
        stop.channel = Channel::Sms;
        stop.source = QStringLiteral("phone");
        stop.capturedBy = QStringLiteral("coord.lee");
        stop.effectiveAt = stop.recordedAt = rig.clock.now();
        QSqlDatabase db = rig.f.cache->connection();
        db.transaction();
        QVERIFY(ConsentLedger::append(db, *rig.audit, QStringLiteral("coord.lee"), stop));
        db.commit();
        rig.engine->outbox().setPaused(false);
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(sent->messageId), QStringLiteral("cancelled"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(rig.command().status, OutboxStatus::Done, 20000);
        QCOMPARE(gatewayLog(rig.gateway.port()).size(), 0);
    }

    void crashAfterHandOverIsReconciledNotResent()
    {
        // Case 17: the gateway took R-1001, then CareDesk died before recording it. On restart
        // the command is looked up by its key: marked sent, and the gateway has it once.
        Rig rig;
        QVERIFY(rig.start());
        rig.engine->outbox().setPaused(true);
        auto sent = rig.send(Channel::Sms, QStringLiteral("R-1001"));
        QVERIFY(sent);
        const OutboxCommand queued = rig.command();
        QVERIFY(OutboxStore(rig.f.cache->connection()).markInFlight(queued.id, rig.clock.now()));
        // What the dying process managed: the gateway logged the request.
        SmsGatewayClient direct(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(rig.gateway.port())),
                                "test-gateway-token");
        bool accepted = false;
        direct.send(QStringLiteral("+1-555-0103"), QStringLiteral("Appt tomorrow 09:30"),
                    QStringLiteral("R-1001"), [&](const ChannelResult &result) {
                        accepted = result.kind == ChannelResult::Kind::Accepted;
                    });
        QTRY_VERIFY_WITH_TIMEOUT(accepted, 10000);
        rig.engine.reset(); // SIGKILL

        QVERIFY(rig.makeEngine());
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(sent->messageId), QStringLiteral("sent"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(rig.command().status, OutboxStatus::Done, 20000);
        QCOMPARE(rig.engine->dispatcher().message(sent->messageId)->providerId,
                 QStringLiteral("SM000001"));
        QCOMPARE(gatewayLog(rig.gateway.port()).size(), 1);
    }

    void crashWithoutHandOverSendsOnce()
    {
        // The same crash before the gateway saw anything: the look-up finds nothing, it is sent.
        Rig rig;
        QVERIFY(rig.start());
        rig.engine->outbox().setPaused(true);
        auto sent = rig.send(Channel::Sms);
        QVERIFY(
            OutboxStore(rig.f.cache->connection()).markInFlight(rig.command().id, rig.clock.now()));
        rig.engine.reset();
        QVERIFY(rig.makeEngine());
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(sent->messageId), QStringLiteral("sent"), 20000);
        QCOMPARE(gatewayLog(rig.gateway.port()).size(), 1);
    }

    void crashDuringAnEmailGoesToAPerson()
    {
        // SMTP cannot be asked whether it has a message: flagged for review, never resent.
        Rig rig;
        QVERIFY(rig.start());
        rig.engine->outbox().setPaused(true);
        auto sent = rig.send(Channel::Email);
        QVERIFY(
            OutboxStore(rig.f.cache->connection()).markInFlight(rig.command().id, rig.clock.now()));
        rig.engine.reset();
        QVERIFY(rig.makeEngine());
        QTRY_COMPARE_WITH_TIMEOUT(rig.command().status, OutboxStatus::Dead, 20000);
        QCOMPARE(rig.status(sent->messageId), QStringLiteral("unknown"));
        QVERIFY(rig.command().lastError.contains(QStringLiteral("cannot say whether it arrived")));
        QCOMPARE(mails(rig.mailDir).size(), 0);
    }

    void rfc5322MessageIsWellFormed()
    {
        OutgoingEmail email;
        email.from = QStringLiteral("Programa Salud del Coraz\u00f3n <care@clinic.example>");
        email.to = QStringLiteral("p@patients.example");
        email.subject =
            QStringLiteral("Recordatorio de cita: mi\u00e9rcoles 11 de marzo a las 10:30, "
                           "con una l\u00ednea muy larga que pasa de setenta caracteres");
        email.body = QStringLiteral("Hola\nl\u00ednea dos");
        email.messageId = QStringLiteral("<k@h>");
        email.date = utc("2026-03-04T15:00:00Z");
        const QByteArray raw = email.toRfc5322();
        QVERIFY(raw.contains("Date: Wed, 04 Mar 2026 15:00:00 +0000\r\n"));
        QVERIFY(raw.contains("From: =?UTF-8?B?"));
        QVERIFY(raw.contains(" <care@clinic.example>\r\n"));
        for (const QByteArray &line : raw.split('\n'))
            QVERIFY2(line.size() <= 78, line.constData());
        const qsizetype split = raw.indexOf("\r\n\r\n");
        QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(raw.mid(split + 4))),
                 QStringLiteral("Hola\r\nl\u00ednea dos"));
        QByteArray subject;
        for (const QByteArray &line : raw.left(split).split('\n')) {
            if (line.startsWith("Subject:") || (!subject.isEmpty() && line.startsWith(' ')))
                subject += line;
            else if (!subject.isEmpty())
                break;
        }
        QCOMPARE(decodeWords(subject), email.subject);
    }
};

QTEST_GUILESS_MAIN(TestChannels)
#include "tst_channels.moc"
