// SPDX-License-Identifier: GPL-3.0-or-later
// What ADT events do to patients, encounters and the journey; merges; order and duplicates.
#include "Hl7TestFeed.h"

#include "services/maintenance/Retention.h"

#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QString kMrSystem = QStringLiteral("urn:hl7v2:NORTH:MR");

// PV1 with class (PV1-2), location (PV1-3), prior location (PV1-6) and visit number (PV1-19).
QByteArray pv1(const QByteArray &patientClass, const QByteArray &location,
               const QByteArray &visit = "V-1", const QByteArray &prior = QByteArray())
{
    QList<QByteArray> fields(20);
    fields[0] = "PV1";
    fields[1] = "1";
    fields[2] = patientClass;
    fields[3] = location;
    fields[6] = prior;
    fields[19] = visit;
    return fields.join('|');
}

// One ADT message for patient `mrn` on visit V-1, at `time` (EVN-2 and MSH-7).
QByteArray adt(const QByteArray &trigger, const QByteArray &id, const QByteArray &time,
               const QByteArray &mrn = "MRN1", const QByteArray &name = "TESTPATIENT^ALPHA",
               const QByteArray &visit = pv1("I", "WARD1^101^A"))
{
    QList<QByteArray> segments = {
        "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|" + time + "||ADT^" + trigger + "|" + id + "|P|2.5.1",
        "EVN|" + trigger + "|" + time,
        "PID|1||" + mrn + "^^^NORTH^MR||" + name + "||19700101|F|||||555-0100",
    };
    if (!visit.isEmpty())
        segments.append(visit);
    return er7(segments);
}

QByteArray merge(const QByteArray &trigger, const QByteArray &id, const QByteArray &survivor,
                 const QByteArray &retired, const QByteArray &time = "20240110090000")
{
    return er7(
        {"MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|" + time + "||ADT^" + trigger + "|" + id + "|P|2.5.1",
         "EVN|" + trigger + "|" + time,
         "PID|1||" + survivor + "^^^NORTH^MR||TESTPATIENT^ALPHA||19700101|F",
         "MRG|" + retired + "^^^NORTH^MR"});
}

QString encounterStatus(const Hl7TestFeed &feed)
{
    return feed
        .scalar(QStringLiteral("SELECT status FROM records WHERE resource_type = 'Encounter'"))
        .toString();
}

QString encounterBody(const Hl7TestFeed &feed)
{
    return feed.scalar(QStringLiteral("SELECT body FROM records WHERE resource_type = 'Encounter'"))
        .toString();
}

bool sendAll(Hl7TestFeed &feed, const QList<QByteArray> &messages)
{
    for (const QByteArray &message : messages) {
        const Hl7Receipt receipt = feed.send(message);
        if (receipt.code != Hl7AckCode::Accept) {
            qWarning("refused: %s", qPrintable(receipt.reason));
            return false;
        }
    }
    return true;
}

// A visit with a transfer, a late name change and a discharge, then a merge of a second patient.
QList<QByteArray> admitMoveMergeStory()
{
    return {
        adt("A05", "1", "20240105080000"),
        adt("A01", "2", "20240105090000", "MRN1", "TESTPATIENT^ALPHA"),
        adt("A02", "3", "20240105120000", "MRN1", "TESTPATIENT^ALPHA", pv1("I", "WARD7^3^B")),
        adt("A08", "4", "20240105130000", "MRN1", "TESTPATIENT^BETA"),
        adt("A03", "5", "20240106100000", "MRN1", "TESTPATIENT^BETA", pv1("I", "WARD7^3^B")),
        adt("A08", "6", "20240107100000", "MRN2", "OTHER^GAMMA", ""),
        merge("A40", "7", "MRN1", "MRN2", "20240108100000"),
    };
}

} // namespace

class TestAdtSemantics : public QObject
{
    Q_OBJECT

private slots:
    // Each trigger leaves its mark on the journey and the visit in the state it says.
    void triggers_data()
    {
        QTest::addColumn<QList<QByteArray>>("messages");
        QTest::addColumn<QString>("kinds");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("classAndLocation");

        const QByteArray t1 = "20240105080000", t2 = "20240105090000", t3 = "20240106100000";
        QTest::newRow("A01 admit")
            << QList<QByteArray>{adt("A01", "1", t1)} << QStringLiteral("admission")
            << QStringLiteral("in-progress") << QStringLiteral("I WARD1^101^A");
        QTest::newRow("A04 register")
            << QList<QByteArray>{adt("A04", "1", t1, "MRN1", "TESTPATIENT^ALPHA",
                                     pv1("O", "CLINIC2"))}
            << QStringLiteral("registration") << QStringLiteral("in-progress")
            << QStringLiteral("O CLINIC2");
        QTest::newRow("A05 pre-admit")
            << QList<QByteArray>{adt("A05", "1", t1)} << QStringLiteral("pre-admission")
            << QStringLiteral("planned") << QStringLiteral("I WARD1^101^A");
        QTest::newRow("A01 then A02 transfer")
            << QList<QByteArray>{adt("A01", "1", t1),
                                 adt("A02", "2", t2, "MRN1", "TESTPATIENT^ALPHA",
                                     pv1("I", "WARD7^3^B", "V-1", "WARD1^101^A"))}
            << QStringLiteral("admission transfer") << QStringLiteral("in-progress")
            << QStringLiteral("I WARD7^3^B");
        QTest::newRow("A01 then A03 discharge")
            << QList<QByteArray>{adt("A01", "1", t1), adt("A03", "2", t3)}
            << QStringLiteral("admission discharge") << QStringLiteral("finished")
            << QStringLiteral("I WARD1^101^A");
        QTest::newRow("A04 then A06 to inpatient")
            << QList<QByteArray>{adt("A04", "1", t1, "MRN1", "TESTPATIENT^ALPHA",
                                     pv1("O", "CLINIC2")),
                                 adt("A06", "2", t2, "MRN1", "TESTPATIENT^ALPHA",
                                     pv1("", "WARD1^101^A"))}
            << QStringLiteral("admission registration") << QStringLiteral("in-progress")
            << QStringLiteral("I WARD1^101^A");
        QTest::newRow("A01 then A07 to outpatient")
            << QList<QByteArray>{adt("A01", "1", t1), adt("A07", "2", t2, "MRN1",
                                                          "TESTPATIENT^ALPHA", pv1("", "CLINIC2"))}
            << QStringLiteral("admission discharge") << QStringLiteral("in-progress")
            << QStringLiteral("O CLINIC2");
        QTest::newRow("A08 update")
            << QList<QByteArray>{adt("A01", "1", t1), adt("A08", "2", t2)}
            << QStringLiteral("admission update") << QStringLiteral("in-progress")
            << QStringLiteral("I WARD1^101^A");
        QTest::newRow("A11 cancel admit")
            << QList<QByteArray>{adt("A01", "1", t1), adt("A11", "2", t2)}
            << QStringLiteral("admission admission-cancelled") << QStringLiteral("cancelled")
            << QStringLiteral("I WARD1^101^A");
        QTest::newRow("A13 cancel discharge")
            << QList<QByteArray>{adt("A01", "1", t1), adt("A03", "2", t2), adt("A13", "3", t3)}
            << QStringLiteral("admission discharge discharge-cancelled")
            << QStringLiteral("in-progress") << QStringLiteral("I WARD1^101^A");
        QTest::newRow("A28 add person")
            << QList<QByteArray>{adt("A28", "1", t1, "MRN1", "TESTPATIENT^ALPHA", "")}
            << QStringLiteral("person-added") << QString() << QString();
        QTest::newRow("A31 update person")
            << QList<QByteArray>{adt("A28", "1", t1, "MRN1", "TESTPATIENT^ALPHA", ""),
                                 adt("A31", "2", t2, "MRN1", "TESTPATIENT^ALPHA", "")}
            << QStringLiteral("person-added person-updated") << QString() << QString();
    }

    void triggers()
    {
        QFETCH(QList<QByteArray>, messages);
        QFETCH(QString, kinds);
        QFETCH(QString, status);
        QFETCH(QString, classAndLocation);

        Hl7TestFeed feed;
        QVERIFY(feed.start());
        QVERIFY(sendAll(feed, messages));
        const QString master = feed.masterOf(kMrSystem, QStringLiteral("MRN1"));
        QVERIFY(!master.isEmpty());

        PatientStore store(feed.cache->connection(), feed.clock);
        auto timeline = store.timeline(master);
        QVERIFY(timeline);
        QStringList marks;
        for (const TimelineEvent &event : *timeline) {
            if (event.resourceType == QLatin1String("HL7v2")) {
                marks.append(event.kind);
                QVERIFY(event.when.isValid());
                QVERIFY(event.summary.contains(QLatin1StringView("(ADT^")));
            }
        }
        marks.sort();
        QCOMPARE(marks.join(u' '), kinds);
        QCOMPARE(encounterStatus(feed), status);
        if (!status.isEmpty()) {
            const QString body = encounterBody(feed);
            const QStringList parts = classAndLocation.split(u' ');
            QVERIFY2(body.contains(QStringLiteral("\"class\":\"%1\"").arg(parts.at(0))),
                     qPrintable(body));
            QVERIFY2(body.contains(QStringLiteral("\"location\":\"%1\"").arg(parts.at(1))),
                     qPrintable(body));
        }
        auto summary = store.summary(master);
        QVERIFY(summary);
        QCOMPARE(summary->displayName, QStringLiteral("ALPHA TESTPATIENT"));
        QCOMPARE(summary->birthDate, QStringLiteral("1970-01-01"));
        QCOMPARE(summary->phone, QStringLiteral("555-0100"));
    }

    // The same messages in any order, any number of times, leave the same cache.
    void orderAndRepeatsDoNotMatter()
    {
        const QList<QByteArray> story = admitMoveMergeStory();
        Hl7TestFeed inOrder;
        QVERIFY(inOrder.start());
        QVERIFY(sendAll(inOrder, story));
        const QString expected = inOrder.state();
        QCOMPARE(encounterStatus(inOrder), QStringLiteral("finished"));
        QVERIFY(encounterBody(inOrder).contains(QLatin1StringView("WARD7^3^B")));
        // The newest name wins, and the merged patient's identifiers lead to the survivor.
        const QString survivor = inOrder.masterOf(kMrSystem, QStringLiteral("MRN1"));
        QCOMPARE(inOrder.masterOf(kMrSystem, QStringLiteral("MRN2")), survivor);
        QCOMPARE(inOrder.scalar(QStringLiteral("SELECT given FROM patients WHERE master_id = ?"),
                                {survivor}),
                 QVariant(QStringLiteral("ALPHA"))); // the A40 of 01-08 names ALPHA last
        QCOMPARE(inOrder.count(QStringLiteral("patients")), 1);

        QRandomGenerator random(2024);
        for (int round = 0; round < 8; ++round) {
            QList<QByteArray> shuffled = story;
            if (round == 0)
                std::reverse(shuffled.begin(), shuffled.end());
            else
                std::shuffle(shuffled.begin(), shuffled.end(), random);
            // Half the rounds send everything twice more, in another order.
            if (round % 2 == 1) {
                QList<QByteArray> again = story;
                std::shuffle(again.begin(), again.end(), random);
                shuffled += again + story;
            }
            Hl7TestFeed feed;
            QVERIFY(feed.start());
            QVERIFY(sendAll(feed, shuffled));
            QCOMPARE(feed.state(), expected);
        }
    }

    // One group commit of the story (one applier, its prepared statements serving every frame;
    // first a frame rolled back to its savepoint after its first message made the site's master
    // ID key and a patient, because its second, a merge without PID-3, cannot be applied)
    // leaves the cache the story leaves sent one message at a time, and the master ID is the
    // one the stored key gives.
    void batchLeavesTheSameCache()
    {
        const QByteArray rolledBack =
            "FHS|^~\\&|ADT|NORTH\rBHS|^~\\&|ADT|NORTH\r" +
            adt("A04", "K1", "20240104080000", "MRN9", "KEPT^NOT", pv1("O", "CLINIC1", "V-9")) +
            er7({"MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240104090000||ADT^A40|K2|P|2.5.1",
                 "EVN|A40|20240104090000", "PID|1||||NOBODY^NOT", "MRG|MRN9^^^NORTH^MR"}) +
            "BTS|2\rFTS|1\r";
        const QList<QByteArray> messages = QList<QByteArray>{rolledBack} + admitMoveMergeStory();

        Hl7TestFeed oneByOne;
        QVERIFY(oneByOne.start());
        QCOMPARE(oneByOne.send(rolledBack).code, Hl7AckCode::Error);
        QVERIFY(sendAll(oneByOne, admitMoveMergeStory()));

        Hl7TestFeed batch;
        QVERIFY(batch.start());
        QList<Hl7Frame> frames;
        for (const QByteArray &bytes : messages) {
            Hl7Frame frame;
            frame.bytes = bytes;
            frame.size = bytes.size();
            frames.append(frame);
        }
        const QList<Hl7Receipt> receipts = batch.inbox->receive(frames);
        QCOMPARE(receipts.size(), messages.size());
        QCOMPARE(receipts.first().code, Hl7AckCode::Error);
        for (qsizetype i = 1; i < receipts.size(); ++i)
            QCOMPARE(receipts.at(i).code, Hl7AckCode::Accept);
        QCOMPARE(batch.count(QStringLiteral("hl7_dead_letters")), 1);
        QCOMPARE(batch.masterOf(kMrSystem, QStringLiteral("MRN9")), QString());
        QCOMPARE(batch.state(), oneByOne.state());

        const QString survivor = batch.masterOf(kMrSystem, QStringLiteral("MRN1"));
        PatientStore store(batch.cache->connection(), batch.clock);
        QCOMPARE(store.newMasterId({kMrSystem, QStringLiteral("MRN1")}).value_or(QString()),
                 survivor);
        QCOMPARE(batch.count(QStringLiteral("patients")), 1);
    }

    // A late message never overwrites a newer one: an A08 stamped earlier changes nothing.
    void lateUpdateDoesNotWin()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        QVERIFY(sendAll(feed, {adt("A08", "new", "20240105150000", "MRN1", "NEWNAME^A", ""),
                               adt("A08", "old", "20240105100000", "MRN1", "OLDNAME^A", "")}));
        QCOMPARE(feed.scalar(QStringLiteral("SELECT family FROM patients")),
                 QVariant(QStringLiteral("NEWNAME")));
        // Both are on the journey.
        QCOMPARE(feed.scalar(QStringLiteral("SELECT count(*) FROM records WHERE "
                                            "resource_type = 'HL7v2'")),
                 QVariant(2));
    }

    void mergesMoveEverything_data()
    {
        QTest::addColumn<QByteArray>("trigger");
        QTest::newRow("A40 merge patient identifier list") << QByteArray("A40");
        QTest::newRow("A34 merge patient ID only") << QByteArray("A34");
        QTest::newRow("A35 merge account (MRG-1 sent)") << QByteArray("A35");
        QTest::newRow("A39 merge person") << QByteArray("A39");
    }

    void mergesMoveEverything()
    {
        QFETCH(QByteArray, trigger);

        Hl7TestFeed feed;
        QVERIFY(feed.start());
        QVERIFY(sendAll(
            feed,
            {adt("A01", "1", "20240105080000", "KEEP1", "SURVIVOR^ANNA", pv1("I", "W1", "V-1")),
             adt("A01", "2", "20240106080000", "OLD7", "RETIRED^ANNA", pv1("I", "W2", "V-2"))}));
        const QString survivor = feed.masterOf(kMrSystem, QStringLiteral("KEEP1"));
        const QString retired = feed.masterOf(kMrSystem, QStringLiteral("OLD7"));
        QVERIFY(!survivor.isEmpty() && !retired.isEmpty() && survivor != retired);

        // The retired patient has a reply with an open triage item, and a consent event.
        QSqlQuery setup(feed.cache->connection());
        QVERIFY(setup.exec(
            QStringLiteral(
                "INSERT INTO replies (communication_id, master_id, received_at, body, tier, "
                "opt_out, needs_review, evidence, lexicon) VALUES ('c1', '%1', "
                "'2024-01-06T09:00:00.000Z', 'chest pain', 'emergent', 0, 0, '[]', 'en')")
                .arg(retired)));
        QVERIFY(setup.exec(
            QStringLiteral(
                "INSERT INTO triage_items (communication_id, master_id, tier, tier_rank, "
                "received_at, ingested_at, due_at) VALUES ('c1', '%1', 'emergent', 0, "
                "'2024-01-06T09:00:00.000Z', '2024-01-06T09:00:00.000Z', "
                "'2024-01-06T09:05:00.000Z')")
                .arg(retired)));
        QVERIFY(setup.exec(
            QStringLiteral(
                "INSERT INTO consent_events (master_id, kind, channel, source, raw_text, "
                "recorded_at) VALUES ('%1', 'revoked', 'sms', 'reply', 'STOP', "
                "'2024-01-06T09:00:00.000Z')")
                .arg(retired)));

        const Hl7Receipt receipt = feed.send(merge(trigger, "M1", "KEEP1", "OLD7"));
        QCOMPARE(receipt.code, Hl7AckCode::Accept);
        QCOMPARE(receipt.merges, 1);

        for (const char *table : {"records", "replies", "triage_items", "consent_events",
                                  "patient_aliases", "hl7_events"}) {
            QCOMPARE(feed.scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE master_id = ?")
                                     .arg(QLatin1String(table)),
                                 {retired}),
                     QVariant(0));
        }
        QCOMPARE(feed.scalar(QStringLiteral("SELECT master_id FROM triage_items WHERE status = "
                                            "'open'")),
                 QVariant(survivor));
        QCOMPARE(feed.scalar(QStringLiteral("SELECT master_id FROM consent_events")),
                 QVariant(survivor));
        // Both visits are now the survivor's, and the old MRN is an alias of it.
        QCOMPARE(feed.scalar(QStringLiteral("SELECT count(*) FROM records WHERE resource_type = "
                                            "'Encounter' AND master_id = ?"),
                             {survivor}),
                 QVariant(2));
        QCOMPARE(feed.masterOf(kMrSystem, QStringLiteral("OLD7")), survivor);
        QCOMPARE(feed.count(QStringLiteral("patients")), 1);
        QCOMPARE(feed.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'merge-patient' AND master_id = ? AND object = ?"),
                             {survivor, QStringLiteral("merged/%1").arg(retired)}),
                 QVariant(1));
        QVERIFY(feed.audit->verify().intact);

        // The consent ledger still refuses any other change.
        QSqlQuery edit(feed.cache->connection());
        QVERIFY(!edit.exec(QStringLiteral("UPDATE consent_events SET kind = 'granted'")));

        // A late message under the old MRN lands on the survivor; the merge again is a no-op.
        QCOMPARE(feed.send(adt("A08", "3", "20240105090000", "OLD7", "RETIRED^ANNA", "")).code,
                 Hl7AckCode::Accept);
        QCOMPARE(feed.count(QStringLiteral("patients")), 1);
        QCOMPARE(feed.send(merge(trigger, "M1", "KEEP1", "OLD7")).duplicate, true);
        QCOMPARE(feed.send(merge(trigger, "M1b", "KEEP1", "OLD7")).merges, 0);
    }

    // Two legal holds cannot be joined silently: the merge waits as a dead letter, and replays
    // once a person has settled it.
    void mergeConflictWaitsForAPerson()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        QVERIFY(sendAll(feed, {adt("A28", "1", "20240105080000", "KEEP1", "A^B", ""),
                               adt("A28", "2", "20240105080000", "OLD7", "A^B", "")}));
        const QString survivor = feed.masterOf(kMrSystem, QStringLiteral("KEEP1"));
        const QString retired = feed.masterOf(kMrSystem, QStringLiteral("OLD7"));
        Retention retention(feed.cache, *feed.audit, *feed.access, feed.clock);
        QVERIFY(retention.placeHold(survivor, QStringLiteral("litigation 1"),
                                    admin(QStringLiteral("lee"))));
        QVERIFY(retention.placeHold(retired, QStringLiteral("litigation 2"),
                                    admin(QStringLiteral("lee"))));

        const Hl7Receipt refused = feed.send(merge("A40", "M1", "KEEP1", "OLD7"));
        QCOMPARE(refused.code, Hl7AckCode::Error);
        QVERIFY2(refused.reason.contains(QLatin1StringView("legal_holds")),
                 qPrintable(refused.reason));
        QCOMPARE(feed.count(QStringLiteral("patients")), 2); // nothing half-merged

        QVERIFY(retention.releaseHold(retired, QStringLiteral("moved to the survivor's hold"),
                                      admin(QStringLiteral("lee"))));
        auto replayed = feed.desk->replay(refused.deadLetterId);
        QVERIFY(replayed);
        QCOMPARE(replayed->code, Hl7AckCode::Accept);
        QCOMPARE(replayed->merges, 1);
        QCOMPARE(feed.count(QStringLiteral("patients")), 1);
        QCOMPARE(feed.count(QStringLiteral("legal_holds")), 1);
    }

    // A35/A41/A42: the prior account or visit number's events join the current one.
    void accountMergeMovesTheVisit()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        QVERIFY(sendAll(
            feed, {adt("A01", "1", "20240105080000", "MRN1", "A^B", pv1("I", "W1", "ACC-OLD"))}));
        const QByteArray a35 =
            er7({"MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240106080000||ADT^A35|M2|P|2.5.1",
                 "EVN|A35|20240106080000", "PID|1||MRN1^^^NORTH^MR||A^B|||||||||||||ACC-NEW",
                 "MRG|||ACC-OLD"});
        QCOMPARE(feed.send(a35).code, Hl7AckCode::Accept);
        QCOMPARE(feed.scalar(QStringLiteral("SELECT resource_id FROM records WHERE "
                                            "resource_type = 'Encounter'")),
                 QVariant(QStringLiteral("hl7-visit-ADT@NORTH-ACC-NEW")));
        QCOMPARE(feed.count(QStringLiteral("records WHERE resource_type = 'Encounter'")), 1);
        QCOMPARE(encounterStatus(feed), QStringLiteral("in-progress"));
    }

    // HL7 times are never moved through this machine's time zone: what the sender said is what
    // the journey shows, at the precision sent.
    void timesKeepTheirPrecision()
    {
        qputenv("TZ", "America/New_York");
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        QVERIFY(sendAll(feed, {adt("A01", "1", "202401052330", "MRN1", "A^B", ""),
                               adt("A08", "2", "20240106", "MRN1", "A^B", ""),
                               adt("A08", "3", "202401061200-0500", "MRN1", "A^B", "")}));
        QSqlQuery query(feed.cache->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT occurred_at, summary FROM records WHERE "
                                          "resource_type = 'HL7v2' ORDER BY occurred_at")));
        QStringList seen;
        while (query.next())
            seen.append(query.value(0).toString() + u' ' + query.value(1).toString());
        QCOMPARE(seen, QStringList({
                           QStringLiteral("2024-01-05T23:30:00.000Z Admitted (ADT^A01), "
                                          "2024-01-05 23:30"),
                           QStringLiteral("2024-01-06T00:00:00.000Z Patient information updated "
                                          "(ADT^A08), 2024-01-06"),
                           QStringLiteral("2024-01-06T17:00:00.000Z Patient information updated "
                                          "(ADT^A08), 2024-01-06 12:00 -05:00"),
                       }));
        QCOMPARE(feed.scalar(QStringLiteral("SELECT birth_date FROM patients")),
                 QVariant(QStringLiteral("1970-01-01")));
        qunsetenv("TZ");
    }
};

QTEST_GUILESS_MAIN(TestAdtSemantics)
#include "tst_adtsemantics.moc"
