// SPDX-License-Identifier: GPL-3.0-or-later
// The mentor registry and introductions over a real cache: a bad registry file changes nothing;
// an introduction needs both consents, respects capacity, is audited without names, and its
// outcome shows on the patient's timeline.
#include "JourneyFixture.h"

#include <QStandardPaths>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

QByteArray registryFile()
{
    QFile file(QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/mentors.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const MentorProposal *find(const QList<MentorProposal> &proposals, const char *id)
{
    for (const MentorProposal &proposal : proposals) {
        if (proposal.mentor.mentorId == QLatin1String(id))
            return &proposal;
    }
    return nullptr;
}

} // namespace

class TestMentorService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void badRegistryChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QByteArray badZone = registryFile();
        badZone.replace("Europe/Madrid", "Europe/Atlantis");
        QTest::newRow("unknown time zone in the third mentor")
            << badZone
            << QStringLiteral("Mentor 3 (m-cruz) has a \"timeZone\" that is not an "
                              "IANA zone (\"Europe/Atlantis\").");
        QByteArray noLanguage = registryFile();
        noLanguage.replace("\"languages\": [\"en\"]", "\"languages\": []");
        QTest::newRow("no language") << noLanguage
                                     << QStringLiteral("Mentor 2 (m-ben) needs at least one "
                                                       "language.");
        QByteArray badWindow = registryFile();
        badWindow.replace("\"from\": \"10:00\", \"to\": \"12:00\"",
                          "\"from\": \"12:00\", \"to\": \"10:00\"");
        QTest::newRow("window ends before it starts")
            << badWindow << QStringLiteral("Mentor 2 (m-ben) availability 1 needs a day");
        QTest::newRow("not JSON") << QByteArray("{\"mentors\": [")
                                  << QStringLiteral("not valid "
                                                    "JSON");
        QTest::newRow("no mentors") << QByteArray("[]") << QStringLiteral("lists no mentors");
        QTest::newRow("a mentor that is not an object")
            << QByteArray("[42]") << QStringLiteral("Mentor 1 must be an object");
    }

    void badRegistryChangesNothing()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        JourneyFixture f;
        QVERIFY(f.startEmpty());
        auto imported = f.mentors->importRegistry(json, admin());
        QVERIFY(!imported);
        QCOMPARE(imported.error().code, Error::Code::InvalidInput);
        QVERIFY2(imported.error().message.contains(expected), qPrintable(imported.error().message));
        QCOMPARE(f.count(QStringLiteral("mentors")), 0);
    }

    void proposalsIntroductionAndOutcome()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        auto imported = f.mentors->importRegistry(registryFile(), admin());
        QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        QCOMPARE(*imported, 3);
        const QString p1 = f.master(QStringLiteral("jp-1"));

        // Patient 1: adalimumab for rheumatoid arthritis, in adherence follow-ups, Spanish,
        // 46 years old. Ana matches on everything but her two evenings a week (Mon, Wed
        // 18-20 in New York: 4 h, full marks): 100.
        auto match = f.mentors->proposals(f.reader, p1);
        QVERIFY2(match, match ? "" : qPrintable(match.error().message));
        QCOMPARE(match->patient.language, QStringLiteral("es"));
        QCOMPARE(match->patient.ageBand, QStringLiteral("40-49"));
        QCOMPARE(match->patient.stageId, QStringLiteral("adherence"));
        QCOMPARE(match->proposals.first().mentor.mentorId, QStringLiteral("m-ana"));
        QCOMPARE(match->proposals.first().score, 100);
        QCOMPARE(find(match->proposals, "m-cruz")->rank, 2);
        QCOMPARE(find(match->proposals, "m-ben")->rank, 3);

        // Propose Ana (capacity 1): she is then full for everyone else.
        auto intro = f.mentors->propose(p1, QStringLiteral("m-ana"),
                                        coordinator(QStringLiteral("coord.kim")));
        QVERIFY2(intro, intro ? "" : qPrintable(intro.error().message));
        auto twice = f.mentors->propose(p1, QStringLiteral("m-ana"),
                                        coordinator(QStringLiteral("coord.kim")));
        QCOMPARE(twice.error().code, Error::Code::Conflict);
        const QString p3 = f.master(QStringLiteral("jp-3"));
        auto full = f.mentors->propose(p3, QStringLiteral("m-ana"),
                                       coordinator(QStringLiteral("coord.kim")));
        QCOMPARE(full.error().code, Error::Code::Conflict);
        QVERIFY(full.error().message.contains(QStringLiteral("at capacity")));
        QCOMPARE(find(f.mentors->proposals(f.reader, p3)->proposals, "m-ana")->excludedBecause,
                 QStringLiteral("At capacity (1 of 1 introductions in progress)"));
        auto unknown =
            f.mentors->propose(p1, QStringLiteral("m-zed"), coordinator(QStringLiteral("kim")));
        QCOMPARE(unknown.error().code, Error::Code::NotFound);

        // Both must agree before the introduction is made.
        auto early = f.mentors->introduce(*intro, coordinator(QStringLiteral("coord.kim")));
        QCOMPARE(early.error().code, Error::Code::Conflict);
        QVERIFY(early.error().message.contains(QStringLiteral("consent of both")));
        QVERIFY(f.mentors->recordConsent(*intro, QStringLiteral("patient"), true,
                                         coordinator(QStringLiteral("coord.kim"))));
        QCOMPARE(
            f.mentors->introduce(*intro, coordinator(QStringLiteral("coord.kim"))).error().code,
            Error::Code::Conflict);
        QVERIFY(f.mentors->recordConsent(*intro, QStringLiteral("mentor"), true,
                                         coordinator(QStringLiteral("coord.kim"))));
        QVERIFY(f.mentors->introduce(*intro, coordinator(QStringLiteral("coord.kim"))));
        QCOMPARE(f.mentors
                     ->recordConsent(*intro, QStringLiteral("patient"), false,
                                     coordinator(QStringLiteral("coord.kim")))
                     .error()
                     .code,
                 Error::Code::Conflict); // consent is asked before, not after
        QVERIFY(f.mentors->recordOutcome(*intro, QStringLiteral("met"),
                                         coordinator(QStringLiteral("coord.kim"))));
        QCOMPARE(f.mentors
                     ->recordOutcome(*intro, QStringLiteral("declined"),
                                     coordinator(QStringLiteral("coord.kim")))
                     .error()
                     .code,
                 Error::Code::Conflict);

        // The outcome frees Ana's capacity and shows on the patient's timeline.
        QVERIFY(find(f.mentors->proposals(f.reader, p3)->proposals, "m-ana")
                    ->excludedBecause.isEmpty());
        auto journey = f.journeys->journey(f.reader, p1);
        const auto mark = std::find_if(
            journey->timeline.cbegin(), journey->timeline.cend(),
            [](const TimelineEvent &event) { return event.kind == QLatin1String("mentor"); });
        QVERIFY(mark != journey->timeline.cend());
        QCOMPARE(mark->summary, QStringLiteral("Mentor Ana: met"));
        QCOMPARE(mark->resourceType, QStringLiteral("MentorIntroduction"));
        auto record = f.journeys->sourceRecord(mark->resourceType, mark->resourceId,
                                               coordinator(QStringLiteral("kim")));
        QVERIFY(record);
        QVERIFY(record->content.contains(QStringLiteral("Outcome: met.")));

        // Every step audited, with ids and codes only.
        QSqlQuery audit(f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT action, outcome, master_id, detail FROM "
                                          "audit_log WHERE action LIKE 'mentor-%' ORDER BY seq")));
        QStringList trail;
        while (audit.next()) {
            trail.append(QStringLiteral("%1 %2 %3")
                             .arg(audit.value(0).toString(), audit.value(1).toString(),
                                  audit.value(3).toString()));
            QVERIFY(!audit.value(3).toString().contains(QStringLiteral("Ana")));
        }
        QCOMPARE(trail.first(), QStringLiteral("mentor-registry-import success mentors=3"));
        QVERIFY(
            trail.contains(QStringLiteral("mentor-propose success mentor=m-ana;score=100;rank=1")));
        QVERIFY(trail.contains(QStringLiteral("mentor-introduce denied ")));
        QVERIFY(
            trail.contains(QStringLiteral("mentor-consent success party=mentor;consent=given")));
        QVERIFY(trail.contains(QStringLiteral("mentor-outcome success outcome=met")));
        QVERIFY(f.audit->verify().intact);
    }

    void refusalDeclinesAndIsRemembered()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        QVERIFY(f.mentors->importRegistry(registryFile(), admin()));
        const QString p1 = f.master(QStringLiteral("jp-1"));
        auto intro =
            f.mentors->propose(p1, QStringLiteral("m-cruz"), coordinator(QStringLiteral("kim")));
        QVERIFY(intro);
        QVERIFY(f.mentors->recordConsent(*intro, QStringLiteral("mentor"), false,
                                         coordinator(QStringLiteral("kim"))));
        auto introductions = f.mentors->introductions(f.reader, p1);
        QCOMPARE(introductions->first().status, QStringLiteral("closed"));
        QCOMPARE(introductions->first().outcome, QStringLiteral("declined"));
        QVERIFY(find(f.mentors->proposals(f.reader, p1)->proposals, "m-cruz")
                    ->excludedBecause.startsWith(QStringLiteral("Declined on")));
        // Never introduced: they cannot have met.
        auto other =
            f.mentors->propose(p1, QStringLiteral("m-ben"), coordinator(QStringLiteral("kim")));
        QVERIFY(other);
        QCOMPARE(
            f.mentors
                ->recordOutcome(*other, QStringLiteral("met"), coordinator(QStringLiteral("kim")))
                .error()
                .code,
            Error::Code::Conflict);
        QVERIFY(f.mentors->recordOutcome(*other, QStringLiteral("no-response"),
                                         coordinator(QStringLiteral("kim"))));
        QCOMPARE(
            f.mentors
                ->recordOutcome(*other, QStringLiteral("maybe"), coordinator(QStringLiteral("kim")))
                .error()
                .code,
            Error::Code::InvalidInput);
    }

    void withdrawnConsentStopsAnIntroduction()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        QVERIFY(f.mentors->importRegistry(registryFile(), admin()));
        const QString p1 = f.master(QStringLiteral("jp-1"));
        auto intro =
            f.mentors->propose(p1, QStringLiteral("m-ben"), coordinator(QStringLiteral("kim")));
        QVERIFY(intro);
        QVERIFY(f.mentors->recordConsent(*intro, QStringLiteral("patient"), true,
                                         coordinator(QStringLiteral("kim"))));
        QVERIFY(f.mentors->recordConsent(*intro, QStringLiteral("mentor"), true,
                                         coordinator(QStringLiteral("kim"))));
        // Ben withdraws from the program before the introduction is made.
        QByteArray withdrawn = registryFile();
        withdrawn.replace("\"consentAt\": \"2026-04-01T12:00:00Z\"",
                          "\"consentAt\": \"2026-04-01T12:00:00Z\", \"consentWithdrawnAt\": "
                          "\"2026-12-02T12:00:00Z\"");
        QVERIFY(f.mentors->importRegistry(withdrawn, admin()));
        auto refused = f.mentors->introduce(*intro, coordinator(QStringLiteral("kim")));
        QCOMPARE(refused.error().code, Error::Code::Conflict);
        QVERIFY(refused.error().message.contains(QStringLiteral("no longer mentors")));
    }
};

QTEST_GUILESS_MAIN(TestMentorService)
#include "tst_mentorservice.moc"
