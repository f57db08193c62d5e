// SPDX-License-Identifier: GPL-3.0-or-later
// End to end through caredesk-cli with the real Secret Service keychain (gnome-keyring on the
// D-Bus session bus, started by tests/with-keyring.sh): import real data and replies, read the
// queue, claim, resolve, verify the audit chain, and reopen with the key from the keychain.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");
const QString kDemo = QStringLiteral(CAREDESK_BINARY_DIR "/share/caredesk/demo/");
const QString kTestData = QStringLiteral(CAREDESK_SHARED_TESTDATA);

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &args, const QByteArray &input = {},
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    process.waitForStarted();
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(120000);
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

Run cli(const QStringList &args, const QByteArray &input = {})
{
    return run(kCli, args, input);
}

} // namespace

class TestEndToEnd : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsSet("CAREDESK_SKIP_KEYCHAIN_TESTS"))
            QSKIP("CAREDESK_SKIP_KEYCHAIN_TESTS is set: no Secret Service on this machine");
        if (!qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("No D-Bus session: run the tests through tests/with-keyring.sh");
    }

    void importTriageResolveVerify()
    {
        QTemporaryDir dir;
        const QString data = dir.path();
        const Run imported = cli({QStringLiteral("--data-dir"), data, QStringLiteral("import"),
                                  kTestData + QStringLiteral("/fhir-r4/bulk-10-patients/"
                                                             "Patient.000.ndjson"),
                                  kTestData + QStringLiteral("/fhir-r4/bulk-10-patients/"
                                                             "Encounter.000.ndjson"),
                                  kTestData + QStringLiteral("/hl7v2/microsoft-fhir-converter/"
                                                             "ADT-A01-01.hl7"),
                                  kDemo + QStringLiteral("demo-replies.ndjson")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QVERIFY(imported.out.contains("Patient: 13"));
        QVERIFY(imported.out.contains("Encounter: 1215"));
        QVERIFY(imported.out.contains("ADT^A01: 1"));
        // The cache on disk is encrypted: no patient name from the data set in the file.
        QFile cache(QDir(data).filePath(QStringLiteral("caredesk-cache.db")));
        QVERIFY(cache.open(QIODevice::ReadOnly));
        const QByteArray bytes = cache.readAll();
        QVERIFY(!bytes.startsWith("SQLite format 3"));
        QVERIFY(!bytes.contains("Cummings51"));

        const Run queue = cli({QStringLiteral("--data-dir"), data, QStringLiteral("queue"),
                               QStringLiteral("--json")});
        QCOMPARE(queue.exitCode, 0);
        const QJsonArray items = QJsonDocument::fromJson(queue.out).array();
        QVERIFY(items.size() >= 6);
        const QJsonObject top = items.first().toObject();
        QCOMPARE(top.value(QLatin1String("tier")).toString(), QStringLiteral("emergent"));
        for (const char *key :
             {"id", "tier", "patientId", "receivedAt", "dueAt", "status", "owner", "evidence"})
            QVERIFY2(top.contains(QLatin1String(key)), key);
        QVERIFY(!top.value(QLatin1String("evidence")).toArray().isEmpty());
        // Highest tier first; the demo replies hold all three tiers (routine = needs review).
        QStringList tiers;
        for (const QJsonValue &item : items)
            tiers.append(item.toObject().value(QLatin1String("tier")).toString());
        QVERIFY(tiers.contains(QStringLiteral("urgent")));
        QCOMPARE(tiers.last(), QStringLiteral("routine"));
        QVERIFY(tiers.indexOf(QStringLiteral("urgent")) >
                tiers.lastIndexOf(QStringLiteral("emergent")));

        const QString id = QString::number(top.value(QLatin1String("id")).toInteger());
        QCOMPARE(cli({QStringLiteral("--data-dir"), data, QStringLiteral("claim"), id}).exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("--data-dir"), data, QStringLiteral("claim"), id}).exitCode,
                 0); // claiming one's own item again is harmless
        const Run badResolve = cli({QStringLiteral("--data-dir"), data, QStringLiteral("resolve"),
                                    id, QStringLiteral("--disposition"), QStringLiteral("nope"),
                                    QStringLiteral("--note"), QStringLiteral("x")});
        QCOMPARE(badResolve.exitCode, 2);
        QVERIFY(badResolve.err.contains("Unknown disposition"));
        // The note comes on stdin, so it never shows in the process list.
        const Run resolved =
            cli({QStringLiteral("--data-dir"), data, QStringLiteral("resolve"), id,
                 QStringLiteral("--disposition"), QStringLiteral("sent-to-emergency"),
                 QStringLiteral("--note-file"), QStringLiteral("-")},
                "Advised 911\n");
        QVERIFY2(resolved.exitCode == 0, resolved.err.constData());

        const Run after = cli({QStringLiteral("--data-dir"), data, QStringLiteral("queue"),
                               QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(after.out).array().size(), items.size() - 1);

        const Run verify = cli({QStringLiteral("--data-dir"), data, QStringLiteral("audit"),
                                QStringLiteral("verify")});
        QVERIFY2(verify.exitCode == 0, verify.err.constData());
        QVERIFY(verify.out.contains("intact"));

        // Tampering with the checkpoint outside the database is detected.
        QFile head(QDir(data).filePath(QStringLiteral("audit-head")));
        QVERIFY(head.open(QIODevice::ReadWrite));
        QByteArray line = head.readAll();
        line[0] = line[0] == '9' ? '8' : char(line[0] + 1);
        head.seek(0);
        head.write(line);
        head.close();
        QCOMPARE(cli({QStringLiteral("--data-dir"), data, QStringLiteral("audit"),
                      QStringLiteral("verify")})
                     .exitCode,
                 5);
    }

    void badFileFailsWithItsNameAndKeepsCache()
    {
        QTemporaryDir dir;
        const QString data = dir.path();
        QVERIFY(cli({QStringLiteral("--data-dir"), data, QStringLiteral("import"),
                     kDemo + QStringLiteral("demo-replies.ndjson")})
                    .exitCode == 0);
        const QByteArray before = cli({QStringLiteral("--data-dir"), data, QStringLiteral("queue"),
                                       QStringLiteral("--json")})
                                      .out;
        const QString bad = kTestData + QStringLiteral("/fhir-r4/fhir-test-cases-json/"
                                                       "bad-json-close-1.json");
        const Run failed = cli({QStringLiteral("--data-dir"), data, QStringLiteral("import"), bad});
        QCOMPARE(failed.exitCode, 2);
        QVERIFY(failed.err.contains("bad-json-close-1.json"));
        QVERIFY(failed.err.contains("line"));
        QCOMPARE(cli({QStringLiteral("--data-dir"), data, QStringLiteral("queue"),
                      QStringLiteral("--json")})
                     .out,
                 before);
    }

    // Case 22 B: no session bus and no display, as over ssh. CareDesk refuses, says why, and
    // leaves no cache, no key file and no plaintext anywhere in its folder.
    void refusesWithoutKeychain()
    {
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        const Run refused = run(kCli,
                                {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("import"),
                                 kDemo + QStringLiteral("demo-replies.ndjson")},
                                {}, env);
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("cannot reach"), refused.err.constData());
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QStringLiteral("caredesk-cache.db"))));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot).size(), 0);
    }

    // Case 22 A: a desktop bus with no Secret Service provider (a bus with no service folders,
    // so nothing can be activated). Same refusal, naming the missing provider.
    void refusesWithoutSecretServiceProvider()
    {
        QTemporaryDir dir;
        QFile config(dir.filePath(QStringLiteral("bus.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration "
                     "1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/"
                     "busconfig.dtd\">\n<busconfig><type>session</type>"
                     "<listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>"
                     "<policy context=\"default\"><allow send_destination=\"*\"/>"
                     "<allow own=\"*\"/><allow receive_sender=\"*\"/></policy>"
                     "</busconfig>\n");
        config.close();
        const QString site = dir.filePath(QStringLiteral("site"));
        const Run refused =
            run(QStringLiteral("dbus-run-session"),
                {QStringLiteral("--config-file=") + config.fileName(), QStringLiteral("--"), kCli,
                 QStringLiteral("--data-dir"), site, QStringLiteral("import"),
                 kDemo + QStringLiteral("demo-replies.ndjson")});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("no Secret Service provider"), refused.err.constData());
        QVERIFY(!QFile::exists(QDir(site).filePath(QStringLiteral("caredesk-cache.db"))));
    }

    // The embedded demo site: the first run creates the encrypted cache, loads the demo data and
    // opens on a queue with emergent, urgent and routine items (--screenshot exits 0 only then).
    void demoSiteOpensWithEveryTier()
    {
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const QString shot = dir.filePath(QStringLiteral("demo.png"));
        const QString site = dir.filePath(QStringLiteral("site"));
        const Run gui = run(
            QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk"),
            {QStringLiteral("--data-dir"), site, QStringLiteral("--screenshot"), shot}, {}, env);
        QVERIFY2(gui.exitCode == 0, gui.err.constData());
        QVERIFY(QFileInfo(shot).size() > 10000);

        const Run queue = cli({QStringLiteral("--data-dir"), site, QStringLiteral("queue"),
                               QStringLiteral("--json")});
        QSet<QString> tiers;
        const QJsonArray items = QJsonDocument::fromJson(queue.out).array();
        for (const QJsonValue &item : items)
            tiers.insert(item.toObject().value(QLatin1String("tier")).toString());
        QCOMPARE(tiers, (QSet<QString>{QStringLiteral("emergent"), QStringLiteral("urgent"),
                                       QStringLiteral("routine")}));
        QCOMPARE(cli({QStringLiteral("--data-dir"), site, QStringLiteral("audit"),
                      QStringLiteral("verify")})
                     .exitCode,
                 0);
    }

    // A folder that already holds a real cache never becomes a demo site: no demo patients, no
    // demo replies, no demo automation, whatever the GUI is started with.
    void realSiteNeverGetsDemoData()
    {
        QTemporaryDir dir;
        const QString site = dir.filePath(QStringLiteral("site"));
        QCOMPARE(cli({QStringLiteral("--data-dir"), site, QStringLiteral("import"),
                      kTestData + QStringLiteral("/fhir-r4/bulk-10-patients/Patient.000.ndjson")})
                     .exitCode,
                 0);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Run gui = run(QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk"),
                            {QStringLiteral("--data-dir"), site, QStringLiteral("--screenshot"),
                             dir.filePath(QStringLiteral("real.png"))},
                            {}, env);
        QVERIFY2(gui.exitCode == 0, gui.err.constData());
        const Run queue = cli({QStringLiteral("--data-dir"), site, QStringLiteral("queue"),
                               QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(queue.out).array().size(), 0);
    }

    // Commands other than import never start a cache in a mistyped folder.
    void onlyImportCreatesACache()
    {
        QTemporaryDir dir;
        const QString typo = dir.filePath(QStringLiteral("no-such-site"));
        const Run queue = cli({QStringLiteral("--data-dir"), typo, QStringLiteral("queue")});
        QCOMPARE(queue.exitCode, 2);
        QVERIFY(queue.err.contains("There is no CareDesk cache"));
        QVERIFY(!QFileInfo::exists(typo));
    }

    void devicesAndExtraArgumentsAreRefused()
    {
        QTemporaryDir dir;
        const Run device = cli({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("import"),
                                QStringLiteral("/dev/zero")});
        QCOMPARE(device.exitCode, 2);
        QVERIFY(device.err.contains("not a regular file"));
        const Run extra = cli({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("claim"),
                               QStringLiteral("1"), QStringLiteral("2")});
        QCOMPARE(extra.exitCode, 2);
        QVERIFY(extra.err.contains("unexpected arguments"));
    }

    // Two imports starting together on a new folder: one key, one cache, both usable.
    void concurrentFirstRunsShareOneKey()
    {
        QTemporaryDir dir;
        const QString site = dir.filePath(QStringLiteral("site"));
        QList<QProcess *> runs;
        for (const char *file : {"synthea-Organization.ndjson", "synthea-Practitioner.ndjson"}) {
            auto *process = new QProcess(this);
            process->start(kCli, {QStringLiteral("--data-dir"), site, QStringLiteral("import"),
                                  kDemo + QString::fromLatin1(file)});
            runs.append(process);
        }
        for (QProcess *process : runs) {
            QVERIFY(process->waitForFinished(120000));
            QVERIFY2(process->exitCode() == 0, process->readAllStandardError().constData());
        }
        qDeleteAll(runs);
        const Run verify = cli({QStringLiteral("--data-dir"), site, QStringLiteral("audit"),
                                QStringLiteral("verify")});
        QVERIFY2(verify.exitCode == 0, verify.err.constData());
    }

    void classifyReadsStdin()
    {
        const Run run = cli({QStringLiteral("classify")},
                            "No fever but chest pain since this morning\nSTOP\nthanks!\n");
        QCOMPARE(run.exitCode, 0);
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object().value(QLatin1String("tier")),
                 QJsonValue(QStringLiteral("emergent")));
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QLatin1String("optOut")),
                 QJsonValue(true));
        QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value(QLatin1String("tier")),
                 QJsonValue(QStringLiteral("routine")));
    }
    // Case 22 C: the keyring is locked (and nobody can answer the unlock prompt). CareDesk says
    // it is locked, for an existing cache and a new one alike, and creates nothing.
    void lockedKeyringIsNamedAsLocked()
    {
        // Unlocking takes the password through a prompt no test can answer, so this runs last
        // and only in the throwaway keyring of tests/with-keyring.sh.
        if (qEnvironmentVariableIsEmpty("CAREDESK_TEST_KEYRING_PASSWORD"))
            QSKIP("Locks the keyring: runs only inside tests/with-keyring.sh");
        QTemporaryDir dir;
        const QString site = dir.filePath(QStringLiteral("site"));
        QCOMPARE(cli({QStringLiteral("--data-dir"), site, QStringLiteral("import"),
                      kDemo + QStringLiteral("demo-replies.ndjson")})
                     .exitCode,
                 0);
        auto setLocked = [](bool locked) {
            return run(QStringLiteral("dbus-send"),
                       {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                        QStringLiteral("--dest=org.freedesktop.secrets"),
                        QStringLiteral("/org/freedesktop/secrets"),
                        locked ? QStringLiteral("org.freedesktop.Secret.Service.Lock")
                               : QStringLiteral("org.freedesktop.Secret.Service.Unlock"),
                        QStringLiteral("array:objpath:/org/freedesktop/secrets/collection/login")})
                .exitCode;
        };
        QCOMPARE(setLocked(true), 0);
        const Run existing = cli({QStringLiteral("--data-dir"), site, QStringLiteral("queue")});
        const QString fresh = dir.filePath(QStringLiteral("fresh"));
        const Run created = cli({QStringLiteral("--data-dir"), fresh, QStringLiteral("import"),
                                 kDemo + QStringLiteral("demo-replies.ndjson")});
        QCOMPARE(existing.exitCode, 3);
        QVERIFY2(existing.err.contains("locked"), existing.err.constData());
        QCOMPARE(created.exitCode, 3);
        QVERIFY2(created.err.contains("locked"), created.err.constData());
        QVERIFY(!QFile::exists(QDir(fresh).filePath(QStringLiteral("caredesk-cache.db"))));
    }
};

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "tst_endtoend.moc"
