// SPDX-License-Identifier: GPL-3.0-or-later
// The stage machine over the built-in program: which events move a patient where, coordinator
// moves, stalled stages and the follow-up steps with their due dates.
#include "JourneyTestData.h"

#include "services/journey/JourneyEngine.h"

#include <QTest>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

JourneyEvent action(const QDateTime &when, const QString &target, const QString &step = {})
{
    JourneyEvent e =
        fact(QStringLiteral("action"), when, QStringLiteral("done"), {QStringLiteral("move")});
    e.targetStage = target;
    e.step = step;
    return e;
}

QString path(const JourneyState &state)
{
    QStringList stages;
    for (const StageVisit &visit : state.visits)
        stages.append(visit.stageId);
    return stages.join(QStringLiteral(" > "));
}

} // namespace

class TestJourneyEngine : public QObject
{
    Q_OBJECT

private:
    JourneyDefinition m_definition;

private slots:
    void initTestCase()
    {
        m_definition = builtInDefinition();
        QVERIFY(!m_definition.stages.isEmpty());
    }

    void stages_data()
    {
        QTest::addColumn<QList<JourneyEvent>>("events");
        QTest::addColumn<QString>("expectedPath");

        const QString task = QStringLiteral("task");
        const QStringList benefitsCode{QStringLiteral("benefits-verification")};
        QTest::newRow("referral to first fill")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"),
                                        {QStringLiteral("intake")}),
                                   fact(task, day(1), QStringLiteral("in-progress"), benefitsCode),
                                   fact(QStringLiteral("eligibility"), day(2),
                                        QStringLiteral("eligible")),
                                   fact(QStringLiteral("preauth-request"), day(3),
                                        QStringLiteral("submitted")),
                                   fact(QStringLiteral("preauth"), day(5),
                                        QStringLiteral("approved")),
                                   fact(QStringLiteral("dispense"), day(9),
                                        QStringLiteral("completed"))}
            << QStringLiteral("intake > benefits > prior-auth > therapy-start > adherence");
        QTest::newRow("denial keeps the patient in prior authorization")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   fact(QStringLiteral("preauth-request"), day(1),
                                        QStringLiteral("submitted")),
                                   fact(QStringLiteral("preauth"), day(4),
                                        QStringLiteral("denied"))}
            << QStringLiteral("intake > benefits > prior-auth");
        QTest::newRow("resubmission approved after a denial")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   fact(QStringLiteral("preauth-request"), day(1),
                                        QStringLiteral("submitted")),
                                   fact(QStringLiteral("preauth"), day(4),
                                        QStringLiteral("denied")),
                                   fact(QStringLiteral("preauth-request"), day(6),
                                        QStringLiteral("submitted")),
                                   fact(QStringLiteral("preauth"), day(8),
                                        QStringLiteral("approved"))}
            << QStringLiteral("intake > benefits > prior-auth > therapy-start");
        QTest::newRow("ineligible does not move on")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   fact(QStringLiteral("eligibility"), day(2),
                                        QStringLiteral("ineligible"))}
            << QStringLiteral("intake > benefits");
        QTest::newRow("first fill without prior authorization")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   fact(QStringLiteral("dispense"), day(3),
                                        QStringLiteral("completed"))}
            << QStringLiteral("intake > benefits > adherence");
        QTest::newRow("a cancelled dispense is not a first fill")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   fact(QStringLiteral("dispense"), day(3),
                                        QStringLiteral("cancelled"))}
            << QStringLiteral("intake > benefits");
        QTest::newRow("events given out of order are replayed in time order")
            << QList<JourneyEvent>{fact(QStringLiteral("preauth"), day(5),
                                        QStringLiteral("approved")),
                                   fact(QStringLiteral("eligibility"), day(2),
                                        QStringLiteral("eligible")),
                                   fact(task, day(0), QStringLiteral("requested"), benefitsCode)}
            << QStringLiteral("intake > benefits > prior-auth > therapy-start");
        QTest::newRow("undated events are left out")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   fact(QStringLiteral("eligibility"), QDateTime(),
                                        QStringLiteral("eligible"))}
            << QStringLiteral("intake > benefits");
        QTest::newRow("coordinator closes from anywhere")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   action(day(1), QStringLiteral("closed"))}
            << QStringLiteral("intake > benefits > closed");
        QTest::newRow("coordinator move the journey does not allow is ignored")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   action(day(1), QStringLiteral("therapy-start")),
                                   action(day(2), QStringLiteral("intake"))}
            << QStringLiteral("intake > benefits > therapy-start");
        QTest::newRow("closure task ends the journey; later events change nothing")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   fact(task, day(3), QStringLiteral("completed"),
                                        {QStringLiteral("program-closure")}),
                                   fact(QStringLiteral("dispense"), day(4),
                                        QStringLiteral("completed"))}
            << QStringLiteral("intake > benefits > closed");
        QTest::newRow("a task with the wrong status does not close")
            << QList<JourneyEvent>{fact(task, day(0), QStringLiteral("requested"), benefitsCode),
                                   fact(task, day(3), QStringLiteral("requested"),
                                        {QStringLiteral("program-closure")})}
            << QStringLiteral("intake > benefits");
    }

    void stages()
    {
        QFETCH(QList<JourneyEvent>, events);
        QFETCH(QString, expectedPath);
        const JourneyState state = JourneyEngine(m_definition).run(events, day(10));
        QVERIFY(state.enrolled);
        QCOMPARE(path(state), expectedPath);
        QCOMPARE(state.currentStage, state.visits.last().stageId);
        for (qsizetype i = 1; i < state.visits.size(); ++i)
            QCOMPARE(state.visits.at(i - 1).leftAt, state.visits.at(i).enteredAt);
        QVERIFY(!state.visits.last().leftAt.isValid());
    }

    void noEventsNoJourney()
    {
        const JourneyState state = JourneyEngine(m_definition).run({}, day(0));
        QVERIFY(!state.enrolled);
        QVERIFY(state.visits.isEmpty());
    }

    void ignoredMoveIsReported()
    {
        const JourneyState state = JourneyEngine(m_definition)
                                       .run({fact(QStringLiteral("task"), day(0)),
                                             action(day(1), QStringLiteral("therapy-start"))},
                                            day(2));
        QCOMPARE(state.currentStage, QStringLiteral("intake"));
        QCOMPARE(state.ignoredActions.size(), 1);
        QVERIFY(state.ignoredActions.first().contains(QStringLiteral("intake -> therapy-start")));
        QVERIFY(JourneyEngine(m_definition)
                    .canMove(QStringLiteral("intake"), QStringLiteral("benefits")));
        QVERIFY(!JourneyEngine(m_definition)
                     .canMove(QStringLiteral("closed"), QStringLiteral("intake")));
    }

    void stalled_data()
    {
        QTest::addColumn<int>("nowDay");
        QTest::addColumn<bool>("stalled");
        // Benefits verification expects 5 days; entered on day 1.
        QTest::newRow("day 4: within the stage's 5 days") << 4 << false;
        QTest::newRow("day 6 at noon: exactly 5 days") << 6 << false;
        QTest::newRow("day 7: past 5 days") << 7 << true;
    }

    void stalled()
    {
        QFETCH(int, nowDay);
        QFETCH(bool, stalled);
        const JourneyState state =
            JourneyEngine(m_definition)
                .run({fact(QStringLiteral("task"), day(0)),
                      fact(QStringLiteral("task"), day(1), QStringLiteral("requested"),
                           {QStringLiteral("benefits-verification")})},
                     day(nowDay));
        QCOMPARE(state.currentStage, QStringLiteral("benefits"));
        QCOMPARE(state.stalled, stalled);
        if (stalled)
            QCOMPARE(state.stalledSince, day(6));
    }

    void terminalStageNeverStalls()
    {
        const JourneyState state = JourneyEngine(m_definition)
                                       .run({fact(QStringLiteral("task"), day(0)),
                                             action(day(1), QStringLiteral("closed"))},
                                            day(900));
        QCOMPARE(state.currentStage, QStringLiteral("closed"));
        QVERIFY(!state.stalled);
    }

    void followUpSteps()
    {
        // First fill on day 0 enters adherence; refills every 28 days until day 84, then none.
        QList<JourneyEvent> events{fact(QStringLiteral("dispense"), day(0),
                                        QStringLiteral("completed"), {}, QStringLiteral("d0"))};
        for (int n = 1; n <= 3; ++n)
            events.append(fact(QStringLiteral("dispense"), day(28 * n), QStringLiteral("completed"),
                               {}, QStringLiteral("d%1").arg(28 * n)));
        const JourneyState state = JourneyEngine(m_definition).run(events, day(200));
        QCOMPARE(state.currentStage, QStringLiteral("adherence"));
        QCOMPARE(state.steps.size(), 4);
        // refill-30: due day 30, counts from day 16: the day-28 refill.
        QCOMPARE(state.steps.at(0).stepId, QStringLiteral("refill-30"));
        QCOMPARE(state.steps.at(0).dueAt, day(30));
        QCOMPARE(state.steps.at(0).doneBy, QStringLiteral("Test/d28"));
        QVERIFY(!state.steps.at(0).overdue);
        // refill-90: due day 90, counts from day 69: the day-84 refill (day 56 is too early).
        QCOMPARE(state.steps.at(1).doneBy, QStringLiteral("Test/d84"));
        // refill-180: no refill since day 84, due day 180, now day 200: overdue.
        QVERIFY(!state.steps.at(2).doneAt.isValid());
        QVERIFY(state.steps.at(2).overdue);
        // refill-360: not due yet.
        QVERIFY(!state.steps.at(3).overdue);
    }

    void coordinatorCompletesAStep()
    {
        const JourneyState state =
            JourneyEngine(m_definition)
                .run({fact(QStringLiteral("dispense"), day(0), QStringLiteral("completed")),
                      action(day(35), QString(), QStringLiteral("refill-30"))},
                     day(40));
        QCOMPARE(state.steps.at(0).doneAt, day(35));
        QVERIFY(!state.steps.at(0).overdue);
        QVERIFY(state.ignoredActions.isEmpty());
    }

    void stepsOfALeftStageAreNotOverdueAfterwards()
    {
        const JourneyState state =
            JourneyEngine(m_definition)
                .run({fact(QStringLiteral("dispense"), day(0), QStringLiteral("completed")),
                      action(day(10), QStringLiteral("closed"))},
                     day(400));
        QCOMPARE(state.currentStage, QStringLiteral("closed"));
        for (const StepState &step : state.steps)
            QVERIFY2(!step.overdue, qPrintable(step.stepId));
    }

    void minCountWaitsForTheNthEvent()
    {
        JourneyDefinition definition = builtInDefinition();
        // Adherence only from the second fill on.
        for (JourneyTransition &transition : definition.transitions) {
            if (transition.to == QLatin1String("adherence"))
                transition.on.minCount = 2;
        }
        QVERIFY(definition.problems().isEmpty());
        const JourneyEngine engine(definition);
        const QList<JourneyEvent> one{
            fact(QStringLiteral("dispense"), day(0), QStringLiteral("completed"))};
        QCOMPARE(engine.run(one, day(1)).currentStage, QStringLiteral("intake"));
        const QList<JourneyEvent> two =
            one + QList<JourneyEvent>{
                      fact(QStringLiteral("dispense"), day(20), QStringLiteral("completed"))};
        QCOMPARE(engine.run(two, day(21)).currentStage, QStringLiteral("adherence"));
    }
};

QTEST_GUILESS_MAIN(TestJourneyEngine)
#include "tst_journeyengine.moc"
