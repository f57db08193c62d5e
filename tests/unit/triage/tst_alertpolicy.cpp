// SPDX-License-Identifier: GPL-3.0-or-later
// Which queue events become alerts, and when (issue 6, items 5 and 6): emergent items, raises
// and escalations bypass batching, dedupe and quiet hours; the rest respect them.
#include "services/triage/AlertPolicy.h"

#include <QTest>
#include <QTimeZone>

using namespace CareDesk;

Q_DECLARE_METATYPE(CareDesk::QueueEvent::Kind)

namespace {

const QTimeZone kZone("America/New_York");

QDateTime local(int hour, int minute = 0, int day = 3)
{
    return QDateTime(QDate(2026, 12, day), QTime(hour, minute), kZone).toUTC();
}

QueueEvent queueEvent(qint64 item, QueueEvent::Kind kind, TriageTier tier, const QDateTime &at)
{
    return QueueEvent{0, item, QStringLiteral("MPI-%1").arg(item), kind, tier, 0, {}, at};
}

AlertSettings settings()
{
    AlertSettings s;
    s.dedupeMinutes = 10;
    s.batchMinutes = 15;
    s.quietStart = QTime(22, 0);
    s.quietEnd = QTime(7, 0);
    s.zone = kZone;
    return s;
}

} // namespace

class TestAlertPolicy : public QObject
{
    Q_OBJECT

private slots:
    // One event on its own: told now (and whether with sound), or held.
    void singleEvent_data()
    {
        QTest::addColumn<QueueEvent::Kind>("kind");
        QTest::addColumn<TriageTier>("tier");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<bool>("toldNow");
        QTest::addColumn<bool>("audible");
        using K = QueueEvent::Kind;
        QTest::newRow("emergent opened by day")
            << K::Opened << TriageTier::Emergent << local(10) << true << true;
        QTest::newRow("emergent opened in quiet hours")
            << K::Opened << TriageTier::Emergent << local(23) << true << true;
        QTest::newRow("emergent opened after midnight in quiet hours")
            << K::Opened << TriageTier::Emergent << local(3) << true << true;
        QTest::newRow("urgent opened by day")
            << K::Opened << TriageTier::Urgent << local(10) << true << false;
        QTest::newRow("urgent opened in quiet hours")
            << K::Opened << TriageTier::Urgent << local(23) << false << false;
        QTest::newRow("review item opened by day is batched")
            << K::Opened << TriageTier::Routine << local(10) << false << false;
        QTest::newRow("raise to urgent in quiet hours")
            << K::Raised << TriageTier::Urgent << local(23, 30) << true << false;
        QTest::newRow("raise to emergent")
            << K::Raised << TriageTier::Emergent << local(10) << true << true;
        QTest::newRow("escalation in quiet hours")
            << K::Escalated << TriageTier::Emergent << local(2) << true << true;
        QTest::newRow("emergent released back to the queue")
            << K::Released << TriageTier::Emergent << local(10) << true << true;
        QTest::newRow("acknowledged tells nobody")
            << K::Acknowledged << TriageTier::Emergent << local(10) << false << false;
        QTest::newRow("resolved tells nobody")
            << K::Resolved << TriageTier::Emergent << local(10) << false << false;
        QTest::newRow("quiet hours end at 07:00")
            << K::Opened << TriageTier::Urgent << local(7) << true << false;
        QTest::newRow("quiet hours start at 22:00")
            << K::Opened << TriageTier::Urgent << local(22) << false << false;
    }

    void singleEvent()
    {
        QFETCH(QueueEvent::Kind, kind);
        QFETCH(TriageTier, tier);
        QFETCH(QDateTime, at);
        QFETCH(bool, toldNow);
        QFETCH(bool, audible);
        AlertPolicy policy(settings());
        const QList<QueueAlert> alerts = policy.onEvent(queueEvent(1, kind, tier, at), at);
        QCOMPARE(alerts.size(), toldNow ? 1 : 0);
        if (toldNow) {
            QCOMPARE(alerts.first().itemId, qint64(1));
            QCOMPARE(alerts.first().audible, audible);
            QCOMPARE(alerts.first().tier, tier);
        }
    }

    // A raise fires at once even inside the dedupe window that silences further replies.
    void raiseBypassesTheDedupeWindow()
    {
        AlertPolicy policy(settings());
        const QDateTime t = local(10);
        QCOMPARE(policy.onEvent(queueEvent(1, QueueEvent::Kind::Opened, TriageTier::Urgent, t), t)
                     .size(),
                 1);
        const QDateTime soon = t.addSecs(60);
        QCOMPARE(
            policy
                .onEvent(queueEvent(1, QueueEvent::Kind::Attached, TriageTier::Urgent, soon), soon)
                .size(),
            0);
        const QDateTime later = t.addSecs(120);
        const auto raised = policy.onEvent(
            queueEvent(1, QueueEvent::Kind::Raised, TriageTier::Emergent, later), later);
        QCOMPARE(raised.size(), 1);
        QCOMPARE(raised.first().reason, QueueAlert::Reason::Raised);
        QVERIFY(raised.first().audible);
        // Further replies to the now emergent item are told every time: emergent bypasses dedupe.
        const QDateTime after = t.addSecs(180);
        QCOMPARE(
            policy
                .onEvent(queueEvent(1, QueueEvent::Kind::Attached, TriageTier::Emergent, after),
                         after)
                .size(),
            1);
        // Another reply to an urgent item outside the window is told again.
        const QDateTime other = t.addSecs(200);
        QCOMPARE(
            policy
                .onEvent(queueEvent(2, QueueEvent::Kind::Opened, TriageTier::Urgent, other), other)
                .size(),
            1);
        const QDateTime past = other.addSecs(11 * 60);
        QCOMPARE(
            policy
                .onEvent(queueEvent(2, QueueEvent::Kind::Attached, TriageTier::Urgent, past), past)
                .size(),
            1);
    }

    // Review items come as one digest per batch period; nothing is lost.
    void reviewItemsAreBatched()
    {
        AlertPolicy policy(settings());
        const QDateTime t = local(10);
        QVERIFY(policy.onEvent(queueEvent(1, QueueEvent::Kind::Opened, TriageTier::Routine, t), t)
                    .isEmpty());
        QVERIFY(policy
                    .onEvent(
                        queueEvent(2, QueueEvent::Kind::Opened, TriageTier::Routine, t.addSecs(60)),
                        t.addSecs(60))
                    .isEmpty());
        QCOMPARE(policy.nextDue(), t.addSecs(15 * 60));
        QVERIFY(policy.due(t.addSecs(14 * 60)).isEmpty());
        const auto digest = policy.due(t.addSecs(15 * 60));
        QCOMPARE(digest.size(), 1);
        QCOMPARE(digest.first().reason, QueueAlert::Reason::Digest);
        QCOMPARE(digest.first().itemIds, (QList<qint64>{1, 2}));
        QVERIFY(!digest.first().audible);
        QVERIFY(policy.due(t.addSecs(30 * 60)).isEmpty());
        QVERIFY(!policy.nextDue().isValid());
    }

    // What quiet hours held is told when they end, in the site's zone, across midnight.
    void quietHoursHoldUntilMorning()
    {
        AlertPolicy policy(settings());
        const QDateTime night = local(23, 10);
        QVERIFY(
            policy
                .onEvent(queueEvent(1, QueueEvent::Kind::Opened, TriageTier::Urgent, night), night)
                .isEmpty());
        QVERIFY(
            policy
                .onEvent(queueEvent(2, QueueEvent::Kind::Opened, TriageTier::Routine, night), night)
                .isEmpty());
        QCOMPARE(policy.nextDue(), local(7, 0, 4));
        QVERIFY(policy.due(local(6, 59, 4)).isEmpty());
        const auto morning = policy.due(local(7, 0, 4));
        QCOMPARE(morning.size(), 1);
        QCOMPARE(morning.first().itemIds, (QList<qint64>{1, 2}));
        QCOMPARE(morning.first().tier, TriageTier::Urgent);
    }

    // No quiet hours configured: nothing is ever held for them.
    void noQuietHours()
    {
        AlertSettings s = settings();
        s.quietStart = QTime();
        s.quietEnd = QTime();
        AlertPolicy policy(s);
        QVERIFY(!policy.inQuietHours(local(3)));
        QCOMPARE(policy
                     .onEvent(queueEvent(1, QueueEvent::Kind::Opened, TriageTier::Urgent, local(3)),
                              local(3))
                     .size(),
                 1);
    }
};

QTEST_GUILESS_MAIN(TestAlertPolicy)
#include "tst_alertpolicy.moc"
