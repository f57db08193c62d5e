// SPDX-License-Identifier: GPL-3.0-or-later
// A damaged cache file met by the real programs (issue 3, point 6): caredesk-cli checks every
// page before any command and refuses with exit code 6; the workstation opens on a sampled
// check, finds the damage with its background check and stops with the same message. Neither
// writes to the file, and a wrong key is still reported as a key problem.
#include "CliUsers.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace CareDesk::Testing;

namespace {

const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");
const QString kGui = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk");
const QString kDemo = QStringLiteral(CAREDESK_SOURCE_DIR "/resources/demo/");

struct Run {
    int exitCode = -1;
    QByteArray err;
};

Run run(const QString &program, const QStringList &args)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(program, args);
    process.waitForFinished(120000);
    return {process.exitCode(), process.readAllStandardError()};
}

QByteArray digest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestDamagedStart : public QObject
{
    Q_OBJECT

private:
    std::optional<QTemporaryDir> m_work;
    QString m_data;
    QString m_key;
    QString m_cacheFile;

    QString m_nurse;

    QStringList site() const
    {
        return {QStringLiteral("--data-dir"), m_data, QStringLiteral("--key-file"), m_key};
    }
    // Signed in as the site's nurse (credential file made in initTestCase).
    QStringList base() const { return site() << QStringLiteral("--credential-file") << m_nurse; }

private slots:
    void initTestCase()
    {
        m_work.emplace(QStringLiteral(CAREDESK_BINARY_DIR "/damaged-start-XXXXXX"));
        m_data = QDir(m_work->path()).filePath(QStringLiteral("data"));
        m_key = QDir(m_work->path()).filePath(QStringLiteral("cache.key"));
        m_cacheFile = QDir(m_data).filePath(QStringLiteral("caredesk-cache.db"));
        const CliUsers users =
            CliUsers::make(kCli, site(), QDir(m_work->path()).filePath(QStringLiteral("secrets")));
        QVERIFY2(users.problem.isEmpty(), qPrintable(users.problem));
        m_nurse = users.nurse;
        const Run imported = run(kCli, base() << QStringLiteral("import")
                                              << kDemo + QStringLiteral("synthea-Patient.ndjson")
                                              << kDemo + QStringLiteral("synthea-Encounter.ndjson")
                                              << kDemo + QStringLiteral("demo-replies.ndjson"));
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        // The last connection folded the write-ahead log into the file when it closed.
        QVERIFY(!QFileInfo::exists(m_cacheFile + QStringLiteral("-wal")) ||
                QFileInfo(m_cacheFile + QStringLiteral("-wal")).size() == 0);
        QVERIFY(QFileInfo(m_cacheFile).size() > 100 * 4096);
    }

    void intactCacheStarts()
    {
        const Run queue = run(kCli, base() << QStringLiteral("queue"));
        QVERIFY2(queue.exitCode == 0, queue.err.constData());
        const QString shot = QDir(m_work->path()).filePath(QStringLiteral("intact.png"));
        const Run gui = run(kGui, base() << QStringLiteral("--no-demo")
                                         << QStringLiteral("--screenshot") << shot);
        QVERIFY2(gui.exitCode == 0, gui.err.constData());
    }

    void damagedPageStopsBothPrograms()
    {
        const qint64 pages = QFileInfo(m_cacheFile).size() / 4096;
        {
            QFile file(m_cacheFile);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek((pages / 2) * 4096 + 300));
            QCOMPARE(file.write("bit rot"), 7);
        }
        const QByteArray before = digest(m_cacheFile);

        const Run queue = run(kCli, base() << QStringLiteral("queue"));
        QCOMPARE(queue.exitCode, 6);
        QVERIFY2(queue.err.contains("is damaged") && queue.err.contains("not a key problem"),
                 queue.err.constData());
        QVERIFY(queue.err.contains(QByteArray::number(pages / 2 + 1)));

        const QString shot = QDir(m_work->path()).filePath(QStringLiteral("damaged.png"));
        const Run gui = run(kGui, base() << QStringLiteral("--no-demo")
                                         << QStringLiteral("--screenshot") << shot);
        QCOMPARE(gui.exitCode, 6);
        QVERIFY2(gui.err.contains("is damaged") && gui.err.contains("caredesk-cli restore"),
                 gui.err.constData());
        QCOMPARE(digest(m_cacheFile), before);
    }
};

QTEST_GUILESS_MAIN(TestDamagedStart)
#include "tst_damagedstart.moc"
