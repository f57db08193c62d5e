// SPDX-License-Identifier: GPL-3.0-or-later
// The storage side of the HL7 feed: what is stored, what becomes a dead letter, which ACK goes
// back (cases 06 and 08), duplicates, group commit, replay and discard.
#include "Hl7TestFeed.h"

#include "services/hl7/Hl7Ack.h"

#include <QSqlQuery>
#include <QTest>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QByteArray kMsh = "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||";

// MSA-1, MSA-3 and the ERR segment of an ACK.
struct AckParts {
    QString code;
    QString ackedId;
    QString text;
    QByteArray err;
};

AckParts partsOf(const QByteArray &ack)
{
    AckParts parts;
    const Result<QList<Hl7Message>> parsed = parseEr7Messages(ack);
    if (!parsed || parsed->isEmpty())
        return parts;
    const Hl7Message &message = parsed->first();
    const Hl7Segment msa = message.segment(message.indexOf(QLatin1StringView("MSA")));
    parts.code = msa.field(1).text();
    parts.ackedId = msa.field(2).text();
    parts.text = msa.field(3).text();
    const qsizetype err = message.indexOf(QLatin1StringView("ERR"));
    if (err >= 0)
        parts.err = ack.split('\r').value(err);
    return parts;
}

QByteArray case06A()
{
    return er7({kMsh + "ADT^A01|MSG0008|P|2.2", "EVN|A01|20240105101500",
                "PID|||MRN1008^^^NORTH^MR||TESTPATIENT^ZETA||19600606|F", "PV1"});
}

QByteArray admit(const QByteArray &id, const QByteArray &mrn, const QByteArray &name)
{
    return er7({kMsh + "ADT^A01|" + id + "|P|2.5.1", "EVN|A01|20240105101500",
                "PID|1||" + mrn + "^^^NORTH^MR||" + name + "||19700101|F",
                "PV1|1|I|WARD1^101^A||||||||||||||||V-" + id});
}

} // namespace

class TestHl7Inbox : public QObject
{
    Q_OBJECT

private slots:
    void case06BareSegmentIsAccepted()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        const Hl7Receipt receipt = feed.send(case06A());
        QCOMPARE(receipt.code, Hl7AckCode::Accept);
        QVERIFY(receipt.stored);
        const AckParts ack = partsOf(receipt.ack);
        QCOMPARE(ack.code, QStringLiteral("AA"));
        QCOMPARE(ack.ackedId, QStringLiteral("MSG0008"));
        QVERIFY(ack.err.isEmpty());
        const QString master =
            feed.masterOf(QStringLiteral("urn:hl7v2:NORTH:MR"), QStringLiteral("MRN1008"));
        QVERIFY(!master.isEmpty());
        QCOMPARE(
            feed.scalar(QStringLiteral("SELECT given FROM patients WHERE master_id = ?"), {master}),
            QVariant(QStringLiteral("ZETA")));
        // The raw message is kept as it came, bare PV1 included.
        QCOMPARE(feed.scalar(QStringLiteral("SELECT raw FROM hl7_messages")).toByteArray(),
                 case06A().chopped(1));
        QCOMPARE(feed.count(QStringLiteral("hl7_dead_letters")), 0);
    }

    void refusedMessages_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("ackedId");
        QTest::addColumn<QByteArray>("err");
        QTest::addColumn<int>("errorCode");

        QTest::newRow("case 06 B: cut inside PID")
            << QByteArray(kMsh + "ADT^A01|MSG0009|P|2.5.1\rPID|1||MRN10") << QStringLiteral("AE")
            << QStringLiteral("MSG0009")
            << QByteArray("ERR||PID^1^5|101^Required field missing^HL70357|E||||message 1, "
                          "segment 2 (PID): no patient name in PID-5")
            << 101;
        QTest::newRow("case 06 C: MSH-9 is ADT alone")
            << QByteArray(kMsh + "ADT|MSG0010|P|2.5.1") << QStringLiteral("AR")
            << QStringLiteral("MSG0010")
            << QByteArray("ERR||MSH^1^9^^2|101^Required field missing^HL70357|E||||message 1, "
                          "segment 1 (MSH): MSH-9 has no trigger event, and no EVN-1 gives one")
            << 101;
        QTest::newRow("not ADT")
            << QByteArray(kMsh + "ORU^R01|LAB1|P|2.5.1\rPID|1||X^^^N^MR||A^B\rOBX|1")
            << QStringLiteral("AR") << QStringLiteral("LAB1")
            << QByteArray("ERR||MSH^1^9^^1|200^Unsupported message type^HL70357|E||||message "
                          "1: this interface takes ADT messages, not ORU\\S\\R01")
            << 200;
        QTest::newRow("no MSH") << QByteArray("PID|1||X") << QStringLiteral("AR") << QString()
                                << QByteArray("ERR||MSH^1|100^Segment sequence error^HL70357|E|"
                                              "|||message 1: the data does not start with an "
                                              "MSH segment (found \"PID\" at byte 0)")
                                << 100;
        QTest::newRow("v2.3: ERR-1") << QByteArray(kMsh + "ADT^A08|OLD1|P|2.3\rPID|1||X")
                                     << QStringLiteral("AE") << QStringLiteral("OLD1")
                                     << QByteArray("ERR|PID^1^5^101&Required field "
                                                   "missing&HL70357")
                                     << 101;
        QTest::newRow("not version 2")
            << QByteArray(kMsh + "ADT^A08|V3|P|3.0\rPID|1||X^^^N^MR||A^B") << QStringLiteral("AR")
            << QStringLiteral("V3")
            << QByteArray("ERR||MSH^1^12|203^Unsupported version id^HL70357|E||||message 1: "
                          "MSH-12 does not name an HL7 version 2 (2.1 to 2.8)")
            << 203;
    }

    void refusedMessages()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        QFETCH(QString, ackedId);
        QFETCH(QByteArray, err);
        QFETCH(int, errorCode);

        Hl7TestFeed feed;
        QVERIFY(feed.start());
        const Hl7Receipt receipt = feed.send(bytes, QStringLiteral("10.0.0.7:4711"));
        QVERIFY(receipt.stored);
        QVERIFY(receipt.deadLetterId > 0);
        const AckParts ack = partsOf(receipt.ack);
        QCOMPARE(ack.code, code);
        QCOMPARE(ack.ackedId, ackedId);
        QCOMPARE(ack.err, err);

        // Kept raw and encrypted in the cache, with the reason; nothing else was written.
        auto letter = feed.desk->deadLetter(receipt.deadLetterId);
        QVERIFY(letter);
        QVERIFY(letter->raw == bytes);
        QCOMPARE(letter->rawSize, bytes.size());
        QCOMPARE(letter->ackCode, code);
        QCOMPARE(letter->errorCode, errorCode);
        QCOMPARE(letter->reason, receipt.reason);
        QCOMPARE(letter->peer, QStringLiteral("10.0.0.7:4711"));
        QCOMPARE(letter->controlId, ackedId);
        QCOMPARE(letter->status, Hl7DeadLetter::Status::Open);
        QCOMPARE(feed.count(QStringLiteral("patients")), 0);
        QCOMPARE(feed.count(QStringLiteral("hl7_messages")), 0);

        // And the interface goes on: the next good message is taken.
        QCOMPARE(feed.send(case06A()).code, Hl7AckCode::Accept);
    }

    void case08BomAndUtf8()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        const QByteArray bytes = "\xEF\xBB\xBF" + kMsh +
                                 "ADT^A08|MSG0015|P|2.5.1||||||"
                                 "UNICODE UTF-8\rPID|1||MRN1015^^^NORTH^MR||M\xC3\x9CLLER^JOS\xC3"
                                 "\x89||19720808|M\r";
        const Hl7Receipt receipt = feed.send(bytes);
        QCOMPARE(receipt.code, Hl7AckCode::Accept);
        QCOMPARE(partsOf(receipt.ack).ackedId, QStringLiteral("MSG0015"));
        QVERIFY(receipt.ack.endsWith("MSA|AA|MSG0015\r"));
        const QString master =
            feed.masterOf(QStringLiteral("urn:hl7v2:NORTH:MR"), QStringLiteral("MRN1015"));
        QCOMPARE(feed.scalar(QStringLiteral("SELECT family || '^' || given FROM patients WHERE "
                                            "master_id = ?"),
                             {master}),
                 QVariant(QStringLiteral("M\u00dcLLER^JOS\u00c9")));
    }

    // Case 08 B: the same PID in ISO-8859-1 with MSH-18 empty is read by the interface's
    // default; with UTF-8 as the default it is refused and kept, never stored as U+FFFD.
    void case08InterfaceDefault()
    {
        const QByteArray bytes = kMsh +
                                 "ADT^A08|MSG0016|P|2.5.1\r"
                                 "PID|1||MRN1016^^^NORTH^MR||M\xDCLLER^JOS\xC9||19720808|M\r";
        Hl7InboxSettings latin1;
        latin1.read.defaultCharset = Hl7Charset::Latin1;
        Hl7TestFeed feed;
        QVERIFY(feed.start(latin1));
        QCOMPARE(feed.send(bytes).code, Hl7AckCode::Accept);
        QCOMPARE(feed.scalar(QStringLiteral("SELECT family FROM patients")),
                 QVariant(QStringLiteral("M\u00dcLLER")));

        Hl7InboxSettings utf8;
        utf8.read.defaultCharset = Hl7Charset::Utf8;
        Hl7TestFeed strict;
        QVERIFY(strict.start(utf8));
        const Hl7Receipt refused = strict.send(bytes);
        QCOMPARE(refused.code, Hl7AckCode::Error);
        QCOMPARE(partsOf(refused.ack).err,
                 QByteArray("ERR||MSH^1^18|102^Data type error^HL70357|E||||message 1, segment 1 "
                            "(MSH): MSH-18 is empty and the interface's default is UTF-8 but "
                            "byte 100 is not valid UTF-8"));
        QCOMPARE(strict.count(QStringLiteral("patients")), 0);
        QCOMPARE(strict.count(QStringLiteral("hl7_dead_letters")), 1);

        // After the fix (the interface told its real default), the dead letter replays.
        QVERIFY(strict.start(latin1));
        auto replayed = strict.desk->replay(refused.deadLetterId);
        QVERIFY2(replayed, replayed ? "" : qPrintable(replayed.error().message));
        QCOMPARE(replayed->code, Hl7AckCode::Accept);
        QCOMPARE(strict.scalar(QStringLiteral("SELECT family FROM patients")),
                 QVariant(QStringLiteral("M\u00dcLLER")));
        auto letter = strict.desk->deadLetter(refused.deadLetterId);
        QVERIFY(letter);
        QCOMPARE(letter->status, Hl7DeadLetter::Status::Replayed);
        QCOMPARE(letter->attempts, 1);
        QCOMPARE(letter->resolvedBy, QStringLiteral("hl7.desk"));
        QVERIFY(letter->messageId > 0);
        QCOMPARE(strict.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                              "'hl7-replay' AND object = ? AND outcome = "
                                              "'success'"),
                               {QStringLiteral("dead-letter/%1").arg(refused.deadLetterId)}),
                 QVariant(1));
        QVERIFY(strict.audit->verify().intact);

        // A closed letter is not replayed again.
        auto again = strict.desk->replay(refused.deadLetterId);
        QVERIFY(!again);
        QCOMPARE(again.error().code, Error::Code::Conflict);
    }

    void failedReplayStaysOpen()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        const Hl7Receipt refused = feed.send(kMsh + "ADT^A01|MSG0009|P|2.5.1\rPID|1||MRN10");
        auto replayed = feed.desk->replay(refused.deadLetterId);
        QVERIFY(replayed);
        QCOMPARE(replayed->code, Hl7AckCode::Error);
        auto letter = feed.desk->deadLetter(refused.deadLetterId);
        QCOMPARE(letter->status, Hl7DeadLetter::Status::Open);
        QCOMPARE(letter->attempts, 1);
        QCOMPARE(letter->lastError,
                 QStringLiteral("message 1, segment 2 (PID): no patient name in PID-5"));
        QCOMPARE(feed.count(QStringLiteral("hl7_dead_letters")), 1); // no second letter

        QVERIFY(feed.desk->discard(refused.deadLetterId));
        QCOMPARE(feed.desk->deadLetter(refused.deadLetterId)->status,
                 Hl7DeadLetter::Status::Discarded);
        QVERIFY(!feed.desk->discard(refused.deadLetterId));
        auto open = feed.desk->deadLetters(true);
        QVERIFY(open && open->isEmpty());
        QCOMPARE(feed.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'hl7-discard'")),
                 QVariant(1));
    }

    void oversizedAndCutFrames()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        Hl7Frame big;
        big.bytes = admit("BIG1", "MRN9", "BIG^ONE").left(40);
        big.kind = MllpEvent::Kind::Oversized;
        big.size = 9'000'000;
        const Hl7Receipt oversized = feed.inbox->receiveOne(big);
        QCOMPARE(oversized.code, Hl7AckCode::Reject);
        QCOMPARE(partsOf(oversized.ack).ackedId, QString()); // MSH-10 was not in the prefix
        auto letter = feed.desk->deadLetter(oversized.deadLetterId);
        QCOMPARE(letter->rawSize, 9'000'000);
        QVERIFY(!letter->rawIsComplete());
        auto replay = feed.desk->replay(oversized.deadLetterId);
        QVERIFY(!replay);
        QVERIFY(replay.error().message.contains(QLatin1StringView("cannot be replayed")));

        Hl7Frame cut;
        cut.bytes = admit("CUT1", "MRN8", "CUT^ONE").left(90);
        cut.size = 90;
        cut.connectionLost = true;
        const Hl7Receipt lost = feed.inbox->receiveOne(cut);
        QVERIFY(lost.ack.isEmpty()); // nobody to answer
        QVERIFY(lost.stored);
        letter = feed.desk->deadLetter(lost.deadLetterId);
        QCOMPARE(letter->ackCode, QStringLiteral("none"));
        QVERIFY(letter->raw == cut.bytes);
        QCOMPARE(letter->controlId, QStringLiteral("CUT1"));
    }

    void duplicatesAreNoOps()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        const QByteArray first = admit("M1", "MRN1", "ONE^A");
        QCOMPARE(feed.send(first).code, Hl7AckCode::Accept);
        const QString before = feed.state();

        // The same bytes, and a resend stamped anew (MSH-7), are the same message.
        QByteArray resent = first;
        resent.replace("20240105101500||ADT", "20240105111111||ADT");
        for (const QByteArray &copy : {first, resent}) {
            const Hl7Receipt receipt = feed.send(copy);
            QCOMPARE(receipt.code, Hl7AckCode::Accept);
            QVERIFY(receipt.duplicate);
            QCOMPARE(partsOf(receipt.ack).text, QStringLiteral("duplicate, already received"));
        }
        QCOMPARE(feed.state(), before);

        // Another message that reuses MSH-10 (the public samples do) is a message of its own.
        QByteArray other = first;
        other.replace("ONE^A", "ONE^B");
        const Hl7Receipt receipt = feed.send(other);
        QCOMPARE(receipt.code, Hl7AckCode::Accept);
        QVERIFY(!receipt.duplicate);
        QCOMPARE(feed.count(QStringLiteral("hl7_messages")), 2);
    }

    // Group commit: a bad frame in a batch is kept as a dead letter, the good ones around it are
    // stored; their receipts come from the same commit.
    void batchKeepsGoodAndBadApart()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        QList<Hl7Frame> frames;
        for (const QByteArray &bytes :
             {admit("B1", "MRN1", "ONE^A"), QByteArray(kMsh + "ADT^A01|B2|P|2.5.1\rPID|1||M"),
              admit("B3", "MRN3", "THREE^C")}) {
            Hl7Frame frame;
            frame.bytes = bytes;
            frame.size = bytes.size();
            frames.append(frame);
        }
        const QList<Hl7Receipt> receipts = feed.inbox->receive(frames);
        QCOMPARE(receipts.size(), 3);
        QCOMPARE(receipts.at(0).code, Hl7AckCode::Accept);
        QCOMPARE(receipts.at(1).code, Hl7AckCode::Error);
        QCOMPARE(receipts.at(2).code, Hl7AckCode::Accept);
        QCOMPARE(feed.count(QStringLiteral("patients")), 2);
        QCOMPARE(feed.count(QStringLiteral("hl7_dead_letters")), 1);
        QCOMPARE(partsOf(receipts.at(2).ack).ackedId, QStringLiteral("B3"));
    }

    // When the cache fails, nothing of the batch is kept and every frame gets an AE that says
    // to send it again: no ACK ever stands for something not stored.
    void cacheFailureAnswersAeForAll()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        QSqlQuery trigger(feed.cache->connection());
        QVERIFY(trigger.exec(
            QStringLiteral("CREATE TEMP TRIGGER fail_boom BEFORE INSERT ON hl7_messages WHEN "
                           "NEW.control_id = 'BOOM' BEGIN SELECT RAISE(ABORT, 'disk full'); END")));
        QList<Hl7Frame> frames;
        for (const QByteArray &bytes :
             {admit("OK1", "MRN1", "ONE^A"), admit("BOOM", "MRN2", "TWO^B"),
              QByteArray(kMsh + "ADT^A01|BAD|P|2.5.1\rPID|1||M")}) {
            Hl7Frame frame;
            frame.bytes = bytes;
            frame.size = bytes.size();
            frames.append(frame);
        }
        const QList<Hl7Receipt> receipts = feed.inbox->receive(frames);
        for (const Hl7Receipt &receipt : receipts) {
            QCOMPARE(receipt.code, Hl7AckCode::Error);
            QVERIFY(!receipt.stored);
            QVERIFY(partsOf(receipt.ack).text.contains(QLatin1StringView("send it again")));
        }
        QCOMPARE(partsOf(receipts.at(0).ack).ackedId, QStringLiteral("OK1"));
        QCOMPARE(feed.count(QStringLiteral("patients")), 0);
        QCOMPARE(feed.count(QStringLiteral("hl7_messages")), 0);
        QCOMPARE(feed.count(QStringLiteral("hl7_dead_letters")), 0);

        // The resend, once the cache works again, is taken.
        QVERIFY(trigger.exec(QStringLiteral("DROP TRIGGER fail_boom")));
        QCOMPARE(feed.inbox->receive(frames).at(1).code, Hl7AckCode::Accept);
    }

    void frameWithBatchOfMessages()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.start());
        const QByteArray batch = "FHS|^~\\&|ADT|NORTH\rBHS|^~\\&|ADT|NORTH\r" +
                                 admit("F1", "MRN1", "ONE^A") + admit("F2", "MRN2", "TWO^B") +
                                 "BTS|2\rFTS|1\r";
        const Hl7Receipt receipt = feed.send(batch);
        QCOMPARE(receipt.code, Hl7AckCode::Accept);
        QCOMPARE(partsOf(receipt.ack).ackedId, QStringLiteral("F1"));
        QCOMPARE(receipt.masterIds.size(), 2);
        QCOMPARE(feed.count(QStringLiteral("hl7_messages")), 2);
        const Hl7Receipt empty = feed.send("FHS|^~\\&|ADT\rFTS|0\r");
        QCOMPARE(empty.code, Hl7AckCode::Reject);
    }
};

QTEST_GUILESS_MAIN(TestHl7Inbox)
#include "tst_hl7inbox.moc"
