// SPDX-License-Identifier: GPL-3.0-or-later
// MLLP frame reassembly: split and coalesced frames (case 07), limits, stray bytes.
#include "services/hl7/MllpFramer.h"

#include <QRandomGenerator>
#include <QTest>

using namespace CareDesk;

namespace {

const QByteArray kMsg11 =
    "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A04|MSG0011|P|2.5.1\r"
    "PID|1||MRN1011^^^NORTH^MR||TESTPATIENT^ETA||19710707|M\r";

QByteArray message(int number)
{
    return QByteArray("MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A04|MSG00") +
           QByteArray::number(number) + "|P|2.5.1\rPID|1||MRN" + QByteArray::number(number) +
           "^^^NORTH^MR||TESTPATIENT^ETA||19710707|M\r";
}

// Feeds `pieces` one after another and returns every event.
QList<MllpEvent> feedAll(MllpFramer &framer, const QList<QByteArray> &pieces)
{
    QList<MllpEvent> events;
    for (const QByteArray &piece : pieces)
        framer.feed(piece, events);
    return events;
}

QList<QByteArray> payloads(const QList<MllpEvent> &events)
{
    QList<QByteArray> out;
    for (const MllpEvent &event : events)
        out.append(event.payload);
    return out;
}

} // namespace

class TestMllpFramer : public QObject
{
    Q_OBJECT

private slots:
    void case07Writes_data()
    {
        QTest::addColumn<QList<QByteArray>>("pieces");
        QTest::addColumn<QList<QByteArray>>("expected");

        const QByteArray msh = kMsg11.left(kMsg11.indexOf('\r') + 1);
        const QByteArray pid = kMsg11.mid(msh.size());
        QTest::newRow("case 07: three writes, CR after FS alone")
            << QList<QByteArray>{"\x0b" + msh, pid + "\x1c", "\r"} << QList<QByteArray>{kMsg11};
        QTest::newRow("case 07: two frames in one write")
            << QList<QByteArray>{Mllp::frame(message(12)) + Mllp::frame(message(13))}
            << QList<QByteArray>{message(12), message(13)};
        QTest::newRow("start byte alone")
            << QList<QByteArray>{"\x0b", kMsg11, "\x1c\r"} << QList<QByteArray>{kMsg11};
        QTest::newRow("end byte and next start in one read")
            << QList<QByteArray>{"\x0b" + message(1), "\x1c\r\x0b" + message(2).left(10),
                                 message(2).mid(10) + "\x1c\r"}
            << QList<QByteArray>{message(1), message(2)};
        QTest::newRow("FS without CR, next frame right after")
            << QList<QByteArray>{"\x0b" + message(1) + "\x1c\x0b" + message(2) + "\x1c"}
            << QList<QByteArray>{message(1), message(2)};
        QTest::newRow("line feeds between frames")
            << QList<QByteArray>{Mllp::frame(message(1)) + "\n\r\n", Mllp::frame(message(2))}
            << QList<QByteArray>{message(1), message(2)};
        QTest::newRow("empty frame")
            << QList<QByteArray>{"\x0b\x1c\r"} << QList<QByteArray>{QByteArray()};
        QTest::newRow("BOM inside the frame is payload")
            << QList<QByteArray>{Mllp::frame(QByteArray("\xEF\xBB\xBF" + message(15)))}
            << QList<QByteArray>{"\xEF\xBB\xBF" + message(15)};
        QTest::newRow("half a frame: nothing yet")
            << QList<QByteArray>{"\x0b" + message(1)} << QList<QByteArray>{};
    }

    void case07Writes()
    {
        QFETCH(QList<QByteArray>, pieces);
        QFETCH(QList<QByteArray>, expected);

        MllpFramer framer;
        const QList<MllpEvent> events = feedAll(framer, pieces);
        QCOMPARE(payloads(events), expected);
        for (const MllpEvent &event : events) {
            QCOMPARE(event.kind, MllpEvent::Kind::Frame);
            QCOMPARE(event.size, event.payload.size());
        }
        QCOMPARE(framer.strayBytes(), 0);
    }

    // Any way of cutting the stream gives the same frames in the same order.
    void everySplitGivesTheSameFrames()
    {
        QByteArray stream;
        QList<QByteArray> expected;
        for (int i = 0; i < 20; ++i) {
            expected.append(message(i));
            stream += Mllp::frame(message(i));
        }
        QRandomGenerator random(7);
        for (int round = 0; round < 200; ++round) {
            MllpFramer framer;
            QList<QByteArray> pieces;
            qsizetype pos = 0;
            while (pos < stream.size()) {
                const qsizetype length =
                    qMin<qsizetype>(stream.size() - pos, 1 + random.bounded(round % 3 ? 7 : 300));
                pieces.append(stream.mid(pos, length));
                pos += length;
            }
            QCOMPARE(payloads(feedAll(framer, pieces)), expected);
            QVERIFY(!framer.inFrame());
        }
    }

    void oversizedFrameKeepsOnlyAPrefix()
    {
        MllpFramer framer(1000);
        const QByteArray big(5000, 'A');
        QList<MllpEvent> events;
        framer.feed(QByteArray("\x0b" + big.left(700)), events);
        framer.feed(QByteArray(big.mid(700) + "\x1c\r"), events);
        framer.feed(Mllp::frame(message(2)), events);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).kind, MllpEvent::Kind::Oversized);
        QCOMPARE(events.at(0).size, 5000);
        QCOMPARE(events.at(0).payload, big.left(1000));
        // The next frame is whole again.
        QCOMPARE(events.at(1).kind, MllpEvent::Kind::Frame);
        QCOMPARE(events.at(1).payload, message(2));
    }

    void hugeFrameMemoryStaysBounded()
    {
        MllpFramer framer(64 * 1024 * 1024);
        QList<MllpEvent> events;
        const QByteArray chunk(1024 * 1024, 'x');
        framer.feed("\x0b", events);
        for (int i = 0; i < 80; ++i)
            framer.feed(chunk, events);
        // Past the limit only the kept prefix stays in memory.
        QVERIFY(framer.pending().size() <= Mllp::kKeptPrefixBytes);
        QCOMPARE(framer.pendingSize(), qsizetype(80) * chunk.size());
        framer.feed("\x1c\r", events);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().kind, MllpEvent::Kind::Oversized);
    }

    void startBlockInsideAFrameInterruptsIt()
    {
        MllpFramer framer;
        const QList<MllpEvent> events =
            feedAll(framer, {"\x0b" + message(1).left(30), "\x0b" + message(2) + "\x1c\r"});
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).kind, MllpEvent::Kind::Interrupted);
        QCOMPARE(events.at(0).payload, message(1).left(30));
        QCOMPARE(events.at(1).kind, MllpEvent::Kind::Frame);
        QCOMPARE(events.at(1).payload, message(2));
    }

    void strayBytesOutsideFramesAreCounted()
    {
        MllpFramer framer;
        const QList<MllpEvent> events =
            feedAll(framer, {"junk", Mllp::frame(message(1)), "\r\n  more junk\x1c"});
        QCOMPARE(payloads(events), QList<QByteArray>{message(1)});
        QCOMPARE(framer.strayBytes(), 4 + 8 + 1);
    }

    void pendingFrameIsVisible()
    {
        MllpFramer framer;
        QList<MllpEvent> events;
        framer.feed(QByteArray("\x0b" + message(9).left(25)), events);
        QVERIFY(events.isEmpty());
        QVERIFY(framer.inFrame());
        QCOMPARE(framer.pending(), message(9).left(25));
        QCOMPARE(framer.pendingSize(), 25);
    }

    void garbageNeverCrashes()
    {
        QRandomGenerator random(11);
        for (int round = 0; round < 2000; ++round) {
            MllpFramer framer(200);
            QByteArray bytes(random.bounded(600), '\0');
            for (char &c : bytes) {
                const int pick = random.bounded(10);
                c = pick == 0   ? '\x0b'
                    : pick == 1 ? '\x1c'
                    : pick == 2 ? '\r'
                                : char(random.bounded(256));
            }
            QList<MllpEvent> events;
            framer.feed(bytes, events);
            for (const MllpEvent &event : events)
                QVERIFY(event.payload.size() <= 200);
        }
    }
};

QTEST_GUILESS_MAIN(TestMllpFramer)
#include "tst_mllpframer.moc"
