// SPDX-License-Identifier: GPL-3.0-or-later
// caredesk-cli ae export (issue 6, item 2) as the pharmacovigilance team runs it: possible
// adverse events from real imports, CSV on standard output, NDJSON into an owner-only file, the
// export audited (how many, which format, never the content), bad arguments refused; only a
// role with adverse-event.export (a supervisor) may export, a nurse is refused (exit 7).
#include "CliUsers.h"

#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QByteArray communication(const QString &id, const QString &patient, const QString &text)
{
    const QJsonObject object{
        {QStringLiteral("resourceType"), QStringLiteral("Communication")},
        {QStringLiteral("id"), id},
        {QStringLiteral("sender"),
         QJsonObject{{QStringLiteral("reference"), QString(QStringLiteral("Patient/") + patient)}}},
        {QStringLiteral("payload"),
         QJsonArray{QJsonObject{{QStringLiteral("contentString"), text}}}},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

class TestAeExportCli : public QObject
{
    Q_OBJECT

private:
    std::optional<QTemporaryDir> m_work;
    CliUsers m_users;

    QStringList site(const QString &dataDir = QString()) const
    {
        return {QStringLiteral("--data-dir"),
                dataDir.isEmpty() ? m_work->filePath(QStringLiteral("cache")) : dataDir,
                QStringLiteral("--key-file"), m_work->filePath(QStringLiteral("key"))};
    }

    // As the supervisor unless who names another credential file.
    Run cli(const QStringList &args, const QString &dataDir = QString(), QString who = QString())
    {
        if (who.isEmpty())
            who = m_users.byRole.value(QStringLiteral("supervisor"));
        QProcess process;
        process.start(kCli,
                      site(dataDir) + QStringList{QStringLiteral("--credential-file"), who} + args);
        process.waitForFinished(120000);
        return {process.exitCode(), process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

private slots:
    void initTestCase()
    {
        // Under the build tree: the replies are patients' words, even if synthetic.
        m_work.emplace(QStringLiteral(CAREDESK_BINARY_DIR "/aeexportcli-XXXXXX"));
        QVERIFY(m_work->isValid());
        m_users = CliUsers::make(kCli, site(), m_work->filePath(QStringLiteral("secrets")),
                                 {QStringLiteral("supervisor")});
        QVERIFY2(m_users.problem.isEmpty(), qPrintable(m_users.problem));
        QFile replies(m_work->filePath(QStringLiteral("replies.ndjson")));
        QVERIFY(replies.open(QIODevice::WriteOnly));
        replies.write(communication(QStringLiteral("ae-1"), QStringLiteral("p1"),
                                    QStringLiteral("I got a rash, \"itchy\", since I started the "
                                                   "injection")));
        replies.write(communication(QStringLiteral("no-ae"), QStringLiteral("p2"),
                                    QStringLiteral("I can't breathe")));
        replies.close();
        const Run imported =
            cli({QStringLiteral("import"), replies.fileName()}, QString(), m_users.nurse);
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
    }

    void csvToStandardOutput()
    {
        const Run run = cli({QStringLiteral("ae"), QStringLiteral("export"),
                             QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QByteArray> lines = run.out.split('\n');
        QVERIFY(lines.first().startsWith("adverse_event_id,patient_master_id,triage_item_id,"));
        QCOMPARE(run.out.count("\r\n"), 2); // the header and one event
        QVERIFY(run.out.contains(",ae-1,"));
        QVERIFY(run.out.contains("\"I got a rash, \"\"itchy\"\", since I started the injection\""));
        QVERIFY(run.out.contains(",open,"));
        QVERIFY(!run.out.contains("no-ae"));
    }

    void ndjsonToAnOwnerOnlyFile()
    {
        const QString file = m_work->filePath(QStringLiteral("events.ndjson"));
        const Run run =
            cli({QStringLiteral("ae"), QStringLiteral("export"), QStringLiteral("--format"),
                 QStringLiteral("ndjson"), QStringLiteral("--output"), file});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains("1 possible adverse event(s) written"), run.err.constData());
        QCOMPARE(QFileInfo(file).permissions() &
                     (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
                 QFile::Permissions());
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = written.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const QJsonObject event = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(event.value(QLatin1String("communicationId")).toString(), QStringLiteral("ae-1"));
        // Imported moments ago on the real clock: 15 days left (14 if midnight UTC came between).
        const qint64 daysLeft = event.value(QLatin1String("daysLeft")).toInteger();
        QVERIFY2(daysLeft == 15 || daysLeft == 14, qPrintable(QString::number(daysLeft)));
        QVERIFY(event.value(QLatin1String("reportDue")).toString().size() == 10);
    }

    // Each export is on the record (format and count, never the content), and the record
    // passes the audit check.
    void exportsAreAudited()
    {
        const Run verified = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());

        FileKeyVault vault(m_work->filePath(QStringLiteral("key")));
        auto cache = CacheDatabase::open(m_work->filePath(QStringLiteral("cache")), vault,
                                         CacheDatabase::OpenMode::ExistingOnly);
        QVERIFY2(cache, qPrintable(cache ? QString() : cache.error().message));
        {
            QSqlQuery query((*cache)->connection());
            QVERIFY(
                query.exec(QStringLiteral("SELECT detail, object, outcome, actor FROM "
                                          "audit_log WHERE action = 'ae-export' ORDER BY seq")));
            QStringList details;
            while (query.next()) {
                details.append(query.value(0).toString());
                QCOMPARE(query.value(1).toString(), QStringLiteral("adverse-events"));
                QCOMPARE(query.value(2).toString(), QStringLiteral("success"));
                QCOMPARE(query.value(3).toString(), QStringLiteral("supervisor"));
            }
            QCOMPARE(details, (QStringList{QStringLiteral("format=csv;records=1"),
                                           QStringLiteral("format=ndjson;records=1")}));
        }
        (*cache)->releaseThreadConnection();
    }

    void badArgumentsAreRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("no format") << QStringList{QStringLiteral("ae"), QStringLiteral("export")}
                                   << QStringLiteral("--format csv");
        QTest::newRow("unknown format")
            << QStringList{QStringLiteral("ae"), QStringLiteral("export"),
                           QStringLiteral("--format"), QStringLiteral("xml")}
            << QStringLiteral("--format csv");
        QTest::newRow("unknown subcommand")
            << QStringList{QStringLiteral("ae"), QStringLiteral("list")}
            << QStringLiteral("usage: ae export");
    }

    void badArgumentsAreRefused()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const Run run = cli(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(says.toUtf8()), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    // A nurse reads the queue but may not take every patient's verbatim out: refused, on the
    // record, and nothing printed.
    void nurseIsRefused()
    {
        const Run run = cli({QStringLiteral("ae"), QStringLiteral("export"),
                             QStringLiteral("--format"), QStringLiteral("csv")},
                            QString(), m_users.nurse);
        QCOMPARE(run.exitCode, 7);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains("does not allow this (adverse-event.export)"),
                 run.err.constData());
    }

    void noCacheIsNotCreated()
    {
        const QString empty = m_work->filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        const Run run = cli({QStringLiteral("ae"), QStringLiteral("export"),
                             QStringLiteral("--format"), QStringLiteral("csv")},
                            empty);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(QDir(empty).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAeExportCli)
#include "tst_aeexportcli.moc"
