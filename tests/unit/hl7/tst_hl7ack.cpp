// SPDX-License-Identifier: GPL-3.0-or-later
// ACKs in the sender's separators, with an ERR that says where and what (v2.5+ and older).
#include "services/hl7/Hl7Ack.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <QTimeZone>

using namespace CareDesk;

namespace {

const QDateTime kNow(QDate(2026, 12, 3), QTime(9, 30, 5), QTimeZone::utc());

Hl7AckOptions options()
{
    return Hl7AckOptions{"CareDesk", "SITE", kNow, "CDACK1"};
}

QList<QByteArray> segments(const QByteArray &ack)
{
    QList<QByteArray> parts = ack.split('\r');
    if (!parts.isEmpty() && parts.last().isEmpty())
        parts.removeLast();
    return parts;
}

} // namespace

class TestHl7Ack : public QObject
{
    Q_OBJECT

private slots:
    void acceptInStandardSeparators()
    {
        const QByteArray message =
            "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A04^ADT_A01|"
            "MSG0011|P|2.5.1\rPID|1||MRN1011^^^NORTH^MR||TESTPATIENT^ETA\r";
        const QByteArray ack =
            buildHl7Ack(readAckHeader(message), Hl7AckCode::Accept, nullptr, options());
        QCOMPARE(segments(ack),
                 QList<QByteArray>({"MSH|^~\\&|CC-WS|CLINIC|ADT|NORTH|20261203093005+0000||"
                                    "ACK^A04^ACK|CDACK1|P|2.5.1",
                                    "MSA|AA|MSG0011"}));
        // The ACK is itself a message this parser reads.
        const Result<QList<Hl7Message>> parsed = parseEr7Messages(ack);
        QVERIFY(parsed);
        QCOMPARE(parsed->first().segment(1).field(2).text(), QStringLiteral("MSG0011"));
    }

    void errorsName_data()
    {
        QTest::addColumn<QByteArray>("version");
        QTest::addColumn<QByteArray>("err");

        // Case 06 B: a PID cut short names PID-5 (required field missing).
        QTest::newRow("v2.5.1: ERR-2, ERR-3, ERR-4, ERR-8")
            << QByteArray("2.5.1")
            << QByteArray("ERR||PID^1^5|101^Required field missing^HL70357|E||||message 1, "
                          "segment 2 (PID): no patient name in PID-5");
        QTest::newRow("v2.3: ERR-1 with a CE in subcomponents")
            << QByteArray("2.3") << QByteArray("ERR|PID^1^5^101&Required field missing&HL70357");
        QTest::newRow("v2.8 like 2.5") << QByteArray("2.8")
                                       << QByteArray("ERR||PID^1^5|101^Required field "
                                                     "missing^HL70357|E||||message 1, segment 2 "
                                                     "(PID): no patient name in PID-5");
    }

    void errorsName()
    {
        QFETCH(QByteArray, version);
        QFETCH(QByteArray, err);

        const QByteArray message = "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|"
                                   "MSG0009|P|" +
                                   version + "\rPID|1||MRN10";
        const Hl7Problem problem{QStringLiteral("message 1, segment 2 (PID): no patient name in "
                                                "PID-5"),
                                 {QStringLiteral("PID"), 1, 5},
                                 Hl7ErrorCode::RequiredFieldMissing,
                                 false};
        const QList<QByteArray> ack =
            segments(buildHl7Ack(readAckHeader(message), Hl7AckCode::Error, &problem, options()));
        QCOMPARE(ack.size(), 3);
        QVERIFY(ack.at(1).startsWith("MSA|AE|MSG0009|message 1, segment 2 (PID)"));
        QCOMPARE(ack.at(2), err);
    }

    // Case 06 C: MSH-9 without a trigger is rejected (AR) with the ERR on MSH-9.2.
    void rejectOnMsh9()
    {
        const QByteArray message =
            "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT|MSG0010|P|2.5.1";
        const Hl7Problem problem{QStringLiteral("MSH-9 has no trigger event"),
                                 {QStringLiteral("MSH"), 1, 9, 2},
                                 Hl7ErrorCode::RequiredFieldMissing,
                                 true};
        const QList<QByteArray> ack =
            segments(buildHl7Ack(readAckHeader(message), Hl7AckCode::Reject, &problem, options()));
        QCOMPARE(ack.at(0), QByteArray("MSH|^~\\&|CC-WS|CLINIC|ADT|NORTH|20261203093005+0000||"
                                       "ACK^^ACK|CDACK1|P|2.5.1"));
        QCOMPARE(ack.at(1), QByteArray("MSA|AR|MSG0010|MSH-9 has no trigger event"));
        QCOMPARE(ack.at(2), QByteArray("ERR||MSH^1^9^^2|101^Required field missing^HL70357|E||||"
                                       "MSH-9 has no trigger event"));
    }

    // The sender's separators, escapes in our text written in them.
    void sendersSeparators()
    {
        const QByteArray message = "MSH#$%*@#LAB#NORTH#CC#CLIN#20240105##ADT$A08#C1#P#2.4\r";
        const Hl7Problem problem{QStringLiteral("a # b $ c * d"),
                                 {QStringLiteral("PID"), 2, 3},
                                 Hl7ErrorCode::DataType,
                                 false};
        const QList<QByteArray> ack =
            segments(buildHl7Ack(readAckHeader(message), Hl7AckCode::Error, &problem, options()));
        QCOMPARE(ack.at(0), QByteArray("MSH#$%*@#CC#CLIN#LAB#NORTH#20261203093005+0000##ACK$A08$ACK"
                                       "#CDACK1#P#2.4"));
        QCOMPARE(ack.at(1), QByteArray("MSA#AE#C1#a *F* b *S* c *E* d"));
        QCOMPARE(ack.at(2), QByteArray("ERR#PID$2$3$102@Data type error@HL70357"));
        QVERIFY(parseEr7Messages(ack.join('\r')));
    }

    // A message with no usable MSH still gets an answer, in the standard separators.
    void brokenHeaders_data()
    {
        QTest::addColumn<QByteArray>("received");
        QTest::addColumn<QByteArray>("msa");

        QTest::newRow("empty frame") << QByteArray() << QByteArray("MSA|AR|");
        QTest::newRow("not HL7") << QByteArray("GET / HTTP/1.1\r\n") << QByteArray("MSA|AR|");
        QTest::newRow("MSH-2 unusable, control ID still echoed")
            << QByteArray("MSH|^~\\\\&|A|B|C|D|2024||ADT^A01|X7|P|2.6") << QByteArray("MSA|AR|X7");
        QTest::newRow("BOM and MLLP bytes before MSH")
            << QByteArray("\x0b\xEF\xBB\xBFMSH|^~\\&|A|B|C|D|2024||ADT^A08|MSG0015|P|2.5.1")
            << QByteArray("MSA|AR|MSG0015");
        QTest::newRow("control bytes in echoed fields dropped")
            << QByteArray("MSH|^~\\&|A\x1c|B|C|D|2024||ADT^A01|X\x0b"
                          "8|P|2.5")
            << QByteArray("MSA|AR|X8");
    }

    void brokenHeaders()
    {
        QFETCH(QByteArray, received);
        QFETCH(QByteArray, msa);

        const Hl7Problem problem{QStringLiteral("no usable MSH"),
                                 {QStringLiteral("MSH"), 1},
                                 Hl7ErrorCode::SegmentSequence,
                                 true};
        const QByteArray ack =
            buildHl7Ack(readAckHeader(received), Hl7AckCode::Reject, &problem, options());
        const QList<QByteArray> parts = segments(ack);
        QCOMPARE(parts.size(), 3);
        QVERIFY2(parts.at(1).startsWith(msa), parts.at(1).constData());
        for (const char c : ack)
            QVERIFY(c != '\x0b' && c != '\x1c' && c != '\n');
        QVERIFY(parseEr7Messages(ack));
    }

    // Whatever was received, the ACK is a message this parser reads (and the sender's, if it
    // reads HL7): no control bytes, a character set it declares only when it is true.
    void ackOfAnyInputIsReadable_data()
    {
        QTest::addColumn<QByteArray>("received");
        // Found by the fuzz target: an unknown MSH-18 and non-ASCII bytes in MSH-11 were
        // echoed, and the ACK itself was refused.
        QTest::newRow("fuzz: unknown MSH-18, 8-bit MSH-11")
            << QByteArray::fromBase64("TVNIfHx8fHx8fDAwfHx8MtLMMHx8fHx8fHwwMHx8fDIuNw==");
        // Found by the fuzz target: a backslash as field separator clashes with the standard
        // set the ACK falls back to, and fields split by it were echoed with '|' inside.
        QTest::newRow("fuzz: field separator is a standard encoding character")
            << QByteArray::fromBase64("TVNIXC5iclx8MDAwf+"
                                      "UCAFBhAAAwAAAAAAAAAAAAAAAAAAAAAAAAAE1TSHxefiZ8AAAAAAAAAAAAAA"
                                      "AAAAAAAAAAAAAAAAAAAAAAADAwfHx8CjIuNQ==");
        // Found by the fuzz target: an MLLP end byte right after MSH-2 was echoed in MSH-2.
        QTest::newRow("fuzz: FS after MSH-2")
            << QByteArray("MSH|^~\\&\x1c\rccMgr|1|Isaac||2005||ADT^A08|599102|P|2.3");
        QTest::newRow("declared UTF-8, Latin-1 in MSH-4")
            << QByteArray("MSH|^~\\&|A|Cl\xEDnica|||2024||ADT^A01|1|P|2.5||||||UNICODE UTF-8");
        QTest::newRow("declared 8859/1, UTF-8 in MSH-4")
            << QByteArray("MSH|^~\\&|A|Cl\xC3\xADnica|||2024||ADT^A01|1|P|2.5||||||8859/1");
        QTest::newRow("ASCII declared, 8-bit MSH-10")
            << QByteArray("MSH|^~\\&|A|B|||2024||ADT^A01|\xFF"
                          "1|P|2.5||||||ASCII");
        QDirIterator it(QStringLiteral(CAREDESK_SHARED_TESTDATA "/hl7v2"), QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QTest::newRow(qUtf8Printable(QFileInfo(path).fileName())) << file.read(100'000);
        }
    }

    void ackOfAnyInputIsReadable()
    {
        QFETCH(QByteArray, received);
        const Hl7Problem problem{
            QStringLiteral("x"), {QStringLiteral("PID"), 1, 3}, Hl7ErrorCode::DataType, false};
        for (const Hl7AckCode code : {Hl7AckCode::Accept, Hl7AckCode::Error}) {
            const QByteArray ack = buildHl7Ack(readAckHeader(received), code, &problem, options());
            for (const char c : ack)
                QVERIFY(c != '\x0b' && c != '\x1c' && c != '\n');
            const Result<QList<Hl7Message>> parsed = parseEr7Messages(ack);
            QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
            QCOMPARE(parsed->size(), 1);
        }
    }

    void oldVersionsAndCharset()
    {
        // A known MSH-18 is echoed; one this reader does not know is not.
        QVERIFY(!buildHl7Ack(readAckHeader("MSH|^~\\&|A|B|||2024||ADT^A01|1|P|2.5||||||ISO IR87"),
                             Hl7AckCode::Accept, nullptr, options())
                     .contains("IR87"));
        const QByteArray v22 = "MSH|^~\\&|ADT|NORTH|||2024||ADT^A01|M1|P|2.2";
        QVERIFY(buildHl7Ack(readAckHeader(v22), Hl7AckCode::Accept, nullptr, options())
                    .contains("||ACK|CDACK1|P|2.2\r"));
        const QByteArray utf8 =
            "MSH|^~\\&|ADT|NORTH|||2024||ADT^A08|M2|P|2.5.1||||||UNICODE UTF-8\rPID|1";
        const QByteArray ack =
            buildHl7Ack(readAckHeader(utf8), Hl7AckCode::Accept, nullptr, options());
        QVERIFY(ack.startsWith("MSH|^~\\&|CareDesk|SITE|ADT|NORTH|"));
        QVERIFY(ack.contains("|P|2.5.1||||||UNICODE UTF-8\r"));
        // Our text is ASCII whatever the sender's charset.
        const Hl7Problem problem{
            QStringLiteral("caf\u00e9"), {}, Hl7ErrorCode::InternalError, false};
        QVERIFY(buildHl7Ack(readAckHeader(utf8), Hl7AckCode::Error, &problem, options())
                    .contains("|caf?\r"));
    }
};

QTEST_GUILESS_MAIN(TestHl7Ack)
#include "tst_hl7ack.moc"
