// SPDX-License-Identifier: GPL-3.0-or-later
// Local wall times to instants by one rule (RFC 5545): a skipped time takes the offset from
// before the change, a repeated time is its first occurrence.
#include "services/comms/WallTime.h"

#include <QTest>

using namespace CareDesk;

Q_DECLARE_METATYPE(WallTime::Fit)

class TestWallTime : public QObject
{
    Q_OBJECT

private slots:
    void resolve_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QDate>("date");
        QTest::addColumn<QTime>("time");
        QTest::addColumn<QDateTime>("utc");
        QTest::addColumn<WallTime::Fit>("fit");
        auto z = [](const char *iso) {
            return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
        };
        using F = WallTime::Fit;
        QTest::newRow("Chicago winter 09:00")
            << "America/Chicago" << QDate(2025, 11, 3) << QTime(9, 0) << z("2025-11-03T15:00:00Z")
            << F::Exact;
        QTest::newRow("Chicago summer 09:00")
            << "America/Chicago" << QDate(2025, 10, 27) << QTime(9, 0) << z("2025-10-27T14:00:00Z")
            << F::Exact;
        QTest::newRow("Chicago 02:30 skipped")
            << "America/Chicago" << QDate(2026, 3, 8) << QTime(2, 30) << z("2026-03-08T08:30:00Z")
            << F::Skipped;
        QTest::newRow("Chicago 01:30 twice: the first")
            << "America/Chicago" << QDate(2025, 11, 2) << QTime(1, 30) << z("2025-11-02T06:30:00Z")
            << F::Repeated;
        QTest::newRow("Chicago 03:00 right after the gap")
            << "America/Chicago" << QDate(2026, 3, 8) << QTime(3, 0) << z("2026-03-08T08:00:00Z")
            << F::Exact;
        QTest::newRow("Phoenix never changes")
            << "America/Phoenix" << QDate(2026, 7, 1) << QTime(9, 0) << z("2026-07-01T16:00:00Z")
            << F::Exact;
        QTest::newRow("London 01:30 skipped")
            << "Europe/London" << QDate(2026, 3, 29) << QTime(1, 30) << z("2026-03-29T01:30:00Z")
            << F::Skipped;
        QTest::newRow("Sydney 02:30 twice")
            << "Australia/Sydney" << QDate(2026, 4, 5) << QTime(2, 30) << z("2026-04-04T15:30:00Z")
            << F::Repeated;
        QTest::newRow("Lord Howe half-hour change, 02:15 skipped")
            << "Australia/Lord_Howe" << QDate(2026, 10, 4) << QTime(2, 15)
            << z("2026-10-03T15:45:00Z") << F::Skipped;
        QTest::newRow("Havana changes at midnight: 00:30 skipped")
            << "America/Havana" << QDate(2026, 3, 8) << QTime(0, 30) << z("2026-03-08T05:30:00Z")
            << F::Skipped;
        QTest::newRow("Kiritimati, UTC+14") << "Pacific/Kiritimati" << QDate(2026, 3, 5)
                                            << QTime(8, 0) << z("2026-03-04T18:00:00Z") << F::Exact;
        QTest::newRow("Pago Pago, UTC-11") << "Pacific/Pago_Pago" << QDate(2026, 3, 4)
                                           << QTime(8, 0) << z("2026-03-04T19:00:00Z") << F::Exact;
        QTest::newRow("Apia skipped 30 Dec 2011 entirely")
            << "Pacific/Apia" << QDate(2011, 12, 30) << QTime(9, 0) << z("2011-12-30T19:00:00Z")
            << F::Skipped;
    }

    void resolve()
    {
        QFETCH(QString, zone);
        QFETCH(QDate, date);
        QFETCH(QTime, time);
        QFETCH(QDateTime, utc);
        QFETCH(WallTime::Fit, fit);
        const QTimeZone tz = zoneFromId(zone);
        QVERIFY(tz.isValid());
        const WallTime resolved = WallTime::resolve(date, time, tz);
        QCOMPARE(resolved.utc, utc);
        QCOMPARE(resolved.fit, fit);
    }

    void unknownZonesAreInvalid()
    {
        QVERIFY(!zoneFromId(QString()).isValid());
        QVERIFY(!zoneFromId(QStringLiteral("America/Atlantis")).isValid());
        QVERIFY(zoneFromId(QStringLiteral("America/New_York")).isValid());
    }
};

QTEST_GUILESS_MAIN(TestWallTime)
#include "tst_walltime.moc"
