// SPDX-License-Identifier: GPL-3.0-or-later
// The journey definition as data: the built-in program parses and is sound; a definition with
// unreachable or dead-end stages, or anything else wrong, is refused with a sentence saying what.
#include "JourneyTestData.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

// A small sound journey: a -> b -> done, with a coordinator path from anywhere to done.
QJsonObject sound()
{
    return QJsonObject{
        {QStringLiteral("format"), QStringLiteral("caredesk-journey")},
        {QStringLiteral("version"), 4},
        {QStringLiteral("program"), QStringLiteral("test")},
        {QStringLiteral("initialStage"), QStringLiteral("a")},
        {QStringLiteral("stages"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("a")}},
                    QJsonObject{{QStringLiteral("id"), QStringLiteral("b")}},
                    QJsonObject{{QStringLiteral("id"), QStringLiteral("done")},
                                {QStringLiteral("terminal"), true}}}},
        {QStringLiteral("transitions"),
         QJsonArray{
             QJsonObject{{QStringLiteral("from"), QStringLiteral("a")},
                         {QStringLiteral("to"), QStringLiteral("b")},
                         {QStringLiteral("on"),
                          QJsonObject{{QStringLiteral("event"), QStringLiteral("task")}}}},
             QJsonObject{{QStringLiteral("from"), QStringLiteral("b")},
                         {QStringLiteral("to"), QStringLiteral("done")},
                         {QStringLiteral("on"),
                          QJsonObject{{QStringLiteral("event"), QStringLiteral("dispense")}}}}}},
    };
}

QJsonObject withStage(QJsonObject root, const QJsonObject &stage)
{
    QJsonArray stages = root.value(QLatin1String("stages")).toArray();
    stages.append(stage);
    root.insert(QStringLiteral("stages"), stages);
    return root;
}

QJsonObject withTransition(QJsonObject root, const QString &from, const QString &to,
                           const QString &event = QStringLiteral("task"))
{
    QJsonArray transitions = root.value(QLatin1String("transitions")).toArray();
    transitions.append(
        QJsonObject{{QStringLiteral("from"), from},
                    {QStringLiteral("to"), to},
                    {QStringLiteral("on"), QJsonObject{{QStringLiteral("event"), event}}}});
    root.insert(QStringLiteral("transitions"), transitions);
    return root;
}

QByteArray bytes(const QJsonObject &root)
{
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace

class TestJourneyDefinition : public QObject
{
    Q_OBJECT

private slots:
    void builtInProgramIsSound()
    {
        QFile file(QStringLiteral(":/journeys/specialty-therapy.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto definition = JourneyDefinition::fromJson(file.readAll());
        QVERIFY2(definition, qPrintable(definition ? QString() : definition.error().message));
        QCOMPARE(definition->version, 1);
        QCOMPARE(definition->initialStage, QStringLiteral("intake"));
        QStringList ids;
        for (const JourneyStage &stage : definition->stages)
            ids.append(stage.id);
        QCOMPARE(ids, words("intake benefits prior-auth therapy-start adherence closed"));
        QCOMPARE(definition->clocks.expeditedHours, 72);
        QCOMPARE(definition->clocks.standardHours, 168);
        QCOMPARE(definition->adherence.windows, (QList<int>{30, 90, 180, 360}));
        QCOMPARE(definition->rule(QStringLiteral("authorization-expired")).tier,
                 TriageTier::Urgent);
        QCOMPARE(definition->rule(QStringLiteral("refill-overdue")).dueHours, 48);
    }

    void soundDefinitionRoundTrips()
    {
        auto first = JourneyDefinition::fromJson(bytes(sound()));
        QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
        auto again = JourneyDefinition::fromJson(first->toJsonBytes());
        QVERIFY(again);
        QCOMPARE(again->toJsonBytes(), first->toJsonBytes());
        const JourneyDefinition builtIn = builtInDefinition();
        auto builtInAgain = JourneyDefinition::fromJson(builtIn.toJsonBytes());
        QVERIFY(builtInAgain);
        QCOMPARE(builtInAgain->toJsonBytes(), builtIn.toJsonBytes());
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // part of the message

        const QJsonObject good = sound();
        QTest::newRow("unreachable stage")
            << bytes(withTransition(
                   withStage(good, QJsonObject{{QStringLiteral("id"), QStringLiteral("island")}}),
                   QStringLiteral("island"), QStringLiteral("done")))
            << QStringLiteral("Stage \"island\" cannot be reached from the initial stage \"a\"");
        QTest::newRow("dead end without a way out")
            << bytes(withTransition(
                   withStage(good, QJsonObject{{QStringLiteral("id"), QStringLiteral("stuck")}}),
                   QStringLiteral("a"), QStringLiteral("stuck")))
            << QStringLiteral("Stage \"stuck\" is a dead end: no transition leaves it");
        QJsonObject loop =
            withStage(withStage(good, QJsonObject{{QStringLiteral("id"), QStringLiteral("x")}}),
                      QJsonObject{{QStringLiteral("id"), QStringLiteral("y")}});
        loop = withTransition(
            withTransition(withTransition(loop, QStringLiteral("a"), QStringLiteral("x")),
                           QStringLiteral("x"), QStringLiteral("y")),
            QStringLiteral("y"), QStringLiteral("x"));
        QTest::newRow("loop that never reaches a terminal stage")
            << bytes(loop)
            << QStringLiteral("Stage \"x\" is a dead end: no terminal stage can be reached");
        QTest::newRow("transition to an unknown stage")
            << bytes(withTransition(good, QStringLiteral("a"), QStringLiteral("nowhere")))
            << QStringLiteral("goes to unknown stage \"nowhere\"");
        QTest::newRow("transition from an unknown stage")
            << bytes(withTransition(good, QStringLiteral("ghost"), QStringLiteral("b")))
            << QStringLiteral("leaves from unknown stage \"ghost\"");
        QTest::newRow("unknown event")
            << bytes(withTransition(good, QStringLiteral("a"), QStringLiteral("done"),
                                    QStringLiteral("telepathy")))
            << QStringLiteral("unknown event \"telepathy\"");
        QJsonObject unknownInitial = good;
        unknownInitial.insert(QStringLiteral("initialStage"), QStringLiteral("zzz"));
        QTest::newRow("initial stage not a stage")
            << bytes(unknownInitial) << QStringLiteral("initial stage \"zzz\" is not one");
        QJsonObject noTerminal = good;
        QJsonArray stages = noTerminal.value(QLatin1String("stages")).toArray();
        stages[2] = QJsonObject{{QStringLiteral("id"), QStringLiteral("done")}};
        noTerminal.insert(QStringLiteral("stages"), stages);
        noTerminal = withTransition(noTerminal, QStringLiteral("done"), QStringLiteral("a"));
        QTest::newRow("no terminal stage") << bytes(noTerminal)
                                           << QStringLiteral("No stage is "
                                                             "terminal");
        QTest::newRow("stage twice")
            << bytes(withStage(good, QJsonObject{{QStringLiteral("id"), QStringLiteral("b")}}))
            << QStringLiteral("Stage \"b\" is defined twice");
        QJsonObject emergent = good;
        emergent.insert(
            QStringLiteral("exceptions"),
            QJsonObject{{QStringLiteral("refill-overdue"),
                         QJsonObject{{QStringLiteral("tier"), QStringLiteral("emergent")}}}});
        QTest::newRow("emergent exception tier")
            << bytes(emergent) << QStringLiteral("the tier must be \"urgent\" or \"routine\"");
        QJsonObject unknownKind = good;
        unknownKind.insert(QStringLiteral("exceptions"),
                           QJsonObject{{QStringLiteral("bad-weather"), QJsonObject{}}});
        QTest::newRow("unknown exception kind")
            << bytes(unknownKind) << QStringLiteral("unknown kind \"bad-weather\"");
        QJsonObject zone = good;
        zone.insert(QStringLiteral("timeZone"), QStringLiteral("Mars/Olympus_Mons"));
        QTest::newRow("unknown time zone")
            << bytes(zone) << QStringLiteral("\"Mars/Olympus_Mons\" is not an IANA time zone");
        QJsonObject noVersion = good;
        noVersion.remove(QStringLiteral("version"));
        QTest::newRow("no version") << bytes(noVersion) << QStringLiteral("needs a \"version\"");
        QJsonObject otherFormat = good;
        otherFormat.insert(QStringLiteral("format"), QStringLiteral("something-else"));
        QTest::newRow("other format") << bytes(otherFormat) << QStringLiteral("\"format\" must be");
        QJsonObject badDays = good;
        QJsonArray badStages = badDays.value(QLatin1String("stages")).toArray();
        badStages[0] = QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                                   {QStringLiteral("expectedDays"), QStringLiteral("three")}};
        badDays.insert(QStringLiteral("stages"), badStages);
        QTest::newRow("days as text")
            << bytes(badDays) << QStringLiteral("stage 1: \"expectedDays\" must be a whole number");
        QTest::newRow("not JSON") << QByteArray("{\"format\": ")
                                  << QStringLiteral("not valid JSON");
        QTest::newRow("a list, not an object")
            << QByteArray("[]") << QStringLiteral("must be a JSON object");
        QTest::newRow("binary garbage")
            << QByteArray("\x00\xff\xfe garbage", 12) << QStringLiteral("not valid JSON");
    }

    void refused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        auto definition = JourneyDefinition::fromJson(json);
        QVERIFY(!definition);
        QCOMPARE(definition.error().code, Error::Code::InvalidInput);
        QVERIFY2(definition.error().message.contains(expected),
                 qPrintable(definition.error().message));
    }

    void nextStagesFollowWildcards()
    {
        const JourneyDefinition definition = builtInDefinition();
        QVERIFY(
            definition.nextStages(QStringLiteral("adherence")).contains(QStringLiteral("closed")));
        QVERIFY(definition.nextStages(QStringLiteral("closed")).isEmpty());
        QCOMPARE(definition.nextStages(QStringLiteral("intake")),
                 words("benefits prior-auth adherence closed"));
    }
};

QTEST_GUILESS_MAIN(TestJourneyDefinition)
#include "tst_journeydefinition.moc"
