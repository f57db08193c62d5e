// SPDX-License-Identifier: GPL-3.0-or-later
// The PDC method against examples computed by hand (each row says how; docs/adherence.md has
// the method): overlapping fills shifted forward, hospital stays out of the denominator with
// the supply paused, refill gaps, overdue refills and persistence at 30/90/180/360 days.
#include "services/analytics/AdherenceCalculator.h"

#include <QTest>

using namespace CareDesk;

Q_DECLARE_METATYPE(QList<DispenseFill>)
Q_DECLARE_METATYPE(QList<DaySpan>)

namespace {

// Day n of the examples: day 0 is Thursday 1 January 2026.
QDate d(int n)
{
    return QDate(2026, 1, 1).addDays(n);
}

DispenseFill fill(int onDay, int daysSupply, const QString &id = {})
{
    return {d(onDay), daysSupply, QStringLiteral("Adalimumab 40 mg pen"),
            id.isEmpty() ? QStringLiteral("disp-%1").arg(onDay) : id};
}

const PdcWindow *windowOf(const AdherenceReport &report, int days)
{
    for (const PdcWindow &window : report.windows) {
        if (window.days == days)
            return &window;
    }
    return nullptr;
}

} // namespace

class TestAdherence : public QObject
{
    Q_OBJECT

private slots:
    void pdc_data()
    {
        QTest::addColumn<QList<DispenseFill>>("fills");
        QTest::addColumn<QList<DaySpan>>("stays");
        QTest::addColumn<int>("today");
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("covered");
        QTest::addColumn<int>("eligible");
        QTest::addColumn<bool>("complete");

        // Days 0, 30, 60 x 30 days: days 0..89 all covered.
        const QList<DispenseFill> onTime{fill(0, 30), fill(30, 30), fill(60, 30)};
        QTest::newRow("on time, 30-day window")
            << onTime << QList<DaySpan>{} << 89 << 30 << 30 << 30 << true;
        QTest::newRow("on time, 90-day window")
            << onTime << QList<DaySpan>{} << 89 << 90 << 90 << 90 << true;
        QTest::newRow("on time, 180-day window still running")
            << onTime << QList<DaySpan>{} << 89 << 180 << 90 << 90 << false;
        // Days 0 and 60 x 30 days: 0..29 and 60..89 covered, 30..59 not: 60 of 90.
        const QList<DispenseFill> gap{fill(0, 30), fill(60, 30)};
        QTest::newRow("30-day gap, 90-day window")
            << gap << QList<DaySpan>{} << 89 << 90 << 60 << 90 << true;
        // Days 0 and 20 x 30: the second fill waits for day 30, so 0..59 covered; counted
        // without the shift it would be 50 of 60.
        QTest::newRow("early refill shifted forward")
            << QList<DispenseFill>{fill(0, 30), fill(20, 30)} << QList<DaySpan>{} << 59 << 90 << 60
            << 60 << false;
        QTest::newRow("two fills the same day")
            << QList<DispenseFill>{fill(0, 30, QStringLiteral("a")),
                                   fill(0, 30, QStringLiteral("b"))}
            << QList<DaySpan>{} << 59 << 90 << 60 << 60 << false;
        // Day 0 x 30; in hospital days 10..14 (5 days). Supply pauses: 0..9 and 15..34
        // covered. 30-day window: 25 days outside hospital, 10 + 15 = 25 covered.
        QTest::newRow("hospital stay: days out of the denominator, supply paused")
            << QList<DispenseFill>{fill(0, 30)} << QList<DaySpan>{{d(10), d(14)}} << 39 << 30 << 25
            << 25 << true;
        // Same stay, 90-day window to day 39: 40 - 5 = 35 days, covered 10 + 20 = 30.
        QTest::newRow("hospital stay, running 90-day window")
            << QList<DispenseFill>{fill(0, 30)} << QList<DaySpan>{{d(10), d(14)}} << 39 << 90 << 30
            << 35 << false;
        // Day 0 x 28, today day 40: 28 of 30 in the first window.
        QTest::newRow("28-day fill in a 30-day window")
            << QList<DispenseFill>{fill(0, 28)} << QList<DaySpan>{} << 40 << 30 << 28 << 30 << true;
        // Days 0 and 100 x 30, 180-day window: 60 of 180.
        QTest::newRow("long gap, 180-day window")
            << QList<DispenseFill>{fill(0, 30), fill(100, 30)} << QList<DaySpan>{} << 200 << 180
            << 60 << 180 << true;
        // A fill with no days' supply is left out; the index is the next fill (day 4).
        QTest::newRow("fill without days' supply left out")
            << QList<DispenseFill>{fill(0, 0), fill(4, 30)} << QList<DaySpan>{} << 33 << 30 << 30
            << 30 << true;
    }

    void pdc()
    {
        QFETCH(QList<DispenseFill>, fills);
        QFETCH(QList<DaySpan>, stays);
        QFETCH(int, today);
        QFETCH(int, window);
        QFETCH(int, covered);
        QFETCH(int, eligible);
        QFETCH(bool, complete);
        const AdherenceReport report =
            AdherenceCalculator(AdherenceSettings{}).compute(fills, stays, d(today));
        const PdcWindow *found = windowOf(report, window);
        QVERIFY(found);
        QCOMPARE(found->coveredDays, covered);
        QCOMPARE(found->eligibleDays, eligible);
        QCOMPARE(found->pdc, double(covered) / eligible);
        QCOMPARE(found->complete, complete);
    }

    void gapsAndSupplyEnd()
    {
        const AdherenceReport report = AdherenceCalculator(AdherenceSettings{})
                                           .compute({fill(60, 30), fill(0, 30)}, {}, d(89));
        QCOMPARE(report.indexDate, d(0));
        QCOMPARE(report.fills, 2);
        QCOMPARE(report.covered, (QList<DaySpan>{{d(0), d(29)}, {d(60), d(89)}}));
        QCOMPARE(report.gaps.size(), 1);
        QCOMPARE(report.gaps.first().span, (DaySpan{d(30), d(59)}));
        QCOMPARE(report.gaps.first().daysWithoutSupply, 30);
        QVERIFY(!report.gaps.first().open);
        QCOMPARE(report.supplyEndsOn, d(89));
        QVERIFY(!report.refillOverdue);
        // Trailing 90 days = the whole 60 of 90: below 80%.
        QCOMPARE(report.alertWindow.coveredDays, 60);
        QVERIFY(report.belowThreshold);
    }

    void hospitalStayShiftsTheSupplyEnd()
    {
        const AdherenceReport report = AdherenceCalculator(AdherenceSettings{})
                                           .compute({fill(0, 30)}, {{d(10), d(14)}}, d(39));
        QCOMPARE(report.supplyEndsOn, d(34)); // 30 days of supply over 35 calendar days
        QCOMPARE(report.hospital, (QList<DaySpan>{{d(10), d(14)}}));
        QCOMPARE(report.gaps.size(), 1);
        QCOMPARE(report.gaps.first().span, (DaySpan{d(35), d(39)}));
        QVERIFY(report.gaps.first().open);
        QCOMPARE(report.daysWithoutSupply, 5);
        QVERIFY(!report.refillOverdue); // 5 days, within the 7-day grace
    }

    void refillOverdue_data()
    {
        QTest::addColumn<int>("today");
        QTest::addColumn<int>("daysWithout");
        QTest::addColumn<bool>("overdue");
        // Day 0 x 28: supply ends day 27, refill due day 28.
        QTest::newRow("day 27: still covered") << 27 << 0 << false;
        QTest::newRow("day 28: due today") << 28 << 1 << false;
        QTest::newRow("day 34: 7 days, the grace") << 34 << 7 << false;
        QTest::newRow("day 35: 8 days, overdue") << 35 << 8 << true;
        QTest::newRow("day 40: 13 days, overdue") << 40 << 13 << true;
    }

    void refillOverdue()
    {
        QFETCH(int, today);
        QFETCH(int, daysWithout);
        QFETCH(bool, overdue);
        const AdherenceReport report =
            AdherenceCalculator(AdherenceSettings{}).compute({fill(0, 28)}, {}, d(today));
        QCOMPARE(report.daysWithoutSupply, daysWithout);
        QCOMPARE(report.refillOverdue, overdue);
    }

    void lowAdherenceNeedsEnoughDays()
    {
        // Day 0 x 10: by day 20 the PDC is 10/21, but 21 days are fewer than the 30 observed
        // days the exception waits for; by day 29 it is 10/30 and the exception may be raised.
        const AdherenceCalculator calculator{AdherenceSettings{}};
        QVERIFY(!calculator.compute({fill(0, 10)}, {}, d(20)).belowThreshold);
        QVERIFY(calculator.compute({fill(0, 10)}, {}, d(29)).belowThreshold);
        // The alert window trails today: a good last 90 days after a bad start is not low.
        QList<DispenseFill> late{fill(0, 10)};
        for (int n = 0; n < 4; ++n)
            late.append(fill(100 + 30 * n, 30));
        const AdherenceReport report = calculator.compute(late, {}, d(219));
        QCOMPARE(report.alertWindow.start, d(130));
        QCOMPARE(report.alertWindow.coveredDays, 90);
        QVERIFY(!report.belowThreshold);
        QVERIFY(windowOf(report, 180)->pdc < 0.8); // the first 180 days were poor
    }

    void persistence()
    {
        // Days 0 and 100 x 30: a 70-day gap from day 30 (more than the 60 allowed), so
        // therapy is taken as discontinued on day 29, the last covered day.
        const AdherenceReport report = AdherenceCalculator(AdherenceSettings{})
                                           .compute({fill(0, 30), fill(100, 30)}, {}, d(200));
        QCOMPARE(report.discontinuedOn, d(29));
        QCOMPARE(report.persistence.size(), 4);
        QCOMPARE(report.persistence.at(0).day, 30);
        QCOMPARE(report.persistence.at(0).state, Persistence::Persistent);
        QCOMPARE(report.persistence.at(1).state, Persistence::Discontinued);
        QCOMPARE(report.persistence.at(2).state, Persistence::Discontinued);
        QCOMPARE(report.persistence.at(3).state, Persistence::Discontinued);

        // A 30-day gap is within the permissible gap; day 360 is not reached yet.
        const AdherenceReport ongoing = AdherenceCalculator(AdherenceSettings{})
                                            .compute({fill(0, 30), fill(60, 200)}, {}, d(200));
        QVERIFY(!ongoing.discontinuedOn.isValid());
        QCOMPARE(ongoing.persistence.at(2).state, Persistence::Persistent);
        QCOMPARE(ongoing.persistence.at(3).state, Persistence::NotYetDue);

        // An open gap counts as it grows: 61 days without supply by day 90 ends persistence.
        const AdherenceReport lapsed =
            AdherenceCalculator(AdherenceSettings{}).compute({fill(0, 30)}, {}, d(90));
        QCOMPARE(lapsed.discontinuedOn, d(29));
        QCOMPARE(lapsed.persistence.at(1).state, Persistence::Discontinued);
        QCOMPARE(persistenceName(lapsed.persistence.at(1).state), QStringLiteral("discontinued"));
    }

    void notesAndEmptyInput()
    {
        const AdherenceReport empty =
            AdherenceCalculator(AdherenceSettings{}).compute({}, {}, d(5));
        QVERIFY(!empty.indexDate.isValid());
        QVERIFY(empty.windows.isEmpty());

        const AdherenceReport report =
            AdherenceCalculator(AdherenceSettings{})
                .compute({fill(0, 0, QStringLiteral("no-days")), fill(10, 30),
                          fill(50, 30, QStringLiteral("future"))},
                         {}, d(20));
        QCOMPARE(report.fills, 1);
        QCOMPARE(report.notes.size(), 2);
        QVERIFY(report.notes.at(0).startsWith(QStringLiteral("no-days has no days' supply")));
        QVERIFY(report.notes.at(1).startsWith(QStringLiteral("future is dated after today")));
    }

    void stayDays_data()
    {
        QTest::addColumn<QDate>("admitted");
        QTest::addColumn<QDate>("discharged");
        QTest::addColumn<QDate>("today");
        QTest::addColumn<QDate>("first");
        QTest::addColumn<QDate>("last");
        QTest::newRow("three nights") << d(10) << d(13) << d(40) << d(10) << d(12);
        QTest::newRow("one night") << d(10) << d(11) << d(40) << d(10) << d(10);
        QTest::newRow("same-day discharge") << d(10) << d(10) << d(40) << QDate() << QDate();
        QTest::newRow("still in hospital") << d(10) << QDate() << d(14) << d(10) << d(14);
        QTest::newRow("admitted after today") << d(20) << QDate() << d(14) << QDate() << QDate();
    }

    void stayDays()
    {
        QFETCH(QDate, admitted);
        QFETCH(QDate, discharged);
        QFETCH(QDate, today);
        QFETCH(QDate, first);
        QFETCH(QDate, last);
        const auto span = AdherenceCalculator::stayDays(admitted, discharged, today);
        QCOMPARE(span.has_value(), first.isValid());
        if (span) {
            QCOMPARE(span->first, first);
            QCOMPARE(span->last, last);
        }
    }
};

QTEST_GUILESS_MAIN(TestAdherence)
#include "tst_adherence.moc"
