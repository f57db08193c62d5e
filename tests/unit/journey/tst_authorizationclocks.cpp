// SPDX-License-Identifier: GPL-3.0-or-later
// Payer decision clocks with an injected clock: 72 hours for an expedited request, 7 days for a
// standard one; expiry, decisions in time and late, denial reasons, resubmissions.
#include "JourneyTestData.h"

#include "models/Clock.h"
#include "services/journey/AuthorizationClocks.h"

#include <QTest>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

JourneyEvent request(const QString &type, const QString &id, const QDateTime &when, bool expedited,
                     const QString &related = {})
{
    JourneyEvent e = fact(type, when, QStringLiteral("submitted"));
    e.resourceType = type == QLatin1String("preauth-request")
                         ? QStringLiteral("Claim")
                         : QStringLiteral("CoverageEligibilityRequest");
    e.resourceId = id;
    e.expedited = expedited;
    e.related = related;
    return e;
}

JourneyEvent response(const QString &type, const QString &id, const QDateTime &when,
                      const QString &status, const QString &answers,
                      const QStringList &reasons = {})
{
    JourneyEvent e = fact(type, when, status);
    e.resourceType = type == QLatin1String("preauth")
                         ? QStringLiteral("ClaimResponse")
                         : QStringLiteral("CoverageEligibilityResponse");
    e.resourceId = id;
    e.related = answers;
    e.reasons = reasons;
    return e;
}

const QString kPaRequest = QStringLiteral("preauth-request");
const QString kPa = QStringLiteral("preauth");

} // namespace

class TestAuthorizationClocks : public QObject
{
    Q_OBJECT

private slots:
    void clock_data()
    {
        QTest::addColumn<bool>("expedited");
        QTest::addColumn<qint64>("hoursLater"); // how long after submission the clock reads
        QTest::addColumn<QString>("status");
        QTest::addColumn<qint64>("dueHours");
        QTest::newRow("expedited, 71 h: pending") << true << qint64(71) << "pending" << qint64(72);
        QTest::newRow("expedited, 72 h: still pending at the deadline")
            << true << qint64(72) << "pending" << qint64(72);
        QTest::newRow("expedited, 73 h: expired") << true << qint64(73) << "expired" << qint64(72);
        QTest::newRow("standard, 6 days: pending")
            << false << qint64(6 * 24) << "pending" << qint64(168);
        QTest::newRow("standard, 7 days: still pending at the deadline")
            << false << qint64(7 * 24) << "pending" << qint64(168);
        QTest::newRow("standard, 7 days and 1 h: expired")
            << false << qint64(7 * 24 + 1) << "expired" << qint64(168);
    }

    void clock()
    {
        QFETCH(bool, expedited);
        QFETCH(qint64, hoursLater);
        QFETCH(QString, status);
        QFETCH(qint64, dueHours);
        TestClock clock(day(0, 9));
        const QList<JourneyEvent> events{
            request(kPaRequest, QStringLiteral("pa-1"), clock.now(), expedited)};
        clock.advanceSecs(hoursLater * 3600);
        const auto requests = AuthorizationClocks(ClockSettings{}).compute(events, clock.now());
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().requestRef, QStringLiteral("Claim/pa-1"));
        QCOMPARE(requests.first().status, status);
        QCOMPARE(requests.first().dueAt, day(0, 9).addSecs(dueHours * 3600));
        QCOMPARE(requests.first().expedited, expedited);
    }

    void settingsComeFromTheDefinition()
    {
        TestClock clock(day(0, 9));
        const QList<JourneyEvent> events{
            request(kPaRequest, QStringLiteral("pa-1"), clock.now(), true)};
        const auto requests =
            AuthorizationClocks(ClockSettings{24, 48}).compute(events, clock.now());
        QCOMPARE(requests.first().dueAt, day(1, 9));
    }

    void decisionStopsTheClock()
    {
        TestClock clock(day(0, 9));
        QList<JourneyEvent> events{request(kPaRequest, QStringLiteral("pa-1"), clock.now(), true),
                                   response(kPa, QStringLiteral("r-1"), day(1, 9),
                                            QStringLiteral("approved"),
                                            QStringLiteral("Claim/pa-1"))};
        clock.advanceSecs(30 * 24 * 3600); // long after the deadline
        auto requests = AuthorizationClocks(ClockSettings{}).compute(events, clock.now());
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().status, QStringLiteral("approved"));
        QCOMPARE(requests.first().responseRef, QStringLiteral("ClaimResponse/r-1"));
        QCOMPARE(requests.first().decidedAt, day(1, 9));
        QVERIFY(!requests.first().decidedLate);

        events[1].when = day(4, 9); // 96 h after an expedited request
        requests = AuthorizationClocks(ClockSettings{}).compute(events, clock.now());
        QVERIFY(requests.first().decidedLate);
    }

    void pendedKeepsTheClockRunning()
    {
        TestClock clock(day(0, 9));
        const QList<JourneyEvent> events{
            request(kPaRequest, QStringLiteral("pa-1"), clock.now(), false),
            response(kPa, QStringLiteral("r-1"), day(2, 9), QStringLiteral("pended"),
                     QStringLiteral("Claim/pa-1"))};
        clock.set(day(5, 9));
        QCOMPARE(AuthorizationClocks(ClockSettings{}).compute(events, clock.now()).first().status,
                 QStringLiteral("pended"));
        clock.set(day(8, 9));
        QCOMPARE(AuthorizationClocks(ClockSettings{}).compute(events, clock.now()).first().status,
                 QStringLiteral("expired"));
    }

    void denialAndResubmission()
    {
        TestClock clock(day(10, 9));
        const QList<JourneyEvent> events{
            request(kPaRequest, QStringLiteral("pa-1"), day(0, 9), false),
            response(kPa, QStringLiteral("r-1"), day(2, 9), QStringLiteral("denied"),
                     QStringLiteral("Claim/pa-1"), {QStringLiteral("Step therapy not documented")}),
            request(kPaRequest, QStringLiteral("pa-2"), day(3, 9), true),
            response(kPa, QStringLiteral("r-2"), day(4, 9), QStringLiteral("approved"),
                     QStringLiteral("Claim/pa-2"))};
        const auto requests = AuthorizationClocks(ClockSettings{}).compute(events, clock.now());
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).status, QStringLiteral("denied"));
        QCOMPARE(requests.at(0).denialReasons, QStringList{QStringLiteral("Step therapy not "
                                                                          "documented")});
        QVERIFY(requests.at(0).resubmitted);
        QCOMPARE(requests.at(1).attempt, 2);
        QCOMPARE(requests.at(1).resubmissionOf, QStringLiteral("Claim/pa-1"));
        QCOMPARE(requests.at(1).status, QStringLiteral("approved"));
        QCOMPARE(requests.at(1).dueAt, day(6, 9)); // the resubmission was expedited
    }

    void eligibilityHasItsOwnRequests()
    {
        const QList<JourneyEvent> events{
            request(QStringLiteral("eligibility-request"), QStringLiteral("e-1"), day(0, 9), false),
            response(QStringLiteral("eligibility"), QStringLiteral("er-1"), day(0, 10),
                     QStringLiteral("ineligible"), QStringLiteral("CoverageEligibilityRequest/e-1"),
                     {QStringLiteral("Coverage not in force")}),
            request(kPaRequest, QStringLiteral("pa-1"), day(1, 9), false)};
        const auto requests = AuthorizationClocks(ClockSettings{}).compute(events, day(2, 9));
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).kind, AuthorizationRequest::Kind::Eligibility);
        QCOMPARE(requests.at(0).status, QStringLiteral("ineligible"));
        QCOMPARE(requests.at(1).kind, AuthorizationRequest::Kind::PriorAuthorization);
        QCOMPARE(requests.at(1).attempt, 1); // a different kind is not a resubmission
        QVERIFY(requests.at(1).resubmissionOf.isEmpty());
    }

    void responseWithoutItsRequest()
    {
        const QList<JourneyEvent> events{response(kPa, QStringLiteral("r-9"), day(2, 9),
                                                  QStringLiteral("denied"),
                                                  QStringLiteral("Claim/never-seen"))};
        const auto requests = AuthorizationClocks(ClockSettings{}).compute(events, day(30, 9));
        QCOMPARE(requests.size(), 1);
        QVERIFY(!requests.first().submittedAt.isValid());
        QVERIFY(!requests.first().dueAt.isValid());
        QCOMPARE(requests.first().status, QStringLiteral("denied"));
    }
};

QTEST_GUILESS_MAIN(TestAuthorizationClocks)
#include "tst_authorizationclocks.moc"
