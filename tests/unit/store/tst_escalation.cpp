// SPDX-License-Identifier: GPL-3.0-or-later
// The escalation ladder (issue 6, item 6) over a real cache, driven by a test clock: an emergent
// item nobody acknowledges goes to the charge nurse at its deadline, then to the supervisor;
// each step once, audited, and told to every workstation through the queue events.
#include "TestCache.h"

#include "app/Settings.h"
#include "services/triage/AlertFeed.h"
#include "services/triage/EscalationService.h"
#include "services/triage/QueueEvents.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

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

class TestEscalation : public QObject
{
    Q_OBJECT

private:
    static qint64 send(TriageFixture &f, const QString &id, const QString &patient,
                       const QString &text)
    {
        auto summary =
            f.importer->importBytes(communication(id, patient, text),
                                    id + QStringLiteral(".ndjson"), Importer::Format::FhirNdjson);
        if (!summary)
            return -1;
        auto items = f.triage->openItems(nurse());
        for (const TriageItem &item : items.value_or(QList<TriageItem>{})) {
            if (item.communicationId == id)
                return item.id;
        }
        return 0;
    }

    static QStringList escalations(TriageFixture &f)
    {
        QSqlQuery audit(f.cache->connection());
        audit.exec(QStringLiteral("SELECT object, detail FROM audit_log WHERE action = "
                                  "'escalate' ORDER BY seq"));
        QStringList steps;
        while (audit.next())
            steps.append(audit.value(0).toString() + u' ' +
                         audit.value(1).toString().section(u';', 0, 1));
        return steps;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // The default ladder: charge nurse at the deadline, supervisor five minutes later, no more.
    void unacknowledgedEmergentClimbsTheLadder()
    {
        TriageFixture f;
        QVERIFY(f.start());
        const qint64 id = send(f, QStringLiteral("a"), QStringLiteral("p-1"),
                               QStringLiteral("crushing chest pain"));
        QVERIFY(id > 0);
        EscalationService ladder(
            f.cache, *f.audit, *f.access, f.clock, EscalationSettings{},
            Principal{QStringLiteral("escalation-ladder"), QStringLiteral("automation")});
        QSignalSpy spy(&ladder, &EscalationService::escalated);

        f.clock.advanceSecs(5 * 60 - 1);
        QCOMPARE(*ladder.checkNow(), 0);
        f.clock.advanceSecs(1);
        QCOMPARE(*ladder.checkNow(), 1);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().at(1).toInt(), 1);
        QCOMPARE(spy.first().at(2).toString(), QStringLiteral("charge nurse"));
        auto item = f.triage->item(id, nurse());
        QCOMPARE(item->escalationLevel, 1);
        QCOMPARE(item->escalatedTo, QStringLiteral("charge nurse"));
        QCOMPARE(item->escalatedAt, f.clock.now());
        QCOMPARE(*ladder.checkNow(), 0); // the same step is never taken twice

        f.clock.advanceSecs(5 * 60);
        QCOMPARE(*ladder.checkNow(), 1);
        QCOMPARE(f.triage->item(id, nurse())->escalatedTo, QStringLiteral("supervisor"));
        f.clock.advanceSecs(60 * 60);
        QCOMPARE(*ladder.checkNow(), 0);
        QCOMPARE(escalations(f),
                 (QStringList{QStringLiteral("triage-item/%1 level=1;role=charge nurse").arg(id),
                              QStringLiteral("triage-item/%1 level=2;role=supervisor").arg(id)}));
        QVERIFY(f.audit->verify().intact);
        QCOMPARE(*f.triage->verifyAgainstAudit(), QString());
    }

    // Acknowledged in time: nothing escalates. An urgent item has no ladder.
    void acknowledgedOrUrgentItemsDoNotEscalate()
    {
        TriageFixture f;
        QVERIFY(f.start());
        const qint64 emergent =
            send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("I can't breathe"));
        QVERIFY(send(f, QStringLiteral("b"), QStringLiteral("p-2"), QStringLiteral("I fainted")) >
                0);
        EscalationService ladder(
            f.cache, *f.audit, *f.access, f.clock, EscalationSettings{},
            Principal{QStringLiteral("escalation-ladder"), QStringLiteral("automation")});
        f.clock.advanceSecs(4 * 60);
        QVERIFY(f.triage->claim(emergent, nurse(QStringLiteral("nurse.ana"))));
        f.clock.advanceSecs(60 * 60);
        QCOMPARE(*ladder.checkNow(), 0);
        QVERIFY(escalations(f).isEmpty());
    }

    // After a pause (no workstation ran), every step whose time came is taken and recorded.
    void severalStepsAfterAPause()
    {
        TriageFixture f;
        QVERIFY(f.start());
        const qint64 id = send(f, QStringLiteral("a"), QStringLiteral("p-1"),
                               QStringLiteral("he is having a seizure"));
        EscalationSettings three;
        three.levels = {{QStringLiteral("charge nurse"), 0},
                        {QStringLiteral("supervisor"), 2},
                        {QStringLiteral("medical director"), 4}};
        EscalationService ladder(
            f.cache, *f.audit, *f.access, f.clock, three,
            Principal{QStringLiteral("escalation-ladder"), QStringLiteral("automation")});
        f.clock.advanceSecs(5 * 60 + 3 * 60);
        QCOMPARE(*ladder.checkNow(), 2);
        QCOMPARE(f.triage->item(id, nurse())->escalationLevel, 2);
        f.clock.advanceSecs(60);
        QCOMPARE(*ladder.checkNow(), 1);
        QCOMPARE(f.triage->item(id, nurse())->escalatedTo, QStringLiteral("medical director"));
        QCOMPARE(escalations(f).size(), 3);
    }

    // Two workstations running the ladder on one cache take each step once.
    void twoLaddersTakeEachStepOnce()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("chest pain")) >
                0);
        EscalationService first(
            f.cache, *f.audit, *f.access, f.clock, EscalationSettings{},
            Principal{QStringLiteral("ladder-1"), QStringLiteral("automation")});
        EscalationService second(
            f.cache, *f.audit, *f.access, f.clock, EscalationSettings{},
            Principal{QStringLiteral("ladder-2"), QStringLiteral("automation")});
        f.clock.advanceSecs(11 * 60);
        const int taken = *first.checkNow() + *second.checkNow();
        QCOMPARE(taken, 2);
        QCOMPARE(escalations(f).size(), 2);
    }

    // Released back to the queue, the item owes a new acknowledgement and climbs again.
    void releasedItemStartsTheLadderAgain()
    {
        TriageFixture f;
        QVERIFY(f.start());
        const qint64 id =
            send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("chest pain"));
        EscalationService ladder(
            f.cache, *f.audit, *f.access, f.clock, EscalationSettings{},
            Principal{QStringLiteral("escalation-ladder"), QStringLiteral("automation")});
        f.clock.advanceSecs(5 * 60);
        QCOMPARE(*ladder.checkNow(), 1);
        QVERIFY(f.triage->claim(id, nurse(QStringLiteral("nurse.ana"))));
        QVERIFY(f.triage->release(id, nurse(QStringLiteral("nurse.ana"))));
        QCOMPARE(f.triage->item(id, nurse())->escalationLevel, 0);
        f.clock.advanceSecs(4 * 60);
        QCOMPARE(*ladder.checkNow(), 0);
        f.clock.advanceSecs(60);
        QCOMPARE(*ladder.checkNow(), 1);
        QCOMPARE(escalations(f).size(), 2);
    }

    // The service's own timer drives it; the test moves the injected clock.
    void timerDrivesTheLadder()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("chest pain")) >
                0);
        EscalationService ladder(
            f.cache, *f.audit, *f.access, f.clock, EscalationSettings{},
            Principal{QStringLiteral("escalation-ladder"), QStringLiteral("automation")});
        QSignalSpy spy(&ladder, &EscalationService::escalated);
        ladder.start(20);
        QTest::qWait(100);
        QCOMPARE(spy.size(), 0);
        f.clock.advanceSecs(5 * 60);
        QTRY_COMPARE(spy.size(), 1);
        f.clock.advanceSecs(5 * 60);
        QTRY_COMPARE(spy.size(), 2);
        ladder.stop();
    }

    // Every workstation hears of it: the feed turns the queue events into alerts, and tells
    // which item needs no one's attention any more.
    void alertFeedTellsEveryWorkstation()
    {
        TriageFixture f;
        QVERIFY(f.start());
        const qint64 waiting =
            send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("chest pain"));
        AlertFeed feed(f.cache, *f.access, f.clock, AlertSettings{});
        QSignalSpy alerts(&feed, &AlertFeed::alert);
        QSignalSpy changed(&feed, &AlertFeed::queueChanged);
        QSignalSpy acknowledged(&feed, &AlertFeed::acknowledged);
        QVERIFY(feed.pollNow());
        QCOMPARE(alerts.size(), 1); // at start: the emergency nobody has acknowledged
        auto outstanding = alerts.takeFirst().first().value<QueueAlert>();
        QCOMPARE(outstanding.reason, QueueAlert::Reason::Outstanding);
        QCOMPARE(outstanding.itemId, waiting);

        EscalationService ladder(
            f.cache, *f.audit, *f.access, f.clock, EscalationSettings{},
            Principal{QStringLiteral("escalation-ladder"), QStringLiteral("automation")});
        f.clock.advanceSecs(5 * 60);
        QCOMPARE(*ladder.checkNow(), 1);
        QVERIFY(feed.pollNow());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(alerts.size(), 1);
        const auto escalated = alerts.takeFirst().first().value<QueueAlert>();
        QCOMPARE(escalated.reason, QueueAlert::Reason::Escalated);
        QCOMPARE(escalated.role, QStringLiteral("charge nurse"));
        QVERIFY(escalated.audible);

        QVERIFY(f.triage->claim(waiting, nurse(QStringLiteral("nurse.ana"))));
        QVERIFY(feed.pollNow());
        QCOMPARE(acknowledged.size(), 1);
        QCOMPARE(acknowledged.first().first().toLongLong(), waiting);
        QCOMPARE(alerts.size(), 0);
    }

    // caredesk.ini sets the ladder through typed keys; a list that makes no sense is refused
    // with a message naming the key, and the default ladder is used.
    void ladderFromSettings_data()
    {
        QTest::addColumn<QString>("roles");
        QTest::addColumn<QString>("minutes");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<bool>("problem");
        QTest::newRow("unset") << QString() << QString()
                               << QStringList{QStringLiteral("charge nurse@0"),
                                              QStringLiteral("supervisor@5")}
                               << false;
        QTest::newRow("three levels")
            << QStringLiteral("charge nurse, supervisor, medical director")
            << QStringLiteral("2, 10, 20")
            << QStringList{QStringLiteral("charge nurse@2"), QStringLiteral("supervisor@10"),
                           QStringLiteral("medical director@20")}
            << false;
        QTest::newRow("counts differ")
            << QStringLiteral("charge nurse, supervisor") << QStringLiteral("0")
            << QStringList{QStringLiteral("charge nurse@0"), QStringLiteral("supervisor@5")}
            << true;
        QTest::newRow("minutes go down")
            << QStringLiteral("charge nurse, supervisor") << QStringLiteral("10, 5")
            << QStringList{QStringLiteral("charge nurse@0"), QStringLiteral("supervisor@5")}
            << true;
        QTest::newRow("not a number")
            << QStringLiteral("charge nurse") << QStringLiteral("soon")
            << QStringList{QStringLiteral("charge nurse@0"), QStringLiteral("supervisor@5")}
            << true;
    }

    void ladderFromSettings()
    {
        QFETCH(QString, roles);
        QFETCH(QString, minutes);
        QFETCH(QStringList, expected);
        QFETCH(bool, problem);
        QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_escalation-XXXXXX"));
        if (!roles.isEmpty()) {
            QFile ini(dir.filePath(QStringLiteral("caredesk.ini")));
            QVERIFY(ini.open(QIODevice::WriteOnly));
            ini.write(QStringLiteral("[escalation]\nroles=%1\nminutes=%2\n")
                          .arg(roles, minutes)
                          .toUtf8());
        }
        Settings settings(dir.path());
        QStringList levels;
        for (const EscalationLevel &level : settings.escalationSettings().levels)
            levels.append(level.role + u'@' + QString::number(level.minutesAfterDeadline));
        QCOMPARE(levels, expected);
        QCOMPARE(!settings.problems().isEmpty(), problem);
        if (problem)
            QVERIFY(settings.problems().first().contains(QStringLiteral("escalation/")));
    }

    void alertSettingsFromIni()
    {
        QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_escalation-XXXXXX"));
        QFile ini(dir.filePath(QStringLiteral("caredesk.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[alerts]\ndedupeMinutes=3\nbatchMinutes=30\nquietHours=21:30-06:45\n");
        ini.close();
        const AlertSettings alerts = Settings(dir.path()).alertSettings();
        QCOMPARE(alerts.dedupeMinutes, 3);
        QCOMPARE(alerts.batchMinutes, 30);
        QCOMPARE(alerts.quietStart, QTime(21, 30));
        QCOMPARE(alerts.quietEnd, QTime(6, 45));
    }
};

QTEST_GUILESS_MAIN(TestEscalation)
#include "tst_escalation.moc"
