// SPDX-License-Identifier: GPL-3.0-or-later
// The matcher's ranking, worked out by hand from its weights (therapy 35, condition 25, stage
// 15, language 15, age 5, availability 5), its exclusions and the reasons it gives.
#include "JourneyTestData.h"

#include "services/journey/MentorMatcher.h"

#include <QTest>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QDateTime kNow(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc()); // a Thursday

QList<MentorAvailability> weekdays(const QTime &from, const QTime &to)
{
    QList<MentorAvailability> windows;
    for (int day = 1; day <= 5; ++day)
        windows.append({day, from, to});
    return windows;
}

Mentor mentor(const char *id, const char *therapy, const char *condition, const char *stage,
              const QStringList &languages, const char *zone, const char *band,
              const QList<MentorAvailability> &availability, int capacity = 2)
{
    Mentor m;
    m.mentorId = QString::fromLatin1(id);
    m.displayName = QString::fromLatin1(id).mid(2);
    m.therapy = QString::fromLatin1(therapy);
    m.condition = QString::fromLatin1(condition);
    m.stageReached = QString::fromLatin1(stage);
    m.languages = languages;
    m.timeZone = QString::fromLatin1(zone);
    m.ageBand = QString::fromLatin1(band);
    m.availability = availability;
    m.capacity = capacity;
    m.consentAt = kNow.addDays(-100);
    return m;
}

PatientProfile patient()
{
    PatientProfile p;
    p.masterId = QStringLiteral("MPI-TEST");
    p.therapies = {QStringLiteral("adalimumab 40 mg/0.4 ml pen")};
    p.conditions = {QStringLiteral("rheumatoid arthritis"), QStringLiteral("69896004")};
    p.stageId = QStringLiteral("adherence");
    p.language = QStringLiteral("es-US");
    p.ageBand = QStringLiteral("40-49");
    p.timeZone = QStringLiteral("America/New_York");
    return p;
}

const QString kNewYork = QStringLiteral("America/New_York");

QList<Mentor> registry()
{
    const QStringList es{QStringLiteral("es"), QStringLiteral("en")};
    // 18:00-20:00 on weekdays in New York: 2 h a day inside 09:00-20:00, 5 pts.
    Mentor ana = mentor("m-ana", "Adalimumab", "Rheumatoid arthritis", "closed", es,
                        "America/New_York", "40-49", weekdays(QTime(18, 0), QTime(20, 0)));
    // Saturday 10:00-12:00 in Los Angeles is 13:00-15:00 in New York: 2 h, 2 pts.
    Mentor ben = mentor("m-ben", "adalimumab", "Psoriasis", "adherence", {QStringLiteral("en")},
                        "America/Los_Angeles", "50-59", {{6, QTime(10, 0), QTime(12, 0)}});
    // Tuesday 21:00-23:00 in Madrid is 15:00-17:00 in New York: 2 h, 2 pts.
    Mentor chen =
        mentor("m-chen", "Etanercept", "rheumatoid arthritis", "adherence", {QStringLiteral("es")},
               "Europe/Madrid", "40-49", {{2, QTime(21, 0), QTime(23, 0)}});
    Mentor dee =
        mentor("m-dee", "adalimumab", "rheumatoid arthritis", "closed", {QStringLiteral("es")},
               "America/New_York", "40-49", weekdays(QTime(18, 0), QTime(20, 0)), 1);
    dee.openIntroductions = 1;
    Mentor eve = mentor("m-eve", "adalimumab", "rheumatoid arthritis", "closed",
                        {QStringLiteral("es")}, "America/New_York", "40-49", {});
    eve.consentAt = QDateTime();
    Mentor fay = mentor("m-fay", "adalimumab", "rheumatoid arthritis", "closed",
                        {QStringLiteral("es")}, "America/New_York", "40-49", {});
    fay.active = false;
    // Like Ana, but only reached benefits verification: 15 points less.
    Mentor gus = mentor("m-gus", "adalimumab", "rheumatoid arthritis", "benefits", es,
                        "America/New_York", "40-49", weekdays(QTime(18, 0), QTime(20, 0)));
    Mentor hal = mentor("m-hal", "adalimumab", "rheumatoid arthritis", "closed",
                        {QStringLiteral("es")}, "America/New_York", "40-49", {});
    hal.consentWithdrawnAt = kNow.addDays(-1);
    return {ben, chen, dee, eve, fay, gus, hal, ana};
}

QString order(const QList<MentorProposal> &proposals)
{
    QStringList ids;
    for (const MentorProposal &proposal : proposals)
        ids.append(QStringLiteral("%1:%2").arg(proposal.mentor.mentorId).arg(proposal.score));
    return ids.join(u' ');
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

class TestMentorMatcher : public QObject
{
    Q_OBJECT

private:
    JourneyDefinition m_definition;

private slots:
    void initTestCase() { m_definition = builtInDefinition(); }

    void rankingByHand()
    {
        const auto proposals = MentorMatcher(m_definition).rank(patient(), registry(), {}, kNow);
        // Ana 35+25+15+15+5+5 = 100; Gus 100-15 = 85; Chen 0+25+15+15+5+2 = 62;
        // Ben 35+0+15+0+2+2 = 54; then the four who cannot be proposed.
        QCOMPARE(order(proposals).section(u' ', 0, 3),
                 QStringLiteral("m-ana:100 m-gus:85 m-chen:62 m-ben:54"));
        QCOMPARE(find(proposals, "m-ana")->rank, 1);
        QCOMPARE(find(proposals, "m-ben")->rank, 4);
        QCOMPARE(find(proposals, "m-dee")->rank, 0);
        QCOMPARE(find(proposals, "m-dee")->excludedBecause,
                 QStringLiteral("At capacity (1 of 1 introductions in progress)"));
        QCOMPARE(find(proposals, "m-eve")->excludedBecause,
                 QStringLiteral("Has not agreed to mentor"));
        QCOMPARE(find(proposals, "m-fay")->excludedBecause, QStringLiteral("Not an active mentor"));
        QCOMPARE(find(proposals, "m-hal")->excludedBecause,
                 QStringLiteral("Withdrew consent to mentor"));
    }

    void reasons_data()
    {
        QTest::addColumn<QString>("mentorId");
        QTest::addColumn<QString>("factor");
        QTest::addColumn<int>("points");
        QTest::addColumn<QString>("text");
        QTest::newRow("same therapy") << "m-ana"
                                      << "therapy" << 35 << "Same therapy: Adalimumab";
        QTest::newRow("other therapy") << "m-chen"
                                       << "therapy" << 0 << "Different therapy (Etanercept)";
        QTest::newRow("same condition")
            << "m-ana"
            << "condition" << 25 << "Same condition: Rheumatoid arthritis";
        QTest::newRow("stage reached")
            << "m-ana"
            << "stage" << 15 << "Has been through Adherence follow-ups (reached Closure)";
        QTest::newRow("stage not reached") << "m-gus"
                                           << "stage" << 0 << "Reached only Benefits verification";
        QTest::newRow("shared language, regional tag")
            << "m-ana"
            << "language" << 15 << "Speaks the patient's language (es)";
        QTest::newRow("no shared language")
            << "m-ben"
            << "language" << 0 << "No language in common (mentor speaks en)";
        QTest::newRow("next age band") << "m-ben"
                                       << "age" << 2 << "Next age band (50-59)";
        QTest::newRow("same age band") << "m-chen"
                                       << "age" << 5 << "Same age band (40-49)";
        QTest::newRow("availability across zones")
            << "m-ben"
            << "availability" << 2
            << "2.0 h a week inside the patient's daytime (09:00-20:00 America/New_York)";
    }

    void reasons()
    {
        QFETCH(QString, mentorId);
        QFETCH(QString, factor);
        QFETCH(int, points);
        QFETCH(QString, text);
        const auto proposals = MentorMatcher(m_definition).rank(patient(), registry(), {}, kNow);
        const MentorProposal *proposal = find(proposals, qPrintable(mentorId));
        QVERIFY(proposal);
        const auto reason =
            std::find_if(proposal->reasons.cbegin(), proposal->reasons.cend(),
                         [&factor](const MatchReason &r) { return r.factor == factor; });
        QVERIFY(reason != proposal->reasons.cend());
        QCOMPARE(reason->points, points);
        QCOMPARE(reason->text, text);
    }

    void ageBandsNextToEachOther()
    {
        PatientProfile p = patient();
        p.ageBand = QStringLiteral("50-59");
        const auto proposals = MentorMatcher(m_definition).rank(p, registry(), {}, kNow);
        const MentorProposal *ana = find(proposals, "m-ana");
        QCOMPARE(ana->score, 97); // 40-49 is the next band: 2 of 5
        p.ageBand.clear();
        p.language.clear();
        const auto unknown = MentorMatcher(m_definition).rank(p, registry(), {}, kNow);
        QCOMPARE(find(unknown, "m-ana")->score, 80); // no language or age points
        QVERIFY(find(unknown, "m-ana")
                    ->reasons.at(3)
                    .text.startsWith(QStringLiteral("Patient's language not recorded")));
    }

    void introductionsExclude()
    {
        MentorIntroduction open;
        open.mentorId = QStringLiteral("m-ana");
        open.status = QStringLiteral("proposed");
        MentorIntroduction declined;
        declined.mentorId = QStringLiteral("m-gus");
        declined.status = QStringLiteral("closed");
        declined.outcome = QStringLiteral("declined");
        declined.outcomeAt = kNow.addDays(-3);
        MentorIntroduction met;
        met.mentorId = QStringLiteral("m-chen");
        met.status = QStringLiteral("closed");
        met.outcome = QStringLiteral("met");
        const auto proposals =
            MentorMatcher(m_definition).rank(patient(), registry(), {open, declined, met}, kNow);
        QCOMPARE(find(proposals, "m-ana")->excludedBecause,
                 QStringLiteral("An introduction to this mentor is in progress"));
        QCOMPARE(find(proposals, "m-gus")->excludedBecause,
                 QStringLiteral("Declined on 2026-11-30"));
        QCOMPARE(find(proposals, "m-chen")->rank, 1); // a past meeting does not exclude
    }

    void tiesGoToTheMentorWithMoreRoom()
    {
        Mentor busy = registry().last(); // Ana
        busy.mentorId = QStringLiteral("m-aaa");
        busy.capacity = 3;
        busy.openIntroductions = 2;
        Mentor free = registry().last();
        free.mentorId = QStringLiteral("m-zzz");
        free.capacity = 3;
        const auto proposals = MentorMatcher(m_definition).rank(patient(), {busy, free}, {}, kNow);
        QCOMPARE(order(proposals), QStringLiteral("m-zzz:100 m-aaa:100"));
    }

    void availabilityAcrossDaylightSaving()
    {
        // London 13:00-15:00 every day. Week from Thursday 5 March 2026, 09:00 UTC: New York
        // moves to summer time on Sunday 8 March, London only on 29 March. Before the change
        // 13:00 London is 08:00 New York (1 h inside 09:00-20:00), from Sunday 09:00 (2 h):
        // Thu, Fri, Sat 1 h each, Sun to Wed 2 h each = 11 h.
        Mentor london = registry().last();
        london.timeZone = QStringLiteral("Europe/London");
        london.availability.clear();
        for (int day = 1; day <= 7; ++day)
            london.availability.append({day, QTime(13, 0), QTime(15, 0)});
        const QDateTime thursday(QDate(2026, 3, 5), QTime(9, 0), QTimeZone::utc());
        QCOMPARE(MentorMatcher::overlapHours(london, kNewYork, thursday), 11.0);
    }

    void windowsOutsideDaytimeDoNotCount()
    {
        Mentor night = registry().last();
        night.availability = {{4, QTime(2, 0), QTime(5, 0)}}; // Thursday night in New York
        QCOMPARE(MentorMatcher::overlapHours(night, kNewYork, kNow), 0.0);
        night.timeZone = QStringLiteral("Not/AZone");
        QCOMPARE(MentorMatcher::overlapHours(night, kNewYork, kNow), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestMentorMatcher)
#include "tst_mentormatcher.moc"
