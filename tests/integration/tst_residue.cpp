// SPDX-License-Identifier: GPL-3.0-or-later
// No plaintext residue (issue 3): a full working run through caredesk-cli and the GUI with every
// log category switched on (imports of real data, queue, claim, resolve with a note, backup,
// key rotation, purge, legal hold, audit verify, a screenshot of the workstation, a crash), then
// a search for the patients' names, phone numbers and message text in every file of the data
// folder and the backup, in everything the programs printed, and in every file written to the
// temporary folders during the run. The SQLite connections must keep temporary tables and sort
// spills in memory and overwrite deleted records.
#include "CliUsers.h"

#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <optional>

using namespace CareDesk;

using namespace CareDesk::Testing;

namespace {

const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");
const QString kGui = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk");
const QString kBulk = QStringLiteral(CAREDESK_SHARED_TESTDATA "/fhir-r4/bulk-10-patients/");
const QString kDemo = QStringLiteral(CAREDESK_SOURCE_DIR "/resources/demo/");
const QString kAdt =
    QStringLiteral(CAREDESK_SHARED_TESTDATA "/hl7v2/microsoft-fhir-converter/ADT-A01-01.hl7");

// What the run must never leave readable: names, phone numbers, and what patients wrote.
struct Secrets {
    QList<QByteArray> identity; // names and phone numbers
    QList<QByteArray> messages; // phrases of the replies
};

void addNames(const QString &ndjsonPath, Secrets &secrets)
{
    QFile file(ndjsonPath);
    if (!file.open(QIODevice::ReadOnly))
        return;
    while (!file.atEnd()) {
        const QJsonObject patient = QJsonDocument::fromJson(file.readLine()).object();
        for (const QJsonValue &name : patient.value(QLatin1String("name")).toArray()) {
            const QJsonObject parts = name.toObject();
            secrets.identity.append(parts.value(QLatin1String("family")).toString().toUtf8());
            for (const QJsonValue &given : parts.value(QLatin1String("given")).toArray())
                secrets.identity.append(given.toString().toUtf8());
        }
        for (const QJsonValue &telecom : patient.value(QLatin1String("telecom")).toArray())
            secrets.identity.append(
                telecom.toObject().value(QLatin1String("value")).toString().toUtf8());
    }
}

// The replies' text, cut into phrases of four words so that a log line holding part of a
// message is found too.
void addReplyPhrases(const QString &ndjsonPath, Secrets &secrets)
{
    QFile file(ndjsonPath);
    if (!file.open(QIODevice::ReadOnly))
        return;
    while (!file.atEnd()) {
        const QJsonObject reply = QJsonDocument::fromJson(file.readLine()).object();
        const QString text = reply.value(QLatin1String("payload"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QLatin1String("contentString"))
                                 .toString();
        const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
        for (qsizetype at = 0; at + 4 <= words.size(); at += 2)
            secrets.messages.append(words.mid(at, 4).join(u' ').toUtf8());
    }
}

// Files this process holds open under folder (deleted ones included), from /proc/self/fd.
QStringList filesOpenIn(const QString &folder)
{
    QStringList open;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &fd :
         fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        if (target.startsWith(folder + u'/'))
            open.append(target);
    }
    return open;
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestResidue : public QObject
{
    Q_OBJECT

private:
    std::optional<QTemporaryDir> m_work;
    QString m_dataDir;
    QString m_keyFile;
    QString m_spillDir;
    QDateTime m_started;
    Secrets m_secrets;
    QByteArray m_printed; // everything the programs wrote to stdout and stderr
    QString m_note;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // Every category, every level: the logs a support engineer would turn on.
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("caredesk.*=true"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }

    Run run(const QString &program, const QStringList &args, const QByteArray &input = {})
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.setWorkingDirectory(m_work->path());
        process.start(program, args);
        process.waitForStarted();
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        process.waitForFinished(300000);
        Run result{process.exitCode(), process.readAllStandardOutput(),
                   process.readAllStandardError()};
        m_printed += result.out + result.err;
        return result;
    }

    QString m_nurse; // credential files, made in initTestCase
    QString m_admin;

    // Signed in as the nurse, or as the administrator for the cache and audit commands.
    Run cli(QStringList args, const QByteArray &input = {})
    {
        const QString command = args.value(0);
        const bool administrative =
            QStringList{QStringLiteral("backup"), QStringLiteral("key"), QStringLiteral("hold"),
                        QStringLiteral("purge"), QStringLiteral("audit")}
                .contains(command);
        if (command != QLatin1String("backup-check")) {
            args.prepend(administrative ? m_admin : m_nurse);
            args.prepend(QStringLiteral("--credential-file"));
        }
        args.prepend(QStringLiteral("--verbose"));
        args.prepend(m_keyFile);
        args.prepend(QStringLiteral("--key-file"));
        args.prepend(m_dataDir);
        args.prepend(QStringLiteral("--data-dir"));
        return run(kCli, args, input);
    }

    QString workFile(const QString &name) const { return QDir(m_work->path()).filePath(name); }

    void writePrivate(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        file.write(bytes);
    }

    // Every secret found in bytes, as "what (where)".
    QStringList findSecrets(const QByteArray &bytes, const QString &where, bool messages) const
    {
        QStringList found;
        for (const QByteArray &secret : m_secrets.identity) {
            if (bytes.contains(secret))
                found.append(QStringLiteral("\"%1\" in %2").arg(QString::fromUtf8(secret), where));
        }
        if (messages) {
            for (const QByteArray &phrase : m_secrets.messages) {
                if (bytes.contains(phrase))
                    found.append(
                        QStringLiteral("\"%1\" in %2").arg(QString::fromUtf8(phrase), where));
            }
        }
        return found;
    }

    QStringList scanFolder(const QString &folder, bool onlySinceStart) const
    {
        QStringList found;
        QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks,
                        QDirIterator::Subdirectories);
        // On a developer's machine, other programs write to /tmp during the run:
        // CAREDESK_RESIDUE_IGNORE lists path prefixes (colon-separated) to leave out. CI sets none.
        const QStringList ignored =
            qEnvironmentVariable("CAREDESK_RESIDUE_IGNORE").split(u':', Qt::SkipEmptyParts);
        while (it.hasNext()) {
            const QFileInfo info(it.next());
            if (onlySinceStart && info.lastModified() < m_started.addSecs(-1))
                continue;
            if (std::any_of(ignored.begin(), ignored.end(), [&info](const QString &prefix) {
                    return info.filePath().startsWith(prefix);
                }))
                continue;
            QFile file(info.filePath());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            found += findSecrets(file.read(64 << 20), info.filePath(), true);
        }
        return found;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(kCli).isExecutable() && QFileInfo(kGui).isExecutable(),
                 "build caredesk and caredesk-cli first");
        m_started = QDateTime::currentDateTime();
        // The test's own copies of the data live in the build tree, never in /tmp.
        m_work.emplace(QStringLiteral(CAREDESK_BINARY_DIR "/residue-work-XXXXXX"));
        QVERIFY(m_work->isValid());
        m_dataDir = workFile(QStringLiteral("data"));
        m_keyFile = workFile(QStringLiteral("cache.key"));
        m_spillDir = workFile(QStringLiteral("sqlite-tmp"));
        QVERIFY(QDir().mkpath(m_spillDir));
        // Where SQLite would put a temporary file of this process; read once, before first use.
        qputenv("SQLITE_TMPDIR", QFile::encodeName(m_spillDir));

        addNames(kBulk + QStringLiteral("Patient.000.ndjson"), m_secrets);
        addNames(kDemo + QStringLiteral("synthea-Patient.ndjson"), m_secrets);
        addReplyPhrases(kDemo + QStringLiteral("demo-replies.ndjson"), m_secrets);
        // Short given names ("An") would match anywhere; keep what identifies a person.
        m_secrets.identity.removeIf([](const QByteArray &value) { return value.size() < 6; });
        QVERIFY(m_secrets.identity.size() >= 40);
        QVERIFY(m_secrets.messages.size() >= 12);
        m_note =
            QStringLiteral("Called %1 back at %2; advised the emergency department.")
                .arg(QString::fromUtf8(m_secrets.identity.first()), QStringLiteral("555-810-7203"));
        const CliUsers users = CliUsers::make(
            kCli,
            {QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--key-file"), m_keyFile},
            workFile(QStringLiteral("secrets")));
        QVERIFY2(users.problem.isEmpty(), qPrintable(users.problem));
        m_nurse = users.nurse;
        m_admin = users.admin;
    }

    void fullRun()
    {
        const Run imported =
            cli({QStringLiteral("import"), kBulk + QStringLiteral("Patient.000.ndjson"),
                 kBulk + QStringLiteral("Encounter.000.ndjson"),
                 kBulk + QStringLiteral("MedicationRequest.000.ndjson"), kAdt,
                 kDemo + QStringLiteral("synthea-Patient.ndjson"),
                 kDemo + QStringLiteral("demo-replies.ndjson")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());

        const Run queue = cli({QStringLiteral("queue"), QStringLiteral("--json")});
        QCOMPARE(queue.exitCode, 0);
        const QJsonArray items = QJsonDocument::fromJson(queue.out).array();
        QVERIFY(items.size() >= 6);
        const QString id =
            QString::number(items.first().toObject().value(QLatin1String("id")).toInteger());
        QCOMPARE(cli({QStringLiteral("claim"), id}).exitCode, 0);
        const Run resolved = cli({QStringLiteral("resolve"), id, QStringLiteral("--disposition"),
                                  QStringLiteral("sent-to-emergency"),
                                  QStringLiteral("--note-file"), QStringLiteral("-")},
                                 m_note.toUtf8());
        QVERIFY2(resolved.exitCode == 0, resolved.err.constData());

        const QString passphrase = workFile(QStringLiteral("backup.pass"));
        writePrivate(passphrase, "residue test backup passphrase");
        const QString backup = workFile(QStringLiteral("cache.backup"));
        const Run backedUp = cli(
            {QStringLiteral("backup"), backup, QStringLiteral("--passphrase-file"), passphrase});
        QVERIFY2(backedUp.exitCode == 0, backedUp.err.constData());
        QCOMPARE(cli({QStringLiteral("backup-check"), backup, QStringLiteral("--passphrase-file"),
                      passphrase})
                     .exitCode,
                 0);
        const Run rotated = cli({QStringLiteral("key"), QStringLiteral("rotate")});
        QVERIFY2(rotated.exitCode == 0, rotated.err.constData());
        const QString patient =
            items.first().toObject().value(QLatin1String("patientId")).toString();
        QCOMPARE(cli({QStringLiteral("hold"), QStringLiteral("add"), patient,
                      QStringLiteral("--reason"), QStringLiteral("litigation")})
                     .exitCode,
                 0);
        const Run purged =
            cli({QStringLiteral("purge"), QStringLiteral("--older-than"), QStringLiteral("30")});
        QVERIFY2(purged.exitCode == 0, purged.err.constData());
        const Run verified = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());

        // The workstation itself, with the queue on screen.
        const Run shot =
            run(kGui, {QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--key-file"),
                       m_keyFile, QStringLiteral("--no-demo"), QStringLiteral("--screenshot"),
                       workFile(QStringLiteral("screen.png")), QStringLiteral("--credential-file"),
                       m_nurse});
        QVERIFY2(shot.exitCode == 0, shot.err.constData());
        QVERIFY(QFileInfo(workFile(QStringLiteral("screen.png"))).size() > 1000);
    }

    // A crash in the middle of work prints nothing about patients and leaves no core file.
    void crashLeavesNothing()
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.setWorkingDirectory(m_work->path());
        process.start(kCli, {QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--key-file"),
                             m_keyFile, QStringLiteral("--verbose"),
                             QStringLiteral("--credential-file"), m_nurse, QStringLiteral("import"),
                             kBulk + QStringLiteral("Encounter.000.ndjson"),
                             kBulk + QStringLiteral("Condition.000.ndjson"),
                             kBulk + QStringLiteral("Procedure.000.ndjson")});
        QVERIFY(process.waitForStarted());
        // The program lowers its core limit first thing; on a loaded machine, loading it takes a
        // while. Then a moment for the sign-in, so the signal lands in the import itself.
        QByteArray line;
        const bool hardened = QTest::qWaitFor(
            [&process, &line] {
                QFile limits(QStringLiteral("/proc/%1/limits").arg(process.processId()));
                if (!limits.open(QIODevice::ReadOnly))
                    return false;
                const QByteArray text = limits.readAll();
                const qsizetype at = text.indexOf("Max core file size");
                line = text.mid(at, 80).simplified();
                return at >= 0 && line.startsWith("Max core file size 0 0");
            },
            10000);
        QVERIFY2(hardened, line.constData());
        // Then the sign-in (one scrypt check); the import starts right after it, and the signal
        // goes as soon as it is logged. A fixed wait was either too short on a loaded machine or
        // longer than the whole import on an idle one.
        QByteArray log;
        const bool signedIn = QTest::qWaitFor(
            [&process, &log] {
                log += process.readAllStandardError();
                return log.contains("caredesk.security.signin: \"sign-in\"") ||
                       process.state() != QProcess::Running;
            },
            30000);
        m_printed += log;
        QVERIFY2(signedIn && process.state() == QProcess::Running, log.constData());
        // The pid is read while the process runs: a finished QProcess reports 0, and kill(0, ...)
        // would signal this test's whole process group (ctest with it).
        const pid_t pid = pid_t(process.processId());
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid, SIGSEGV), 0);
        QVERIFY(process.waitForFinished(30000));
        m_printed += process.readAllStandardOutput() + process.readAllStandardError();
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        const QStringList cores = QDir(m_work->path()).entryList({QStringLiteral("core*")});
        QVERIFY2(cores.isEmpty(), qPrintable(cores.join(u' ')));
    }

    void connectionsKeepTemporaryDataInMemory()
    {
        FileKeyVault vault(m_keyFile);
        auto cache = CacheDatabase::open(m_dataDir, vault, CacheDatabase::OpenMode::ExistingOnly);
        QVERIFY2(cache, qPrintable(cache ? QString() : cache.error().message));
        QSqlDatabase db = (*cache)->connection();
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("PRAGMA temp_store")) && query.next());
        QCOMPARE(query.value(0).toInt(), 2); // MEMORY
        QVERIFY(query.exec(QStringLiteral("PRAGMA secure_delete")) && query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        // A sort far larger than the page cache, and a temporary table: nothing reaches a file.
        QVERIFY(query.exec(QStringLiteral("PRAGMA cache_size = 16")));
        QVERIFY(query.exec(QStringLiteral("CREATE TEMP TABLE spill AS SELECT * FROM records")));
        QVERIFY(query.exec(QStringLiteral("SELECT summary, body FROM records ORDER BY body, "
                                          "summary DESC")));
        int rows = 0;
        QStringList openTemporaryFiles;
        while (query.next()) {
            // SQLite unlinks a temporary file as soon as it opens it: look at what the process
            // holds open while the sorted rows are read, not at the folder.
            if (rows++ == 0)
                openTemporaryFiles = filesOpenIn(m_spillDir);
        }
        QVERIFY(rows > 2000);
        QVERIFY(query.exec(QStringLiteral("DROP TABLE spill")));
        QVERIFY2(openTemporaryFiles.isEmpty(), qPrintable(openTemporaryFiles.join(u' ')));
        QVERIFY2(QDir(m_spillDir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 "SQLite left a temporary file");
        query = QSqlQuery();
        db = QSqlDatabase();
        (*cache)->releaseThreadConnection();
    }

    void nothingReadableLeftBehind()
    {
        QStringList found;
        // The data folder (cache, write-ahead log, checkpoint, key record, settings) and the
        // backup sit in the work folder; the test's own key and passphrase files hold no PHI.
        found += scanFolder(m_work->path(), false);
        // What the programs printed, logs included. Names never; message text never either
        // (the queue shows the matched lexicon words, not the reply).
        found += findSecrets(m_printed, QStringLiteral("program output"), true);
        // Every file written to the temporary folders during the run.
        found += scanFolder(QDir::tempPath(), true);
        if (QDir::tempPath() != QLatin1String("/tmp"))
            found += scanFolder(QStringLiteral("/tmp"), true);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("\n"))));
        // The search itself works: the note written for the test holds a name and a number.
        QVERIFY(!findSecrets(m_note.toUtf8(), QStringLiteral("note"), false).isEmpty());
        QVERIFY(m_printed.contains("caredesk."));
    }
};

QTEST_GUILESS_MAIN(TestResidue)
#include "tst_residue.moc"
