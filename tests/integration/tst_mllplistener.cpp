// SPDX-License-Identifier: GPL-3.0-or-later
// The MLLP listener over real sockets on loopback: frames split across writes and coalesced in one
// (case 07), many connections at once, every ACK only after its commit, limits, TLS; and the
// sender side reading an ACK that arrives in pieces.
#include "services/hl7/MllpListener.h"
#include "services/hl7/MllpSender.h"
#include "tests/unit/hl7/Hl7TestFeed.h"

#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

QByteArray message(const QByteArray &id, const QByteArray &mrn = "MRN1011")
{
    return "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A04|" + id + "|P|2.5.1\rPID|1||" +
           mrn + "^^^NORTH^MR||TESTPATIENT^ETA||19710707|M\r";
}

// A client that collects whole ACK frames.
struct Client {
    QTcpSocket *socket;
    MllpFramer framer;
    QList<QByteArray> acks;

    explicit Client(QAbstractSocket *s)
        : socket(static_cast<QTcpSocket *>(s))
    {}

    void read()
    {
        QList<MllpEvent> events;
        framer.feed(socket->readAll(), events);
        for (const MllpEvent &event : events)
            acks.append(event.payload);
    }
};

QByteArray ackedId(const QByteArray &ack)
{
    const std::optional<MllpReply> reply = readMllpReply(ack);
    return reply ? reply->ackedControlId : QByteArray();
}

QString ackCode(const QByteArray &ack)
{
    const std::optional<MllpReply> reply = readMllpReply(ack);
    return reply ? QString::fromLatin1(hl7AckCodeText(reply->code)) : QString();
}

struct Fixture : Hl7TestFeed {
    std::unique_ptr<MllpListener> listener;

    bool startListener(MllpListenerSettings settings = {})
    {
        if (!open())
            return false;
        settings.address = QHostAddress::LocalHost;
        Hl7InboxSettings inboxSettings;
        inboxSettings.maxFrameBytes = settings.maxFrameBytes;
        listener = std::make_unique<MllpListener>(
            settings, std::make_unique<Hl7Inbox>(cache, *audit, *access, clock,
                                                 principalForAutomation(), inboxSettings));
        const VoidResult listening = listener->listen();
        if (!listening)
            qWarning("%s", qPrintable(listening.error().message));
        return bool(listening);
    }

    // autoRead: collect ACKs as they come (off when the test reads them itself).
    std::unique_ptr<Client> connectClient(bool autoRead = true)
    {
        auto *socket = new QTcpSocket(listener.get());
        socket->connectToHost(QHostAddress::LocalHost, listener->port());
        if (!socket->waitForConnected(5000))
            return nullptr;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto client = std::make_unique<Client>(socket);
        if (autoRead)
            QObject::connect(socket, &QTcpSocket::readyRead, socket,
                             [c = client.get()] { c->read(); });
        return client;
    }
};

} // namespace

class TestMllpListener : public QObject
{
    Q_OBJECT

private slots:
    // Case 07: three writes 200 ms apart, the CR after FS alone in the last: one message, one ACK.
    void case07SplitAcrossWrites()
    {
        Fixture test;
        QVERIFY(test.startListener());
        auto client = test.connectClient();
        QVERIFY(client);
        const QByteArray msg = message("MSG0011");
        const qsizetype pid = msg.indexOf("PID");
        client->socket->write("\x0b" + msg.left(pid));
        client->socket->flush();
        QTest::qWait(200);
        client->socket->write(msg.mid(pid) + "\x1c");
        client->socket->flush();
        QTest::qWait(200);
        client->socket->write("\r");
        QTRY_COMPARE(client->acks.size(), 1);
        QTest::qWait(300);
        QCOMPARE(client->acks.size(), 1);
        QCOMPARE(ackedId(client->acks.first()), QByteArray("MSG0011"));
        QCOMPARE(ackCode(client->acks.first()), QStringLiteral("AA"));
        QCOMPARE(test.count(QStringLiteral("hl7_messages")), 1);
    }

    // Case 07: two frames in one write: two messages, two ACKs, in order.
    void case07CoalescedFrames()
    {
        Fixture test;
        QVERIFY(test.startListener());
        auto client = test.connectClient();
        QVERIFY(client);
        client->socket->write(Mllp::frame(message("MSG0012", "MRN12")) +
                              Mllp::frame(message("MSG0013", "MRN13")));
        QTRY_COMPARE(client->acks.size(), 2);
        QCOMPARE(ackedId(client->acks.at(0)), QByteArray("MSG0012"));
        QCOMPARE(ackedId(client->acks.at(1)), QByteArray("MSG0013"));
        QCOMPARE(test.count(QStringLiteral("patients")), 2);
    }

    // Many senders at once, each waiting for its ACK before the next message. When an ACK
    // arrives, another connection to the cache must already see the message: it was committed.
    void manyConnectionsAndAckAfterCommit()
    {
        Fixture test;
        QVERIFY(test.startListener());
        constexpr int kClients = 40;
        constexpr int kPerClient = 10;
        std::vector<std::unique_ptr<Client>> clients;
        int visibleAtAck = 0;
        int invisibleAtAck = 0;
        for (int c = 0; c < kClients; ++c) {
            auto client = test.connectClient(false);
            QVERIFY(client);
            Client *raw = client.get();
            QObject::connect(raw->socket, &QTcpSocket::readyRead, raw->socket, [&, raw, c] {
                const int before = int(raw->acks.size());
                raw->read();
                for (int i = before; i < raw->acks.size(); ++i) {
                    const QByteArray id = ackedId(raw->acks.at(i));
                    const bool visible =
                        test.scalar(QStringLiteral("SELECT count(*) FROM hl7_messages WHERE "
                                                   "control_id = ?"),
                                    {QString::fromLatin1(id)})
                            .toInt() == 1;
                    (visible ? visibleAtAck : invisibleAtAck) += 1;
                    if (raw->acks.size() < kPerClient) {
                        const QByteArray next = "C" + QByteArray::number(c) + "-" +
                                                QByteArray::number(raw->acks.size());
                        raw->socket->write(Mllp::frame(message(next, "M" + next)));
                    }
                }
            });
            const QByteArray first = "C" + QByteArray::number(c) + "-0";
            raw->socket->write(Mllp::frame(message(first, "M" + first)));
            clients.push_back(std::move(client));
        }
        QTRY_VERIFY_WITH_TIMEOUT(visibleAtAck + invisibleAtAck == kClients * kPerClient, 60000);
        QCOMPARE(invisibleAtAck, 0);
        for (const auto &client : clients) {
            QCOMPARE(client->acks.size(), kPerClient);
            for (const QByteArray &ack : client->acks)
                QCOMPARE(ackCode(ack), QStringLiteral("AA"));
        }
        QCOMPARE(test.count(QStringLiteral("hl7_messages")), kClients * kPerClient);
        QCOMPARE(test.count(QStringLiteral("patients")), kClients * kPerClient);
        QCOMPARE(test.listener->stats().accepted, kClients * kPerClient);
        QCOMPARE(test.listener->connectionCount(), kClients);
    }

    // A frame past the limit is refused (AR) and kept in part; the connection and the
    // listener go on. A frame cut off by a close is kept as a dead letter.
    void limitsAndBrokenConnections()
    {
        Fixture test;
        MllpListenerSettings settings;
        settings.maxFrameBytes = 2000;
        QVERIFY(test.startListener(settings));
        auto client = test.connectClient();
        QVERIFY(client);
        QByteArray big = message("BIG1");
        big += "NTE|1||" + QByteArray(5000, 'x') + "\r";
        client->socket->write(Mllp::frame(big) + Mllp::frame(message("AFTER1")));
        QTRY_COMPARE(client->acks.size(), 2);
        QCOMPARE(ackCode(client->acks.at(0)), QStringLiteral("AR"));
        QCOMPARE(ackedId(client->acks.at(0)), QByteArray("BIG1"));
        QCOMPARE(ackCode(client->acks.at(1)), QStringLiteral("AA"));

        auto cut = test.connectClient();
        QVERIFY(cut);
        cut->socket->write("\x0b" + message("CUT1").left(80));
        cut->socket->flush();
        QTest::qWait(100);
        cut->socket->disconnectFromHost();
        QTRY_COMPARE(test.count(QStringLiteral("hl7_dead_letters")), 2);
        QCOMPARE(test.scalar(QStringLiteral("SELECT ack_code FROM hl7_dead_letters WHERE "
                                            "control_id = 'CUT1'")),
                 QVariant(QStringLiteral("none")));
        QCOMPARE(test.scalar(QStringLiteral("SELECT raw_size FROM hl7_dead_letters WHERE "
                                            "control_id = 'BIG1'")),
                 QVariant(qlonglong(big.size())));
        QTRY_COMPARE(test.listener->connectionCount(), 1);
    }

    void connectionLimit()
    {
        Fixture test;
        MllpListenerSettings settings;
        settings.maxConnections = 3;
        QVERIFY(test.startListener(settings));
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < 5; ++i) {
            auto client = test.connectClient();
            QVERIFY(client);
            clients.push_back(std::move(client));
            QTest::qWait(50);
        }
        QTRY_COMPARE(test.listener->stats().refused, 2);
        QCOMPARE(test.listener->connectionCount(), 3);
        // The refused ones were closed; the others are served.
        QTRY_COMPARE(clients.back()->socket->state(), QAbstractSocket::UnconnectedState);
        clients.front()->socket->write(Mllp::frame(message("OK1")));
        QTRY_COMPARE(clients.front()->acks.size(), 1);
    }

    // A sender that pipelines far more frames than may be in flight gets every ACK, in order.
    void backPressureKeepsOrder()
    {
        Fixture test;
        MllpListenerSettings settings;
        settings.maxInFlightPerConnection = 2;
        QVERIFY(test.startListener(settings));
        auto client = test.connectClient();
        QVERIFY(client);
        QByteArray burst;
        for (int i = 0; i < 30; ++i)
            burst +=
                Mllp::frame(message("P" + QByteArray::number(i), "MP" + QByteArray::number(i)));
        client->socket->write(burst);
        QTRY_COMPARE_WITH_TIMEOUT(client->acks.size(), 30, 30000);
        for (int i = 0; i < 30; ++i)
            QCOMPARE(ackedId(client->acks.at(i)), "P" + QByteArray::number(i));
    }

    void tls()
    {
        const QString dir = QStringLiteral(CAREDESK_BINARY_DIR "/tls-test");
        QDir().mkpath(dir);
        const QString cert = dir + QStringLiteral("/listener.pem");
        const QString key = dir + QStringLiteral("/listener.key");
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=DNS:localhost")});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        QFile certFile(cert), keyFile(key);
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        const QSslCertificate certificate(&certFile, QSsl::Pem);
        const QSslKey privateKey(&keyFile, QSsl::Rsa, QSsl::Pem);
        QVERIFY(!certificate.isNull() && !privateKey.isNull());

        QSslConfiguration server = QSslConfiguration::defaultConfiguration();
        server.setLocalCertificate(certificate);
        server.setPrivateKey(privateKey);
        server.setProtocol(QSsl::TlsV1_2OrLater);
        Fixture test;
        MllpListenerSettings settings;
        settings.tls = server;
        QVERIFY(test.startListener(settings));
        QVERIFY(test.listener->isTls());

        QSslConfiguration client = QSslConfiguration::defaultConfiguration();
        client.setCaCertificates({certificate});
        MllpSender sender;
        QSignalSpy connected(&sender, &MllpSender::connected);
        QSignalSpy replied(&sender, &MllpSender::replied);
        sender.connectToHost(QStringLiteral("localhost"), test.listener->port(), client);
        QVERIFY(connected.wait(10000));
        sender.send(message("TLS1"));
        QVERIFY(replied.wait(10000));
        const MllpReply reply = replied.first().first().value<MllpReply>();
        QCOMPARE(reply.code, Hl7AckCode::Accept);
        QCOMPARE(reply.ackedControlId, QByteArray("TLS1"));

        // A plain-text sender on the TLS port gets nothing stored, and the listener goes on.
        auto plain = test.connectClient();
        QVERIFY(plain);
        plain->socket->write(Mllp::frame(message("PLAIN1")));
        QTest::qWait(500);
        QCOMPARE(test.count(QStringLiteral("hl7_messages")), 1);
        sender.send(message("TLS2", "MRN2"));
        QVERIFY(replied.wait(10000));
        QCOMPARE(test.count(QStringLiteral("hl7_messages")), 2);
    }

    // Case 07, the sender's side: an ACK whose start comes in one packet and whose MSA comes
    // 300 ms later is read whole; one that never ends fails within the time limit.
    void senderReadsSplitAck()
    {
        QTcpServer peer;
        QVERIFY(peer.listen(QHostAddress::LocalHost));
        bool endTheAck = true;
        connect(&peer, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *socket = peer.nextPendingConnection();
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            connect(socket, &QTcpSocket::readyRead, socket, [socket, &endTheAck] {
                socket->readAll();
                socket->write("\x0bMSH|^~\\&|CC|WS|ADT|NORTH|20240105101501||ACK^A04^ACK|A1|P|"
                              "2.5.1\r");
                socket->flush();
                if (!endTheAck)
                    return;
                QTimer::singleShot(300, socket,
                                   [socket] { socket->write("MSA|AA|MSG0014\r\x1c\r"); });
            });
        });
        MllpSender sender;
        QSignalSpy connected(&sender, &MllpSender::connected);
        QSignalSpy replied(&sender, &MllpSender::replied);
        QSignalSpy failed(&sender, &MllpSender::failed);
        sender.connectToHost(QStringLiteral("127.0.0.1"), peer.serverPort());
        QVERIFY(connected.wait(5000));
        sender.send(message("MSG0014"));
        QVERIFY(replied.wait(5000));
        QCOMPARE(replied.size(), 1);
        const MllpReply reply = replied.first().first().value<MllpReply>();
        QCOMPARE(reply.code, Hl7AckCode::Accept);
        QCOMPARE(reply.ackedControlId, QByteArray("MSG0014"));
        QVERIFY(failed.isEmpty());

        endTheAck = false;
        sender.send(message("MSG0015"), 800);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().toString(),
                 QStringLiteral("no complete ACK within the time limit"));
        QCOMPARE(replied.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMllpListener)
#include "tst_mllplistener.moc"
