// SPDX-License-Identifier: GPL-3.0-or-later
// Every send path through the one gate, in a real cache: the batch of case 26, manual sends,
// retries at the moment of sending, duplicate keys, caps that two workstations cannot both pass,
// and the clinical callback's audit entry.
#include "CommsFixture.h"

#include "services/comms/ConsentLedger.h"
#include "services/comms/MessageDispatcher.h"
#include "services/outbox/OutboxStore.h"

#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

struct Rig {
    CommsFixture f;
    std::shared_ptr<const MessageTemplates> templates;
    std::unique_ptr<MessageDispatcher> dispatcher;

    bool start(SendPolicy policy = SendPolicy{})
    {
        auto built = MessageTemplates::builtIn();
        if (!f.open() || !built)
            return false;
        templates = std::make_shared<const MessageTemplates>(std::move(*built));
        dispatcher = std::make_unique<MessageDispatcher>(f.cache, *f.audit, f.clock,
                                                         std::move(policy), templates);
        return true;
    }

    QString patient(const QString &id, const QString &zone)
    {
        const QString master = f.addPatient(id, zone);
        ConsentEvent grant;
        grant.masterId = master;
        grant.source = QStringLiteral("enrollment");
        grant.effectiveAt = grant.recordedAt = utc("2026-01-01T00:00:00Z");
        QSqlDatabase db = f.cache->connection();
        db.transaction();
        ConsentLedger::append(db, *f.audit, QStringLiteral("coord"), grant);
        db.commit();
        return master;
    }

    MessageDraft reminder(const QString &master, SendPath path = SendPath::Batch)
    {
        MessageDraft draft;
        draft.request.masterId = master;
        draft.request.kind = MessageKind::AppointmentReminder;
        draft.request.path = path;
        draft.request.appointmentRef = QStringLiteral("Appointment/") + master;
        draft.templateId = QStringLiteral("appointment-reminder");
        draft.fields.when = utc("2026-03-06T15:00:00Z");
        draft.fields.location = QStringLiteral("North Clinic");
        draft.requestedBy = QStringLiteral("automation");
        return draft;
    }
};

} // namespace

class TestMessageDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void batchAtNightRespectsEachPatientsZone()
    {
        // Case 26: a batch at 23:30 New York with 40 reminders due. The Los Angeles patient
        // (20:30 there) gets hers now; the New York ones wait for 08:00 and go once each.
        Rig rig;
        QVERIFY(rig.start());
        rig.f.clock.set(utc("2026-03-05T04:30:00Z"));
        const QString la =
            rig.patient(QStringLiteral("P-7"), QStringLiteral("America/Los_Angeles"));
        QList<QString> newYork;
        for (int i = 0; i < 39; ++i)
            newYork.append(
                rig.patient(QStringLiteral("NY-%1").arg(i), QStringLiteral("America/New_York")));
        QCOMPARE(rig.dispatcher->submit(rig.reminder(la))->status, QStringLiteral("queued"));
        for (const QString &master : std::as_const(newYork)) {
            auto outcome = rig.dispatcher->submit(rig.reminder(master));
            QCOMPARE(outcome->status, QStringLiteral("held"));
            QCOMPARE(outcome->decision.deferUntil, utc("2026-03-05T13:00:00Z"));
        }
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 1);

        // Nothing is released before 08:00; at 08:00 each goes once, and again nothing after.
        rig.f.clock.set(utc("2026-03-05T12:59:00Z"));
        QCOMPARE(*rig.dispatcher->releaseDue(QStringLiteral("automation")), 0);
        rig.f.clock.set(utc("2026-03-05T13:00:00Z"));
        QCOMPARE(*rig.dispatcher->releaseDue(QStringLiteral("automation")), 39);
        QCOMPARE(*rig.dispatcher->releaseDue(QStringLiteral("automation")), 0);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 40);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages WHERE status = "
                                            "'queued'")),
                 40);
        // No patient-local send inside the window, on any path.
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages WHERE "
                                            "master_id != '%1' AND allowed_at < "
                                            "'2026-03-05T13:00:00'")
                                 .arg(la)),
                 0);
    }

    void manualSendAtNightIsDeferredNotSent()
    {
        Rig rig;
        QVERIFY(rig.start());
        rig.f.clock.set(utc("2026-03-05T03:15:00Z")); // 22:15 New York
        const QString p8 = rig.patient(QStringLiteral("P-8"), QStringLiteral("America/New_York"));
        MessageDraft draft = rig.reminder(p8, SendPath::Manual);
        draft.templateId.clear();
        draft.request.kind = MessageKind::Education;
        draft.body = QStringLiteral("Your new inhaler guide is ready.");
        draft.requestedBy = QStringLiteral("coord.lee");
        auto outcome = rig.dispatcher->submit(draft);
        QCOMPARE(outcome->status, QStringLiteral("held"));
        QVERIFY(!outcome->decision.bypassed);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 0);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'message-held' AND actor = 'coord.lee'")),
                 1);
    }

    void retryAtSendTimeIsDeferredByQuietHours()
    {
        // Case 26: a send that failed at 20:55 is retried at 21:05: held, not sent.
        Rig rig;
        QVERIFY(rig.start());
        rig.f.clock.set(utc("2026-03-05T01:55:00Z"));
        const QString p = rig.patient(QStringLiteral("P-9"), QStringLiteral("America/New_York"));
        auto outcome = rig.dispatcher->submit(rig.reminder(p, SendPath::Automated));
        QCOMPARE(outcome->status, QStringLiteral("queued"));
        rig.f.clock.set(utc("2026-03-05T02:05:00Z"));
        auto check = rig.dispatcher->checkAtSend(outcome->messageId, true);
        QVERIFY(check);
        QCOMPARE(check->decision.verdict, Verdict::Defer);
        QCOMPARE(check->message.status, QStringLiteral("held"));
        QCOMPARE(rig.dispatcher->message(outcome->messageId)->notBefore,
                 utc("2026-03-05T13:00:00Z"));
        // Released in the morning with a new outbox command under the message's own key.
        rig.f.clock.set(utc("2026-03-05T13:00:00Z"));
        QCOMPARE(*rig.dispatcher->releaseDue(QStringLiteral("automation")), 1);
        auto commands = *OutboxStore(rig.f.cache->connection()).list({});
        QCOMPARE(commands.size(), 2);
        QVERIFY(commands.at(1).idempotencyKey.startsWith(
            rig.dispatcher->message(outcome->messageId)->key));
        QVERIFY(commands.at(0).idempotencyKey != commands.at(1).idempotencyKey);
    }

    void sameKeyIsOneMessage()
    {
        Rig rig;
        QVERIFY(rig.start());
        const QString p = rig.patient(QStringLiteral("P-1"), QStringLiteral("America/New_York"));
        MessageDraft draft = rig.reminder(p);
        draft.request.messageKey = QStringLiteral("reminder:1:2026-03-04");
        auto first = rig.dispatcher->submit(draft);
        auto second = rig.dispatcher->submit(draft);
        QVERIFY(!first->duplicate);
        QVERIFY(second->duplicate);
        QCOMPARE(second->messageId, first->messageId);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages")), 1);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 1);
    }

    void twoWorkstationsCannotBothPassTheDailyCap()
    {
        // Both decide inside BEGIN IMMEDIATE: the second sees the first one's message.
        Rig rig;
        QVERIFY(rig.start());
        const QString p = rig.patient(QStringLiteral("P-2"), QStringLiteral("America/New_York"));
        MessageDispatcher other(rig.f.cache, *rig.f.audit, rig.f.clock, SendPolicy{},
                                rig.templates);
        for (int round = 0; round < 10; ++round) {
            auto a = QtConcurrent::run([&] {
                auto outcome = rig.dispatcher->submit(rig.reminder(p, SendPath::Automated));
                rig.f.cache->releaseThreadConnection();
                return outcome ? outcome->status : QString();
            });
            auto b = QtConcurrent::run([&] {
                MessageDraft draft = rig.reminder(p, SendPath::Automated);
                draft.request.appointmentRef = QStringLiteral("Appointment/other");
                auto outcome = other.submit(draft);
                rig.f.cache->releaseThreadConnection();
                return outcome ? outcome->status : QString();
            });
            QVERIFY(!a.result().isEmpty());
            QVERIFY(!b.result().isEmpty());
        }
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages")), 20);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages WHERE status = "
                                            "'queued'")),
                 1);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 1);
        QVERIFY(rig.f.audit->verifyChain().intact);
    }

    void callbackBypassIsAudited()
    {
        Rig rig;
        QVERIFY(rig.start());
        rig.f.clock.set(utc("2026-03-05T03:15:00Z"));
        const QString p = rig.patient(QStringLiteral("P-3"), QStringLiteral("America/New_York"));
        QSqlQuery item(rig.f.cache->connection());
        QVERIFY(item.exec(QStringLiteral("INSERT INTO replies VALUES ('c1', '%1', "
                                         "'2026-03-05T03:10:00', 'x', 'emergent', 0, 0, 'en', "
                                         "'[]', 'v', NULL)")
                              .arg(p)));
        QVERIFY(item.exec(QStringLiteral("INSERT INTO triage_items (communication_id, master_id, "
                                         "tier, tier_rank, received_at, ingested_at, due_at) "
                                         "VALUES ('c1', '%1', 'emergent', 2, 'x', 'x', 'x')")
                              .arg(p)));
        const qint64 id = item.lastInsertId().toLongLong();
        MessageDraft draft = rig.reminder(p, SendPath::Manual);
        draft.templateId = QStringLiteral("callback");
        draft.request.kind = MessageKind::Callback;
        draft.request.callbackItemId = id;
        draft.requestedBy = QStringLiteral("nurse.ana");
        auto outcome = rig.dispatcher->submit(draft);
        QCOMPARE(outcome->status, QStringLiteral("queued"));
        QVERIFY(outcome->decision.bypassed);
        QSqlQuery audit(rig.f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT actor, detail FROM audit_log WHERE action = "
                                          "'consent-bypass'")));
        QVERIFY(audit.next());
        QCOMPARE(audit.value(0).toString(), QStringLiteral("nurse.ana"));
        QCOMPARE(audit.value(1).toString(),
                 QStringLiteral("bypass=clinical-callback;triage-item=%1").arg(id));
        QVERIFY(!audit.next());
        audit.finish();

        // The nurse resolves the item before the channel gets to the message: it still goes.
        rig.f.clock.advanceSecs(60);
        QVERIFY(item.exec(QStringLiteral("UPDATE triage_items SET status = 'resolved', "
                                         "resolved_at = '%1' WHERE id = %2")
                              .arg(toStorageTime(rig.f.clock.now()))
                              .arg(id)));
        auto atSend = rig.dispatcher->checkAtSend(outcome->messageId, false);
        QCOMPARE(atSend->decision.verdict, Verdict::Allow);
        // A new callback about the resolved item is no bypass.
        draft.request.messageKey.clear();
        QCOMPARE(rig.dispatcher->submit(draft)->status, QStringLiteral("denied"));
    }

    void messagesNeedSomewhereToGo()
    {
        Rig rig;
        QVERIFY(rig.start());
        const QString p = rig.patient(QStringLiteral("P-4"), QStringLiteral("America/New_York"));
        QSqlQuery clear(rig.f.cache->connection());
        QVERIFY(clear.exec(QStringLiteral("UPDATE patients SET phone = NULL")));
        auto refused = rig.dispatcher->submit(rig.reminder(p));
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("no phone number")));
        MessageDraft nobody = rig.reminder(QStringLiteral("MPI-NOBODY"));
        QCOMPARE(rig.dispatcher->submit(nobody).error().code, Error::Code::NotFound);
        MessageDraft anonymous = rig.reminder(p);
        anonymous.requestedBy.clear();
        QCOMPARE(rig.dispatcher->submit(anonymous).error().code, Error::Code::Permission);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM comms_messages")), 0);
    }

    void deniedMessagesAreKeptWithTheirReasons()
    {
        Rig rig;
        QVERIFY(rig.start());
        const QString p =
            rig.f.addPatient(QStringLiteral("P-5"), QStringLiteral("America/New_York"));
        auto outcome = rig.dispatcher->submit(rig.reminder(p)); // no SMS consent on the ledger
        QCOMPARE(outcome->status, QStringLiteral("denied"));
        const MessageRecord record = *rig.dispatcher->message(outcome->messageId);
        QCOMPARE(record.decision.value(QLatin1String("decision")).toString(),
                 QStringLiteral("deny"));
        QVERIFY(QJsonDocument(record.decision).toJson().contains("express consent"));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 0);
        // The audit entry says which rule, never the message.
        QSqlQuery audit(rig.f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT detail FROM audit_log WHERE action = "
                                          "'message-denied'")));
        QVERIFY(audit.next());
        QVERIFY(audit.value(0).toString().contains(QStringLiteral("rules=channel-consent")));
        QVERIFY(!audit.value(0).toString().contains(QStringLiteral("North Clinic")));
    }
};

QTEST_GUILESS_MAIN(TestMessageDispatcher)
#include "tst_messagedispatcher.moc"
