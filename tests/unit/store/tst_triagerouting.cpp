// SPDX-License-Identifier: GPL-3.0-or-later
// Routing (issue 6, item 5): one open item per patient and episode, later replies attach and can
// only raise, a raise asks for a new acknowledgement, and every step is audited.
#include "TestCache.h"

#include "services/maintenance/Retention.h"
#include "services/store/Schema.h"
#include "services/triage/QueueEvents.h"
#include "services/triage/TriageRouter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QStandardPaths>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QString kNurse = QStringLiteral("nurse.ana");

QByteArray communication(const QString &id, const QString &patient, const QString &text)
{
    QJsonObject object{
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

class TestTriageRouting : public QObject
{
    Q_OBJECT

private:
    // Imports one reply and returns what routing did with it.
    static std::optional<ImportSummary> send(TriageFixture &f, const QString &id,
                                             const QString &patient, const QString &text)
    {
        auto summary =
            f.importer->importBytes(communication(id, patient, text),
                                    id + QStringLiteral(".ndjson"), Importer::Format::FhirNdjson);
        if (!summary)
            qWarning("%s", qPrintable(summary.error().message));
        return summary ? std::optional<ImportSummary>(*summary) : std::nullopt;
    }

    static QStringList trail(TriageFixture &f, qint64 itemId)
    {
        QSqlQuery audit(f.cache->connection());
        audit.exec(QStringLiteral("SELECT action FROM audit_log WHERE object = 'triage-item/%1' "
                                  "AND outcome = 'success' ORDER BY seq")
                       .arg(itemId));
        QStringList actions;
        while (audit.next())
            actions.append(audit.value(0).toString());
        return actions;
    }

    static QStringList events(TriageFixture &f)
    {
        auto list = queueEventsAfter(f.cache->connection(), 0);
        QStringList kinds;
        for (const QueueEvent &event : list.value_or(QList<QueueEvent>{}))
            kinds.append(queueEventKindName(event.kind) + u':' + tierName(event.tier));
        return kinds;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // A patient's replies while their item is open are one episode: one item, whatever the
    // order of tiers; the item keeps the highest tier it reached.
    void onePatientOneOpenItem_data()
    {
        QTest::addColumn<QStringList>("replies");
        QTest::addColumn<TriageTier>("tier");
        QTest::addColumn<int>("raises");
        QTest::newRow("urgent then emergent raises")
            << QStringList{QStringLiteral("I have a high fever"),
                           QStringLiteral("now my chest hurts")}
            << TriageTier::Emergent << 1;
        QTest::newRow("emergent then routine stays emergent")
            << QStringList{QStringLiteral("I can't breathe"), QStringLiteral("ok thanks")}
            << TriageTier::Emergent << 0;
        QTest::newRow("emergent then urgent stays emergent")
            << QStringList{QStringLiteral("crushing chest pain"), QStringLiteral("also a fever")}
            << TriageTier::Emergent << 0;
        QTest::newRow("review then urgent then emergent raises twice")
            << QStringList{QStringLiteral("not sure if it's heartburn or chest pain"),
                           QStringLiteral("I feel dizzy"),
                           QStringLiteral("I passed out and now "
                                          "I can't breathe")}
            << TriageTier::Emergent << 1;
        QTest::newRow("routine first opens nothing, the urgent one opens the item")
            << QStringList{QStringLiteral("thanks, got it"), QStringLiteral("I fainted")}
            << TriageTier::Urgent << 0;
    }

    void onePatientOneOpenItem()
    {
        QFETCH(QStringList, replies);
        QFETCH(TriageTier, tier);
        QFETCH(int, raises);
        TriageFixture f;
        QVERIFY(f.start());
        for (qsizetype i = 0; i < replies.size(); ++i) {
            QVERIFY(send(f, QStringLiteral("r%1").arg(i), QStringLiteral("p-1"), replies.at(i)));
            f.clock.advanceSecs(30);
        }
        QVERIFY(
            send(f, QStringLiteral("other"), QStringLiteral("p-2"), QStringLiteral("I fainted")));

        auto items = f.triage->openItems(nurse());
        QVERIFY(items);
        QCOMPARE(items->size(), 2);
        const TriageItem &item =
            *std::find_if(items->cbegin(), items->cend(), [](const TriageItem &candidate) {
                return candidate.communicationId != QLatin1String("other");
            });
        QCOMPARE(item.tier, tier);
        QCOMPARE(item.source, ItemSource::reply());
        QCOMPARE(item.episode, replyEpisode());
        const int attachedToItem = int(trail(f, item.id).count(QStringLiteral("attach-reply")) +
                                       trail(f, item.id).count(QStringLiteral("raise")));
        QCOMPARE(item.replyCount, 1 + attachedToItem);
        QCOMPARE(int(trail(f, item.id).count(QStringLiteral("raise"))), raises);
        QCOMPARE(trail(f, item.id).first(), QStringLiteral("open-item"));
        QCOMPARE(*f.triage->verifyAgainstAudit(), QString());
        QVERIFY(f.audit->verify().intact);

        // The nurse reads every reply of the episode, oldest first.
        auto detail = f.triage->viewItem(item.id, nurse(kNurse));
        QVERIFY(detail);
        QCOMPARE(detail->replies.size(), item.replyCount);
        QCOMPARE(detail->replies.last().text, replies.last());
    }

    // The raise: the tier rises, the deadline becomes the new tier's (never later than the one
    // still owed), a claimed item must be acknowledged again, the ladder starts over.
    void raiseAsksForANewAcknowledgement()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("I fainted")));
        const qint64 id = f.triage->openItems(nurse())->first().id;
        const QDateTime openedAt = f.clock.now();
        QCOMPARE(f.triage->openItems(nurse())->first().dueAt, openedAt.addSecs(15 * 60));

        f.clock.advanceSecs(60);
        QVERIFY(f.triage->claim(id, nurse(kNurse)));
        auto claimed = f.triage->item(id, nurse());
        QVERIFY(claimed && !claimed->awaitsAcknowledgement());
        QCOMPARE(claimed->firstAcknowledgedAt, openedAt.addSecs(60));
        QCOMPARE(claimed->secondsToAcknowledge(), qint64(60));

        f.clock.advanceSecs(120);
        auto raised = send(f, QStringLiteral("b"), QStringLiteral("p-1"),
                           QStringLiteral("now I can't breathe"));
        QVERIFY(raised);
        QCOMPARE(raised->itemsRaised, 1);
        QCOMPARE(raised->triageItems, 0);
        auto item = f.triage->item(id, nurse());
        QVERIFY(item);
        QCOMPARE(item->tier, TriageTier::Emergent);
        QCOMPARE(item->status, TriageStatus::Claimed);
        QCOMPARE(item->owner, kNurse);
        QVERIFY(item->awaitsAcknowledgement());
        QCOMPARE(item->raisedAt, f.clock.now());
        QCOMPARE(item->dueAt, f.clock.now().addSecs(5 * 60));
        QCOMPARE(item->firstAcknowledgedAt, openedAt.addSecs(60)); // the first one stays
        QVERIFY(events(f).contains(QStringLiteral("raised:emergent")));

        // Someone else cannot take it; the owner acknowledges by claiming again.
        QVERIFY(!f.triage->claim(id, nurse(QStringLiteral("nurse.ben"))));
        f.clock.advanceSecs(30);
        QVERIFY(f.triage->claim(id, nurse(kNurse)));
        QVERIFY(!f.triage->item(id, nurse())->awaitsAcknowledgement());
        QCOMPARE(trail(f, id), (QStringList{QStringLiteral("open-item"), QStringLiteral("claim"),
                                            QStringLiteral("raise"), QStringLiteral("claim")}));
        QCOMPARE(*f.triage->verifyAgainstAudit(), QString());
    }

    // An unacknowledged urgent item raised to emergent keeps the earlier of the two deadlines.
    void raiseNeverMovesAnOwedDeadlineLater()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("I fainted")));
        const QDateTime due = f.triage->openItems(nurse())->first().dueAt;
        f.clock.advanceSecs(14 * 60);
        QVERIFY(send(f, QStringLiteral("b"), QStringLiteral("p-1"), QStringLiteral("chest pain")));
        QCOMPARE(f.triage->openItems(nurse())->first().dueAt, due);
        QCOMPARE(f.triage->openItems(nurse())->first().tier, TriageTier::Emergent);
    }

    // Resolving ends the episode: the next reply that needs a person opens a new item.
    void resolvingEndsTheEpisode()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("chest pain")));
        const qint64 first = f.triage->openItems(nurse())->first().id;
        QVERIFY(f.triage->resolve(first, nurse(kNurse), QStringLiteral("sent-to-emergency"),
                                  QStringLiteral("Advised to call 911.")));
        QVERIFY(send(f, QStringLiteral("b"), QStringLiteral("p-1"), QStringLiteral("thank you")));
        QVERIFY(f.triage->openItems(nurse())->isEmpty());
        QVERIFY(send(f, QStringLiteral("c"), QStringLiteral("p-1"), QStringLiteral("fever again")));
        QCOMPARE(f.triage->openItems(nurse())->size(), 1);
        QVERIFY(f.triage->openItems(nurse())->first().id != first);
        QCOMPARE(f.triage->item(first, nurse())->replyCount, 1);
    }

    // The database itself refuses a second open item for one patient and episode, so two
    // writers (workstations, a headless worker) can never open two.
    void databaseRefusesASecondOpenEpisode()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("chest pain")));
        const TriageItem item = f.triage->openItems(nurse())->first();
        QSqlQuery insert(f.cache->connection());
        QVERIFY(!insert.exec(QStringLiteral("INSERT INTO triage_items (master_id, tier, "
                                            "tier_rank, received_at, ingested_at, due_at) "
                                            "VALUES ('%1', 'urgent', 1, 'x', 'x', 'x')")
                                 .arg(item.masterId)));
        QVERIFY(insert.exec(QStringLiteral("INSERT INTO triage_items (master_id, episode, tier, "
                                           "tier_rank, received_at, ingested_at, due_at) VALUES "
                                           "('%1', 'other', 'urgent', 1, 'x', 'x', 'x')")
                                .arg(item.masterId)));
    }

    // A raise changed behind the service's back is found; so is an attached reply rewritten.
    void tamperingWithAnEpisodeIsDetected_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("found");
        QTest::newRow("tier lowered after the raise")
            << QStringLiteral("UPDATE triage_items SET tier = 'urgent'")
            << QStringLiteral("tier differs");
        QTest::newRow("attached reply rewritten")
            << QStringLiteral("UPDATE replies SET body = 'all fine' WHERE communication_id = 'b'")
            << QStringLiteral("message b");
    }

    void tamperingWithAnEpisodeIsDetected()
    {
        QFETCH(QString, tamper);
        QFETCH(QString, found);
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("I fainted")));
        QVERIFY(send(f, QStringLiteral("b"), QStringLiteral("p-1"), QStringLiteral("chest pain")));
        QCOMPARE(*f.triage->verifyAgainstAudit(), QString());
        QSqlQuery edit(f.cache->connection());
        QVERIFY2(edit.exec(tamper), qPrintable(edit.lastError().text()));
        const auto problem = f.triage->verifyAgainstAudit();
        QVERIFY(problem);
        QVERIFY2(problem->contains(found), qPrintable(*problem));
    }

    // Every change leaves a queue event for the other workstations, without text.
    void changesAreQueueEvents()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("I fainted")));
        QVERIFY(send(f, QStringLiteral("b"), QStringLiteral("p-1"), QStringLiteral("thanks")));
        QVERIFY(send(f, QStringLiteral("c"), QStringLiteral("p-1"), QStringLiteral("chest pain")));
        const qint64 id = f.triage->openItems(nurse())->first().id;
        QVERIFY(f.triage->claim(id, nurse(kNurse)));
        QVERIFY(f.triage->release(id, nurse(kNurse)));
        QVERIFY(f.triage->assign(id, nurse(kNurse), QStringLiteral("nurse.ben")));
        QVERIFY(f.triage->resolve(id, nurse(QStringLiteral("nurse.ben")),
                                  QStringLiteral("called-patient"),
                                  QStringLiteral("Called back.")));
        QCOMPARE(events(f),
                 (QStringList{
                     QStringLiteral("opened:urgent"), QStringLiteral("attached:urgent"),
                     QStringLiteral("raised:emergent"), QStringLiteral("acknowledged:emergent"),
                     QStringLiteral("released:emergent"), QStringLiteral("acknowledged:emergent"),
                     QStringLiteral("resolved:emergent")}));
        QSqlQuery columns(f.cache->connection());
        QVERIFY(columns.exec(QStringLiteral("SELECT count(*) FROM triage_events WHERE target "
                                            "LIKE '%pain%' OR kind LIKE '%pain%'")) &&
                columns.next());
        QCOMPARE(columns.value(0).toInt(), 0);
    }

    // Release gives the item back owing a new acknowledgement within its tier's deadline.
    void releaseOwesANewAcknowledgement()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("chest pain")));
        const qint64 id = f.triage->openItems(nurse())->first().id;
        f.clock.advanceSecs(600);
        QVERIFY(f.triage->claim(id, nurse(kNurse)));
        f.clock.advanceSecs(60);
        QVERIFY(f.triage->release(id, nurse(kNurse)));
        auto item = f.triage->item(id, nurse());
        QVERIFY(item->awaitsAcknowledgement());
        QCOMPARE(item->dueAt, f.clock.now().addSecs(5 * 60));
        QCOMPARE(item->secondsToAcknowledge(), qint64(600));
    }

    // Claim next takes the most urgent open item nobody has; two nurses never get the same one.
    void claimNextTakesTheTopUnclaimedItem()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("I fainted")));
        f.clock.advanceSecs(10);
        QVERIFY(send(f, QStringLiteral("b"), QStringLiteral("p-2"), QStringLiteral("chest pain")));
        f.clock.advanceSecs(10);
        QVERIFY(
            send(f, QStringLiteral("c"), QStringLiteral("p-3"), QStringLiteral("can't breathe")));
        const QList<TriageItem> items = *f.triage->openItems(nurse());

        const auto first = f.triage->claimNext(nurse(kNurse));
        QVERIFY(first);
        QCOMPARE(*first, items.at(0).id); // emergent, oldest
        const auto second = f.triage->claimNext(nurse(QStringLiteral("nurse.ben")));
        QCOMPARE(*second, items.at(1).id);
        // Limited to what a filter shows: only the urgent one is left among them.
        const auto filtered =
            f.triage->claimNext(nurse(QStringLiteral("nurse.cy")), {items.at(2).id});
        QCOMPARE(*filtered, items.at(2).id);
        QCOMPARE(*f.triage->claimNext(nurse(QStringLiteral("nurse.dee"))), qint64(0));
    }

    // Assign gives the item to someone, reassign takes it from its owner; both are recorded
    // with the names, and an assigned item counts as acknowledged.
    void assignAndReassign()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("chest pain")));
        const qint64 id = f.triage->openItems(nurse())->first().id;
        f.clock.advanceSecs(90);
        QVERIFY(f.triage->assign(id, supervisor(QStringLiteral("charge.cy")),
                                 QStringLiteral("nurse.ana")));
        auto item = f.triage->item(id, nurse());
        QCOMPARE(item->owner, QStringLiteral("nurse.ana"));
        QCOMPARE(item->acknowledgedBy, QStringLiteral("charge.cy"));
        QCOMPARE(item->secondsToAcknowledge(), qint64(90));
        QVERIFY(f.triage->assign(id, supervisor(QStringLiteral("charge.cy")),
                                 QStringLiteral("nurse.ben")));
        QCOMPARE(f.triage->item(id, nurse())->owner, QStringLiteral("nurse.ben"));
        QVERIFY(!f.triage->assign(id, supervisor(QStringLiteral("charge.cy")),
                                  QStringLiteral("two words")));

        QSqlQuery audit(f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT detail FROM audit_log WHERE action = 'assign' "
                                          "ORDER BY seq")));
        QStringList details;
        while (audit.next())
            details.append(audit.value(0).toString());
        QCOMPARE(details, (QStringList{QStringLiteral("to=nurse.ana;from="),
                                       QStringLiteral("to=nurse.ben;from=nurse.ana")}));
    }

    // Time to acknowledge and time to resolve are kept per item.
    void timesAreRecorded()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("chest pain")));
        const qint64 id = f.triage->openItems(nurse())->first().id;
        f.clock.advanceSecs(200);
        QVERIFY(f.triage->claim(id, nurse(kNurse)));
        f.clock.advanceSecs(400);
        QVERIFY(f.triage->resolve(id, nurse(kNurse), QStringLiteral("sent-to-emergency"),
                                  QStringLiteral("Ambulance called.")));
        auto item = f.triage->item(id, nurse());
        QCOMPARE(item->secondsToAcknowledge(), qint64(200));
        QCOMPARE(item->secondsToResolve(), qint64(600));
    }

    // A purge past the retention period takes every reply of the episode, not only the first.
    void purgeTakesTheWholeEpisode()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("a"), QStringLiteral("p-1"), QStringLiteral("I fainted")));
        QVERIFY(send(f, QStringLiteral("b"), QStringLiteral("p-1"),
                     QStringLiteral("rash since I started the injection")));
        const qint64 id = f.triage->openItems(nurse())->first().id;
        QVERIFY(f.triage->resolve(id, nurse(kNurse), QStringLiteral("adverse-event-reported"),
                                  QStringLiteral("Reported to pharmacovigilance.")));
        f.clock.advanceSecs(40 * 86400);
        auto purged = Retention(f.cache, *f.audit, *f.access, f.clock).purge(30, admin());
        QVERIFY2(purged, purged ? "" : qPrintable(purged.error().message));
        QCOMPARE(purged->itemsPurged, 1);
        for (const char *table :
             {"replies", "triage_item_replies", "triage_events", "adverse_events", "triage_items"})
            QCOMPARE(f.count(QString::fromLatin1(table)), qint64(0));
        QCOMPARE(*f.triage->verifyAgainstAudit(), QString());
    }

    // A cache written before episodes existed (schema 5), with two open items for one patient:
    // both stay as they were, ids and the id sequence are kept, and a new reply joins the oldest.
    void schemaFiveCacheIsMigrated()
    {
        QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_triagerouting-XXXXXX"));
        const QString path = dir.filePath(CacheDatabase::cacheFileName());
        const QByteArray key(32, '\x17');
        {
            auto db = openCipherConnection(QStringLiteral("v5"), path, key,
                                           CacheDatabase::kPageSize, true);
            QVERIFY2(db, db ? "" : qPrintable(db.error().message));
            QSqlQuery sql(*db);
            for (int step = 0; step < 5; ++step) {
                for (const QString &statement : schemaMigrations().at(step))
                    QVERIFY2(sql.exec(statement), qPrintable(sql.lastError().text()));
            }
            const QStringList rows{
                QStringLiteral("INSERT INTO replies VALUES ('r1', 'M1', 't', 'chest pain', "
                               "'emergent', 0, 0, 'en', '[]', 'en:1', NULL)"),
                QStringLiteral("INSERT INTO replies VALUES ('r2', 'M1', 't', 'fever', 'urgent', "
                               "0, 0, 'en', '[]', 'en:1', NULL)"),
                QStringLiteral("INSERT INTO replies VALUES ('r3', 'M1', 't', 'dizzy', 'urgent', "
                               "0, 0, 'en', '[]', 'en:1', NULL)"),
                QStringLiteral("INSERT INTO triage_items (id, communication_id, master_id, tier, "
                               "tier_rank, received_at, ingested_at, due_at, status, owner, "
                               "claimed_at) VALUES (4, 'r1', 'M1', 'emergent', 2, "
                               "'2026-12-01T09:00:00.000Z', '2026-12-01T09:00:00.000Z', "
                               "'2026-12-01T09:05:00.000Z', 'claimed', 'nurse.ana', "
                               "'2026-12-01T09:02:00.000Z')"),
                QStringLiteral("INSERT INTO triage_items (id, communication_id, master_id, tier, "
                               "tier_rank, received_at, ingested_at, due_at) VALUES (5, 'r2', "
                               "'M1', 'urgent', 1, '2026-12-01T10:00:00.000Z', "
                               "'2026-12-01T10:00:00.000Z', '2026-12-01T10:15:00.000Z')"),
                QStringLiteral("INSERT INTO triage_items (id, communication_id, master_id, tier, "
                               "tier_rank, received_at, ingested_at, due_at) VALUES (9, 'r3', "
                               "'M1', 'urgent', 1, 'x', 'x', 'x')"),
                QStringLiteral("DELETE FROM triage_items WHERE id = 9"), // purged: 9 stays used
                QStringLiteral("PRAGMA user_version = 5"),
            };
            for (const QString &statement : rows)
                QVERIFY2(sql.exec(statement), qPrintable(sql.lastError().text()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v5"));

        auto opened = CacheDatabase::openFile(path, key, false);
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        auto cache = *opened;
        QCOMPARE(cache->schemaVersion(), CacheDatabase::kSchemaVersion);
        QSqlQuery sql(cache->connection());
        QVERIFY(sql.exec(QStringLiteral("SELECT id, episode, status, acknowledged_at, "
                                        "first_acknowledged_at, reply_count FROM triage_items "
                                        "ORDER BY id")));
        QStringList rows;
        while (sql.next()) {
            rows.append(QStringList{sql.value(0).toString(), sql.value(1).toString(),
                                    sql.value(2).toString(), sql.value(3).toString(),
                                    sql.value(4).toString(), sql.value(5).toString()}
                            .join(u'|'));
        }
        QCOMPARE(rows, (QStringList{
                           QStringLiteral("4|replies|claimed|2026-12-01T09:02:00.000Z|"
                                          "2026-12-01T09:02:00.000Z|1"),
                           QStringLiteral("5|legacy-5|open|||1"),
                       }));
        QVERIFY(sql.exec(QStringLiteral("SELECT count(*) FROM triage_item_replies")) && sql.next());
        QCOMPARE(sql.value(0).toInt(), 2);

        TestClock clock(QDateTime(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc()));
        AuditLog audit(cache, clock);
        QSqlDatabase db = cache->connection();
        QVERIFY(db.transaction());
        auto routed =
            TriageRouter(db, audit, clock, TriageSettings{}, QStringLiteral("t"))
                .route({QStringLiteral("r8"), QStringLiteral("M1"), QString(), clock.now(),
                        QStringLiteral("x"), TriageTier::Urgent, false, false});
        QVERIFY2(routed, routed ? "" : qPrintable(routed.error().message));
        QCOMPARE(routed->itemId, qint64(4));
        QVERIFY(db.rollback());

        QVERIFY(db.transaction());
        QVERIFY(sql.exec(QStringLiteral("INSERT INTO replies VALUES ('r9', 'M2', 't', 'x', "
                                        "'urgent', 0, 0, 'en', '[]', 'en:1', NULL)")));
        auto fresh = TriageRouter(db, audit, clock, TriageSettings{}, QStringLiteral("t"))
                         .route({QStringLiteral("r9"), QStringLiteral("M2"), QString(), clock.now(),
                                 QStringLiteral("x"), TriageTier::Urgent, false, false});
        QVERIFY2(fresh, fresh ? "" : qPrintable(fresh.error().message));
        QCOMPARE(fresh->itemId, qint64(10)); // after the purged 9, never reusing it
        QVERIFY(db.rollback());
    }
};

QTEST_GUILESS_MAIN(TestTriageRouting)
#include "tst_triagerouting.moc"
