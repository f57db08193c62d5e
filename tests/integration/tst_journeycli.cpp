// SPDX-License-Identifier: GPL-3.0-or-later
// caredesk-cli's journey, adherence and mentor commands as a script uses them: real imports
// into a cache keyed from a key file, JSON out, exit codes for bad input and refused actions.
// Each run signs in: a care coordinator by default, a supervisor for the program, the
// administrator to verify the trail, and roles that may not do something are refused (exit 7).
#include "CliUsers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");
const QString kData = QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/");

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(u' ', Qt::SkipEmptyParts);
}

QStringList kinds(const QJsonArray &exceptions)
{
    QStringList found;
    for (const QJsonValue &exception : exceptions)
        found.append(exception.toObject().value(QLatin1String("kind")).toString());
    return found;
}

} // namespace

class TestJourneyCli : public QObject
{
    Q_OBJECT

private:
    std::optional<QTemporaryDir> m_work;
    CareDesk::Testing::CliUsers m_users;

    QStringList site() const
    {
        return {QStringLiteral("--data-dir"), m_work->filePath(QStringLiteral("cache")),
                QStringLiteral("--key-file"), m_work->filePath(QStringLiteral("key"))};
    }

    // role: whose credential file signs in ("admin", "nurse", or one made for the role).
    Run cli(const QStringList &args, const QString &role = QStringLiteral("coordinator"))
    {
        const QString credentials = role == QLatin1String("admin")   ? m_users.admin
                                    : role == QLatin1String("nurse") ? m_users.nurse
                                                                     : m_users.byRole.value(role);
        QProcess process;
        process.start(kCli, site() + QStringList{QStringLiteral("--credential-file"), credentials} +
                                args);
        process.waitForFinished(120000);
        return {process.exitCode(), process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

private slots:
    void initTestCase()
    {
        // Under the build tree: the imported files carry synthetic names.
        m_work.emplace(QStringLiteral(CAREDESK_BINARY_DIR "/journeycli-XXXXXX"));
        QVERIFY(m_work->isValid());
        m_users = CareDesk::Testing::CliUsers::make(
            kCli, site(), m_work->filePath(QStringLiteral("secrets")),
            {QStringLiteral("coordinator"), QStringLiteral("supervisor")});
        QVERIFY2(m_users.byRole.size() == 2, qPrintable(m_users.problem));
        const Run imported =
            cli({QStringLiteral("import"), kData + QStringLiteral("journey-scenarios.ndjson"),
                 kData + QStringLiteral("journey-stay.hl7")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const Run registry =
            cli({QStringLiteral("mentor-registry"), kData + QStringLiteral("mentors.json")});
        QVERIFY2(registry.exitCode == 0, registry.err.constData());
        QVERIFY(registry.out.contains("3 mentors added or updated"));
    }

    void journeyJson()
    {
        const Run run =
            cli({QStringLiteral("journey"), QStringLiteral("jp-1"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject journey = run.json();
        QVERIFY(journey.value(QLatin1String("patient")).toString().startsWith(u"MPI-"));
        QCOMPARE(journey.value(QLatin1String("currentStage")).toObject().value(u"id").toString(),
                 QStringLiteral("adherence"));
        QStringList stages;
        for (const QJsonValue &stage : journey.value(QLatin1String("stages")).toArray())
            stages.append(stage.toObject().value(QLatin1String("id")).toString());
        QCOMPARE(stages.join(u' '),
                 QStringLiteral("intake benefits prior-auth therapy-start adherence"));
        const QJsonArray clocks = journey.value(QLatin1String("clocks")).toArray();
        QCOMPARE(clocks.size(), 3);
        QCOMPARE(clocks.at(1).toObject().value(u"status").toString(), QStringLiteral("denied"));
        QCOMPARE(clocks.at(1).toObject().value(u"denialReasons").toArray().first().toString(),
                 QStringLiteral("Step therapy with methotrexate not documented"));
        QCOMPARE(clocks.at(2).toObject().value(u"resubmissionOf").toString(),
                 QStringLiteral("Claim/jpa-1"));
        QCOMPARE(clocks.at(2).toObject().value(u"dueAt").toString(),
                 QStringLiteral("2026-06-11T10:00:00Z"));
        const QStringList found = kinds(journey.value(QLatin1String("exceptions")).toArray());
        QVERIFY(found.contains(QStringLiteral("refill-overdue")));
        QVERIFY(found.contains(QStringLiteral("low-adherence")));

        const Run text = cli({QStringLiteral("journey"), QStringLiteral("Patient/jp-2")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("Prior authorization since"));
        QVERIFY(text.out.contains("clock\tprior-authorization\texpired"));
    }

    void adherenceJson()
    {
        const Run run =
            cli({QStringLiteral("adherence"), QStringLiteral("jp-1"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject medication =
            run.json().value(QLatin1String("medications")).toArray().first().toObject();
        QCOMPARE(medication.value(u"fills").toInt(), 3);
        QCOMPARE(medication.value(u"supplyEndsOn").toString(), QStringLiteral("2026-09-11"));
        QCOMPARE(medication.value(u"refillOverdue").toBool(), true);
        const QJsonArray windows = medication.value(u"windows").toArray();
        QCOMPARE(windows.size(), 4);
        QCOMPARE(windows.at(0).toObject().value(u"days").toInt(), 30);
        QCOMPARE(windows.at(0).toObject().value(u"pdc").toDouble(), 1.0);
        // 90 days from 15 Jun: 84 days of supply; 5 hospital days out of the denominator.
        QCOMPARE(windows.at(1).toObject().value(u"eligibleDays").toInt(), 85);
        QCOMPARE(windows.at(1).toObject().value(u"coveredDays").toInt(), 84);
        QCOMPARE(
            medication.value(u"hospitalDays").toArray().first().toObject().value(u"days").toInt(),
            5);
        // Supply ran out after 11 Sep and never came back: persistent at 30 days (14 Jul),
        // not at 90 (12 Sep, the first day without supply of a gap now longer than 60 days).
        QCOMPARE(
            medication.value(u"persistence").toArray().at(0).toObject().value(u"state").toString(),
            QStringLiteral("persistent"));
        QCOMPARE(
            medication.value(u"persistence").toArray().at(1).toObject().value(u"state").toString(),
            QStringLiteral("discontinued"));
    }

    void mentorsJson()
    {
        const Run run =
            cli({QStringLiteral("mentors"), QStringLiteral("jp-1"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonArray proposals = run.json().value(QLatin1String("proposals")).toArray();
        QCOMPARE(proposals.size(), 3);
        const QJsonObject best = proposals.first().toObject();
        QCOMPARE(best.value(u"mentor").toString(), QStringLiteral("m-ana"));
        QCOMPARE(best.value(u"rank").toInt(), 1);
        QCOMPARE(best.value(u"score").toInt(), 100);
        QCOMPARE(best.value(u"reasons").toArray().size(), 6);
        QCOMPARE(best.value(u"reasons").toArray().first().toObject().value(u"text").toString(),
                 QStringLiteral("Same therapy: adalimumab"));
    }

    void scanRaisesIntoTheQueueOnce()
    {
        const Run scan = cli({QStringLiteral("journey-scan")});
        QVERIFY2(scan.exitCode == 0, scan.err.constData());
        QVERIFY(scan.out.contains("journeys checked: 3"));
        const Run queue = cli({QStringLiteral("queue"), QStringLiteral("--json")});
        QCOMPARE(queue.exitCode, 0);
        const QJsonArray items = QJsonDocument::fromJson(queue.out).array();
        QVERIFY(items.size() >= 5);
        for (const QJsonValue &item : items)
            QCOMPARE(item.toObject().value(u"source").toString(), QStringLiteral("journey"));
        const Run again = cli({QStringLiteral("journey-scan")});
        QVERIFY(again.out.contains("exceptions raised to the queue: 0"));
        const Run audit =
            cli({QStringLiteral("audit"), QStringLiteral("verify")}, QStringLiteral("admin"));
        QVERIFY2(audit.exitCode == 0, audit.err.constData());
    }

    void refusalsAndBadInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("role");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        const QString coordinator = QStringLiteral("coordinator");
        QTest::newRow("unknown patient")
            << words("journey nobody") << coordinator << 2 << QByteArray("No patient \"nobody\"");
        QTest::newRow("missing patient")
            << words("adherence") << coordinator << 2 << QByteArray("usage: adherence PATIENT");
        QTest::newRow("move the journey does not allow")
            << words("journey-move jp-1 intake") << coordinator << 4
            << QByteArray("no path from \"adherence\" to \"intake\"");
        QTest::newRow("introduction number not a number")
            << words("mentor-introduce abc") << coordinator << 2
            << QByteArray("\"abc\" is not an introduction number");
        QTest::newRow("consent answer") << words("mentor-consent 1 patient maybe") << coordinator
                                        << 2 << QByteArray("usage: mentor-consent");
        QTest::newRow("program without a verb")
            << words("program") << coordinator << 2 << QByteArray("usage: program show");
        // Roles without the permission: refused before anything is read, exit 7.
        QTest::newRow("a nurse does not move journeys")
            << words("journey-move jp-1 closed") << QStringLiteral("nurse") << 7
            << QByteArray("journey.manage");
        QTest::newRow("a nurse does not propose mentors")
            << words("mentor-propose jp-1 m-ana") << QStringLiteral("nurse") << 7
            << QByteArray("mentor.manage");
        QTest::newRow("a coordinator does not change the program")
            << QStringList{QStringLiteral("program"), QStringLiteral("set"),
                           kData + QStringLiteral("mentors.json")}
            << coordinator << 7 << QByteArray("journey.define");
        QTest::newRow("the administrator does not read journeys")
            << words("journey jp-1") << QStringLiteral("admin") << 7 << QByteArray("patient.read");
    }

    void refusalsAndBadInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, role);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const Run run = cli(args, role);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message), run.err.constData());
    }

    void introductionFromTheCommandLine()
    {
        const Run proposed = cli(
            {QStringLiteral("mentor-propose"), QStringLiteral("jp-3"), QStringLiteral("m-cruz")});
        QVERIFY2(proposed.exitCode == 0, proposed.err.constData());
        const QByteArray id = proposed.out.split(' ').value(1);
        QCOMPARE(cli({QStringLiteral("mentor-introduce"), QString::fromLatin1(id)}).exitCode, 4);
        for (const char *party : {"patient", "mentor"})
            QCOMPARE(cli({QStringLiteral("mentor-consent"), QString::fromLatin1(id),
                          QString::fromLatin1(party), QStringLiteral("yes")})
                         .exitCode,
                     0);
        QCOMPARE(cli({QStringLiteral("mentor-introduce"), QString::fromLatin1(id)}).exitCode, 0);
        QCOMPARE(
            cli({QStringLiteral("mentor-outcome"), QString::fromLatin1(id), QStringLiteral("met")})
                .exitCode,
            0);
        const QJsonArray introductions =
            cli({QStringLiteral("mentors"), QStringLiteral("jp-3"), QStringLiteral("--json")})
                .json()
                .value(QLatin1String("introductions"))
                .toArray();
        QCOMPARE(introductions.first().toObject().value(u"outcome").toString(),
                 QStringLiteral("met"));
    }

    void programShowAndSet()
    {
        const Run shown = cli({QStringLiteral("program"), QStringLiteral("show")});
        QCOMPARE(shown.exitCode, 0);
        QJsonObject definition = QJsonDocument::fromJson(shown.out).object();
        QCOMPARE(definition.value(u"version").toInt(), 1);
        definition.insert(QStringLiteral("version"), 2);
        const QString path = m_work->filePath(QStringLiteral("program-v2.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(definition).toJson());
        file.close();
        const QString supervisor = QStringLiteral("supervisor");
        const Run set = cli({QStringLiteral("program"), QStringLiteral("set"), path}, supervisor);
        QVERIFY2(set.exitCode == 0, set.err.constData());
        QCOMPARE(cli({QStringLiteral("program"), QStringLiteral("set"), path}, supervisor).exitCode,
                 4);
        definition.insert(QStringLiteral("version"), 3);
        definition.insert(QStringLiteral("transitions"), QJsonArray());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(definition).toJson());
        file.close();
        const Run broken =
            cli({QStringLiteral("program"), QStringLiteral("set"), path}, supervisor);
        QCOMPARE(broken.exitCode, 2);
        QVERIFY(broken.err.contains("is a dead end"));
    }
};

QTEST_GUILESS_MAIN(TestJourneyCli)
#include "tst_journeycli.moc"
