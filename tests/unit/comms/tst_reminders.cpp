// SPDX-License-Identifier: GPL-3.0-or-later
// Reminders as wall time plus IANA zone (case 23), claimed once per (reminder, local date) by
// any number of workstations and across restarts, scheduled from the journey.
#include "CommsFixture.h"

#include "services/comms/ConsentLedger.h"
#include "services/comms/MessageDispatcher.h"
#include "services/comms/ReminderScheduler.h"
#include "services/ingest/Importer.h"
#include "services/triage/ReplyClassifier.h"

#include <QtConcurrent/QtConcurrentRun>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

struct Rig {
    CommsFixture f;
    std::shared_ptr<const MessageTemplates> templates;
    std::unique_ptr<MessageDispatcher> dispatcher;
    std::unique_ptr<ReminderScheduler> scheduler;
    QString master;

    bool start(const QString &zone, SendPolicy policy = SendPolicy{})
    {
        if (!f.open())
            return false;
        auto built = MessageTemplates::builtIn();
        if (!built)
            return false;
        templates = std::make_shared<const MessageTemplates>(std::move(*built));
        dispatcher = std::make_unique<MessageDispatcher>(f.cache, *f.audit, f.clock,
                                                         std::move(policy), templates);
        scheduler = std::make_unique<ReminderScheduler>(f.cache, *f.audit, f.clock, *dispatcher,
                                                        ReminderScheduler::Settings{});
        master = f.addPatient(QStringLiteral("p1"), zone);
        ConsentEvent grant;
        grant.masterId = master;
        grant.channel = Channel::Sms;
        grant.source = QStringLiteral("enrollment");
        grant.effectiveAt = grant.recordedAt = utc("2024-01-01T00:00:00Z");
        QSqlDatabase db = f.cache->connection();
        db.transaction();
        const bool ok =
            ConsentLedger::append(db, *f.audit, QStringLiteral("coord"), grant).has_value();
        db.commit();
        return ok && !master.isEmpty();
    }

    static SendPolicy uncapped(bool quiet = false)
    {
        SendPolicy policy;
        policy.patientCaps = MessageCaps{-1, -1};
        if (!quiet)
            policy.quietHours = QuietHours{QTime(0, 0), QTime(0, 0)};
        return policy;
    }

    ReminderSpec daily(const char *key, QTime at, const QString &zone, QDate first, QDate last)
    {
        ReminderSpec spec;
        spec.key = QString::fromLatin1(key);
        spec.masterId = master;
        spec.kind = ReminderKind::Refill;
        spec.localTime = at;
        spec.zoneId = zone;
        spec.firstDate = first;
        spec.lastDate = last;
        return spec;
    }

    // Moves the clock in steps from `from` to `to`, running the scheduler at every step, as the
    // automation's timer does.
    void walk(const QDateTime &from, const QDateTime &to, qint64 stepSeconds)
    {
        for (QDateTime at = from; at <= to; at = at.addSecs(stepSeconds)) {
            f.clock.set(at);
            auto ran = scheduler->runDue(QStringLiteral("automation"));
            QVERIFY2(ran, qPrintable(ran ? QString() : ran.error().message));
            QVERIFY(dispatcher->releaseDue(QStringLiteral("automation")));
        }
    }

    QHash<QDate, QDateTime> dueTimes(qint64 reminder)
    {
        QHash<QDate, QDateTime> times;
        const QList<OccurrenceRow> rows =
            scheduler->occurrences(reminder).value_or(QList<OccurrenceRow>());
        for (const OccurrenceRow &row : rows)
            times.insert(row.localDate, row.dueAt);
        return times;
    }
};

} // namespace

class TestReminders : public QObject
{
    Q_OBJECT

private slots:
    void dailyReminderKeepsItsWallTimeAcrossFallBack()
    {
        // R-A: 09:00 in Chicago, created in CDT: 14:00Z before the change, 15:00Z after.
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/Chicago"), Rig::uncapped()));
        const QString chicago = QStringLiteral("America/Chicago");
        auto id = rig.scheduler->schedule(
            rig.daily("R-A", QTime(9, 0), chicago, QDate(2025, 10, 20), QDate(2025, 11, 10)),
            QStringLiteral("coord"));
        QVERIFY(id);
        rig.walk(utc("2025-10-20T00:00:00Z"), utc("2025-11-11T12:00:00Z"), 3600);
        const QHash<QDate, QDateTime> due = rig.dueTimes(*id);
        QCOMPARE(due.size(), 22);
        QCOMPARE(due.value(QDate(2025, 10, 27)), utc("2025-10-27T14:00:00Z"));
        QCOMPARE(due.value(QDate(2025, 11, 1)), utc("2025-11-01T14:00:00Z"));
        QCOMPARE(due.value(QDate(2025, 11, 2)), utc("2025-11-02T15:00:00Z"));
        QCOMPARE(due.value(QDate(2025, 11, 3)), utc("2025-11-03T15:00:00Z"));
        // One message per occurrence, each handed to the outbox once.
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages")), 22);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 22);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(DISTINCT message_key) FROM "
                                            "comms_messages")),
                 22);
    }

    void nonexistentTimeSendsOnceOnSpringForward()
    {
        // R-B: 02:30 does not exist in Chicago on 2026-03-08: read with the offset before the
        // change (02:30 CST = 08:30Z, shown as 03:30 CDT), once.
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/Chicago"), Rig::uncapped()));
        auto id = rig.scheduler->schedule(rig.daily("R-B", QTime(2, 30),
                                                    QStringLiteral("America/Chicago"),
                                                    QDate(2026, 3, 6), QDate(2026, 3, 10)),
                                          QStringLiteral("coord"));
        QVERIFY(id);
        rig.walk(utc("2026-03-06T00:00:00Z"), utc("2026-03-11T00:00:00Z"), 900);
        const auto rows = *rig.scheduler->occurrences(*id);
        QCOMPARE(rows.size(), 5);
        for (const OccurrenceRow &row : rows) {
            if (row.localDate == QDate(2026, 3, 8)) {
                QCOMPARE(row.dueAt, utc("2026-03-08T08:30:00Z"));
                QCOMPARE(row.fit, WallTime::Fit::Skipped);
            } else {
                QCOMPARE(row.fit, WallTime::Fit::Exact);
            }
        }
        QCOMPARE(rig.dueTimes(*id).value(QDate(2026, 3, 7)), utc("2026-03-07T08:30:00Z"));
        QCOMPARE(rig.dueTimes(*id).value(QDate(2026, 3, 9)), utc("2026-03-09T07:30:00Z"));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages")), 5);
    }

    void repeatedTimeSendsOnceOnFallBack()
    {
        // R-C: 01:30 happens twice in Chicago on 2025-11-02: the first (CDT, 06:30Z), once,
        // with the clock walked through both.
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/Chicago"), Rig::uncapped()));
        auto id = rig.scheduler->schedule(rig.daily("R-C", QTime(1, 30),
                                                    QStringLiteral("America/Chicago"),
                                                    QDate(2025, 11, 1), QDate(2025, 11, 3)),
                                          QStringLiteral("coord"));
        QVERIFY(id);
        rig.walk(utc("2025-11-01T00:00:00Z"), utc("2025-11-04T00:00:00Z"), 300);
        const auto rows = *rig.scheduler->occurrences(*id);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(1).localDate, QDate(2025, 11, 2));
        QCOMPARE(rows.at(1).dueAt, utc("2025-11-02T06:30:00Z"));
        QCOMPARE(rows.at(1).fit, WallTime::Fit::Repeated);
        QCOMPARE(rows.at(2).dueAt, utc("2025-11-03T07:30:00Z"));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages")), 3);
    }

    void zoneWithoutDstStaysPut()
    {
        // R-D: a Phoenix patient of a Chicago clinic: 09:00 Phoenix is 16:00Z all year.
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/Phoenix"), Rig::uncapped()));
        const QString phoenix = QStringLiteral("America/Phoenix");
        auto winter = rig.scheduler->schedule(
            rig.daily("R-D-winter", QTime(9, 0), phoenix, QDate(2026, 1, 14), QDate(2026, 1, 14)),
            QStringLiteral("coord"));
        auto summer = rig.scheduler->schedule(
            rig.daily("R-D-summer", QTime(9, 0), phoenix, QDate(2026, 7, 14), QDate(2026, 7, 14)),
            QStringLiteral("coord"));
        rig.walk(utc("2026-01-14T00:00:00Z"), utc("2026-01-15T00:00:00Z"), 1800);
        rig.walk(utc("2026-07-14T00:00:00Z"), utc("2026-07-15T00:00:00Z"), 1800);
        QCOMPARE(rig.dueTimes(*winter).value(QDate(2026, 1, 14)), utc("2026-01-14T16:00:00Z"));
        QCOMPARE(rig.dueTimes(*summer).value(QDate(2026, 7, 14)), utc("2026-07-14T16:00:00Z"));
    }

    void quietHoursHoldTheNightOccurrenceUntilMorning()
    {
        // R-B again with quiet hours on: the 03:30 message waits for 08:00 CDT and goes once.
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/Chicago"), Rig::uncapped(true)));
        auto id = rig.scheduler->schedule(rig.daily("R-B", QTime(2, 30),
                                                    QStringLiteral("America/Chicago"),
                                                    QDate(2026, 3, 8), QDate(2026, 3, 8)),
                                          QStringLiteral("coord"));
        QVERIFY(id);
        rig.walk(utc("2026-03-08T08:00:00Z"), utc("2026-03-08T16:00:00Z"), 600);
        auto messages = rig.dispatcher->messages(rig.master);
        QCOMPARE(messages->size(), 1);
        QCOMPARE(messages->first().status, QStringLiteral("queued"));
        QCOMPARE(messages->first().allowedAt, utc("2026-03-08T13:00:00Z"));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 1);
    }

    void twoWorkstationsClaimEachOccurrenceOnce()
    {
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/New_York"), Rig::uncapped()));
        const QString ny = QStringLiteral("America/New_York");
        for (int i = 0; i < 6; ++i) {
            ReminderSpec spec =
                rig.daily("", QTime(9, 0), ny, QDate(2026, 3, 2), QDate(2026, 3, 6));
            spec.key = QStringLiteral("series-%1").arg(i);
            QVERIFY(rig.scheduler->schedule(spec, QStringLiteral("coord")));
        }
        // A second workstation: its own dispatcher and scheduler on another thread's connection.
        MessageDispatcher otherDispatcher(rig.f.cache, *rig.f.audit, rig.f.clock, Rig::uncapped(),
                                          rig.templates);
        ReminderScheduler other(rig.f.cache, *rig.f.audit, rig.f.clock, otherDispatcher,
                                ReminderScheduler::Settings{});
        for (QDateTime at = utc("2026-03-02T13:00:00Z"); at <= utc("2026-03-07T00:00:00Z");
             at = at.addSecs(3 * 3600)) {
            rig.f.clock.set(at);
            auto mine = QtConcurrent::run([&] {
                auto report = rig.scheduler->runDue(QStringLiteral("ws-1"));
                rig.f.cache->releaseThreadConnection();
                return report.has_value();
            });
            auto theirs = QtConcurrent::run([&] {
                auto report = other.runDue(QStringLiteral("ws-2"));
                rig.f.cache->releaseThreadConnection();
                return report.has_value();
            });
            QVERIFY(mine.result());
            QVERIFY(theirs.result());
        }
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM reminder_occurrences")), 30);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages")), 30);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 30);
        // Both workstations did some of the work.
        QVERIFY(rig.f.count(QStringLiteral("SELECT count(DISTINCT claimed_by) FROM "
                                           "reminder_occurrences")) >= 1);
        QCOMPARE(rig.f.audit->verify().intact, true);
    }

    void restartNeverSendsTwice()
    {
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/New_York"), Rig::uncapped()));
        auto id = rig.scheduler->schedule(rig.daily("R-1001", QTime(9, 30),
                                                    QStringLiteral("America/New_York"),
                                                    QDate(2026, 3, 4), QDate(2026, 3, 4)),
                                          QStringLiteral("coord"));
        QVERIFY(id);
        rig.f.clock.set(utc("2026-03-04T14:31:00Z"));
        QCOMPARE(rig.scheduler->runDue(QStringLiteral("automation"))->queued, 1);

        // Restart: everything built again over a cache opened afresh.
        rig.scheduler.reset();
        rig.dispatcher.reset();
        rig.f.audit.reset();
        rig.f.cache.reset();
        QVERIFY(rig.f.open());
        MessageDispatcher dispatcher(rig.f.cache, *rig.f.audit, rig.f.clock, Rig::uncapped(),
                                     rig.templates);
        ReminderScheduler scheduler(rig.f.cache, *rig.f.audit, rig.f.clock, dispatcher,
                                    ReminderScheduler::Settings{});
        auto again = scheduler.runDue(QStringLiteral("automation"));
        QVERIFY(again);
        QCOMPARE(again->queued, 0);
        QCOMPARE(again->alreadyClaimed, 1);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 1);
    }

    void interruptedClaimIsClaimedAgain()
    {
        // A crash before the claim's transaction commits leaves no trace: the next run sends it.
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/New_York"), Rig::uncapped()));
        auto id = rig.scheduler->schedule(rig.daily("R-2", QTime(9, 30),
                                                    QStringLiteral("America/New_York"),
                                                    QDate(2026, 3, 4), QDate(2026, 3, 4)),
                                          QStringLiteral("coord"));
        rig.f.clock.set(utc("2026-03-04T14:31:00Z"));
        QSqlDatabase db = rig.f.cache->connection();
        QVERIFY(db.transaction());
        QSqlQuery claim(db);
        QVERIFY(claim.exec(QStringLiteral("INSERT INTO reminder_occurrences VALUES (%1, "
                                          "'2026-03-04', 'x', 'exact', 'claimed', 'ws', 'x', "
                                          "NULL)")
                               .arg(*id)));
        db.rollback(); // the process died here
        QCOMPARE(rig.scheduler->runDue(QStringLiteral("automation"))->queued, 1);
    }

    void distinctRemindersAreNeverDropped()
    {
        // Two appointments' reminders at the same minute: both claimed; the daily cap holds the
        // second for later rather than losing it.
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/New_York")));
        for (const char *key : {"appt-a", "appt-b"}) {
            ReminderSpec spec = rig.daily(key, QTime(10, 0), QStringLiteral("America/New_York"),
                                          QDate(2026, 3, 4), QDate(2026, 3, 4));
            spec.kind = ReminderKind::Appointment;
            spec.subjectRef = QStringLiteral("Appointment/") + QString::fromLatin1(key);
            spec.eventAt = utc("2026-03-09T15:00:00Z");
            QVERIFY(rig.scheduler->schedule(spec, QStringLiteral("coord")));
        }
        rig.f.clock.set(utc("2026-03-04T15:00:00Z"));
        auto report = rig.scheduler->runDue(QStringLiteral("automation"));
        QCOMPARE(report->claimed, 2);
        QCOMPARE(report->queued, 1);
        QCOMPARE(report->held, 1);
        rig.walk(utc("2026-03-04T15:00:00Z"), utc("2026-03-05T16:00:00Z"), 1800);
        auto messages = *rig.dispatcher->messages(rig.master);
        QCOMPARE(messages.size(), 2);
        for (const MessageRecord &m : messages)
            QCOMPARE(m.status, QStringLiteral("queued"));
        QCOMPARE(messages.at(0).allowedAt, utc("2026-03-05T15:00:00Z"));
    }

    void missedOccurrenceIsRecordedNotSentLate()
    {
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/New_York"), Rig::uncapped()));
        auto id = rig.scheduler->schedule(rig.daily("late", QTime(9, 0),
                                                    QStringLiteral("America/New_York"),
                                                    QDate(2026, 3, 3), QDate(2026, 3, 4)),
                                          QStringLiteral("coord"));
        rig.f.clock.set(utc("2026-03-04T14:30:00Z")); // off since before the 3rd's 09:00
        auto report = rig.scheduler->runDue(QStringLiteral("automation"));
        QCOMPARE(report->missed, 1);
        QCOMPARE(report->queued, 1);
        const auto rows = *rig.scheduler->occurrences(*id);
        QCOMPARE(rows.first().status, QStringLiteral("missed"));
    }

    void badSpecsAreRefused()
    {
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/New_York")));
        ReminderSpec spec = rig.daily("bad", QTime(9, 0), QStringLiteral("America/Atlantis"),
                                      QDate(2026, 3, 4), QDate(2026, 3, 4));
        auto refused = rig.scheduler->schedule(spec, QStringLiteral("coord"));
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("America/Atlantis")));
        spec.zoneId = QStringLiteral("America/New_York");
        spec.lastDate = QDate(2026, 3, 1);
        QVERIFY(!rig.scheduler->schedule(spec, QStringLiteral("coord")));
    }

    void journeyAppointmentsGetRemindersThatFollowChanges()
    {
        Rig rig;
        QVERIFY(rig.start(QStringLiteral("America/Chicago"), Rig::uncapped()));
        auto classifier = ReplyClassifier::builtIn();
        Importer importer(rig.f.cache, *rig.f.audit, *classifier, rig.f.clock, TriageSettings{},
                          *rig.f.access, principalForAutomation());
        auto import = [&](const char *start, const char *status) {
            const QByteArray json =
                QByteArray("{\"resourceType\":\"Appointment\",\"id\":\"ap1\",\"status\":\"") +
                status + "\",\"start\":\"" + start +
                "\",\"specialty\":[{\"text\":\"Cardiology\"}],\"participant\":[{\"actor\":"
                "{\"reference\":\"Patient/p1\"}},{\"actor\":{\"reference\":\"Location/l1\","
                "\"display\":\"North Clinic\"}}]}";
            return importer
                .importBytes(json, QStringLiteral("appointment.json"), Importer::Format::FhirJson)
                .has_value();
        };
        QVERIFY(import("2026-03-10T15:30:00Z", "booked"));
        QCOMPARE(*rig.scheduler->scheduleFromJourney(rig.master, QStringLiteral("automation")), 2);
        QCOMPARE(*rig.scheduler->scheduleFromJourney(rig.master, QStringLiteral("automation")), 0);
        auto reminders = *rig.scheduler->reminders(rig.master);
        QCOMPARE(reminders.size(), 2);
        QCOMPARE(reminders.at(0).spec.firstDate, QDate(2026, 3, 8));
        QCOMPARE(reminders.at(0).spec.zoneId, QStringLiteral("America/Chicago"));
        QCOMPARE(reminders.at(0).spec.specialty, QStringLiteral("cardiology"));
        QCOMPARE(reminders.at(0).spec.location, QStringLiteral("North Clinic"));

        // Moved a day later: the old reminders are cancelled, two new ones take their place.
        QVERIFY(import("2026-03-11T15:30:00Z", "booked"));
        QCOMPARE(*rig.scheduler->scheduleFromJourney(rig.master, QStringLiteral("automation")), 2);
        reminders = *rig.scheduler->reminders(rig.master);
        QCOMPARE(reminders.size(), 4);
        QCOMPARE(reminders.at(0).status, QStringLiteral("cancelled"));
        QCOMPARE(reminders.at(1).status, QStringLiteral("cancelled"));
        QCOMPARE(reminders.at(3).spec.firstDate, QDate(2026, 3, 10));

        // The reminder the day before goes out at 10:00 Chicago time with the clinic's name.
        rig.walk(utc("2026-03-10T14:00:00Z"), utc("2026-03-10T16:00:00Z"), 1800);
        auto messages = *rig.dispatcher->messages(rig.master);
        QCOMPARE(messages.size(), 1);
        QVERIFY(messages.first().body.contains(QStringLiteral("North Clinic")));
        QVERIFY2(messages.first().body.contains(QStringLiteral("Wednesday, March 11 at 10:30 AM")),
                 qPrintable(messages.first().body));
        QVERIFY(messages.first().body.contains(QStringLiteral("list of medicines")));

        // Cancelled: nothing more is sent for it.
        QVERIFY(import("2026-03-11T15:30:00Z", "cancelled"));
        QVERIFY(rig.scheduler->scheduleFromJourney(rig.master, QStringLiteral("automation")));
        reminders = *rig.scheduler->reminders(rig.master);
        for (const ReminderRow &row : std::as_const(reminders))
            QCOMPARE(row.status, QStringLiteral("cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestReminders)
#include "tst_reminders.moc"
