// SPDX-License-Identifier: GPL-3.0-or-later
// The commands that came with FHIR sync, consent, journeys and the HL7 feed sign in like every
// other caredesk-cli command and go through the one access check: without a credential file
// (and no terminal) they stop with exit 7 before touching anything; a role the policy does not
// allow is refused with exit 7 and an access-denied entry naming the permission; a role it
// allows gets past the check. The rows follow docs/security.md's table.
#include "CliUsers.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

namespace {

const QString kCli = QStringLiteral(CAREDESK_BINARY_DIR "/bin/caredesk-cli");
const QString kJourneys = QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/");

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCliAccess : public QObject
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

    // user: "admin", "nurse", a role made in initTestCase, or empty for nobody signed in.
    Run cli(const QString &user, const QStringList &args) const
    {
        QStringList signIn;
        if (!user.isEmpty()) {
            const QString credentials = user == QLatin1String("admin") ? m_users.admin
                                        : user == QLatin1String("nurse")
                                            ? m_users.nurse
                                            : m_users.byRole.value(user);
            signIn = {QStringLiteral("--credential-file"), credentials};
        }
        QProcess process;
        process.start(kCli, site() + signIn + args);
        process.closeWriteChannel();
        process.waitForFinished(120000);
        return {process.exitCode(), process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

private slots:
    void initTestCase()
    {
        // Under the build tree: the imported files carry synthetic names.
        m_work.emplace(QStringLiteral(CAREDESK_BINARY_DIR "/cliaccess-XXXXXX"));
        QVERIFY(m_work->isValid());
        m_users = CareDesk::Testing::CliUsers::make(
            kCli, site(), m_work->filePath(QStringLiteral("secrets")),
            {QStringLiteral("coordinator"), QStringLiteral("supervisor"),
             QStringLiteral("auditor")});
        QVERIFY2(m_users.problem.isEmpty(), qPrintable(m_users.problem));
        QCOMPARE(m_users.byRole.size(), 3);
        const Run imported =
            cli(QStringLiteral("nurse"),
                {QStringLiteral("import"), kJourneys + QStringLiteral("journey-scenarios.ndjson")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
    }

    void signsInAndIsChecked_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("deniedPermission"); // the access-denied entry's permission

        const QString patient = QStringLiteral("Patient/jp-1");
        // Nothing listens there; a refused sync never gets as far as trying.
        const QStringList sync{QStringLiteral("sync"), QStringLiteral("--fhir-base"),
                               QStringLiteral("https://127.0.0.1:9/fhir")};
        const QStringList serve{QStringLiteral("serve"), QStringLiteral("--mllp-port"),
                                QStringLiteral("0"), QStringLiteral("--mllp-bind"),
                                QStringLiteral("127.0.0.1")};
        const QStringList history{QStringLiteral("consent"), QStringLiteral("history"), patient};
        const QStringList check{
            QStringLiteral("consent"),   QStringLiteral("check"), patient,
            QStringLiteral("--channel"), QStringLiteral("sms"),   QStringLiteral("--purpose"),
            QStringLiteral("treatment")};
        const QStringList record{
            QStringLiteral("consent"),  QStringLiteral("record"),    patient,
            QStringLiteral("--kind"),   QStringLiteral("granted"),   QStringLiteral("--channel"),
            QStringLiteral("sms"),      QStringLiteral("--purpose"), QStringLiteral("treatment"),
            QStringLiteral("--source"), QStringLiteral("phone")};
        const QStringList deadLetters{QStringLiteral("hl7"), QStringLiteral("dead-letters")};
        const QStringList journey{QStringLiteral("journey"), patient};
        const QStringList scan{QStringLiteral("journey-scan")};
        const QStringList move{QStringLiteral("journey-move"), patient, QStringLiteral("closed")};
        const QStringList mentors{QStringLiteral("mentors"), patient};
        const QStringList registry{QStringLiteral("mentor-registry"),
                                   kJourneys + QStringLiteral("mentors.json")};

        auto row = [](const char *name, const QString &user, const QStringList &args, int code,
                      const QString &denied = QString()) {
            QTest::newRow(name) << user << args << code << denied;
        };
        row("sync, nobody signed in", QString(), sync, 7);
        row("sync as coordinator", QStringLiteral("coordinator"), sync, 7,
            QStringLiteral("sync.run"));
        row("serve, nobody signed in", QString(), serve, 7);
        row("serve as nurse", QStringLiteral("nurse"), serve, 7, QStringLiteral("automation.run"));
        row("serve as supervisor", QStringLiteral("supervisor"), serve, 7,
            QStringLiteral("automation.run"));
        row("consent history, nobody signed in", QString(), history, 7);
        row("consent history as auditor", QStringLiteral("auditor"), history, 7,
            QStringLiteral("patient.read"));
        row("consent history as nurse", QStringLiteral("nurse"), history, 0);
        row("consent check as administrator", QStringLiteral("admin"), check, 7,
            QStringLiteral("patient.read"));
        row("consent check as coordinator", QStringLiteral("coordinator"), check, 0);
        row("consent record as auditor", QStringLiteral("auditor"), record, 7,
            QStringLiteral("consent.record"));
        row("consent record as coordinator", QStringLiteral("coordinator"), record, 0);
        row("hl7 dead-letters, nobody signed in", QString(), deadLetters, 7);
        row("hl7 dead-letters as nurse", QStringLiteral("nurse"), deadLetters, 7,
            QStringLiteral("hl7.read"));
        row("hl7 dead-letters as supervisor", QStringLiteral("supervisor"), deadLetters, 0);
        row("journey, nobody signed in", QString(), journey, 7);
        row("journey as auditor", QStringLiteral("auditor"), journey, 7,
            QStringLiteral("patient.read"));
        row("journey as coordinator", QStringLiteral("coordinator"), journey, 0);
        row("journey-scan as auditor", QStringLiteral("auditor"), scan, 7,
            QStringLiteral("journey.scan"));
        row("journey-scan as nurse", QStringLiteral("nurse"), scan, 0);
        row("journey-move as nurse", QStringLiteral("nurse"), move, 7,
            QStringLiteral("journey.manage"));
        row("mentors as administrator", QStringLiteral("admin"), mentors, 7,
            QStringLiteral("patient.read"));
        row("mentor-registry as auditor", QStringLiteral("auditor"), registry, 7,
            QStringLiteral("data.import"));
        row("mentor-registry as supervisor", QStringLiteral("supervisor"), registry, 0);
    }

    void signsInAndIsChecked()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, deniedPermission);
        const auto denials = [this, &user, &deniedPermission] {
            const Run csv =
                cli(QStringLiteral("supervisor"),
                    {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--format"),
                     QStringLiteral("csv"), QStringLiteral("--user"), user,
                     QStringLiteral("--action"), QStringLiteral("access-denied")});
            return csv.exitCode == 0 ? csv.out.count(QByteArray(QByteArray("permission=") +
                                                                deniedPermission.toUtf8()))
                                     : -1;
        };
        const qsizetype before = deniedPermission.isEmpty() ? 0 : denials();
        QVERIFY(before >= 0);

        const Run run = cli(user, args);
        QVERIFY2(
            run.exitCode == exitCode,
            qPrintable(
                QStringLiteral("exit %1: %2").arg(run.exitCode).arg(QString::fromUtf8(run.err))));
        if (user.isEmpty())
            QVERIFY2(run.err.contains("Sign in first"), run.err.constData());
        if (!deniedPermission.isEmpty()) {
            QVERIFY2(run.err.contains("does not allow this"), run.err.constData());
            QCOMPARE(denials(), before + 1);
        }
    }

    void trailStaysIntact()
    {
        const Run verified =
            cli(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliAccess)
#include "tst_cliaccess.moc"
