// SPDX-License-Identifier: GPL-3.0-or-later
// Every input the libFuzzer target (fuzz/) ever reported, kept in tests/data/hl7/fuzz-regressions
// under the name libFuzzer gave it, goes through the parser, the ADT reader, the ACK builder and
// the MLLP framer: each is rejected cleanly or parsed as expected, and its ACK is readable. The
// same folder is a seed corpus of the fuzz target and runs under ASan/UBSan in
// hl7_fuzz_regressions (tests/fuzz).
#include "services/hl7/AdtEvent.h"
#include "services/hl7/Hl7Ack.h"
#include "services/hl7/Hl7Message.h"
#include "services/hl7/MllpFramer.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace CareDesk;

namespace {

const QString kFolder = QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/hl7/fuzz-regressions");

struct Regression {
    const char *file;
    const char *what;     // the fault it found, as the row's name
    const char *error;    // the parser's message; empty when the input parses
    const char *adtError; // the ADT reader's message; empty when it reads an event
    QByteArray ackEncodingCharacters;
    bool echoesSender; // the ACK names the sender's MSH-3 (only when read with its own separators)
};

// One row per file in the folder; a file without a row fails listedFolderMatchesTheRows().
const QList<Regression> kRegressions = {
    {"crash-09fc961ade8cd12d4a58375da744be6ff53e98a8",
     "ACK unreadable: backslash field separator, fields echoed split by it (MSH\\H\\)",
     "message 1: MSH-2 encoding characters are not usable separators",
     "message 1: MSH-2 encoding characters are not usable separators", "^~\\&", false},
    {"crash-3e61f712abc77146714523124a69ab70c6d3c322",
     "ACK unreadable: MLLP end byte right after MSH-2 echoed in the ACK's MSH-2",
     "message 1, segment 2: the segment does not start with a name of three capital letters or "
     "digits and the field separator (byte 7)",
     "message 1, segment 2: the segment does not start with a name of three capital letters or "
     "digits and the field separator (byte 7)",
     "^", false},
    {"crash-b128de08879d5fe68ae247f8df81992926667b00",
     "ACK unreadable: backslash field separator, 8-bit bytes echoed into MSH-18 (MSH\\S\\)",
     "message 1: MSH-2 encoding characters are not usable separators",
     "message 1: MSH-2 encoding characters are not usable separators", "^~\\&", false},
    {"crash-1cbc9213437d7a2d5140faf0dfe3ed2139ba3ce9",
     "escape round trip: two or more U+FEFF at the start of a field lost all but one", "",
     "message 1, segment 1 (MSH): MSH-9 message type missing", "^~\\&", true},
};

QByteArray readInput(const QString &name)
{
    QFile file(kFolder + u'/' + name);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot open %s", qUtf8Printable(file.fileName()));
        return QByteArray();
    }
    return file.readAll();
}

QString outcome(const Result<QList<Hl7Message>> &parsed)
{
    return parsed ? QString() : parsed.error().message;
}

} // namespace

class TestHl7FuzzRegressions : public QObject
{
    Q_OBJECT

private slots:
    void listedFolderMatchesTheRows()
    {
        QStringList listed;
        for (const Regression &regression : kRegressions)
            listed.append(QString::fromLatin1(regression.file));
        listed.sort();
        const QStringList present = QDir(kFolder).entryList(QDir::Files, QDir::Name);
        QCOMPARE(present, listed);
    }

    void parser_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("adtError");
        for (const Regression &regression : kRegressions)
            QTest::newRow(regression.what)
                << readInput(QString::fromLatin1(regression.file))
                << QString::fromUtf8(regression.error) << QString::fromUtf8(regression.adtError);
    }

    // The interface default (detected, or strict UTF-8) does not change how the input ends.
    void parser()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, error);
        QFETCH(QString, adtError);
        QVERIFY(!input.isEmpty());

        Hl7ReadOptions strict;
        strict.defaultCharset = Hl7Charset::Utf8;
        for (const Hl7ReadOptions &options : {Hl7ReadOptions{}, strict}) {
            Hl7Problem problem;
            const Result<QList<Hl7Message>> parsed = parseEr7Messages(input, options, &problem);
            QCOMPARE(outcome(parsed), error);
            if (!parsed) {
                QCOMPARE(problem.text, error);
                continue;
            }
            for (const Hl7Message &message : *parsed) {
                for (const Hl7Leaf &leaf : message.leaves()) {
                    QVERIFY(leaf.begin <= leaf.end);
                    (void)message.leafText(leaf);
                }
                // The fuzz target's invariant: a field's runs survive encode and decode.
                for (qsizetype s = 0; s < message.segmentCount(); ++s) {
                    const Hl7Segment segment = message.segment(s);
                    for (qsizetype f = 1; f <= segment.fieldCount(); ++f) {
                        const QList<Hl7TextRun> runs = segment.field(f).runs();
                        const QByteArray encoded =
                            hl7EncodeRuns(runs, message.delimiters()).toUtf8();
                        QCOMPARE(hl7DecodeRuns(encoded, message.delimiters(), Hl7Charset::Utf8),
                                 runs);
                    }
                }
            }
        }
        const Result<AdtParseResult> adt = parseAdtMessages(input);
        QCOMPARE(adt ? QString() : adt.error().message, adtError);
    }

    void ack_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("encodingCharacters");
        QTest::addColumn<bool>("echoesSender");
        for (const Regression &regression : kRegressions)
            QTest::newRow(regression.what)
                << readInput(QString::fromLatin1(regression.file))
                << regression.ackEncodingCharacters << regression.echoesSender;
    }

    // The answer to the input is one message this parser reads, in separators it can use.
    void ack()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, encodingCharacters);
        QFETCH(bool, echoesSender);

        Hl7Problem problem;
        (void)parseEr7Messages(input, {}, &problem);
        const Hl7AckHeader header = readAckHeader(input);
        QVERIFY(header.found);
        QCOMPARE(header.encodingCharacters, encodingCharacters);
        const QDateTime now(QDate(2026, 12, 4), QTime(5, 0), QTimeZone::utc());
        for (const Hl7AckCode code : {Hl7AckCode::Accept, Hl7AckCode::Error, Hl7AckCode::Reject}) {
            const QByteArray ack =
                buildHl7Ack(header, code, &problem, Hl7AckOptions{"CareDesk", "SITE", now, "CD1"});
            for (const char c : ack)
                QVERIFY2(c != '\x0b' && c != '\x1c' && c != '\n', ack.toPercentEncoding().data());
            const Result<QList<Hl7Message>> parsed = parseEr7Messages(ack);
            QVERIFY2(parsed, parsed ? "" : qUtf8Printable(parsed.error().message));
            QCOMPARE(parsed->size(), 1);
            const Hl7Message &answer = parsed->first();
            QCOMPARE(answer.segment(0).field(2).raw().toByteArray(), encodingCharacters);
            QCOMPARE(answer.segment(1).name(), QStringLiteral("MSA"));
            QCOMPARE(answer.segment(1).field(1).text(), QString::fromLatin1(hl7AckCodeText(code)));
            QCOMPARE(answer.segment(1).field(2).raw().toByteArray(), header.controlId);
            QCOMPARE(answer.segment(0).field(5).raw().isEmpty(), !echoesSender);
            QCOMPARE(answer.segment(0).field(18).raw().toByteArray(), header.charset);
        }
    }

    // The fault kind behind every finding so far, over headers made up here: whatever MSH-1,
    // MSH-2 and the echoed fields hold (separators, MLLP and control bytes, 8-bit bytes,
    // character set names), the ACK has no VT, FS or LF and parses as one message.
    void ackOfGeneratedHeadersIsReadable()
    {
        QRandomGenerator random(20261204);
        const QByteArray pool = QByteArrayLiteral("|^~\\&#\x0b\x1c\r\n\t \xff\xc3\xa9\x80"
                                                  "A1.");
        const QList<QByteArray> charsets = {"",         "UNICODE UTF-8", "8859/1", "ASCII",
                                            "ISO IR87", "KS X 1001",     "\xff"};
        const auto piece = [&](int longest) {
            QByteArray bytes;
            for (int n = int(random.bounded(longest + 1)); n > 0; --n)
                bytes += pool.at(int(random.bounded(int(pool.size()))));
            return bytes;
        };
        const QDateTime now(QDate(2026, 12, 4), QTime(5, 0), QTimeZone::utc());
        const Hl7Problem problem{
            QStringLiteral("x"), {QStringLiteral("PID"), 1, 3}, Hl7ErrorCode::DataType, false};
        for (int i = 0; i < 20000; ++i) {
            const char field = char(random.bounded(0x21, 0x7f));
            const QByteArray f(1, field);
            QByteArray received = "MSH" + f + piece(6);
            for (int number = 3; number <= 12; ++number)
                received += f + (number == 9 ? QByteArray("ADT^A01") : piece(4));
            received += f + f + f + f + f + f + charsets.at(int(random.bounded(7))) + '\r';
            const Hl7AckHeader header = readAckHeader(received);
            const QByteArray ack =
                buildHl7Ack(header, i % 2 ? Hl7AckCode::Error : Hl7AckCode::Accept, &problem,
                            Hl7AckOptions{"A", "B", now, "C"});
            const QByteArray shown = received.toPercentEncoding();
            QVERIFY2(!ack.contains('\x0b') && !ack.contains('\x1c') && !ack.contains('\n'),
                     shown.constData());
            const Result<QList<Hl7Message>> parsed = parseEr7Messages(ack);
            QVERIFY2(parsed && parsed->size() == 1, shown.constData());
        }
    }

    // The fault kind of the U+FEFF finding, over fields made up here: runs of byte-order marks,
    // escapes, separators' escapes and 8-bit text in any order decode to runs that encode back
    // to bytes which decode to the same runs.
    void escapeRoundTripOfGeneratedFields()
    {
        QRandomGenerator random(20261205);
        const QList<QByteArray> pieces = {
            "\xEF\xBB\xBF", "\\F\\", "\\S\\", "\\T\\",     "\\R\\", "\\E\\", "\\X0D\\",
            "\\.br\\",      "\\H\\", "\\N\\", "\\C2842\\", "a",     " ",     "\xC3\xA9",
            "\xE2\x82\xAC", "0"};
        const Hl7Delimiters delimiters;
        for (int i = 0; i < 20000; ++i) {
            QByteArray field;
            for (int n = int(random.bounded(1, 9)); n > 0; --n)
                field += pieces.at(int(random.bounded(int(pieces.size()))));
            const QList<Hl7TextRun> runs = hl7DecodeRuns(field, delimiters, Hl7Charset::Utf8);
            const QByteArray encoded = hl7EncodeRuns(runs, delimiters).toUtf8();
            QVERIFY2(hl7DecodeRuns(encoded, delimiters, Hl7Charset::Utf8) == runs,
                     field.toPercentEncoding().constData());
        }
    }

    void framer_data()
    {
        QTest::addColumn<QByteArray>("input");
        for (const Regression &regression : kRegressions)
            QTest::newRow(regression.what) << readInput(QString::fromLatin1(regression.file));
    }

    // In one read, byte by byte, or wrapped in a frame of its own: the same frames, none past
    // the limit, and a message without MLLP bytes comes back whole.
    void framer()
    {
        QFETCH(QByteArray, input);
        constexpr qsizetype kLimit = 512;

        MllpFramer whole(kLimit);
        QList<MllpEvent> once;
        whole.feed(input, once);
        MllpFramer bytewise(kLimit);
        QList<MllpEvent> split;
        for (qsizetype i = 0; i < input.size(); ++i)
            bytewise.feed(input.sliced(i, 1), split);
        QCOMPARE(split.size(), once.size());
        for (qsizetype i = 0; i < once.size(); ++i) {
            QCOMPARE(split.at(i).kind, once.at(i).kind);
            QCOMPARE(split.at(i).payload, once.at(i).payload);
            QVERIFY(once.at(i).payload.size() <= kLimit);
        }
        QCOMPARE(bytewise.inFrame(), whole.inFrame());

        MllpFramer framed;
        QList<MllpEvent> events;
        framed.feed(Mllp::frame(input), events);
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.first().kind, MllpEvent::Kind::Frame);
        const bool hasMllpBytes = input.contains('\x0b') || input.contains('\x1c');
        if (!hasMllpBytes) {
            QCOMPARE(events.size(), 1);
            QCOMPARE(events.first().payload, input);
        } else {
            QVERIFY(events.first().payload.size() < input.size());
        }
    }
};

QTEST_GUILESS_MAIN(TestHl7FuzzRegressions)
#include "tst_hl7fuzzregressions.moc"
