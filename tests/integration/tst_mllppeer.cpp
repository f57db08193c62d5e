// SPDX-License-Identifier: GPL-3.0-or-later
// A real MLLP peer: Debian's python3-hl7 (mllp_send --loose, and its asyncio client) sends the
// public sample files to "caredesk-cli serve"; the ACK codes it prints and the patients in the
// encrypted cache afterwards are checked, and the dead letters through "caredesk-cli hl7". The
// site's administrator starts the server (automation.run) and reads the dead letters; a nurse may
// do neither.
#include "CliUsers.h"
#include "models/Clock.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/store/PatientStore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace CareDesk;

namespace {

const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");
const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kMllpSend = QStringLiteral("/usr/bin/mllp_send");
const QString kAsyncPeer = QStringLiteral(CAREDESK_SOURCE_DIR "/tests/peers/hl7_mllp_send.py");
const QString kHl7 = QStringLiteral(CAREDESK_SHARED_TESTDATA "/hl7v2/");

// MSA-1 of every ACK mllp_send printed (it writes each answer as it came, framing included).
QStringList ackCodes(const QByteArray &output)
{
    QStringList codes;
    static const QRegularExpression msa(QStringLiteral("MSA\\|(A[AER])\\|"));
    auto it = msa.globalMatch(QString::fromLatin1(output));
    while (it.hasNext())
        codes.append(it.next().captured(1));
    return codes;
}

} // namespace

class TestMllpPeer : public QObject
{
    Q_OBJECT

private:
    std::optional<QTemporaryDir> m_work;
    QString m_dataDir;
    QString m_keyFile;
    QProcess m_server;
    quint16 m_port = 0;
    Testing::CliUsers m_users;

    QStringList site() const
    {
        return {QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--key-file"), m_keyFile};
    }

    // Signed in as the administrator.
    QStringList base() const
    {
        return site() + QStringList{QStringLiteral("--credential-file"), m_users.admin};
    }

    QByteArray mllpSend(const QString &file)
    {
        QProcess send;
        send.start(kPython,
                   {kMllpSend, QStringLiteral("--file"), file, QStringLiteral("--loose"),
                    QStringLiteral("-p"), QString::number(m_port), QStringLiteral("127.0.0.1")});
        if (!send.waitForFinished(60000) || send.exitCode() != 0)
            qWarning("mllp_send failed: %s", send.readAllStandardError().constData());
        return send.readAllStandardOutput();
    }

    QMap<QString, QString> asyncSend(const QStringList &files)
    {
        QProcess send;
        send.start(kPython,
                   QStringList{kAsyncPeer, QStringLiteral("127.0.0.1"), QString::number(m_port)} +
                       files);
        if (!send.waitForFinished(60000) || send.exitCode() != 0)
            qWarning("asyncio peer failed: %s", send.readAllStandardError().constData());
        QMap<QString, QString> codes; // "file#n" -> "AA MSGID"
        QMap<QString, int> counts;
        for (const QByteArray &line : send.readAllStandardOutput().split('\n')) {
            const QList<QByteArray> parts = line.split('\t');
            if (parts.size() != 3)
                continue;
            const QString file = QFileInfo(QString::fromLocal8Bit(parts.at(0))).fileName();
            codes.insert(file + u'#' + QString::number(counts[file]++),
                         QString::fromLatin1(parts.at(1) + ' ' + parts.at(2)));
        }
        return codes;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(kCli).isExecutable(), "build caredesk-cli first");
        QVERIFY2(QFileInfo(kMllpSend).exists(), "install python3-hl7 (installer/deps.sh)");
        // Patient data, even synthetic, stays in the build tree.
        m_work.emplace(QStringLiteral(CAREDESK_BINARY_DIR "/mllp-peer-XXXXXX"));
        QVERIFY(m_work->isValid());
        m_dataDir = m_work->filePath(QStringLiteral("site"));
        m_keyFile = m_work->filePath(QStringLiteral("cache.key"));
        m_users =
            Testing::CliUsers::make(kCli, site(), m_work->filePath(QStringLiteral("secrets")));
        QVERIFY2(!m_users.nurse.isEmpty(), qPrintable(m_users.problem));

        m_server.setProcessChannelMode(QProcess::SeparateChannels);
        m_server.start(kCli,
                       base() + QStringList{QStringLiteral("serve"), QStringLiteral("--mllp-port"),
                                            QStringLiteral("0"), QStringLiteral("--mllp-bind"),
                                            QStringLiteral("127.0.0.1")});
        QVERIFY(m_server.waitForStarted(30000));
        QByteArray line;
        QTRY_VERIFY_WITH_TIMEOUT((line += m_server.readAllStandardOutput()).contains('\n'), 60000);
        const QRegularExpression listening(QStringLiteral("MLLP listening on 127.0.0.1:(\\d+)"));
        const QRegularExpressionMatch match = listening.match(QString::fromLatin1(line));
        QVERIFY2(match.hasMatch(), line.constData());
        m_port = quint16(match.captured(1).toUInt());
    }

    void cleanupTestCase()
    {
        if (m_server.state() != QProcess::NotRunning) {
            ::kill(pid_t(m_server.processId()), SIGTERM);
            m_server.waitForFinished(30000);
        }
    }

    // mllp_send --loose with the files whose messages start with MSH|^~\&| as it needs.
    void mllpSendRealFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("codes");
        const QString ms = QStringLiteral("microsoft-fhir-converter/");
        const QStringList aa{QStringLiteral("AA")};
        for (const char *name :
             {"ADT-A01-01.hl7", "ADT-A02-01.hl7", "ADT-A03-01.hl7", "ADT-A04-01.hl7",
              "ADT-A08-01.hl7", "ADT-A11-01.hl7", "ADT-A40-01.hl7", "ADT-A40-02.hl7"})
            QTest::newRow(name) << ms + QLatin1String(name) << aa;
        QTest::newRow("dotnet ADT^O01, CRLF")
            << QStringLiteral("hl7-dotnetcore/Sample-ADT.txt") << aa;
        QTest::newRow("hamaluik A04")
            << QStringLiteral("hamaluik-hl7-parser/sample_adt_a04.hl7") << aa;
        // Not ADT: rejected, kept as a dead letter.
        QTest::newRow("ORU is not taken")
            << QStringLiteral("hamaluik-hl7-parser/sample_oru_r01_lab.hl7")
            << QStringList{QStringLiteral("AR")};
    }

    void mllpSendRealFiles()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, codes);
        const QByteArray output = mllpSend(kHl7 + file);
        QCOMPARE(ackCodes(output), codes);
        // Each ACK answers the message sent, in the sender's separators.
        QVERIFY2(output.contains("MSH|^~\\&|"), output.constData());
    }

    // The asyncio client with files as they are: byte-order marks (case 08), LF line ends,
    // short MSH-2, a batch, two messages in one file.
    void asyncioClientRealFiles()
    {
        const QMap<QString, QString> codes =
            asyncSend({kHl7 + QStringLiteral("microsoft-fhir-converter/ADT01-23.hl7"),
                       kHl7 + QStringLiteral("microsoft-fhir-converter/ADT04-251.hl7"),
                       kHl7 + QStringLiteral("ruby-hl7/adt_a01.hl7"),
                       kHl7 + QStringLiteral("hamaluik-hl7-parser/sample_adt_a01_encoded.hl7"),
                       kHl7 + QStringLiteral("linuxforhealth-hl7v2-fhir-converter/"
                                             "sample_win.hl7")});
        QCOMPARE(codes.value(QStringLiteral("ADT01-23.hl7#0")), QStringLiteral("AA 599102"));
        QCOMPARE(codes.value(QStringLiteral("ADT04-251.hl7#0")), QStringLiteral("AA 1270326314"));
        QCOMPARE(codes.value(QStringLiteral("adt_a01.hl7#0")), QStringLiteral("AA 00003"));
        // An A08 with no PID, and an MSH-2 written "^~\\&": answered AE and AR, kept.
        QCOMPARE(codes.value(QStringLiteral("sample_adt_a01_encoded.hl7#0")),
                 QStringLiteral("AE 599102"));
        QCOMPARE(codes.value(QStringLiteral("sample_win.hl7#0")), QStringLiteral("AR 102"));
    }

    void deadLettersThroughTheCli()
    {
        QProcess list;
        list.start(kCli, base() + QStringList{QStringLiteral("hl7"), QStringLiteral("dead-letters"),
                                              QStringLiteral("--json")});
        QVERIFY(list.waitForFinished(60000));
        QCOMPARE(list.exitCode(), 0);
        const QJsonArray letters = QJsonDocument::fromJson(list.readAllStandardOutput()).array();
        QStringList ids;
        for (const QJsonValue &letter : letters)
            ids.append(letter.toObject().value(QLatin1String("controlId")).toString());
        ids.sort();
        QCOMPARE(ids, QStringList({QStringLiteral("102"), QStringLiteral("3216598"),
                                   QStringLiteral("599102")}));
        for (const QJsonValue &letter : letters) {
            const QJsonObject object = letter.toObject();
            QVERIFY(!object.value(QLatin1String("reason")).toString().isEmpty());
            QCOMPARE(object.value(QLatin1String("status")).toString(), QStringLiteral("open"));
        }
    }

    // The feed's commands are the administrator's (or a supervisor's): a nurse is refused and
    // the refusal is on the record.
    void nurseMayNotServeOrSeeDeadLetters()
    {
        const QStringList asNurse =
            site() + QStringList{QStringLiteral("--credential-file"), m_users.nurse};
        QProcess serve;
        serve.start(kCli,
                    asNurse + QStringList{QStringLiteral("serve"), QStringLiteral("--mllp-port"),
                                          QStringLiteral("0"), QStringLiteral("--mllp-bind"),
                                          QStringLiteral("127.0.0.1")});
        QVERIFY(serve.waitForFinished(60000));
        QCOMPARE(serve.exitCode(), 7);
        QVERIFY(serve.readAllStandardError().contains("automation.run"));
        QProcess list;
        list.start(kCli,
                   asNurse + QStringList{QStringLiteral("hl7"), QStringLiteral("dead-letters")});
        QVERIFY(list.waitForFinished(60000));
        QCOMPARE(list.exitCode(), 7);
        QVERIFY(list.readAllStandardError().contains("hl7.read"));
    }

    // After the server stops, the cache holds the patients the feed described.
    void patientsInTheCache()
    {
        // A finished QProcess reports pid 0, and kill(0, ...) would stop this test's whole
        // process group (ctest with it): the server must still be running here.
        QCOMPARE(m_server.state(), QProcess::Running);
        ::kill(pid_t(m_server.processId()), SIGTERM);
        QVERIFY(m_server.waitForFinished(60000));
        QCOMPARE(m_server.exitCode(), 0);
        const QByteArray summary = m_server.readAllStandardOutput();
        QVERIFY2(summary.contains("MLLP stopped:"), summary.constData());

        FileKeyVault vault(m_keyFile);
        auto cache = CacheDatabase::open(m_dataDir, vault, CacheDatabase::OpenMode::ExistingOnly);
        QVERIFY2(cache, cache ? "" : qPrintable(cache.error().message));
        const SystemClock clock;
        PatientStore store((*cache)->connection(), clock);
        const auto master = [&store](const char *system, const char *value) {
            return store.find({{QLatin1String(system), QLatin1String(value)}}).value_or(QString());
        };
        // Six Microsoft ADT samples (A01 to A11) speak of one patient.
        const QString everyman = master("urn:hl7v2:test1:MR", "PATID1234");
        QVERIFY(!everyman.isEmpty());
        auto person = store.summary(everyman);
        QVERIFY(person);
        QCOMPARE(person->displayName, QStringLiteral("ADAM EVERYMAN"));
        auto journey = store.timeline(everyman);
        QVERIFY(journey);
        QStringList kinds;
        for (const TimelineEvent &event : *journey) {
            if (event.resourceType == QLatin1String("HL7v2"))
                kinds.append(event.kind);
        }
        kinds.sort();
        QCOMPARE(kinds,
                 QStringList({QStringLiteral("admission"), QStringLiteral("admission-cancelled"),
                              QStringLiteral("discharge"), QStringLiteral("registration"),
                              QStringLiteral("transfer"), QStringLiteral("update")}));
        // A40: the retired MRNs lead to the survivors.
        QCOMPARE(master("urn:hl7v2:BCBS:MR", "56789"), master("urn:hl7v2:BCBS:MR", "12345"));
        QCOMPARE(master("urn:hl7v2:BCBS:MR", "569"), master("urn:hl7v2:BCBS:MR", "145"));
        QVERIFY(!master("urn:hl7v2:BCBS:MR", "145").isEmpty());
        // The others, one each, from their own senders.
        QCOMPARE(store.summary(master("urn:hl7v2:2:ID 1", "0493575"))->displayName,
                 QStringLiteral("JOHN DOE"));

        QSqlQuery query((*cache)->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM hl7_messages")) && query.next());
        QCOMPARE(query.value(0).toInt(), 13);
        query.finish();

        QProcess verify;
        verify.start(kCli, base() + QStringList{QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY(verify.waitForFinished(60000));
        QCOMPARE(verify.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMllpPeer)
#include "tst_mllppeer.moc"
