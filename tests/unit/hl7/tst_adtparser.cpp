// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/AdtEvent.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace CareDesk;

namespace {

const QString kHl7Dir = QStringLiteral(CAREDESK_SHARED_TESTDATA "/hl7v2");

QByteArray readShared(const QString &relativePath)
{
    QFile file(kHl7Dir + u'/' + relativePath);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot open %s", qUtf8Printable(file.fileName()));
        return QByteArray();
    }
    return file.readAll();
}

QByteArray er7(const QList<QByteArray> &segments)
{
    return segments.join('\r');
}

QString describe(const Result<AdtParseResult> &result)
{
    return result ? QStringLiteral("parsed") : result.error().message;
}

QString identifierText(const Hl7Identifier &id)
{
    return id.value + u'/' + id.authority + u'/' + id.typeCode;
}

QStringList identifierTexts(const QList<Hl7Identifier> &ids)
{
    QStringList texts;
    for (const Hl7Identifier &id : ids) {
        texts.append(identifierText(id));
    }
    return texts;
}

// Parses and insists on success; the caller QVERIFYs `ok`.
AdtParseResult parseOk(const QByteArray &bytes, bool &ok)
{
    const Result<AdtParseResult> result = parseAdtMessages(bytes);
    ok = result.has_value();
    if (!ok) {
        qWarning("unexpected error: %s", qUtf8Printable(result.error().message));
        return AdtParseResult();
    }
    return *result;
}

const QByteArray kAdtMsh =
    R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|MSG0001|P|2.5.1)";

} // namespace

class TestAdtParser : public QObject
{
    Q_OBJECT

private slots:
    void sharedFilesAreThere();
    void sharedFiles_data();
    void sharedFiles();
    void microsoftAdtA01();
    void microsoftOtherTriggers_data();
    void microsoftOtherTriggers();
    void microsoftMergeA40();
    void microsoftMergeA40TwoPatients();
    void microsoftBomAndCr();
    void rubyAdtA01();
    void dotnetSampleAdt();
    void hamaluikAdtA04();
    void nonAdtFilesAreSkipped_data();
    void nonAdtFilesAreSkipped();
    void sharedFilesThatAreRejected_data();
    void sharedFilesThatAreRejected();
    void case01EscapesInNames();
    void case03SegmentTerminators();
    void case04Repetitions();
    void case06BareAndTruncated_data();
    void case06BareAndTruncated();
    void case08BomAndCharsets_data();
    void case08BomAndCharsets();
    void errorMessages_data();
    void errorMessages();
    void errorsNeverQuotePatientData();
    void mergeMayLackPid3();
    void severalMessagesKeepTheirPositions();
    void triggerAndEventTimeFallbacks();
    void phoneFromComponents();
    void garbageNeverCrashes();
    void truncationsNeverCrash();
    void mutationsNeverCrash();
    void hostileInputsStayFast_data();
    void hostileInputsStayFast();
};

void TestAdtParser::sharedFilesAreThere()
{
    QVERIFY2(QDir(kHl7Dir).exists(), qUtf8Printable(kHl7Dir));
    QDirIterator it(kHl7Dir, QDir::Files, QDirIterator::Subdirectories);
    int count = 0;
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    QVERIFY2(count >= 60, qUtf8Printable(QString::number(count)));
}

void TestAdtParser::sharedFiles_data()
{
    QTest::addColumn<QString>("path");

    QDirIterator it(kHl7Dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext()) {
        paths.append(QDir(kHl7Dir).relativeFilePath(it.next()));
    }
    paths.sort();
    for (const QString &path : std::as_const(paths)) {
        QTest::newRow(qUtf8Printable(path)) << path;
    }
}

void TestAdtParser::sharedFiles()
{
    QFETCH(QString, path);

    const QByteArray bytes = readShared(path);
    const Result<AdtParseResult> result = parseAdtMessages(bytes);
    if (!result) {
        QCOMPARE(result.error().code, Error::Code::InvalidInput);
        QVERIFY(!result.error().message.isEmpty());
        return;
    }
    QCOMPARE(result->skippedTypes.size(), result->skippedMessages);
    for (const AdtEvent &event : result->events) {
        QCOMPARE(event.messageType, QStringLiteral("ADT"));
        QVERIFY(!event.controlId.isEmpty());
        QVERIFY(!event.triggerEvent.isEmpty());
        QVERIFY(!event.patient.identifiers.isEmpty() || !event.mergedIdentifiers.isEmpty());
        QVERIFY(event.messageIndex >= 0);
    }
}

void TestAdtParser::microsoftAdtA01()
{
    bool ok = false;
    const AdtParseResult result =
        parseOk(readShared(QStringLiteral("microsoft-fhir-converter/ADT-A01-01.hl7")), ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 1);
    QCOMPARE(result.skippedMessages, 0);

    const AdtEvent &event = result.events.first();
    QCOMPARE(event.messageType, QStringLiteral("ADT"));
    QCOMPARE(event.triggerEvent, QStringLiteral("A01"));
    QCOMPARE(event.controlId, QStringLiteral("MSG00001"));
    QCOMPARE(event.version, QStringLiteral("2.8"));
    QCOMPARE(event.messageIndex, 0);
    QCOMPARE(event.messageTime.raw, QStringLiteral("198908181126+0215"));
    QCOMPARE(event.messageTime.iso, QStringLiteral("1989-08-18T11:26+02:15"));
    // EVN-6 (when the event occurred) wins over EVN-2 (when it was recorded).
    QCOMPARE(event.eventTime.raw, QStringLiteral("20210817151943.4+0200"));
    QCOMPARE(event.eventTime.iso, QStringLiteral("2021-08-17T15:19:43.4+02:00"));

    // PID-3 repetitions first, then PID-2 and PID-4.
    QCOMPARE(
        identifierTexts(event.patient.identifiers),
        QStringList({QStringLiteral("PATID1234/test1/MR"), QStringLiteral("123456789/USSSA/SS"),
                     QStringLiteral("1234567/test/MR"), QStringLiteral("PATID567/test2/")}));
    QCOMPARE(event.patient.family, QStringLiteral("EVERYMAN"));
    QCOMPARE(event.patient.given, QStringLiteral("ADAM"));
    // PID-7 was sent to the minute, with an offset: both stay.
    QCOMPARE(event.patient.birthDate.raw, QStringLiteral("198808181126+0215"));
    QCOMPARE(event.patient.birthDate.iso, QStringLiteral("1988-08-18T11:26+02:15"));
    QCOMPARE(event.patient.sex, QStringLiteral("M"));
    QCOMPARE(event.patient.phone, QStringLiteral("78788788"));
    QVERIFY(event.mergedIdentifiers.isEmpty());

    QVERIFY(event.encounter.has_value());
    QCOMPARE(event.encounter->patientClass, QStringLiteral("P"));
    QCOMPARE(event.encounter->visitNumber, QStringLiteral("40007716"));
    QCOMPARE(event.encounter->location,
             QStringLiteral("HUH AE OMU^OMU B^Bed 03^HOMERTON UNIVER^C^Homerton UH^Floor5"));
    QCOMPARE(event.encounter->admitTime.iso, QStringLiteral("2015-02-08T11:34:19+01:10"));
    QVERIFY(event.encounter->dischargeTime.raw.isEmpty());
}

void TestAdtParser::microsoftOtherTriggers_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<QString>("dischargeIso");

    QTest::newRow("A02") << QStringLiteral("ADT-A02-01.hl7") << QStringLiteral("A02") << QString();
    QTest::newRow("A03") << QStringLiteral("ADT-A03-01.hl7") << QStringLiteral("A03")
                         << QStringLiteral("2015-02-09T11:34:19+01:10");
    QTest::newRow("A04") << QStringLiteral("ADT-A04-01.hl7") << QStringLiteral("A04") << QString();
    QTest::newRow("A08") << QStringLiteral("ADT-A08-01.hl7") << QStringLiteral("A08")
                         << QStringLiteral("2015-02-09T11:34:19+01:10");
    QTest::newRow("A11") << QStringLiteral("ADT-A11-01.hl7") << QStringLiteral("A11") << QString();
}

void TestAdtParser::microsoftOtherTriggers()
{
    QFETCH(QString, path);
    QFETCH(QString, trigger);
    QFETCH(QString, dischargeIso);

    bool ok = false;
    const AdtParseResult result =
        parseOk(readShared(QStringLiteral("microsoft-fhir-converter/") + path), ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 1);
    const AdtEvent &event = result.events.first();
    QCOMPARE(event.triggerEvent, trigger);
    QCOMPARE(event.controlId, QStringLiteral("MSG00001"));
    QCOMPARE(event.patient.identifiers.first().value, QStringLiteral("PATID1234"));
    QCOMPARE(event.patient.identifiers.first().authority, QStringLiteral("test1"));
    QCOMPARE(event.patient.family, QStringLiteral("EVERYMAN"));
    QCOMPARE(event.patient.birthDate.iso, QStringLiteral("1988-08-18T11:26+02:15"));
    QVERIFY(event.encounter.has_value());
    QCOMPARE(event.encounter->dischargeTime.iso, dischargeIso);
}

void TestAdtParser::microsoftMergeA40()
{
    bool ok = false;
    const AdtParseResult result =
        parseOk(readShared(QStringLiteral("microsoft-fhir-converter/ADT-A40-01.hl7")), ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 1);
    const AdtEvent &event = result.events.first();
    QCOMPARE(event.triggerEvent, QStringLiteral("A40"));
    QCOMPARE(event.controlId, QStringLiteral("8919-40"));
    QCOMPARE(identifierTexts(event.patient.identifiers),
             QStringList({QStringLiteral("12345/BCBS/MR")}));
    QCOMPARE(identifierTexts(event.mergedIdentifiers),
             QStringList({QStringLiteral("56789/BCBS/MR")}));
    QCOMPARE(event.patient.birthDate.iso, QStringLiteral("2018-02-05"));
    QCOMPARE(event.patient.phone, QStringLiteral("(111)111-1111"));
    QVERIFY(!event.encounter.has_value());
}

void TestAdtParser::microsoftMergeA40TwoPatients()
{
    bool ok = false;
    const AdtParseResult result =
        parseOk(readShared(QStringLiteral("microsoft-fhir-converter/ADT-A40-02.hl7")), ok);
    QVERIFY(ok);
    // One event per PID/MRG pair, both from message 0.
    QCOMPARE(result.events.size(), 2);
    QCOMPARE(identifierTexts(result.events.at(0).patient.identifiers),
             QStringList({QStringLiteral("12345/BCBS/MR")}));
    QCOMPARE(identifierTexts(result.events.at(0).mergedIdentifiers),
             QStringList({QStringLiteral("56789/BCBS/MR")}));
    QCOMPARE(identifierTexts(result.events.at(1).patient.identifiers),
             QStringList({QStringLiteral("145/BCBS/MR")}));
    QCOMPARE(identifierTexts(result.events.at(1).mergedIdentifiers),
             QStringList({QStringLiteral("569/BCBS/MR")}));
    QCOMPARE(result.events.at(0).messageIndex, 0);
    QCOMPARE(result.events.at(1).messageIndex, 0);
    QCOMPARE(result.events.at(1).controlId, QStringLiteral("8919-40"));
}

void TestAdtParser::microsoftBomAndCr()
{
    bool ok = false;
    const AdtParseResult result =
        parseOk(readShared(QStringLiteral("microsoft-fhir-converter/ADT01-23.hl7")), ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 1);
    const AdtEvent &event = result.events.first();
    QCOMPARE(event.triggerEvent, QStringLiteral("A01"));
    QCOMPARE(event.controlId, QStringLiteral("599102"));
    QCOMPARE(identifierTexts(event.patient.identifiers),
             QStringList({QStringLiteral("10006579/1/MR")}));
    QCOMPARE(event.patient.family, QStringLiteral("DUCK"));
    QCOMPARE(event.patient.birthDate.iso, QStringLiteral("1924-10-10"));
    QCOMPARE(event.encounter->location, QStringLiteral("PREOP^101^1^1^S"));
    QCOMPARE(event.encounter->visitNumber, QStringLiteral("40007716"));
}

void TestAdtParser::rubyAdtA01()
{
    // MSH-2 is "^\&": no repetition separator.
    bool ok = false;
    const AdtParseResult result = parseOk(readShared(QStringLiteral("ruby-hl7/adt_a01.hl7")), ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 1);
    const AdtEvent &event = result.events.first();
    QCOMPARE(event.triggerEvent, QStringLiteral("A01"));
    QCOMPARE(event.controlId, QStringLiteral("00003"));
    QCOMPARE(event.version, QStringLiteral("2.3"));
    QCOMPARE(identifierTexts(event.patient.identifiers), QStringList({QStringLiteral("191919//")}));
    QCOMPARE(event.patient.family, QStringLiteral("John"));
    QCOMPARE(event.patient.given, QStringLiteral("Doe"));
    QCOMPARE(event.patient.birthDate.iso, QStringLiteral("1956-01-29"));
    QCOMPARE(event.patient.sex, QStringLiteral("F"));
    QCOMPARE(event.patient.phone, QStringLiteral("(900)485-5344"));
    QCOMPARE(event.eventTime.iso, QStringLiteral("2000-07-25T07:12"));
    QCOMPARE(event.encounter->visitNumber, QStringLiteral("123434"));
}

void TestAdtParser::dotnetSampleAdt()
{
    // CRLF segments, an empty line and a trailing blank line; MSH-9 is ADT^O01.
    bool ok = false;
    const AdtParseResult result =
        parseOk(readShared(QStringLiteral("hl7-dotnetcore/Sample-ADT.txt")), ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 1);
    const AdtEvent &event = result.events.first();
    QCOMPARE(event.triggerEvent, QStringLiteral("O01"));
    QCOMPARE(event.controlId, QStringLiteral("MSGID12349876"));
    QCOMPARE(identifierTexts(event.patient.identifiers),
             QStringList({QStringLiteral("454721//"), QStringLiteral("0493575/2/ID 1")}));
    QCOMPARE(event.patient.family, QStringLiteral("DOE"));
    QCOMPARE(event.patient.given, QStringLiteral("JOHN"));
    QCOMPARE(event.patient.birthDate.iso, QStringLiteral("1948-02-03"));
    QCOMPARE(event.patient.phone, QStringLiteral("(216)123-4567"));
    QCOMPARE(event.encounter->patientClass, QStringLiteral("O"));
    QCOMPARE(event.encounter->location, QStringLiteral("OP^PAREG"));
    QCOMPARE(event.encounter->visitNumber, QStringLiteral("2688684"));
    QCOMPARE(event.encounter->admitTime.iso, QStringLiteral("1999-12-27T14:08"));
}

void TestAdtParser::hamaluikAdtA04()
{
    bool ok = false;
    const AdtParseResult result =
        parseOk(readShared(QStringLiteral("hamaluik-hl7-parser/sample_adt_a04.hl7")), ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 1);
    const AdtEvent &event = result.events.first();
    QCOMPARE(event.triggerEvent, QStringLiteral("A04"));
    QCOMPARE(event.controlId, QStringLiteral("MSG00001"));
    QCOMPARE(event.version, QStringLiteral("2.4"));
    QCOMPARE(identifierTexts(event.patient.identifiers),
             QStringList({QStringLiteral("PATID1234//")}));
    QCOMPARE(event.patient.family, QStringLiteral("JONES"));
    QCOMPARE(event.patient.given, QStringLiteral("WILLIAM"));
    QCOMPARE(event.patient.birthDate.iso, QStringLiteral("1961-06-15"));
    QCOMPARE(event.patient.sex, QStringLiteral("M-"));
    QCOMPARE(event.patient.phone, QStringLiteral("(919)379-1212"));
    QCOMPARE(event.eventTime.raw, QStringLiteral("198808181123"));
    QCOMPARE(event.encounter->patientClass, QStringLiteral("I"));
    QCOMPARE(event.encounter->location, QStringLiteral("2000^2012^01"));
}

void TestAdtParser::nonAdtFilesAreSkipped_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("types");

    QTest::newRow("hamaluik ORU") << QStringLiteral("hamaluik-hl7-parser/sample_oru_r01_lab.hl7")
                                  << QStringList({QStringLiteral("ORU^R01")});
    QTest::newRow("dotnet ORM") << QStringLiteral("hl7-dotnetcore/Sample-ORM.txt")
                                << QStringList({QStringLiteral("ORM^O01")});
    QTest::newRow("LF-only ORU")
        << QStringLiteral("linuxforhealth-hl7v2-fhir-converter/ORU-multiline-short-mixed.hl7")
        << QStringList({QStringLiteral("ORU^R01")});
    QTest::newRow("ruby empty segments") << QStringLiteral("ruby-hl7/empty_segments.hl7")
                                         << QStringList({QStringLiteral("ORU^R03")});
    QTest::newRow("ruby batch") << QStringLiteral("ruby-hl7/realm_realm-batch.hl7")
                                << QStringList(
                                       {QStringLiteral("ORU^R01"), QStringLiteral("ORU^R01")});
    QTest::newRow("ruby empty batch")
        << QStringLiteral("ruby-hl7/empty-batch.hl7") << QStringList();
    const QString oml = QStringLiteral("OML^O21");
    const QString oul = QStringLiteral("OUL^R22");
    QTest::newRow("hapi OML file")
        << QStringLiteral("hapi-hl7v2/example_oml_o21.hl7")
        << QStringList({oml, oml, oul, oul, oml, oul, oml, oul, QStringLiteral("ORL^O34"),
                        QStringLiteral("ORU^R01"), oml, oml, oml});
}

void TestAdtParser::nonAdtFilesAreSkipped()
{
    QFETCH(QString, path);
    QFETCH(QStringList, types);

    bool ok = false;
    const AdtParseResult result = parseOk(readShared(path), ok);
    QVERIFY(ok);
    QVERIFY(result.events.isEmpty());
    QCOMPARE(result.skippedMessages, types.size());
    QCOMPARE(result.skippedTypes, types);
}

void TestAdtParser::sharedFilesThatAreRejected_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::newRow("ADT^A08 with EVN only")
        << QStringLiteral("hamaluik-hl7-parser/sample_adt_a01_encoded.hl7")
        << QStringLiteral("message 1: no PID segment in the ADT message");
    QTest::newRow("MSH-2 written as ^~\\\\&")
        << QStringLiteral("linuxforhealth-hl7v2-fhir-converter/sample_win.hl7")
        << QStringLiteral("message 1: MSH-2 encoding characters repeat a separator");
    QTest::newRow("comment lines") << QStringLiteral("hapi-hl7v2/messages.txt")
                                   << QStringLiteral("message 1: the data does not start with an "
                                                     "MSH segment (found data that is not a "
                                                     "segment at byte 0)");
    QTest::newRow("zero bytes")
        << QStringLiteral(
               "nhapi-fuzz-badinputs/LegacyPipeParser/EncodingNotSupportedException/aoor1")
        << QStringLiteral("empty file");
}

void TestAdtParser::sharedFilesThatAreRejected()
{
    QFETCH(QString, path);
    QFETCH(QString, message);

    const Result<AdtParseResult> result = parseAdtMessages(readShared(path));
    QVERIFY(!result);
    QCOMPARE(result.error().message, message);
}

void TestAdtParser::case01EscapesInNames()
{
    bool ok = false;
    const AdtParseResult result = parseOk(
        er7({kAdtMsh, R"(PID|1||MRN\T\1^^^NORTH^MR||O\S\BRIEN\E\R\^AL\F\PHA||19700101|F)"}), ok);
    QVERIFY(ok);
    const AdtPatient &patient = result.events.first().patient;
    QCOMPARE(patient.identifiers.first().value, QStringLiteral("MRN&1"));
    QCOMPARE(patient.family, QStringLiteral(R"(O^BRIEN\R\)"));
    QCOMPARE(patient.given, QStringLiteral("AL|PHA"));
}

void TestAdtParser::case03SegmentTerminators()
{
    const QByteArray fileA =
        "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|MSG0003|P|2.5.1\n"
        "EVN|A01|20240105101500\n"
        "PID|1||MRN1003^^^NORTH^MR||TESTPATIENT^BETA||19800202|M\n"
        "PV1|1|I|WARD1^101^A\r\n";
    bool ok = false;
    const AdtParseResult a = parseOk(fileA, ok);
    QVERIFY(ok);
    QCOMPARE(a.events.size(), 1);
    const AdtEvent &admit = a.events.first();
    QCOMPARE(admit.controlId, QStringLiteral("MSG0003"));
    QCOMPARE(identifierTexts(admit.patient.identifiers),
             QStringList({QStringLiteral("MRN1003/NORTH/MR")}));
    QCOMPARE(admit.patient.family, QStringLiteral("TESTPATIENT"));
    QCOMPARE(admit.patient.given, QStringLiteral("BETA"));
    QCOMPARE(admit.patient.birthDate.iso, QStringLiteral("1980-02-02"));
    QCOMPARE(admit.patient.sex, QStringLiteral("M"));
    QVERIFY(admit.encounter.has_value());
    QCOMPARE(admit.encounter->patientClass, QStringLiteral("I"));
    QCOMPARE(admit.encounter->location, QStringLiteral("WARD1^101^A"));

    const QByteArray fileB =
        "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A08|MSG0004|P|2.5.1\r"
        "PID|1||MRN1004^^^NORTH^MR||TESTPATIENT^GAMMA||19750303|F\r"
        "NTE|1||Patient called back.\nWill bring med list.\r";
    const AdtParseResult b = parseOk(fileB, ok);
    QVERIFY(ok);
    QCOMPARE(b.events.size(), 1);
    QCOMPARE(b.events.first().triggerEvent, QStringLiteral("A08"));
    QCOMPARE(b.events.first().patient.given, QStringLiteral("GAMMA"));
    QVERIFY(!b.events.first().encounter.has_value());
}

void TestAdtParser::case04Repetitions()
{
    bool ok = false;
    const AdtParseResult result = parseOk(
        er7({R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A04|MSG0005|P|2.5.1)",
             "PID|1||MRN1005^^^NORTH^MR~A7788^^^PAYER^MB~5550001^^^STATE^PI~~||TESTPATIENT^DELTA"
             "||19900404|F|||1 TEST ST^^SPRINGFIELD^ST^00000||555-0100^PRN^PH~555-0101^ORN^CP"}),
        ok);
    QVERIFY(ok);
    const AdtPatient &patient = result.events.first().patient;
    QCOMPARE(identifierTexts(patient.identifiers),
             QStringList({QStringLiteral("MRN1005/NORTH/MR"), QStringLiteral("A7788/PAYER/MB"),
                          QStringLiteral("5550001/STATE/PI")}));
    for (const Hl7Identifier &id : patient.identifiers) {
        QVERIFY(!identifierText(id).contains(u'~'));
    }
    QCOMPARE(patient.phone, QStringLiteral("555-0100"));
    QCOMPARE(patient.birthDate.iso, QStringLiteral("1990-04-04"));
    QVERIFY(!patient.family.contains(u'~'));
}

void TestAdtParser::case06BareAndTruncated_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error"); // empty: must parse

    QTest::newRow("A: bare PV1")
        << er7({R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|MSG0008|P|2.2)",
                "EVN|A01|20240105101500", "PID|||MRN1008^^^NORTH^MR||TESTPATIENT^ZETA||19600606|F",
                "PV1"})
        << QString();
    QTest::newRow("B: cut inside PID")
        << er7({R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|MSG0009|P|2.5.1)",
                "PID|1||MRN10"})
        << QStringLiteral("message 1, segment 2 (PID): no patient name in PID-5");
    QTest::newRow("B: cut inside PID-3")
        << er7({R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|MSG0009|P|2.5.1)",
                "PID|1||"})
        << QStringLiteral("message 1, segment 2 (PID): no patient identifier in PID-3");
    QTest::newRow("B: cut after the segment name")
        << er7({R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|MSG0009|P|2.5.1)",
                "PID"})
        << QStringLiteral("message 1, segment 2 (PID): no patient identifier in PID-3");
    QTest::newRow("C: MSH-9 without trigger")
        << QByteArray(R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT|MSG0010|P|2.5.1)")
        << QStringLiteral(
               "message 1, segment 1 (MSH): MSH-9 has no trigger event, and no EVN-1 gives one");
    QTest::newRow("cut inside MSH")
        << QByteArray(R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|2024010510)")
        << QStringLiteral("message 1, segment 1 (MSH): MSH-9 message type missing");
}

void TestAdtParser::case06BareAndTruncated()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);

    const Result<AdtParseResult> result = parseAdtMessages(bytes);
    if (!error.isEmpty()) {
        QVERIFY(!result);
        QCOMPARE(result.error().message, error);
        QVERIFY(!result.error().message.contains(QLatin1StringView("MSH-10")));
        return;
    }
    QVERIFY2(result, qUtf8Printable(describe(result)));
    QCOMPARE(result->events.size(), 1);
    const AdtEvent &event = result->events.first();
    QCOMPARE(event.controlId, QStringLiteral("MSG0008"));
    QCOMPARE(event.version, QStringLiteral("2.2"));
    QCOMPARE(identifierTexts(event.patient.identifiers),
             QStringList({QStringLiteral("MRN1008/NORTH/MR")}));
    QCOMPARE(event.patient.given, QStringLiteral("ZETA"));
    // PV1 is there but says nothing: no encounter.
    QVERIFY(!event.encounter.has_value());
}

void TestAdtParser::case08BomAndCharsets_data()
{
    QTest::addColumn<QByteArray>("bytes");

    const QByteArray msh =
        R"(MSH|^~\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A08|MSG0015|P|2.5.1||||||)";
    QTest::newRow("A: MLLP frame, BOM, UNICODE UTF-8")
        << QByteArray("\x0b\xEF\xBB\xBF" + msh + "UNICODE UTF-8\r" +
                      "PID|1||MRN1015^^^NORTH^MR||M\xC3\x9CLLER^JOS\xC3\x89||19720808|M\r\x1c\r");
    QTest::newRow("B: ISO-8859-1, MSH-18 empty")
        << QByteArray(msh + "\rPID|1||MRN1015^^^NORTH^MR||M\xDCLLER^JOS\xC9||19720808|M\r");
    QTest::newRow("B: ISO-8859-1, MSH-18 8859/1")
        << QByteArray(msh + "8859/1\rPID|1||MRN1015^^^NORTH^MR||M\xDCLLER^JOS\xC9||19720808|M");
}

void TestAdtParser::case08BomAndCharsets()
{
    QFETCH(QByteArray, bytes);

    bool ok = false;
    const AdtParseResult result = parseOk(bytes, ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 1);
    const AdtEvent &event = result.events.first();
    QCOMPARE(event.controlId, QStringLiteral("MSG0015"));
    QCOMPARE(event.patient.family, QStringLiteral("M\u00dcLLER"));
    QCOMPARE(event.patient.given, QStringLiteral("JOS\u00c9"));
    QCOMPARE(event.patient.birthDate.iso, QStringLiteral("1972-08-08"));

    // Declared UTF-8 that is not UTF-8 is refused rather than stored as U+FFFD.
    QByteArray lying = bytes;
    lying.replace("||||||\r", "||||||UNICODE UTF-8\r");
    lying.replace("8859/1", "UNICODE UTF-8");
    if (lying.contains("\xDC")) {
        const Result<AdtParseResult> refused = parseAdtMessages(lying);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1StringView("MSH-18 declares UTF-8")));
    }
}

void TestAdtParser::errorMessages_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");

    const QByteArray pid = "PID|1||MRN1^^^NORTH^MR||TEST^ONE";
    QTest::newRow("PID-3 empty in message 2")
        << er7({kAdtMsh, pid, R"(MSH|^~\&|A|B|||20240105||ADT^A08|M2|P|2.5)", "EVN|A08|20240105",
                "PD1", "PID|1||^^^NORTH^MR~||TEST^TWO"})
        << QStringLiteral("message 2, segment 4 (PID): no patient identifier in PID-3");
    QTest::newRow("no PID") << er7({kAdtMsh, "EVN|A01|20240105101500", "PV1|1|I"})
                            << QStringLiteral("message 1: no PID segment in the ADT message");
    QTest::newRow("MSH-2 missing")
        << QByteArray("MSH||ADT|NORTH")
        << QStringLiteral("message 1: MSH-2 encoding characters missing");
    QTest::newRow("no MSH")
        << er7({"XYZ|1", pid})
        << QStringLiteral(
               "message 1: the data does not start with an MSH segment (found \"XYZ\" at byte 0)");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("empty file");
    QTest::newRow("MSH-9 empty") << QByteArray("MSH|^~\\&|A|B|||20240105|||M1|P|2.5")
                                 << QStringLiteral(
                                        "message 1, segment 1 (MSH): MSH-9 message type missing");
    QTest::newRow("MSH-10 empty") << QByteArray("MSH|^~\\&|A|B|||20240105||ADT^A01||P|2.5\r" + pid)
                                  << QStringLiteral("message 1, segment 1 (MSH): MSH-10 message "
                                                    "control ID missing");
    QByteArray manyIds = "PID|1||";
    for (int i = 0; i <= 100; ++i) {
        manyIds += "ID" + QByteArray::number(i) + "~";
    }
    QTest::newRow("too many identifiers")
        << er7({kAdtMsh, manyIds + "|TEST^ONE"})
        << QStringLiteral("message 1, segment 2 (PID): more than 100 patient identifiers in PID-3");
}

void TestAdtParser::errorMessages()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);

    const Result<AdtParseResult> result = parseAdtMessages(bytes);
    QVERIFY(!result);
    QCOMPARE(result.error().code, Error::Code::InvalidInput);
    QCOMPARE(result.error().message, message);
}

void TestAdtParser::errorsNeverQuotePatientData()
{
    const QList<QByteArray> inputs = {
        er7({kAdtMsh, "PID|1||||SECRETNAME^SECRETGIVEN||19700101"}),
        er7({kAdtMsh, "PID|1||SECRETID"}),
        er7({"SECRETLINE", kAdtMsh}),
        er7({kAdtMsh, "PID|1||SECRETID||X^Y", "SECRET|x"}),
        er7({kAdtMsh, "PID|1||SECRETID||X^Y", "Sec|x"}),
        er7({R"(MSH|^~\&|A|B|||20240105||ADT^A01|SECRETCTRL|P|2.5||||||UNICODE UTF-8)",
             "PID|1||SECRETID||M\xDCLLER^SECRET"}),
    };
    for (const QByteArray &bytes : inputs) {
        const Result<AdtParseResult> result = parseAdtMessages(bytes);
        QVERIFY(!result);
        QVERIFY2(!result.error().message.contains(QLatin1StringView("SEC"), Qt::CaseInsensitive),
                 qUtf8Printable(result.error().message));
    }
}

void TestAdtParser::mergeMayLackPid3()
{
    bool ok = false;
    const AdtParseResult result = parseOk(er7({R"(MSH|^~\&|A|B|||20240105||ADT^A35|M35|P|2.3)",
                                               "EVN|A35|20240105", "PID|1|OLD7||", "MRG|||ACCT9"}),
                                          ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 1);
    QCOMPARE(identifierTexts(result.events.first().patient.identifiers),
             QStringList({QStringLiteral("OLD7//")}));
    QVERIFY(result.events.first().mergedIdentifiers.isEmpty());

    // A merge without any PID is still an error.
    const Result<AdtParseResult> noPid =
        parseAdtMessages(er7({R"(MSH|^~\&|A|B|||20240105||ADT^A40|M40|P|2.5)", "MRG|X1"}));
    QVERIFY(!noPid);
    QCOMPARE(noPid.error().message, QStringLiteral("message 1: no PID segment in the ADT message"));
}

void TestAdtParser::severalMessagesKeepTheirPositions()
{
    const QByteArray bytes = er7({
        R"(FHS|^~\&|ADT)",
        R"(BHS|^~\&|ADT)",
        R"(MSH|^~\&|A|B|||20240105||ADT^A28|M1|P|2.5)",
        "PID|1||P1^^^NORTH^MR||ONE^A",
        R"(MSH|^~\&|A|B|||20240105||ORU^R01|M2|P|2.5)",
        "PID|1||P2||TWO^B",
        "OBX|1|ST|X||y",
        R"(MSH|^~\&|A|B|||20240105||ADT^A31|M3|P|2.5)",
        "EVN||20240106",
        "PID|1||P3^^^NORTH^MR||THREE^C",
        "ZPI|custom",
        "BTS|3",
        "FTS|1",
    });
    bool ok = false;
    const AdtParseResult result = parseOk(bytes, ok);
    QVERIFY(ok);
    QCOMPARE(result.events.size(), 2);
    QCOMPARE(result.events.at(0).messageIndex, 0);
    QCOMPARE(result.events.at(0).triggerEvent, QStringLiteral("A28"));
    QCOMPARE(result.events.at(1).messageIndex, 2);
    QCOMPARE(result.events.at(1).triggerEvent, QStringLiteral("A31"));
    QCOMPARE(result.events.at(1).eventTime.iso, QStringLiteral("2024-01-06"));
    QCOMPARE(result.skippedMessages, 1);
    QCOMPARE(result.skippedTypes, QStringList({QStringLiteral("ORU^R01")}));
}

void TestAdtParser::triggerAndEventTimeFallbacks()
{
    bool ok = false;
    const AdtParseResult fromEvn = parseOk(er7({R"(MSH|^~\&|A|B|||200601021530-0500||ADT|M1|P|2.3)",
                                                "EVN|A08|", "PID|1||P1||ONE^A||2006"}),
                                           ok);
    QVERIFY(ok);
    const AdtEvent &event = fromEvn.events.first();
    QCOMPARE(event.triggerEvent, QStringLiteral("A08"));
    // EVN-6 and EVN-2 empty: the message time stands in, offset as sent.
    QCOMPARE(event.eventTime.raw, QStringLiteral("200601021530-0500"));
    QCOMPARE(event.eventTime.iso, QStringLiteral("2006-01-02T15:30-05:00"));
    QCOMPARE(event.patient.birthDate.iso, QStringLiteral("2006"));

    const AdtParseResult badDate = parseOk(er7({kAdtMsh, "PID|1||P1||ONE^A||19701301"}), ok);
    QVERIFY(ok);
    QCOMPARE(badDate.events.first().patient.birthDate.raw, QStringLiteral("19701301"));
    QVERIFY(badDate.events.first().patient.birthDate.iso.isEmpty());
}

void TestAdtParser::phoneFromComponents()
{
    bool ok = false;
    const AdtParseResult result = parseOk(
        er7({kAdtMsh, "PID|1||P1||ONE^A" + QByteArray(8, '|') + "~^PRN^PH^^1^905^5550123^77"}), ok);
    QVERIFY(ok);
    QCOMPARE(result.events.first().patient.phone, QStringLiteral("+1 (905) 5550123 x77"));
}

void TestAdtParser::garbageNeverCrashes()
{
    QRandomGenerator random(20240105);
    const QByteArray alphabet = "MSHPIDEVNV1|^~\\&\r\n\x0b\x1c\xEF\xBB\xBF"
                                "0123456789 ADT";
    for (int round = 0; round < 3000; ++round) {
        const qsizetype length = random.bounded(1, 600);
        QByteArray bytes(length, '\0');
        const bool structured = round % 2 == 0;
        for (qsizetype i = 0; i < length; ++i) {
            bytes[i] = structured ? alphabet.at(random.bounded(int(alphabet.size())))
                                  : char(random.bounded(256));
        }
        if (round % 3 == 0) {
            bytes.prepend(kAdtMsh + '\r');
        }
        const Result<AdtParseResult> result = parseAdtMessages(bytes);
        QVERIFY(result || !result.error().message.isEmpty());
    }
}

void TestAdtParser::truncationsNeverCrash()
{
    const QByteArray bytes = readShared(QStringLiteral("microsoft-fhir-converter/ADT-A01-01.hl7"));
    QVERIFY(bytes.size() > 1000);
    for (qsizetype length = 0; length <= bytes.size(); ++length) {
        const Result<AdtParseResult> result = parseAdtMessages(bytes.first(length));
        QVERIFY(result || !result.error().message.isEmpty());
    }
    // Cut from the front as well: most of these no longer start with MSH.
    for (qsizetype start = 0; start < bytes.size(); ++start) {
        const Result<AdtParseResult> result = parseAdtMessages(bytes.sliced(start));
        QVERIFY(result || !result.error().message.isEmpty());
    }
}

void TestAdtParser::mutationsNeverCrash()
{
    const QByteArray original =
        readShared(QStringLiteral("microsoft-fhir-converter/ADT-A40-02.hl7"));
    const QByteArray specials = "|^~\\&\r\n\x0b\x1c\xff\x00";
    QRandomGenerator random(7);
    for (qsizetype pos = 0; pos < original.size(); ++pos) {
        for (const char special : specials) {
            QByteArray bytes = original;
            bytes[pos] = special;
            const Result<AdtParseResult> result = parseAdtMessages(bytes);
            QVERIFY(result || !result.error().message.isEmpty());
        }
        QByteArray inserted = original;
        inserted.insert(pos, char(random.bounded(256)));
        const Result<AdtParseResult> result = parseAdtMessages(inserted);
        QVERIFY(result || !result.error().message.isEmpty());
    }
}

void TestAdtParser::hostileInputsStayFast_data()
{
    QTest::addColumn<QByteArray>("bytes");

    const QByteArray head = kAdtMsh + "\rPID|1||";
    const qsizetype big = 8 * 1024 * 1024;
    QTest::newRow("escape characters") << QByteArray(head + QByteArray(big, '\\'));
    QTest::newRow("escape pairs") << QByteArray(head +
                                                QByteArray(big, '\\').replace("\\\\", "\\E"));
    QTest::newRow("hex escapes") << QByteArray(head +
                                               QByteArray(big / 8, 'x').replace("x", "\\X41\\"));
    QTest::newRow("repetitions") << QByteArray(head + QByteArray(big, '~'));
    QTest::newRow("components") << QByteArray(head + QByteArray(big, '^'));
    QTest::newRow("line feeds") << QByteArray(head + QByteArray(big, '\n'));
    QTest::newRow("LF and letters")
        << QByteArray(head + QByteArray(big / 2, 'x').replace("x", "\nA"));
    QTest::newRow("CR only") << QByteArray(big, '\r');
    QTest::newRow("bare segments")
        << QByteArray(head + QByteArray(big / 4, 'x').replace("x", "\rNTE"));
    QTest::newRow("one huge field") << QByteArray(head + QByteArray(big, 'A') + "||N^G");
    QTest::newRow("many messages")
        << QByteArray(er7({kAdtMsh, "PID|1||P1||N^G", ""}).repeated(20000));
    QTest::newRow("too large") << QByteArray(64 * 1024 * 1024 + 1, 'M');
}

void TestAdtParser::hostileInputsStayFast()
{
    QFETCH(QByteArray, bytes);

    QElapsedTimer timer;
    timer.start();
    const Result<AdtParseResult> result = parseAdtMessages(bytes);
    QVERIFY(result || !result.error().message.isEmpty());
    QVERIFY2(timer.elapsed() < 10000, qUtf8Printable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestAdtParser)
#include "tst_adtparser.moc"
