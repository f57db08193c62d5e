// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/Hl7DateTime.h"
#include "services/hl7/Hl7Message.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace CareDesk;

namespace {

// Joins segments with `terminator` (CR unless a test says otherwise).
QByteArray er7(const QList<QByteArray> &segments, const QByteArray &terminator = "\r")
{
    return segments.join(terminator);
}

const QByteArray kCase01Msh =
    R"(MSH|^~\&|LAB|NORTH|CC-WS|CLINIC|20240105101500||ORU^R01|MSG0001|P|2.5.1)";
const QByteArray kCase01Pid = "PID|1||MRN1001^^^NORTH^MR||TESTPATIENT^ALPHA||19700101|F";

Hl7Message onlyMessage(const QByteArray &bytes)
{
    const Result<QList<Hl7Message>> messages = parseEr7Messages(bytes);
    if (!messages) {
        qWarning("unexpected error: %s", qUtf8Printable(messages.error().message));
        return Hl7Message();
    }
    if (messages->size() != 1) {
        qWarning("expected one message, got %lld", qlonglong(messages->size()));
        return Hl7Message();
    }
    return messages->first();
}

Hl7Segment firstSegment(const Hl7Message &message, const char *name)
{
    return message.segment(message.indexOf(QLatin1StringView(name)));
}

QStringList segmentNames(const Hl7Message &message)
{
    QStringList names;
    for (qsizetype i = 0; i < message.segmentCount(); ++i) {
        names.append(message.segmentName(i));
    }
    return names;
}

} // namespace

class TestHl7Message : public QObject
{
    Q_OBJECT

private slots:
    void escapes_data();
    void escapes();
    void case01WholeMessage();
    void escapeRoundTrip_data();
    void escapeRoundTrip();
    void runsAreLossless_data();
    void runsAreLossless();
    void runsCanonicalForm_data();
    void runsCanonicalForm();
    void runsKeepEightBitEscapes();
    void hapiEscapeGoldenPair();
    void segmentTerminators_data();
    void segmentTerminators();
    void case03LfInsideField();
    void case03LfOnlyFile();
    void case04Repetitions();
    void case06BareSegment();
    void shortEncodingCharacters_data();
    void shortEncodingCharacters();
    void shortEncodingCharactersKeepOtherBytesAsData();
    void delimiterErrors_data();
    void delimiterErrors();
    void batchesAndSeveralMessages();
    void textAfterTrailerIsAnError();
    void case08Charsets_data();
    void case08Charsets();
    void case08InterfaceDefault_data();
    void case08InterfaceDefault();
    void charsetsByName_data();
    void charsetsByName();
    void charsetErrors_data();
    void charsetErrors();
    void errorsNeverQuoteData_data();
    void errorsNeverQuoteData();
    void fieldNumbering();
    void leavesMatchTheValueApi_data();
    void leavesMatchTheValueApi();
    void limits();
    void timestamps_data();
    void timestamps();
    void utf8Validation_data();
    void utf8Validation();
};

void TestHl7Message::escapes_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("expected");

    // Case 01: the trailing escape character must survive, never "path \R end".
    QTest::newRow("case 01 #1: E then R")
        << QByteArray(R"(path \E\R\ end)") << QStringLiteral(R"(path \R\ end)");
    QTest::newRow("case 01 #2: back-to-back E")
        << QByteArray(R"(path \E\R\E\ end)") << QStringLiteral(R"(path \R\ end)");
    QTest::newRow("case 01 #3: hex CR LF")
        << QByteArray(R"(line1\X0D\\X0A\line2)") << QStringLiteral("line1\r\nline2");
    QTest::newRow("case 01 #4: separators")
        << QByteArray(R"(A \T\ B \S\ C \F\ D)") << QStringLiteral("A & B ^ C | D");
    QTest::newRow("repetition") << QByteArray(R"(x\R\y)") << QStringLiteral("x~y");
    QTest::newRow("line break") << QByteArray(R"(first\.br\second)")
                                << QStringLiteral("first\nsecond");
    QTest::newRow("highlighting dropped")
        << QByteArray(R"(\H\bold\N\ plain)") << QStringLiteral("bold plain");
    QTest::newRow("hex UTF-8 bytes")
        << QByteArray(R"(M\XC3BC\ller)") << QStringLiteral("M\u00fcller");
    QTest::newRow("unterminated kept") << QByteArray(R"(tail \E)") << QStringLiteral(R"(tail \E)");
    QTest::newRow("lone escape kept") << QByteArray(R"(\)") << QStringLiteral(R"(\)");
    QTest::newRow("unknown escape kept")
        << QByteArray(R"(\Zabc\ end)") << QStringLiteral(R"(\Zabc\ end)");
    QTest::newRow("odd hex kept") << QByteArray(R"(\X0\)") << QStringLiteral(R"(\X0\)");
    QTest::newRow("non-hex kept") << QByteArray(R"(\XZZ\)") << QStringLiteral(R"(\XZZ\)");
    QTest::newRow("empty escape kept") << QByteArray(R"(a\\b)") << QStringLiteral(R"(a\\b)");
    QTest::newRow("stray escape, then a real one")
        << QByteArray(R"(a\b c\E\d)") << QStringLiteral(R"(a\b c\d)");
}

void TestHl7Message::escapes()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, expected);

    const Hl7Message message =
        onlyMessage(er7({kCase01Msh, kCase01Pid, "OBX|1|ST|NOTE^Comment^L||" + raw + "|||||F"}));
    QCOMPARE(firstSegment(message, "OBX").field(5).text(), expected);
    QCOMPARE(QString::fromUtf8(hl7Unescape(raw, Hl7Delimiters())), expected);
}

void TestHl7Message::case01WholeMessage()
{
    const QByteArray bytes = er7({
        kCase01Msh,
        kCase01Pid,
        R"(OBX|1|ST|NOTE^Comment^L||path \E\R\ end|||||F)",
        R"(OBX|2|ST|NOTE^Comment^L||path \E\R\E\ end|||||F)",
        R"(OBX|3|TX|NOTE^Comment^L||line1\X0D\\X0A\line2|||||F)",
        R"(OBX|4|ST|NOTE^Comment^L||A \T\ B \S\ C \F\ D|||||F)",
    });
    const Hl7Message message = onlyMessage(bytes);
    QCOMPARE(message.segmentCount(), 6);

    const QStringList expected = {
        QStringLiteral(R"(path \R\ end)"), QStringLiteral(R"(path \R\ end)"),
        QStringLiteral("line1\r\nline2"), QStringLiteral("A & B ^ C | D")};
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const Hl7Segment obx = message.segment(2 + i);
        QCOMPARE(obx.name(), QStringLiteral("OBX"));
        QCOMPARE(obx.field(5).text(), expected.at(i));
        QCOMPARE(obx.field(10).text(), QStringLiteral("F")); // nothing after OBX-5 shifted
    }
}

void TestHl7Message::escapeRoundTrip_data()
{
    QTest::addColumn<QByteArray>("canonical");

    QTest::newRow("case 01 #2") << QByteArray(R"(path \E\R\E\ end)");
    QTest::newRow("case 01 #3") << QByteArray(R"(line1\X0D\\X0A\line2)");
    QTest::newRow("case 01 #4") << QByteArray(R"(A \T\ B \S\ C \F\ D)");
    QTest::newRow("repetition") << QByteArray(R"(one\R\two)");
}

void TestHl7Message::escapeRoundTrip()
{
    QFETCH(QByteArray, canonical);

    const Hl7Delimiters delimiters;
    const QString decoded = QString::fromUtf8(hl7Unescape(canonical, delimiters));
    QCOMPARE(hl7Escape(decoded, delimiters), QString::fromLatin1(canonical));
}

void TestHl7Message::runsAreLossless_data()
{
    QTest::addColumn<QByteArray>("canonical");
    QTest::addColumn<QString>("plain");

    QTest::newRow("case 01 #2") << QByteArray(R"(path \E\R\E\ end)")
                                << QStringLiteral(R"(path \R\ end)");
    QTest::newRow("case 01 #3") << QByteArray(R"(line1\X0D\\X0A\line2)")
                                << QStringLiteral("line1\r\nline2");
    QTest::newRow("case 01 #4") << QByteArray(R"(A \T\ B \S\ C \F\ D)")
                                << QStringLiteral("A & B ^ C | D");
    QTest::newRow("line break, not a line feed")
        << QByteArray(R"(one\.br\two\X0A\three)") << QStringLiteral("one\ntwo\nthree");
    QTest::newRow("highlighting") << QByteArray(R"(\H\urgent\N\ note)")
                                  << QStringLiteral("urgent note");
    QTest::newRow("formatting commands") << QByteArray(R"(\.in+4\x\.sp2\y\.sk3\z\.ce\w\.fi\\.nf\)")
                                         << QStringLiteral("x\n\ny   z\nw");
    QTest::newRow("local escape") << QByteArray(R"(\Zabc\ end)") << QStringLiteral(R"(\Zabc\ end)");
    QTest::newRow("charset switch")
        << QByteArray(R"(\C2842\x\C2B42\)") << QStringLiteral(R"(\C2842\x\C2B42\)");
    QTest::newRow("escape character")
        << QByteArray(R"(C:\E\dir\E\)") << QStringLiteral(R"(C:\dir\)");
    QTest::newRow("back to back") << QByteArray(R"(\F\\S\\T\\R\\E\)") << QStringLiteral(R"(|^&~\)");
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestHl7Message::runsAreLossless()
{
    QFETCH(QByteArray, canonical);
    QFETCH(QString, plain);

    const Hl7Delimiters delimiters;
    const QList<Hl7TextRun> runs = hl7DecodeRuns(canonical, delimiters, Hl7Charset::Utf8);
    QCOMPARE(hl7EncodeRuns(runs, delimiters), QString::fromLatin1(canonical));
    QCOMPARE(hl7PlainText(runs), plain);
    QCOMPARE(QString::fromUtf8(hl7Unescape(canonical, delimiters)), plain);

    // The same through a message in other separators (\S\ then stands for '$').
    const Hl7Delimiters custom{'|', '$', '%', '*', '@', '\0'};
    QByteArray translated = canonical;
    translated.replace('\\', '*');
    const Hl7Message message =
        onlyMessage("MSH|$%*@|A|B|||1||ADT^A01|1|P|2.5\rNTE|1||" + translated);
    QCOMPARE(hl7EncodeRuns(message.segment(1).field(3).runs(), custom),
             QString::fromLatin1(translated));
}

void TestHl7Message::runsCanonicalForm_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<QByteArray>("canonical");

    // Case 01 #1: the unterminated escape character is data and is written escaped.
    QTest::newRow("case 01 #1") << QByteArray(R"(path \E\R\ end)")
                                << QByteArray(R"(path \E\R\E\ end)");
    QTest::newRow("hex of a printable character") << QByteArray(R"(\X41\BC)") << QByteArray("ABC");
    QTest::newRow("hex line end") << QByteArray(R"(a\X0D0A\b)") << QByteArray(R"(a\X0D\\X0A\b)");
    QTest::newRow("stray escape") << QByteArray(R"(a\b c\E\d)") << QByteArray(R"(a\E\b c\E\d)");
    QTest::newRow("lower-case hex") << QByteArray(R"(\X7e\)") << QByteArray(R"(\R\)");
}

void TestHl7Message::runsCanonicalForm()
{
    QFETCH(QByteArray, sent);
    QFETCH(QByteArray, canonical);

    const Hl7Delimiters delimiters;
    const QList<Hl7TextRun> runs = hl7DecodeRuns(sent, delimiters, Hl7Charset::Utf8);
    QCOMPARE(hl7EncodeRuns(runs, delimiters), QString::fromLatin1(canonical));
    // Canonical text is a fixed point.
    QCOMPARE(hl7EncodeRuns(hl7DecodeRuns(canonical, delimiters, Hl7Charset::Utf8), delimiters),
             QString::fromLatin1(canonical));
}

// Found by the fuzz target: an escape's text with 8-bit bytes was read as ISO-8859-1 whatever
// the message's charset, so it did not survive a round trip through UTF-8.
void TestHl7Message::runsKeepEightBitEscapes()
{
    const Hl7Delimiters delimiters;
    const QByteArray utf8 = "a\\Zcaf\xC3\xA9\\b\\C2842\\";
    const QList<Hl7TextRun> runs = hl7DecodeRuns(utf8, delimiters, Hl7Charset::Utf8);
    QCOMPARE(runs.size(), 4);
    QCOMPARE(runs.at(1).text, QStringLiteral("Zcaf\u00e9"));
    QCOMPARE(hl7EncodeRuns(runs, delimiters).toUtf8(), utf8);
    QCOMPARE(hl7DecodeRuns(hl7EncodeRuns(runs, delimiters).toUtf8(), delimiters, Hl7Charset::Utf8),
             runs);
    QCOMPARE(hl7PlainText(runs), QStringLiteral("a\\Zcaf\u00e9\\b\\C2842\\"));
    const QList<Hl7TextRun> latin1 = hl7DecodeRuns("\\Zcaf\xE9\\", delimiters, Hl7Charset::Latin1);
    QCOMPARE(latin1.first().text, QStringLiteral("Zcaf\u00e9"));

    // Found by the fuzz target too: a field that starts with U+FEFF kept it only sometimes
    // (QString::fromUtf8 drops a leading one). A BOM before MSH is framing; in a field, data.
    QCOMPARE(hl7DecodeText("\xEF\xBB\xBFx", Hl7Charset::Utf8), QStringLiteral("\uFEFFx"));
    // ...and the 10-million run found that putting one back lost the second of two (every one
    // of any number stays).
    QCOMPARE(hl7DecodeText("\xEF\xBB\xBF\xEF\xBB\xBFx", Hl7Charset::Utf8),
             QStringLiteral("\uFEFF\uFEFFx"));
    QCOMPARE(hl7DecodeText("\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF", Hl7Charset::Utf8),
             QStringLiteral("\uFEFF\uFEFF\uFEFF"));
    QCOMPARE(
        hl7DecodeRuns("\xEF\xBB\xBF\xEF\xBB\xBF\\T\\", delimiters, Hl7Charset::Utf8).first().text,
        QStringLiteral("\uFEFF\uFEFF&"));
    const Hl7Message message =
        onlyMessage("MSH|^~\\&|A|B|||1||ADT^A01|1|P|2.5||||||UNICODE UTF-8\rNTE|1||\xEF\xBB\xBF"
                    "\\N\\");
    QCOMPARE(message.segment(1).field(3).text(), QStringLiteral("\uFEFF"));
    QCOMPARE(hl7EncodeRuns(message.segment(1).field(3).runs(), delimiters).toUtf8(),
             QByteArray("\xEF\xBB\xBF\\N\\"));
}

void TestHl7Message::hapiEscapeGoldenPair()
{
    const QString folder =
        QStringLiteral(CAREDESK_SHARED_TESTDATA "/hl7v2/hapi-hl7v2/escape-golden/");
    QFile escapedFile(folder + QStringLiteral("uuencoded_escaped.txt"));
    QFile goldenFile(folder + QStringLiteral("uuencoded.txt"));
    QVERIFY(escapedFile.open(QIODevice::ReadOnly));
    QVERIFY(goldenFile.open(QIODevice::ReadOnly));
    const QByteArray escaped = escapedFile.readAll();
    const QByteArray golden = goldenFile.readAll();
    QVERIFY(escaped.size() > 80'000);

    // The escaped text spells its line ends \X0D\\X0A\; the golden file keeps them as LF.
    const Hl7Delimiters delimiters;
    QByteArray decoded = hl7Unescape(escaped, delimiters);
    QVERIFY(decoded.contains("\r\n"));
    decoded.replace("\r\n", "\n");
    QCOMPARE(decoded.size(), golden.size());
    QVERIFY(decoded == golden);

    // And back: the escaped file is in canonical form, so encoding the decoded runs gives it
    // byte for byte.
    const QList<Hl7TextRun> runs = hl7DecodeRuns(escaped, delimiters, Hl7Charset::Utf8);
    QVERIFY(hl7EncodeRuns(runs, delimiters).toLatin1() == escaped);
}

void TestHl7Message::segmentTerminators_data()
{
    QTest::addColumn<QByteArray>("terminator");
    QTest::addColumn<QByteArray>("ending");

    QTest::newRow("CR") << QByteArray("\r") << QByteArray();
    QTest::newRow("LF") << QByteArray("\n") << QByteArray();
    QTest::newRow("CRLF") << QByteArray("\r\n") << QByteArray();
    QTest::newRow("CR, trailing CR") << QByteArray("\r") << QByteArray("\r");
    QTest::newRow("LF, trailing CRLF") << QByteArray("\n") << QByteArray("\r\n");
    QTest::newRow("CRLF, trailing blank lines") << QByteArray("\r\n") << QByteArray("\r\n\r\n");
    QTest::newRow("LF, trailing LF") << QByteArray("\n") << QByteArray("\n");
    QTest::newRow("MLLP frame end") << QByteArray("\r") << QByteArray("\r\x1c\r");
}

void TestHl7Message::segmentTerminators()
{
    QFETCH(QByteArray, terminator);
    QFETCH(QByteArray, ending);

    const QByteArray bytes =
        er7({R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|M3|P|2.5.1)",
             "EVN|A01|20240105101500", "PID|1||MRN1003^^^NORTH^MR||TESTPATIENT^BETA||19800202|M",
             "PV1|1|I|WARD1^101^A"},
            terminator) +
        ending;
    const Hl7Message message = onlyMessage(bytes);
    QCOMPARE(segmentNames(message), QStringList({QStringLiteral("MSH"), QStringLiteral("EVN"),
                                                 QStringLiteral("PID"), QStringLiteral("PV1")}));
    QCOMPARE(message.segment(3).field(3).text(), QStringLiteral("WARD1^101^A"));
    QCOMPARE(message.segment(2).field(8).text(), QStringLiteral("M"));
}

void TestHl7Message::case03LfOnlyFile()
{
    // File A of case 03: LF between segments, CRLF at the end of the file.
    const QByteArray bytes =
        "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|MSG0003|P|2.5.1\n"
        "EVN|A01|20240105101500\n"
        "PID|1||MRN1003^^^NORTH^MR||TESTPATIENT^BETA||19800202|M\n"
        "PV1|1|I|WARD1^101^A\r\n";
    const Hl7Message message = onlyMessage(bytes);
    QCOMPARE(message.segmentCount(), 4);
    QCOMPARE(segmentNames(message), QStringList({QStringLiteral("MSH"), QStringLiteral("EVN"),
                                                 QStringLiteral("PID"), QStringLiteral("PV1")}));
    QCOMPARE(message.segment(0).field(12).text(), QStringLiteral("2.5.1"));
}

void TestHl7Message::case03LfInsideField()
{
    // File B of case 03: CR between segments, a raw LF typed inside NTE-3.
    const QByteArray bytes =
        "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A08|MSG0004|P|2.5.1\r"
        "PID|1||MRN1004^^^NORTH^MR||TESTPATIENT^GAMMA||19750303|F\r"
        "NTE|1||Patient called back.\nWill bring med list.\r";
    const Hl7Message message = onlyMessage(bytes);
    QCOMPARE(message.segmentCount(), 3);
    QCOMPARE(segmentNames(message),
             QStringList({QStringLiteral("MSH"), QStringLiteral("PID"), QStringLiteral("NTE")}));
    QCOMPARE(message.segment(2).field(3).text(),
             QStringLiteral("Patient called back.\nWill bring med list."));

    // The same note in an LF-only file: the LF is still data, "Will" is no segment.
    QByteArray lfOnly = bytes;
    lfOnly.replace('\r', '\n');
    const Hl7Message lfMessage = onlyMessage(lfOnly);
    QCOMPARE(lfMessage.segmentCount(), 3);
    QCOMPARE(lfMessage.segment(2).field(3).text(),
             QStringLiteral("Patient called back.\nWill bring med list."));
}

void TestHl7Message::case04Repetitions()
{
    const QByteArray bytes = er7({
        R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A04|MSG0005|P|2.5.1)",
        "PID|1||MRN1005^^^NORTH^MR~A7788^^^PAYER^MB~5550001^^^STATE^PI~~||TESTPATIENT^DELTA||"
        "19900404|F|||1 TEST ST^^SPRINGFIELD^ST^00000||555-0100^PRN^PH~555-0101^ORN^CP",
    });
    const Hl7Segment pid = onlyMessage(bytes).segment(1);

    // Two empty trailing repetitions are kept as empty and shift nothing.
    const QList<Hl7Value> ids = pid.field(3).repetitions();
    QCOMPARE(ids.size(), 5);
    QVERIFY(ids.at(3).isEmpty());
    QVERIFY(ids.at(4).isEmpty());
    const QStringList values = {QStringLiteral("MRN1005"), QStringLiteral("A7788"),
                                QStringLiteral("5550001")};
    const QStringList authorities = {QStringLiteral("NORTH"), QStringLiteral("PAYER"),
                                     QStringLiteral("STATE")};
    const QStringList types = {QStringLiteral("MR"), QStringLiteral("MB"), QStringLiteral("PI")};
    for (qsizetype i = 0; i < 3; ++i) {
        QCOMPARE(ids.at(i).component(1).text(), values.at(i));
        QCOMPARE(ids.at(i).component(4).text(), authorities.at(i));
        QCOMPARE(ids.at(i).component(5).text(), types.at(i));
        for (const Hl7Value &component : ids.at(i).components()) {
            QVERIFY(!component.text().contains(u'~'));
        }
    }
    QCOMPARE(pid.field(3).component(4).text(), QStringLiteral("NORTH"));

    const QList<Hl7Value> phones = pid.field(13).repetitions();
    QCOMPARE(phones.size(), 2);
    QCOMPARE(phones.at(0).component(1).text(), QStringLiteral("555-0100"));
    QCOMPARE(phones.at(1).component(1).text(), QStringLiteral("555-0101"));
    QCOMPARE(phones.at(1).component(3).text(), QStringLiteral("CP"));
}

void TestHl7Message::case06BareSegment()
{
    const QByteArray bytes = er7({
        R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|MSG0008|P|2.2)",
        "EVN|A01|20240105101500",
        "PID|||MRN1008^^^NORTH^MR||TESTPATIENT^ZETA||19600606|F",
        "PV1",
    });
    const Hl7Message message = onlyMessage(bytes);
    QCOMPARE(message.segmentCount(), 4);
    const Hl7Segment pv1 = firstSegment(message, "PV1");
    QCOMPARE(pv1.name(), QStringLiteral("PV1"));
    QVERIFY(pv1.isBare());
    QCOMPARE(pv1.fieldCount(), 0);
    QVERIFY(pv1.field(2).isEmpty());
    QVERIFY(pv1.field(2).component(3).subcomponent(2).text().isEmpty());
    QVERIFY(!pv1.hasContentFrom(1));
}

void TestHl7Message::shortEncodingCharacters_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("expected"); // component, repetition, escape, subcomponent

    QTest::newRow("standard") << QByteArray(R"(^~\&)") << QByteArray(R"(^~\&)");
    QTest::newRow("v2.7 truncation character") << QByteArray(R"(^~\&#)") << QByteArray(R"(^~\&)");
    QTest::newRow("no escape (realm batch)") << QByteArray("^~&") << QByteArray("^~_&");
    QTest::newRow("no repetition (ruby adt_a01)") << QByteArray(R"(^\&)") << QByteArray(R"(^_\&)");
    QTest::newRow("component only") << QByteArray("^") << QByteArray("^___");
    QTest::newRow("non-standard, positional") << QByteArray("^~}") << QByteArray("^~}_");
    QTest::newRow("custom set") << QByteArray("$%*@") << QByteArray("$%*@");
}

void TestHl7Message::shortEncodingCharacters()
{
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, expected);

    const Hl7Message message = onlyMessage("MSH|" + encoding + "|A|B|||20240105||ADT^A01|1|P|2.5");
    const Hl7Delimiters &delimiters = message.delimiters();
    const auto shown = [](char c) {
        return c == '\0' ? '_' : c;
    };
    const char roles[] = {shown(delimiters.component), shown(delimiters.repetition),
                          shown(delimiters.escape), shown(delimiters.subcomponent)};
    QCOMPARE(QByteArray(roles, 4), expected);
    QCOMPARE(delimiters.field, '|');
    QCOMPARE(message.segment(0).field(2).text(), QString::fromLatin1(encoding));
    QCOMPARE(message.segment(0).field(10).text(), QStringLiteral("1"));
}

void TestHl7Message::shortEncodingCharactersKeepOtherBytesAsData()
{
    // Without an escape character a backslash is data; without repetition a tilde is data.
    const Hl7Message noEscape = onlyMessage(R"(MSH|^~&|A|B|||20240105||ADT^A01|1|P|2.5)"
                                            "\rNTE|1||C:\\E\\dir~x");
    QCOMPARE(noEscape.segment(1).field(3).repetition(0).text(), QStringLiteral(R"(C:\E\dir)"));
    const Hl7Message noRepetition = onlyMessage(R"(MSH|^\&|A|B|||20240105||ADT^A01|1|P|2.5)"
                                                "\rNTE|1||a~b\\T\\c");
    QCOMPARE(noRepetition.segment(1).field(3).repetitions().size(), 1);
    QCOMPARE(noRepetition.segment(1).field(3).text(), QStringLiteral("a~b&c"));
}

void TestHl7Message::delimiterErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");

    QTest::newRow("bare MSH") << QByteArray("MSH\rPID|1")
                              << QStringLiteral("message 1: MSH-1 field separator missing");
    QTest::newRow("letter as field separator") << QByteArray("MSHH0\r")
                                               << QStringLiteral("message 1: MSH-1 field "
                                                                 "separator is not a usable "
                                                                 "separator (byte 3)");
    QTest::newRow("MSH-2 empty") << QByteArray("MSH||A|B")
                                 << QStringLiteral("message 1: MSH-2 encoding characters missing");
    QTest::newRow("MSH-2 at end") << QByteArray("MSH|")
                                  << QStringLiteral("message 1: MSH-2 encoding characters missing");
    QTest::newRow("MSH-2 digits")
        << QByteArray("MSH|0000|||")
        << QStringLiteral("message 1: MSH-2 encoding characters are not usable separators");
    QTest::newRow("MSH-2 repeats")
        << QByteArray(R"(MSH|^~\\&|A)")
        << QStringLiteral("message 1: MSH-2 encoding characters repeat a separator");
    QTest::newRow("MSH-2 too long")
        << QByteArray(R"(MSH|^~\&#!|A)")
        << QStringLiteral("message 1: MSH-2 holds more than 5 encoding characters");
    QTest::newRow("other segment first") << QByteArray("XYZ|1|2\rMSH|^~\\&|A")
                                         << QStringLiteral("message 1: the data does not start "
                                                           "with an MSH segment (found \"XYZ\" "
                                                           "at byte 0)");
    QTest::newRow("prose first") << QByteArray("Dear doctor,\rMSH|^~\\&|A")
                                 << QStringLiteral("message 1: the data does not start with an "
                                                   "MSH segment (found data that is not a "
                                                   "segment at byte 0)");
    QTest::newRow("bad segment name") << QByteArray("MSH|^~\\&|A\rPID|1\rpv1|2")
                                      << QStringLiteral("message 1, segment 3: the segment does "
                                                        "not start with a name of three capital "
                                                        "letters or digits and the field "
                                                        "separator (byte 17)");
    QTest::newRow("second message broken")
        << QByteArray("MSH|^~\\&|A\rMSH|^~|B\rMSH")
        << QStringLiteral("message 3: MSH-1 field separator missing");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty file");
    QTest::newRow("only blanks") << QByteArray("\xEF\xBB\xBF \r\n\r\n\t")
                                 << QStringLiteral("empty file");
}

void TestHl7Message::delimiterErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);

    const Result<QList<Hl7Message>> messages = parseEr7Messages(bytes);
    QVERIFY(!messages);
    QCOMPARE(messages.error().code, Error::Code::InvalidInput);
    QCOMPARE(messages.error().message, expected);
}

void TestHl7Message::batchesAndSeveralMessages()
{
    const QByteArray bytes = er7({
        R"(FHS|^~\&|LAB|NORTH)",
        R"(BHS|^~\&|LAB|NORTH)",
        R"(MSH|^~\&|A|B|||20240105||ADT^A01|first|P|2.5)",
        "PID|1||X1",
        "",
        "ZXX|custom|segment",
        R"(MSH|^~\&|A|B|||20240105||ORU^R01|second|P|2.5)",
        "OBX|1",
        "BTS|2",
        "FTS|1",
    });
    const Result<QList<Hl7Message>> messages = parseEr7Messages(bytes);
    QVERIFY2(messages, qUtf8Printable(messages ? QString() : messages.error().message));
    QCOMPARE(messages->size(), 2);
    QCOMPARE(messages->at(0).index(), 0);
    QCOMPARE(messages->at(1).index(), 1);
    QCOMPARE(segmentNames(messages->at(0)),
             QStringList({QStringLiteral("MSH"), QStringLiteral("PID"), QStringLiteral("ZXX")}));
    QCOMPARE(segmentNames(messages->at(1)),
             QStringList({QStringLiteral("MSH"), QStringLiteral("OBX")}));
    QCOMPARE(messages->at(1).segment(0).field(10).text(), QStringLiteral("second"));
    QCOMPARE(messages->at(0).byteOffset(), bytes.indexOf("MSH"));
    QCOMPARE(messages->at(1).byteOffset(), bytes.lastIndexOf("MSH"));

    const Result<QList<Hl7Message>> onlyEnvelope =
        parseEr7Messages(er7({R"(FHS|^~\&)", R"(BHS|^~\&)", "BTS|0", "FTS|1"}));
    QVERIFY(onlyEnvelope);
    QVERIFY(onlyEnvelope->isEmpty());
}

void TestHl7Message::textAfterTrailerIsAnError()
{
    const Result<QList<Hl7Message>> messages =
        parseEr7Messages(er7({R"(MSH|^~\&|A|B|||20240105||ADT^A01|1|P|2.5)", "BTS|1", "PID|1"}));
    QVERIFY(!messages);
    QCOMPARE(messages.error().message,
             QStringLiteral("message 2: the data does not start with an MSH segment (found "
                            "\"PID\" at byte 47)"));
}

void TestHl7Message::case08Charsets_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("charset");
    QTest::addColumn<QString>("name");

    const QByteArray utf8Pid = "PID|1||MRN1015^^^NORTH^MR||M\xC3\x9CLLER^JOS\xC3\x89||19720808|M";
    const QByteArray latin1Pid = "PID|1||MRN1015^^^NORTH^MR||M\xDCLLER^JOS\xC9||19720808|M";
    const QByteArray msh =
        R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A08|MSG0015|P|2.5.1||||||)";
    const QString expected = QStringLiteral("M\u00dcLLER^JOS\u00c9");
    const int utf8 = int(Hl7Charset::Utf8);
    const int latin1 = int(Hl7Charset::Latin1);

    QTest::newRow("case 08 A: MLLP, BOM, UNICODE UTF-8")
        << QByteArray("\x0b\xEF\xBB\xBF" + msh + "UNICODE UTF-8\r" + utf8Pid + "\r\x1c\r") << utf8
        << expected;
    QTest::newRow("case 08 B: ISO-8859-1 bytes, MSH-18 empty")
        << QByteArray(msh + "\r" + latin1Pid + "\r") << latin1 << expected;
    QTest::newRow("ISO-8859-1 bytes, MSH-18 8859/1")
        << QByteArray(msh + "8859/1\r" + latin1Pid) << latin1 << expected;
    QTest::newRow("UTF-8 bytes, MSH-18 empty")
        << QByteArray(msh + "\r" + utf8Pid) << utf8 << expected;
    QTest::newRow("UTF-8 bytes, MSH-18 UTF-8 lower case")
        << QByteArray(msh + "utf-8\r" + utf8Pid) << utf8 << expected;
    QTest::newRow("ASCII declared, Latin-1 sent")
        << QByteArray(msh + "ASCII\r" + latin1Pid) << latin1 << expected;
    // MSH-18 is honoured even when the sender's bytes disagree.
    QTest::newRow("UTF-8 bytes, MSH-18 8859/1") << QByteArray(msh + "8859/1\r" + utf8Pid) << latin1
                                                << QString::fromLatin1("M\xC3\x9CLLER^JOS\xC3\x89");
}

void TestHl7Message::case08Charsets()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, charset);
    QFETCH(QString, name);

    const Hl7Message message = onlyMessage(bytes);
    QCOMPARE(int(message.charset()), charset);
    QCOMPARE(message.segment(0).field(10).text(), QStringLiteral("MSG0015"));
    const QString text = firstSegment(message, "PID").field(5).text();
    QCOMPARE(text, name);
    QVERIFY(!text.contains(QChar::ReplacementCharacter));
}

void TestHl7Message::case08InterfaceDefault_data()
{
    QTest::addColumn<QByteArray>("msh18");
    QTest::addColumn<QByteArray>("pid5");
    QTest::addColumn<int>("interfaceDefault");
    QTest::addColumn<QString>("name");

    const int latin1 = int(Hl7Charset::Latin1);
    const int utf8 = int(Hl7Charset::Utf8);
    const QString muller = QStringLiteral("M\u00dcLLER^JOS\u00c9");
    QTest::newRow("case 08 B: MSH-18 empty, default ISO-8859-1")
        << QByteArray() << QByteArray("M\xDCLLER^JOS\xC9") << latin1 << muller;
    QTest::newRow("MSH-18 empty, default UTF-8")
        << QByteArray() << QByteArray("M\xC3\x9CLLER^JOS\xC3\x89") << utf8 << muller;
    // MSH-18 wins over the interface's default.
    QTest::newRow("MSH-18 UNICODE UTF-8, default ISO-8859-1")
        << QByteArray("UNICODE UTF-8") << QByteArray("M\xC3\x9CLLER^JOS\xC3\x89") << latin1
        << muller;
    QTest::newRow("MSH-18 8859/1, default UTF-8")
        << QByteArray("8859/1") << QByteArray("M\xDCLLER^JOS\xC9") << utf8 << muller;
    // A configured default is a decision: UTF-8 bytes read as ISO-8859-1 when told so.
    QTest::newRow("MSH-18 empty, default ISO-8859-1, UTF-8 sent")
        << QByteArray() << QByteArray("M\xC3\x9C") << latin1 << QStringLiteral("M\u00c3\u009c");
}

void TestHl7Message::case08InterfaceDefault()
{
    QFETCH(QByteArray, msh18);
    QFETCH(QByteArray, pid5);
    QFETCH(int, interfaceDefault);
    QFETCH(QString, name);

    Hl7ReadOptions options;
    options.defaultCharset = Hl7Charset(interfaceDefault);
    const QByteArray bytes =
        R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A08|MSG0015|P|2.5.1||||||)" + msh18 +
        "\rPID|1||MRN1015^^^NORTH^MR||" + pid5 + "||19720808|M\r";
    const Result<QList<Hl7Message>> messages = parseEr7Messages(bytes, options);
    QVERIFY2(messages, qUtf8Printable(messages ? QString() : messages.error().message));
    const QString text = messages->first().segment(1).field(5).text();
    QCOMPARE(text, name);
    QVERIFY(!text.contains(QChar::ReplacementCharacter));
}

void TestHl7Message::charsetsByName_data()
{
    QTest::addColumn<QByteArray>("msh18");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");

    QTest::newRow("8859/2 Polish") << QByteArray("8859/2")
                                   << QByteArray("\xA3\xF3"
                                                 "d\xBC")
                                   << QStringLiteral("\u0141\u00f3d\u017a");
    QTest::newRow("8859/5 Cyrillic")
        << QByteArray("8859/5") << QByteArray("\xB8\xD2\xD0\xDD") << QStringLiteral("Иван");
    QTest::newRow("8859/7 Greek") << QByteArray("8859/7") << QByteArray("\xC1\xED\xED\xE1")
                                  << QStringLiteral("Αννα");
    QTest::newRow("8859/15 euro") << QByteArray("8859/15") << QByteArray("\xA4 5")
                                  << QStringLiteral("\u20ac 5");
    QTest::newRow("KS X 1001") << QByteArray("KS X 1001") << QByteArray("\xB1\xE8")
                               << QStringLiteral("\uae40");
    QTest::newRow("second repetition ignored")
        << QByteArray("8859/1~ISO IR87") << QByteArray("\xE9") << QStringLiteral("\u00e9");
}

void TestHl7Message::charsetsByName()
{
    QFETCH(QByteArray, msh18);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);

    const Hl7Message message =
        onlyMessage("MSH|^~\\&|A|B|||1||ADT^A01|1|P|2.5||||||" + msh18 + "\rNTE|1||" + bytes);
    QCOMPARE(message.segment(1).field(3).text(), text);
    QCOMPARE(hl7CharsetFromName(msh18.split('~').first()), std::optional(message.charset()));
}

void TestHl7Message::charsetErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");

    const QByteArray msh =
        R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A08|MSG0015|P|2.5.1||||||)";
    const QByteArray latin1Pid = "PID|1||MRN1015^^^NORTH^MR||M\xDCLLER^JOS\xC9||19720808|M";
    QTest::newRow("UNICODE UTF-8 declared, Latin-1 sent")
        << QByteArray(msh + "UNICODE UTF-8\r" + latin1Pid)
        << QStringLiteral("message 1, segment 1 (MSH): MSH-18 declares UTF-8 but byte 119 is not "
                          "valid UTF-8");
    QTest::newRow("unsupported character set with non-ASCII bytes")
        << QByteArray(msh + "ISO IR87\r" + latin1Pid)
        << QStringLiteral("message 1, segment 1 (MSH): MSH-18 names a character set this reader "
                          "does not support, and byte 114 is not ASCII");
    // 0xA0 to 0xFF are all letters in 8859/5; 0xAE is unassigned in 8859/7.
    QTest::newRow("byte with no character in the declared set")
        << QByteArray(msh + "8859/7\rPID|1||MRN1015^^^NORTH^MR||M\xAELLER")
        << QStringLiteral("message 1, segment 1 (MSH): MSH-18 declares ISO-8859-7 but the "
                          "message holds bytes that are not valid there");
    QTest::newRow("interface default UTF-8, MSH-18 empty, Latin-1 sent")
        << QByteArray(msh + "\r" + latin1Pid)
        << QStringLiteral("message 1, segment 1 (MSH): MSH-18 is empty and the interface's "
                          "default is UTF-8 but byte 106 is not valid UTF-8");
}

void TestHl7Message::charsetErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);

    // The interface's default only matters when MSH-18 is empty; these rows read it as UTF-8.
    Hl7ReadOptions options;
    options.defaultCharset = Hl7Charset::Utf8;
    Hl7Problem problem;
    const Result<QList<Hl7Message>> messages = parseEr7Messages(bytes, options, &problem);
    QVERIFY(!messages);
    QCOMPARE(messages.error().message, expected);
    // An ACK names MSH-18 and sends AE (the content is wrong, not the message's envelope).
    QCOMPARE(problem.text, expected);
    QCOMPARE(problem.location.segment, QStringLiteral("MSH"));
    QCOMPARE(problem.location.field, 18);
    QVERIFY(!problem.rejected);

    // An unsupported character set is fine while the message is plain ASCII.
    QVERIFY(parseEr7Messages(R"(MSH|^~\&|A|B|||1||ADT^A01|1|P|2.5||||||ISO IR87)"));
}

void TestHl7Message::errorsNeverQuoteData_data()
{
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("prose") << QByteArray("SECRET PATIENT NAME\r");
    QTest::newRow("name-like first segment") << QByteArray("SECRET|x\rMSH|^~\\&|A");
    QTest::newRow("bad segment") << QByteArray("MSH|^~\\&|A\rSECRET|1");
    QTest::newRow("bad separators") << QByteArray("MSH|SECRET|A");
    QTest::newRow("charset") << QByteArray("MSH|^~\\&|A|B" + QByteArray(14, '|') +
                                           "UTF-8\rPID|||SECRET\xFF");
}

void TestHl7Message::errorsNeverQuoteData()
{
    QFETCH(QByteArray, bytes);

    const Result<QList<Hl7Message>> messages = parseEr7Messages(bytes);
    QVERIFY(!messages);
    QVERIFY(!messages.error().message.isEmpty());
    QVERIFY2(!messages.error().message.contains(QLatin1StringView("SEC")),
             qUtf8Printable(messages.error().message));
}

void TestHl7Message::fieldNumbering()
{
    const Hl7Message message =
        onlyMessage(R"(MSH|^~\&|APP|FAC|||20240105||ADT^A01^ADT_A01|CTRL|P|2.5)"
                    "\rPID|1|2|3a^^^AUTH&1.2.3&ISO^MR~3b|4\rNTE");
    const Hl7Segment msh = message.segment(0);
    QCOMPARE(msh.field(1).text(), QStringLiteral("|"));
    QCOMPARE(msh.field(2).text(), QStringLiteral(R"(^~\&)"));
    QCOMPARE(msh.field(3).text(), QStringLiteral("APP"));
    QCOMPARE(msh.field(9).component(3).text(), QStringLiteral("ADT_A01"));
    QCOMPARE(msh.field(12).text(), QStringLiteral("2.5"));
    QCOMPARE(msh.fieldCount(), 12);
    QVERIFY(msh.field(13).isEmpty());

    const Hl7Segment pid = message.segment(1);
    QCOMPARE(pid.fieldCount(), 4);
    QCOMPARE(pid.field(1).text(), QStringLiteral("1"));
    QCOMPARE(pid.field(3).repetition(1).text(), QStringLiteral("3b"));
    QCOMPARE(pid.field(3).component(4).subcomponent(2).text(), QStringLiteral("1.2.3"));
    QCOMPARE(pid.field(3).component(4).subcomponents().size(), 3);
    QVERIFY(pid.field(3).component(4).subcomponent(4).isEmpty());
    QVERIFY(pid.field(3).repetition(2).isEmpty());
    QVERIFY(pid.field(0).isEmpty());
    QVERIFY(pid.field(-1).isEmpty());
    QCOMPARE(message.indexOf(QLatin1StringView("NTE")), 2);
    QCOMPARE(message.indexOf(QLatin1StringView("OBX")), -1);
}

void TestHl7Message::leavesMatchTheValueApi_data()
{
    QTest::addColumn<QString>("path");
    QDirIterator it(QStringLiteral(CAREDESK_SHARED_TESTDATA "/hl7v2"), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QTest::newRow(qUtf8Printable(QFileInfo(path).fileName())) << path;
    }
}

// The eager split gives exactly the pieces the lazy API gives, with the same text.
void TestHl7Message::leavesMatchTheValueApi()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Result<QList<Hl7Message>> messages = parseEr7Messages(file.readAll());
    if (!messages) {
        return; // rejected files are covered by tst_adtparser
    }
    for (const Hl7Message &message : *messages) {
        qsizetype expected = 0;
        for (qsizetype s = 0; s < message.segmentCount(); ++s) {
            const Hl7Segment segment = message.segment(s);
            for (qsizetype f = 1; f <= segment.fieldCount(); ++f) {
                if (s == 0 && f <= 2) {
                    ++expected;
                    continue;
                }
                for (const Hl7Value &repetition : segment.field(f).repetitions()) {
                    for (const Hl7Value &component : repetition.components()) {
                        expected += component.subcomponents().size();
                    }
                }
            }
        }
        const QList<Hl7Leaf> leaves = message.leaves();
        QCOMPARE(leaves.size(), expected);
        for (const Hl7Leaf &leaf : leaves) {
            const Hl7Value field = message.segment(leaf.segment).field(leaf.field);
            const QString lazy = leaf.segment == 0 && leaf.field <= 2
                                     ? field.text()
                                     : field.repetition(leaf.repetition)
                                           .component(leaf.component)
                                           .subcomponent(leaf.subcomponent)
                                           .text();
            QCOMPARE(message.leafText(leaf), lazy);
        }
    }
}

void TestHl7Message::limits()
{
    const QByteArray header = R"(MSH|^~\&|A|B|||1||ADT^A01|1|P|2.5)"
                              "\r";
    const Result<QList<Hl7Message>> tooBig =
        parseEr7Messages(QByteArray(Hl7Limits::maxInputBytes + 1, 'A'));
    QVERIFY(!tooBig);
    QCOMPARE(tooBig.error().message, QStringLiteral("the file is larger than 64 MiB"));

    const Result<QList<Hl7Message>> manyFields = parseEr7Messages(
        header + "ZZZ" + QByteArray(Hl7Limits::maxFieldsPerSegment + 1, '|') + "x");
    QVERIFY(!manyFields);
    QCOMPARE(manyFields.error().message,
             QStringLiteral("message 1, segment 2 (ZZZ): more than 100000 fields"));

    const Result<QList<Hl7Message>> manySeparators =
        parseEr7Messages(header + "PID|||" + QByteArray(Hl7Limits::maxSeparatorsPerField + 1, '~'));
    QVERIFY(!manySeparators);
    QCOMPARE(manySeparators.error().message,
             QStringLiteral("message 1, segment 2 (PID), field 3: more than 100000 separators"));

    QByteArray manySegments = header;
    for (qsizetype i = 0; i < Hl7Limits::maxSegmentsPerMessage; ++i) {
        manySegments += "NTE\r";
    }
    const Result<QList<Hl7Message>> tooManySegments = parseEr7Messages(manySegments);
    QVERIFY(!tooManySegments);
    QCOMPARE(tooManySegments.error().message,
             QStringLiteral("message 1: more than 100000 segments"));

    QByteArray manyMessages;
    for (qsizetype i = 0; i <= Hl7Limits::maxMessages; ++i) {
        manyMessages += "MSH|^\r";
    }
    const Result<QList<Hl7Message>> tooManyMessages = parseEr7Messages(manyMessages);
    QVERIFY(!tooManyMessages);
    QCOMPARE(tooManyMessages.error().message,
             QStringLiteral("the file holds more than 100000 messages"));
}

void TestHl7Message::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("iso");

    const auto row = [](const char *name, const char *text, const char *raw, const char *iso) {
        QTest::newRow(name) << QString::fromLatin1(text) << QString::fromLatin1(raw)
                            << QString::fromLatin1(iso);
    };
    row("year", "2006", "2006", "2006");
    row("month", "200601", "200601", "2006-01");
    row("day", "20060102", "20060102", "2006-01-02");
    row("hour", "2006010215", "2006010215", "2006-01-02T15");
    row("minute with offset", "200601021530-0500", "200601021530-0500", "2006-01-02T15:30-05:00");
    row("second", "20060102153045", "20060102153045", "2006-01-02T15:30:45");
    row("fraction, zero offset", "20060102153045.1234+0000", "20060102153045.1234+0000",
        "2006-01-02T15:30:45.1234+00:00");
    row("odd offset kept as text", "198908181126+0215", "198908181126+0215",
        "1989-08-18T11:26+02:15");
    row("date with offset", "20060102-0500", "20060102-0500", "2006-01-02");
    row("leap day", "20240229", "20240229", "2024-02-29");
    row("blanks trimmed", " 20240105 ", "20240105", "2024-01-05");
    row("empty", "", "", "");
    row("month 13", "20061302", "20061302", "");
    row("day 31 in April", "20060431", "20060431", "");
    row("no leap day", "20230229", "20230229", "");
    row("hour 24", "2006010224", "2006010224", "");
    row("minute 60", "200601021560", "200601021560", "");
    row("odd length", "2006010", "2006010", "");
    row("too long", "2006010215304512", "2006010215304512", "");
    row("letters", "2006O102", "2006O102", "");
    row("fraction without seconds", "200601021530.5", "200601021530.5", "");
    row("empty fraction", "20060102153045.", "20060102153045.", "");
    row("short offset", "200601021530+05", "200601021530+05", "");
    row("offset out of range", "200601021530+1500", "200601021530+1500", "");
    row("two signs", "200601021530+05-00", "200601021530+05-00", "");
    row("sign only", "-", "-", "");
    row("year zero", "0000", "0000", "");
}

void TestHl7Message::timestamps()
{
    QFETCH(QString, text);
    QFETCH(QString, raw);
    QFETCH(QString, iso);

    const Hl7Timestamp timestamp = parseHl7Timestamp(text);
    QCOMPARE(timestamp.raw, raw);
    QCOMPARE(timestamp.iso, iso);
}

void TestHl7Message::utf8Validation_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("firstBad");

    QTest::newRow("ASCII") << QByteArray("MSH|abc") << qsizetype(-1);
    QTest::newRow("two, three and four bytes")
        << QByteArray("\xC3\x9C \xE2\x82\xAC \xF0\x9F\x98\x80") << qsizetype(-1);
    QTest::newRow("Latin-1 byte") << QByteArray("ab\xDC") << qsizetype(2);
    QTest::newRow("overlong slash") << QByteArray("a\xC0\xAF") << qsizetype(1);
    QTest::newRow("overlong three bytes") << QByteArray("\xE0\x80\xAF") << qsizetype(0);
    QTest::newRow("surrogate") << QByteArray("x\xED\xA0\x80") << qsizetype(1);
    QTest::newRow("past U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << qsizetype(0);
    QTest::newRow("cut sequence") << QByteArray("ok\xE2\x82") << qsizetype(2);
    QTest::newRow("stray continuation") << QByteArray("\x80") << qsizetype(0);
}

void TestHl7Message::utf8Validation()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, firstBad);

    QCOMPARE(firstInvalidUtf8(bytes), firstBad);
}

QTEST_GUILESS_MAIN(TestHl7Message)
#include "tst_hl7message.moc"
