// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety of the encrypted cache (issue 3): caredesk-cli is killed with SIGKILL at random
// moments while it imports real data (the Synthea bulk-10 export and the demo replies, with
// every id made new for each round), while it resolves triage items, and while it rotates the
// cache key. After every kill the cache must open, each import must be wholly present or wholly
// absent (its import record, its records and its replies together), everything acknowledged
// before must still be there, and "caredesk-cli audit verify" must pass.
// The seed is printed; CAREDESK_CRASH_SEED=N repeats a run, CAREDESK_CRASH_ROUNDS=N changes
// the number of import rounds (at least 50 by default).
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <optional>

using namespace CareDesk;

namespace {

const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");
const QString kBulk = QStringLiteral(CAREDESK_SHARED_TESTDATA "/fhir-r4/bulk-10-patients/");
const QString kReplies = QStringLiteral(CAREDESK_SOURCE_DIR "/resources/demo/demo-replies.ndjson");

struct Run {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

// One round's input: the same real resources under ids no other round uses. Every UUID gets
// the round number as its first eight hex digits, so references stay consistent.
class RoundData
{
public:
    bool load()
    {
        for (const QString &name :
             {QStringLiteral("Patient.000.ndjson"), QStringLiteral("Encounter.000.ndjson"),
              QStringLiteral("MedicationRequest.000.ndjson")}) {
            QFile file(kBulk + name);
            if (!file.open(QIODevice::ReadOnly))
                return false;
            m_text += file.readAll();
            if (!m_text.endsWith('\n'))
                m_text += '\n';
        }
        QFile replies(kReplies);
        if (!replies.open(QIODevice::ReadOnly))
            return false;
        m_text += replies.readAll().replace("\"demo-reply-", "\"demo-reply-XXXXXXXX-");
        static const QRegularExpression uuid(
            QStringLiteral("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        const QString text = QString::fromLatin1(m_text);
        for (auto it = uuid.globalMatch(text); it.hasNext();)
            m_positions.append(it.next().capturedStart());
        for (qsizetype at = m_text.indexOf("XXXXXXXX"); at >= 0;
             at = m_text.indexOf("XXXXXXXX", at + 8))
            m_positions.append(at);
        return !m_positions.isEmpty() && text.toLatin1() == m_text;
    }

    static QByteArray prefix(int round)
    {
        return QByteArray::number(0xc0000000u + unsigned(round), 16);
    }

    QByteArray forRound(int round) const
    {
        QByteArray copy = m_text;
        const QByteArray mark = prefix(round);
        for (const qsizetype at : m_positions)
            copy.replace(at, 8, mark);
        return copy;
    }

private:
    QByteArray m_text;
    QList<qsizetype> m_positions;
};

// What one round left in the cache.
struct RoundState {
    bool recorded = false; // its row in the imports table
    qint64 records = 0;
    qint64 replies = 0;
};

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private:
    // Inputs and caches live in the build tree, not /tmp: the rounds hold real (synthetic)
    // patient data in plain text, and tst_residue checks /tmp for exactly that.
    std::optional<QTemporaryDir> m_work;
    QString m_dataDir;
    QString m_keyFile;
    quint32 m_seed = 0;
    QRandomGenerator m_random;
    RoundData m_data;
    qint64 m_expectedRecords = 0;
    qint64 m_expectedReplies = 0;
    qint64 m_baselineMs = 0;
    int m_rounds = 0;

    QString m_nurse; // credential files (owner-only) made in initTestCase
    QString m_admin;

    QStringList site() const
    {
        return {QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--key-file"), m_keyFile};
    }
    // Signed in as the nurse (imports, queue, claims) or the administrator (key, audit).
    QStringList base() const { return site() << QStringLiteral("--credential-file") << m_nurse; }
    QStringList adminBase() const
    {
        return site() << QStringLiteral("--credential-file") << m_admin;
    }

    QString writeSecret(const QString &name, const QByteArray &bytes) const
    {
        const QString path = QDir(m_work->path()).filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return {};
        file.write(bytes);
        return path;
    }

    // The first administrator and a nurse, each with a second factor, as an admin sets them up.
    bool makeUsers()
    {
        const QString password = writeSecret(QStringLiteral("admin.pw"), "admin-password-long\n");
        if (runToEnd(site() << QStringLiteral("init") << QStringLiteral("--admin")
                            << QStringLiteral("admin") << QStringLiteral("--password-file")
                            << password)
                .exitCode != 0)
            return false;
        auto enrol = [this](const QString &user, const QByteArray &secret) {
            const QString first = writeSecret(user + QStringLiteral(".first"),
                                              "user=" + user.toUtf8() + "\npassword=" + secret);
            const QString done = QDir(m_work->path()).filePath(user + QStringLiteral(".cred"));
            const Run run =
                runToEnd(site() << QStringLiteral("enroll") << QStringLiteral("--credential-file")
                                << first << QStringLiteral("--new-credential-file") << done);
            return run.exitCode == 0 ? done : QString();
        };
        m_admin = enrol(QStringLiteral("admin"), "admin-password-long");
        const QString nursePassword =
            writeSecret(QStringLiteral("nurse.pw"), "nurse-password-long\n");
        if (m_admin.isEmpty() ||
            runToEnd(adminBase() << QStringLiteral("user") << QStringLiteral("add")
                                 << QStringLiteral("nurse") << QStringLiteral("--role")
                                 << QStringLiteral("triage-nurse")
                                 << QStringLiteral("--password-file") << nursePassword)
                    .exitCode != 0)
            return false;
        m_nurse = enrol(QStringLiteral("nurse"), "nurse-password-long");
        return !m_nurse.isEmpty();
    }

    static Run runToEnd(const QStringList &args)
    {
        QProcess process;
        process.start(kCli, args);
        process.waitForFinished(300000);
        return {process.exitCode(), process.exitStatus() == QProcess::CrashExit,
                process.readAllStandardOutput(), process.readAllStandardError()};
    }

    // Starts caredesk-cli and kills it after delayMs unless it ended first. crashed is true when
    // the kill landed while it ran.
    static Run runAndKill(const QStringList &args, qint64 delayMs)
    {
        QProcess process;
        process.start(kCli, args);
        if (!process.waitForStarted(30000))
            return {};
        if (!process.waitForFinished(int(delayMs))) {
            process.kill(); // SIGKILL: no cleanup, no flush, like a power cut to the process
            process.waitForFinished(30000);
            return {-1, true, process.readAllStandardOutput(), process.readAllStandardError()};
        }
        return {process.exitCode(), process.exitStatus() == QProcess::CrashExit,
                process.readAllStandardOutput(), process.readAllStandardError()};
    }

    QString writeRound(int round) const
    {
        const QString path =
            QDir(m_work->path()).filePath(QStringLiteral("round-%1.ndjson").arg(round));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(m_data.forRound(round));
        return path;
    }

    static qint64 scalar(QSqlDatabase db, const QString &sql, const QString &arg = {})
    {
        QSqlQuery query(db);
        query.prepare(sql);
        if (!arg.isNull())
            query.addBindValue(arg);
        if (!query.exec() || !query.next())
            return -1;
        return query.value(0).toLongLong();
    }

    // Opens the cache as CareDesk does (recovery included) and reads every round so far.
    QList<RoundState> inspect(int rounds, QString *problem)
    {
        FileKeyVault vault(m_keyFile);
        auto cache = CacheDatabase::open(m_dataDir, vault, CacheDatabase::OpenMode::ExistingOnly);
        if (!cache) {
            *problem = cache.error().message;
            return {};
        }
        QList<RoundState> states;
        QSqlDatabase db = (*cache)->connection();
        for (int round = 0; round < rounds; ++round) {
            const QString mark = QString::fromLatin1(RoundData::prefix(round));
            RoundState state;
            state.recorded = scalar(db,
                                    QStringLiteral("SELECT count(*) FROM imports WHERE "
                                                   "file_name = ?"),
                                    QStringLiteral("round-%1.ndjson").arg(round)) == 1;
            state.records = scalar(db,
                                   QStringLiteral("SELECT count(*) FROM records WHERE "
                                                  "resource_id LIKE ? || '%'"),
                                   mark);
            state.replies = scalar(db,
                                   QStringLiteral("SELECT count(*) FROM replies WHERE "
                                                  "communication_id LIKE 'demo-reply-' || ? || "
                                                  "'%'"),
                                   mark);
            states.append(state);
        }
        db = QSqlDatabase();
        return states;
    }

    void verifyAudit(const QString &when)
    {
        const Run verified =
            runToEnd(adminBase() << QStringLiteral("audit") << QStringLiteral("verify"));
        QVERIFY2(verified.exitCode == 0,
                 qPrintable(when + QStringLiteral(": ") + QString::fromUtf8(verified.err)));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(kCli).isExecutable(), "build caredesk-cli first");
        QVERIFY2(m_data.load(), "cannot read the bulk-10 export or the demo replies");
        m_work.emplace(QStringLiteral(CAREDESK_BINARY_DIR "/crash-work-XXXXXX"));
        QVERIFY(m_work->isValid());
        m_dataDir = QDir(m_work->path()).filePath(QStringLiteral("data"));
        m_keyFile = QDir(m_work->path()).filePath(QStringLiteral("cache.key"));
        bool ok = false;
        m_seed = qEnvironmentVariableIntValue("CAREDESK_CRASH_SEED", &ok);
        if (!ok)
            m_seed = QRandomGenerator::system()->generate();
        m_random.seed(m_seed);
        m_rounds = qMax(50, qEnvironmentVariableIntValue("CAREDESK_CRASH_ROUNDS"));
        qInfo("crash seed %u (CAREDESK_CRASH_SEED=%u repeats this run), %d import rounds", m_seed,
              m_seed, m_rounds);
        QVERIFY2(makeUsers(), "cannot create the site's users");
    }

    // Round 0 runs to the end: it fills the new cache, gives the expected counts and how long an
    // import takes, so the kills can be spread over the whole of one.
    void baselineImport()
    {
        const QString file = writeRound(0);
        QElapsedTimer timer;
        timer.start();
        const Run done = runToEnd(base() << QStringLiteral("import") << file);
        m_baselineMs = timer.elapsed();
        QVERIFY2(done.exitCode == 0, done.err.constData());
        QString problem;
        const QList<RoundState> states = inspect(1, &problem);
        QVERIFY2(states.size() == 1, qPrintable(problem));
        QVERIFY(states.at(0).recorded);
        m_expectedRecords = states.at(0).records;
        m_expectedReplies = states.at(0).replies;
        // The export's encounters and medication requests, and the replies.
        QVERIFY(m_expectedRecords >= 1215 + 1745);
        QCOMPARE(m_expectedReplies, 12);
        qInfo("one import: %lld ms, %lld records, %lld replies", m_baselineMs, m_expectedRecords,
              m_expectedReplies);
    }

    void killedImportsAreAllOrNothing()
    {
        QVERIFY(m_expectedRecords > 0);
        QSet<int> acknowledged{0};
        QSet<int> present{0};
        int killedWhileRunning = 0;
        for (int round = 1; round <= m_rounds; ++round) {
            const QString file = writeRound(round);
            QVERIFY(!file.isEmpty());
            // Anywhere from the start of the process to a little past a whole import.
            const qint64 delay = m_random.bounded(qint64(m_baselineMs * 6 / 5) + 1);
            const Run run = runAndKill(base() << QStringLiteral("import") << file, delay);
            if (run.crashed)
                ++killedWhileRunning;
            else if (run.exitCode == 0 && run.out.contains("stored"))
                acknowledged.insert(round);
            else
                QFAIL(qPrintable(QStringLiteral("round %1 failed without a kill: %2")
                                     .arg(round)
                                     .arg(QString::fromUtf8(run.err))));

            QString problem;
            const QList<RoundState> states = inspect(round + 1, &problem);
            QVERIFY2(states.size() == round + 1,
                     qPrintable(QStringLiteral("round %1 (killed after %2 ms): the cache does "
                                               "not open: %3")
                                    .arg(round)
                                    .arg(delay)
                                    .arg(problem)));
            for (int j = 0; j <= round; ++j) {
                const RoundState &state = states.at(j);
                const bool whole = state.recorded && state.records == m_expectedRecords &&
                                   state.replies == m_expectedReplies;
                const bool absent = !state.recorded && state.records == 0 && state.replies == 0;
                QVERIFY2(whole || absent,
                         qPrintable(QStringLiteral("after round %1 (killed after %2 ms), import "
                                                   "%3 is partly there: recorded %4, %5 of %6 "
                                                   "records, %7 of %8 replies (seed %9)")
                                        .arg(round)
                                        .arg(delay)
                                        .arg(j)
                                        .arg(state.recorded)
                                        .arg(state.records)
                                        .arg(m_expectedRecords)
                                        .arg(state.replies)
                                        .arg(m_expectedReplies)
                                        .arg(m_seed)));
                if (acknowledged.contains(j) || present.contains(j))
                    QVERIFY2(whole, qPrintable(QStringLiteral("import %1 was acknowledged or "
                                                              "seen whole, and is gone after "
                                                              "round %2")
                                                   .arg(j)
                                                   .arg(round)));
                if (whole)
                    present.insert(j);
            }
            verifyAudit(QStringLiteral("after round %1").arg(round));
            QFile::remove(file);
        }
        qInfo("%d rounds: %d killed while importing, %lld acknowledged, %lld present", m_rounds,
              killedWhileRunning, qint64(acknowledged.size()) - 1, qint64(present.size()) - 1);
        // Most kills must land inside an import, or the harness proves nothing.
        QVERIFY2(killedWhileRunning >= m_rounds / 2,
                 qPrintable(QStringLiteral("only %1 of %2 kills landed during an import")
                                .arg(killedWhileRunning)
                                .arg(m_rounds)));
    }

    // Resolutions: acknowledged means resolved, and a killed one is either done with its audit
    // entry or not done at all.
    void killedResolutionsAreAllOrNothing()
    {
        const Run queue = runToEnd(base() << QStringLiteral("queue"));
        QCOMPARE(queue.exitCode, 0);
        QList<qint64> ids;
        for (const QByteArray &line : queue.out.split('\n')) {
            if (!line.isEmpty())
                ids.append(line.split('\t').value(0).toLongLong());
        }
        QVERIFY(ids.size() >= 10);
        const QString note = QDir(m_work->path()).filePath(QStringLiteral("note.txt"));
        {
            QFile file(note);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("Called the patient back; advised to attend the emergency department.\n");
        }
        int killed = 0;
        for (int i = 0; i < 10; ++i) {
            const QString id = QString::number(ids.at(i));
            QCOMPARE(runToEnd(base() << QStringLiteral("claim") << id).exitCode, 0);
            QElapsedTimer timer;
            timer.start();
            const qint64 delay = m_random.bounded(qint64(400));
            const Run run = runAndKill(
                base() << QStringLiteral("resolve") << id << QStringLiteral("--disposition")
                       << QStringLiteral("called-patient") << QStringLiteral("--note-file") << note,
                delay);
            killed += run.crashed ? 1 : 0;

            FileKeyVault vault(m_keyFile);
            auto cache =
                CacheDatabase::open(m_dataDir, vault, CacheDatabase::OpenMode::ExistingOnly);
            QVERIFY2(cache, qPrintable(cache ? QString() : cache.error().message));
            QSqlDatabase db = (*cache)->connection();
            const qint64 resolved = scalar(db,
                                           QStringLiteral("SELECT count(*) FROM triage_items "
                                                          "WHERE id = ? AND status = 'resolved' "
                                                          "AND note IS NOT NULL"),
                                           id);
            const qint64 audited = scalar(db,
                                          QStringLiteral("SELECT count(*) FROM audit_log WHERE "
                                                         "action = 'resolve' AND outcome = "
                                                         "'success' AND object = 'triage-item/' "
                                                         "|| ?"),
                                          id);
            db = QSqlDatabase();
            cache->reset();
            QCOMPARE(resolved, audited);
            if (!run.crashed) {
                QVERIFY2(run.exitCode == 0, run.err.constData());
                QCOMPARE(resolved, 1);
            }
            verifyAudit(QStringLiteral("after resolving %1").arg(id));
        }
        qInfo("resolutions: %d of 10 killed while running", killed);
    }

    // Key rotation killed anywhere: the cache opens with one of the two keys, the key file ends
    // up holding that key, nothing pending is left, and CareDesk says what it settled.
    void killedRotationsLeaveACacheThatOpens()
    {
        // How long a whole rotation takes on this cache.
        QElapsedTimer timer;
        timer.start();
        const Run first =
            runToEnd(adminBase() << QStringLiteral("key") << QStringLiteral("rotate"));
        const qint64 rotationMs = timer.elapsed();
        QVERIFY2(first.exitCode == 0, first.err.constData());
        qInfo("one rotation: %lld ms", rotationMs);

        QString problem;
        const int rounds = m_rounds + 1;
        const QList<RoundState> before = inspect(rounds, &problem);
        QVERIFY2(!before.isEmpty(), qPrintable(problem));
        int killedWhileRunning = 0;
        int settledAtOpen = 0;
        for (int i = 0; i < 20; ++i) {
            const QByteArray keyBefore = FileKeyVault(m_keyFile).readKey().key;
            const qint64 delay = m_random.bounded(qint64(rotationMs * 6 / 5) + 1);
            const Run run =
                runAndKill(adminBase() << QStringLiteral("key") << QStringLiteral("rotate"), delay);
            killedWhileRunning += run.crashed ? 1 : 0;
            if (!run.crashed)
                QVERIFY2(run.exitCode == 0, run.err.constData());
            const bool pendingLeft = QFileInfo::exists(m_keyFile + QStringLiteral(".next"));
            const CacheDatabase::KeyRecord record = CacheDatabase::readKeyRecord(m_dataDir);

            FileKeyVault vault(m_keyFile);
            auto cache =
                CacheDatabase::open(m_dataDir, vault, CacheDatabase::OpenMode::ExistingOnly);
            QVERIFY2(cache, qPrintable(QStringLiteral("rotation killed after %1 ms: %2")
                                           .arg(delay)
                                           .arg(cache ? QString() : cache.error().message)));
            const QByteArray keyAfter = vault.readKey().key;
            QCOMPARE(keyAfter.size(), 32);
            QVERIFY(!QFileInfo::exists(m_keyFile + QStringLiteral(".next")));
            QCOMPARE(CacheDatabase::readKeyRecord(m_dataDir).current, keyFingerprint(keyAfter));
            QVERIFY(CacheDatabase::readKeyRecord(m_dataDir).next.isEmpty());
            // It says what it found whenever a rotation was left half done.
            if (pendingLeft || !record.next.isEmpty()) {
                QVERIFY2(!(*cache)->keyNote().isEmpty(), "an interrupted rotation went unnoticed");
                ++settledAtOpen;
            }
            if (!run.crashed)
                QVERIFY(keyAfter != keyBefore);
            cache->reset();
            const QList<RoundState> after = inspect(rounds, &problem);
            QVERIFY2(after.size() == before.size(), qPrintable(problem));
            for (int j = 0; j < rounds; ++j) {
                QCOMPARE(after.at(j).records, before.at(j).records);
                QCOMPARE(after.at(j).replies, before.at(j).replies);
            }
            verifyAudit(QStringLiteral("after rotation %1").arg(i));
        }
        qInfo("rotations: %d of 20 killed while running, %d settled at the next open",
              killedWhileRunning, settledAtOpen);
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
