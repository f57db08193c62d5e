// SPDX-License-Identifier: GPL-3.0-or-later
// Importing real public data into the encrypted cache; a failed import changes nothing.
#include "TestCache.h"

#include "services/store/PatientStore.h"

#include <QDirIterator>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QString kTestData = QStringLiteral(CAREDESK_SHARED_TESTDATA);

using ImportFixture = TriageFixture;

QStringList filesUnder(const QString &folder, const QStringList &filters)
{
    QStringList files;
    QDirIterator it(kTestData + u'/' + folder, filters, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

QByteArray communication(const QString &id, const QString &patient, const QString &text)
{
    return QStringLiteral("{\"resourceType\":\"Communication\",\"id\":\"%1\",\"status\":"
                          "\"completed\",\"sender\":{\"reference\":\"Patient/%2\"},"
                          "\"received\":\"2026-12-03T08:00:00Z\",\"payload\":[{\"contentString\":"
                          "\"%3\"}]}\n")
        .arg(id, patient, text)
        .toUtf8();
}

} // namespace

class TestImporter : public QObject
{
    Q_OBJECT

private slots:
    void everyRealFhirFileImports_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList files =
            filesUnder(QStringLiteral("fhir-r4/hl7-spec-examples-4.0.1"),
                       {QStringLiteral("*.json")}) +
            filesUnder(QStringLiteral("fhir-r4/synthea"), {QStringLiteral("*.json")}) +
            filesUnder(QStringLiteral("fhir-r4/bulk-10-patients"), {QStringLiteral("*.ndjson")}) +
            filesUnder(QStringLiteral("fhir-r4/bulk-100-patients"), {QStringLiteral("*.ndjson")});
        QVERIFY(files.size() > 60);
        for (const QString &path : files) {
            // package.json is the spec package's manifest, not a resource.
            if (!path.endsWith(QLatin1String("package.json")))
                QTest::newRow(qPrintable(path.mid(kTestData.size() + 1))) << path;
        }
    }

    void everyRealFhirFileImports()
    {
        QFETCH(QString, path);
        ImportFixture test;
        QVERIFY(test.start());
        auto summary = test.importer->importFile(path);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
        QVERIFY(summary->storedTotal() + summary->skipped.size() > 0);
        QVERIFY(test.audit->verify().intact);
    }

    void bulkExportCountsPerType()
    {
        ImportFixture test;
        QVERIFY(test.start());
        const QString dir = kTestData + QStringLiteral("/fhir-r4/bulk-10-patients/");
        auto patients = test.importer->importFile(dir + QStringLiteral("Patient.000.ndjson"));
        QVERIFY(patients);
        QCOMPARE(patients->stored.value(QStringLiteral("Patient")), 13);
        QCOMPARE(test.count(QStringLiteral("patients")), 13);
        auto encounters = test.importer->importFile(dir + QStringLiteral("Encounter.000.ndjson"));
        QVERIFY(encounters);
        QCOMPARE(encounters->stored.value(QStringLiteral("Encounter")), 1215);
        auto skipped = test.importer->importFile(dir + QStringLiteral("Procedure.000.ndjson"));
        QVERIFY(skipped);
        QCOMPARE(skipped->skipped.value(QStringLiteral("Procedure")), 2056);
        QCOMPARE(skipped->storedTotal(), 0);
        // References resolved to the same masters: no placeholder patients were added.
        QCOMPARE(test.count(QStringLiteral("patients")), 13);
    }

    void synthesTransactionBundleResolvesUrnReferences()
    {
        ImportFixture test;
        QVERIFY(test.start());
        auto summary = test.importer->importFile(
            kTestData + QStringLiteral("/fhir-r4/synthea/"
                                       "Lemuel304_Wiegand701_614fbadf-adb3-d9a1-4ccf-"
                                       "f3d54192f0b1.json"));
        QVERIFY(summary);
        QCOMPARE(summary->stored.value(QStringLiteral("Encounter")), 7);
        QCOMPARE(test.count(QStringLiteral("patients")), 1);
        QSqlQuery query(test.cache->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM records WHERE kind = "
                                          "'encounter' AND master_id IS NOT NULL")) &&
                query.next());
        QCOMPARE(query.value(0).toInt(), 7);
    }

    void badFilesAreRejectedAndChangeNothing_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("place");
        const QString cases = QStringLiteral("fhir-r4/fhir-test-cases-json/");
        QTest::newRow("unclosed object")
            << cases + QStringLiteral("bad-json-close-1.json") << QStringLiteral("line");
        QTest::newRow("bad close 2")
            << cases + QStringLiteral("bad-json-close-2.json") << QStringLiteral("line");
        QTest::newRow("bad close 3")
            << cases + QStringLiteral("bad-json-close-3.json") << QStringLiteral("line");
        QTest::newRow("trailing comma")
            << cases + QStringLiteral("json-comma-bad-1.json") << QStringLiteral("line");
        QTest::newRow("missing comma")
            << cases + QStringLiteral("json-comma-bad-2.json") << QStringLiteral("line");
        QTest::newRow("comments") << cases + QStringLiteral("json-comments-1.json")
                                  << QStringLiteral("line");
        QTest::newRow("unquoted keys")
            << cases + QStringLiteral("json-no-quotes-1.json") << QStringLiteral("line");
        QTest::newRow("hl7 fuzz: garbage") << QStringLiteral("hl7v2/nhapi-fuzz-badinputs/"
                                                             "PipeParser/HL7Exception/so")
                                           << QString();
    }

    void badFilesAreRejectedAndChangeNothing()
    {
        QFETCH(QString, path);
        QFETCH(QString, place);
        ImportFixture test;
        QVERIFY(test.start());
        QVERIFY(test.importer->importFile(
            kTestData + QStringLiteral("/fhir-r4/bulk-10-patients/Patient.000.ndjson")));
        const QByteArray before = test.contentDigest();

        auto summary = test.importer->importFile(kTestData + u'/' + path);
        QVERIFY(!summary);
        QCOMPARE(summary.error().code, Error::Code::InvalidInput);
        QVERIFY2(summary.error().message.contains(QFileInfo(path).fileName()),
                 qPrintable(summary.error().message));
        QVERIFY2(summary.error().message.contains(place), qPrintable(summary.error().message));
        QCOMPARE(test.contentDigest(), before);
    }

    // A repeated key would let one value hide another ("payload" twice): refused, with the place.
    void repeatedKeysAreRefused_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("place");
        const QByteArray hidden =
            "{\"resourceType\":\"Communication\",\"id\":\"d\",\"sender\":{\"reference\":"
            "\"Patient/p\"},\"payload\":[{\"contentString\":\"chest pain\"}],\"payload\":"
            "[{\"contentString\":\"all good\"}]}";
        QTest::newRow("json") << hidden << int(Importer::Format::FhirJson)
                              << QStringLiteral("line 1, column");
        QTest::newRow("ndjson second line")
            << QByteArray("{\"resourceType\":\"Patient\",\"id\":\"a\"}\n" + hidden + "\n")
            << int(Importer::Format::FhirNdjson) << QStringLiteral("line 2, column");
        QTest::newRow("nested object")
            << QByteArray("{\"resourceType\":\"Patient\",\"id\":\"a\",\"name\":[{\"family\":"
                          "\"X\",\"family\":\"Y\"}]}")
            << int(Importer::Format::FhirJson) << QStringLiteral("line 1, column");
    }

    void repeatedKeysAreRefused()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, format);
        QFETCH(QString, place);
        ImportFixture test;
        QVERIFY(test.start());
        const QByteArray before = test.contentDigest();
        auto summary =
            test.importer->importBytes(data, QStringLiteral("dup.json"), Importer::Format(format));
        QVERIFY(!summary);
        QVERIFY2(summary.error().message.contains(QStringLiteral("appears twice")),
                 qPrintable(summary.error().message));
        QVERIFY2(summary.error().message.contains(place), qPrintable(summary.error().message));
        QCOMPARE(test.contentDigest(), before);
    }

    void sameKeyInSiblingObjectsIsFine()
    {
        ImportFixture test;
        QVERIFY(test.start());
        const QByteArray data =
            "{\"resourceType\":\"Patient\",\"id\":\"a\",\"name\":[{\"family\":\"X\"},"
            "{\"family\":\"Y\",\"given\":[\"a\\\"b\"]}]}";
        auto summary =
            test.importer->importBytes(data, QStringLiteral("ok.json"), Importer::Format::FhirJson);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    }

    void failureHalfwayRollsBackEverything()
    {
        ImportFixture test;
        QVERIFY(test.start());
        const QByteArray before = test.contentDigest();
        // Line 1 is good, line 2 is not a resource: nothing of line 1 may remain.
        const QByteArray data = communication(QStringLiteral("c1"), QStringLiteral("p1"),
                                              QStringLiteral("chest pain")) +
                                "{\"id\": \"no type\"}\n";
        auto summary = test.importer->importBytes(data, QStringLiteral("half.ndjson"),
                                                  Importer::Format::FhirNdjson);
        QVERIFY(!summary);
        QVERIFY(summary.error().message.contains(QStringLiteral("half.ndjson: line 2")));
        QCOMPARE(test.contentDigest(), before);
        QCOMPARE(test.count(QStringLiteral("triage_items")), 0);
    }

    // A burst of small files in one transaction (group commit): each file is whole or absent
    // as if imported alone; a bad one is undone alone, in the middle as at the ends.
    void batchKeepsEachFileWholeOrAbsent()
    {
        ImportFixture test;
        QVERIFY(test.start());
        const QList<Importer::BatchFile> files{
            {communication(QStringLiteral("b1"), QStringLiteral("p1"),
                           QStringLiteral("chest pain")),
             QStringLiteral("b1.json")},
            // Good first line, bad second line: the first must not stay either.
            {communication(QStringLiteral("b2"), QStringLiteral("p2"),
                           QStringLiteral("I fainted")) +
                 "{\"id\": \"no type\"}\n",
             QStringLiteral("b2.ndjson")},
            {QByteArray("not json at all"), QStringLiteral("b3.json")},
            {communication(QStringLiteral("b4"), QStringLiteral("p4"),
                           QStringLiteral("I can't breathe")),
             QStringLiteral("b4.json")},
        };
        const auto results = test.importer->importBatch(files);
        QCOMPARE(results.size(), 4);
        QVERIFY(results.at(0));
        QCOMPARE(results.at(0)->triageItems, 1);
        QVERIFY(!results.at(1));
        QVERIFY2(results.at(1).error().message.startsWith(QStringLiteral("b2.ndjson: line 2")),
                 qPrintable(results.at(1).error().message));
        QVERIFY(!results.at(2));
        QVERIFY(results.at(2).error().message.startsWith(QStringLiteral("b3.json")));
        QVERIFY(results.at(3));

        QSqlQuery replies(test.cache->connection());
        QVERIFY(replies.exec(
            QStringLiteral("SELECT group_concat(communication_id) FROM (SELECT "
                           "communication_id FROM replies ORDER BY communication_id)")));
        QVERIFY(replies.next());
        QCOMPARE(replies.value(0).toString(), QStringLiteral("b1,b4"));
        QCOMPARE(test.count(QStringLiteral("imports")), 2);
        QCOMPARE(test.count(QStringLiteral("triage_items")), 2);
        QVERIFY(test.audit->verify().intact);
        QCOMPARE(*test.triage->verifyAgainstAudit(), QString());

        // The same files again: recognised as received, nothing doubled.
        const auto again = test.importer->importBatch({files.at(0), files.at(3)});
        QCOMPARE(again.at(0)->duplicateReplies, 1);
        QCOMPARE(again.at(1)->duplicateReplies, 1);
        QCOMPARE(test.count(QStringLiteral("replies")), 2);
    }

    void patientRepliesBecomeTriageItems()
    {
        ImportFixture test;
        QVERIFY(test.start());
        const QByteArray data =
            communication(QStringLiteral("r1"), QStringLiteral("p1"),
                          QStringLiteral("No fever but chest pain since this morning")) +
            communication(QStringLiteral("r2"), QStringLiteral("p2"),
                          QStringLiteral("no chest pain today, just tired")) +
            communication(QStringLiteral("r3"), QStringLiteral("p3"), QStringLiteral("STOP"));
        auto summary = test.importer->importBytes(data, QStringLiteral("replies.ndjson"),
                                                  Importer::Format::FhirNdjson);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary->replies, 3);
        QCOMPARE(summary->triageItems, 1);
        QCOMPARE(summary->optOuts, 1);
        QCOMPARE(test.count(QStringLiteral("consent_events")), 1);

        QSqlQuery item(test.cache->connection());
        QVERIFY(item.exec(QStringLiteral("SELECT tier, due_at, ingested_at FROM triage_items")) &&
                item.next());
        QCOMPARE(item.value(0).toString(), QStringLiteral("emergent"));
        const QDateTime due = QDateTime::fromString(item.value(1).toString(), Qt::ISODateWithMs);
        const QDateTime ingested =
            QDateTime::fromString(item.value(2).toString(), Qt::ISODateWithMs);
        QCOMPARE(ingested.secsTo(due), 5 * 60);

        // The same replies again: recognised, nothing doubled.
        auto again = test.importer->importBytes(data, QStringLiteral("replies.ndjson"),
                                                Importer::Format::FhirNdjson);
        QVERIFY(again);
        QCOMPARE(again->duplicateReplies, 3);
        QCOMPARE(test.count(QStringLiteral("triage_items")), 1);
        QCOMPARE(test.count(QStringLiteral("consent_events")), 1);
    }

    // A reused Communication id with other words or another patient is a different message: it
    // is kept and held for a person, never counted as "already received".
    void reusedIdWithOtherContentIsKeptForReview()
    {
        ImportFixture test;
        QVERIFY(test.start());
        QVERIFY(test.importer->importBytes(
            communication(QStringLiteral("m1"), QStringLiteral("p1"), QStringLiteral("thanks")),
            QStringLiteral("a.ndjson"), Importer::Format::FhirNdjson));
        auto second = test.importer->importBytes(
            communication(QStringLiteral("m1"), QStringLiteral("p2"),
                          QStringLiteral("I can't breathe and have chest pain")),
            QStringLiteral("b.ndjson"), Importer::Format::FhirNdjson);
        QVERIFY(second);
        QCOMPARE(second->duplicateReplies, 0);
        QCOMPARE(second->replies, 1);
        QCOMPARE(test.count(QStringLiteral("replies")), 2);
        auto items = test.triage->openItems(nurse());
        QVERIFY(items);
        QCOMPARE(items->size(), 1);
        QCOMPARE(items->first().tier, TriageTier::Emergent);
        QVERIFY(items->first().needsReview);
        QVERIFY(items->first().reviewReason.contains(QStringLiteral("same id")));
    }

    // Only the care team's own messages are outbound; everything else about a patient reaches a
    // person, with the reason it was held.
    void messagesNotFromTheCareTeamReachAPerson_data()
    {
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("payload");
        QTest::addColumn<int>("tier");
        QTest::addColumn<QString>("reason");
        const QString text = QStringLiteral("[{\"contentString\":\"%1\"}]");
        QTest::newRow("caregiver describing the patient")
            << QStringLiteral("{\"reference\":\"RelatedPerson/rp1\"}")
            << text.arg(QStringLiteral("my mother has chest pain and can't breathe"))
            << int(TriageTier::Emergent) << QStringLiteral("caregiver");
        QTest::newRow("attachment only (voicemail)")
            << QStringLiteral("{\"reference\":\"Patient/p1\"}")
            << QStringLiteral("[{\"contentAttachment\":{\"contentType\":\"audio/wav\"}}]")
            << int(TriageTier::Routine) << QStringLiteral("attachment");
        QTest::newRow("empty text")
            << QStringLiteral("{\"reference\":\"Patient/p1\"}") << text.arg(QString())
            << int(TriageTier::Routine) << QStringLiteral("no text");
        QTest::newRow("sender by identifier only")
            << QStringLiteral("{\"identifier\":{\"value\":\"x\"}}")
            << text.arg(QStringLiteral("having chestpain")) << int(TriageTier::Emergent)
            << QStringLiteral("could not be identified");
        QTest::newRow("no sender at all")
            << QString() << text.arg(QStringLiteral("ok thanks")) << int(TriageTier::Routine)
            << QStringLiteral("could not be identified");
    }

    void messagesNotFromTheCareTeamReachAPerson()
    {
        QFETCH(QString, sender);
        QFETCH(QString, payload);
        QFETCH(int, tier);
        QFETCH(QString, reason);
        ImportFixture test;
        QVERIFY(test.start());
        const QString senderField =
            sender.isEmpty() ? QString() : QStringLiteral("\"sender\":%1,").arg(sender);
        const QByteArray message =
            QStringLiteral("{\"resourceType\":\"Communication\",\"id\":\"c\",%1"
                           "\"subject\":{\"reference\":\"Patient/p1\"},\"payload\":%2}")
                .arg(senderField, payload)
                .toUtf8();
        auto summary = test.importer->importBytes(message, QStringLiteral("m.json"),
                                                  Importer::Format::FhirJson);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
        auto items = test.triage->openItems(nurse());
        QVERIFY(items);
        QCOMPARE(items->size(), 1);
        QCOMPARE(int(items->first().tier), tier);
        QVERIFY(items->first().needsReview);
        QVERIFY2(items->first().reviewReason.contains(reason),
                 qPrintable(items->first().reviewReason));
    }

    // A message that names no identifiable patient still becomes a queue item.
    void messageWithoutIdentifiablePatientReachesAPerson()
    {
        ImportFixture test;
        QVERIFY(test.start());
        const QByteArray message =
            "{\"resourceType\":\"Communication\",\"id\":\"u1\",\"subject\":{\"reference\":"
            "\"Patient?identifier=x|1\"},\"payload\":[{\"contentString\":\"I took too many pills "
            "and want to die\"}]}";
        QVERIFY(test.importer->importBytes(message, QStringLiteral("u.json"),
                                           Importer::Format::FhirJson));
        auto items = test.triage->openItems(nurse());
        QVERIFY(items);
        QCOMPARE(items->size(), 1);
        QCOMPARE(items->first().tier, TriageTier::Emergent);
        QVERIFY(items->first().reviewReason.contains(QStringLiteral("could not be identified")));
    }

    // In a transaction bundle a Patient may have no id, only a urn:uuid fullUrl.
    void patientKnownOnlyByUrnUuidGetsTheReply()
    {
        ImportFixture test;
        QVERIFY(test.start());
        const QByteArray bundle =
            "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            "{\"fullUrl\":\"urn:uuid:1111\",\"resource\":{\"resourceType\":\"Patient\","
            "\"name\":[{\"family\":\"Urn\"}]}},"
            "{\"fullUrl\":\"urn:uuid:2222\",\"resource\":{\"resourceType\":\"Communication\","
            "\"sender\":{\"reference\":\"urn:uuid:1111\"},\"payload\":[{\"contentString\":"
            "\"crushing chest pain\"}]}}]}";
        QVERIFY(test.importer->importBytes(bundle, QStringLiteral("b.json"),
                                           Importer::Format::FhirJson));
        auto items = test.triage->openItems(nurse());
        QVERIFY(items);
        QCOMPARE(items->size(), 1);
        QCOMPARE(items->first().patientName, QStringLiteral("Urn"));
        QVERIFY(items->first().reviewReason.isEmpty());
    }

    // Consent is only revoked by a plain opt-out from the patient. Opt-out words beside anything
    // clinical, or from someone else, are held for a person.
    void optOutIsAppliedOnlyWhenPlain_data()
    {
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("revoked");
        QTest::addColumn<int>("openItems");
        QTest::newRow("plain STOP")
            << QStringLiteral("Patient/p1") << QStringLiteral("STOP") << true << 0;
        QTest::newRow("end it") << QStringLiteral("Patient/p1")
                                << QStringLiteral("I want to end it") << false << 1;
        QTest::newRow("stop it, it hurts")
            << QStringLiteral("Patient/p1") << QStringLiteral("Please stop it, my chest hurts")
            << false << 1;
        // Case 25: an opt-out sentence of its own beside a clinical one is both.
        QTest::newRow("stop. also chest pain")
            << QStringLiteral("Patient/p1") << QStringLiteral("stop. also i have chest pain")
            << true << 1;
        QTest::newRow("STOP! then a fever")
            << QStringLiteral("Patient/p1") << QStringLiteral("STOP! I have had a high fever")
            << true << 1;
        QTest::newRow("stop, then chest pain in the same sentence")
            << QStringLiteral("Patient/p1") << QStringLiteral("stop, i have chest pain") << false
            << 1;
        QTest::newRow("spanish distress") << QStringLiteral("Patient/p1")
                                          << QStringLiteral("ya basta, no puedo mas") << false << 1;
        QTest::newRow("STOP from an unknown sender")
            << QStringLiteral("Unknown/x") << QStringLiteral("STOP") << false << 1;
    }

    void optOutIsAppliedOnlyWhenPlain()
    {
        QFETCH(QString, sender);
        QFETCH(QString, text);
        QFETCH(bool, revoked);
        QFETCH(int, openItems);
        ImportFixture test;
        QVERIFY(test.start());
        const QByteArray message =
            QStringLiteral("{\"resourceType\":\"Communication\",\"id\":\"o\",\"sender\":"
                           "{\"reference\":\"%1\"},\"subject\":{\"reference\":\"Patient/p1\"},"
                           "\"payload\":[{\"contentString\":\"%2\"}]}")
                .arg(sender, text)
                .toUtf8();
        QVERIFY(test.importer->importBytes(message, QStringLiteral("o.json"),
                                           Importer::Format::FhirJson));
        QCOMPARE(test.count(QStringLiteral("consent_events")), revoked ? 1 : 0);
        auto items = test.triage->openItems(nurse());
        QVERIFY(items);
        QCOMPARE(items->size(), openItems);
    }

    // Master IDs are stable within a cache but keyed per cache: the same MRN gives another ID
    // elsewhere, so an ID in a log does not reveal the MRN behind it.
    void masterIdsAreKeyedPerCache()
    {
        const QByteArray patient =
            "{\"resourceType\":\"Patient\",\"id\":\"p\",\"identifier\":[{\"system\":"
            "\"urn:mrn\",\"value\":\"12345\"}]}";
        QStringList ids;
        for (int cache = 0; cache < 2; ++cache) {
            ImportFixture test;
            QVERIFY(test.start());
            for (int twice = 0; twice < 2; ++twice) {
                QVERIFY(test.importer->importBytes(patient, QStringLiteral("p.json"),
                                                   Importer::Format::FhirJson));
            }
            QCOMPARE(test.count(QStringLiteral("patients")), 1);
            QSqlQuery query(test.cache->connection());
            QVERIFY(query.exec(QStringLiteral("SELECT master_id FROM patients")) && query.next());
            ids.append(query.value(0).toString());
        }
        QVERIFY(ids.at(0) != ids.at(1));
    }

    void careTeamMessagesAreOutbound()
    {
        ImportFixture test;
        QVERIFY(test.start());
        for (const char *sender : {"Organization/o1", "Practitioner/d1", "Device/f001"}) {
            const QByteArray message =
                QStringLiteral("{\"resourceType\":\"Communication\",\"id\":\"%1\","
                               "\"sender\":{\"reference\":\"%1\"},\"subject\":{\"reference\":"
                               "\"Patient/p1\"},\"payload\":[{\"contentString\":\"chest pain "
                               "education leaflet\"}]}")
                    .arg(QString::fromLatin1(sender))
                    .toUtf8();
            QVERIFY(test.importer->importBytes(message, QStringLiteral("o.json"),
                                               Importer::Format::FhirJson));
        }
        QCOMPARE(test.count(QStringLiteral("replies")), 0);
        QCOMPARE(test.count(QStringLiteral("records")), 3);
    }

    // An identifier value without its system never makes two patients one.
    void systemLessIdentifiersDoNotMergePatients()
    {
        ImportFixture test;
        QVERIFY(test.start());
        for (const char *id : {"x", "y"}) {
            const QByteArray patient =
                QStringLiteral("{\"resourceType\":\"Patient\",\"id\":\"%1\",\"identifier\":"
                               "[{\"value\":\"12345\"}],\"name\":[{\"family\":\"%1\"}]}")
                    .arg(QString::fromLatin1(id))
                    .toUtf8();
            QVERIFY(test.importer->importBytes(patient, QStringLiteral("p.json"),
                                               Importer::Format::FhirJson));
        }
        QCOMPARE(test.count(QStringLiteral("patients")), 2);
    }

    // HL7 control ids and unqualified ids are unique only per sender: two hospitals' messages
    // with the same MSH-10, MRN and visit number stay two patients with their own records.
    void hl7IdsAreScopedBySender_data()
    {
        QTest::addColumn<QByteArray>("firstSender");
        QTest::addColumn<QByteArray>("secondSender");
        QTest::newRow("two facilities") << QByteArray("ADT|NORTH") << QByteArray("ADT|SOUTH");
        QTest::newRow("two applications, no facility")
            << QByteArray("CLINIC_A|") << QByteArray("CLINIC_B|");
    }

    void hl7IdsAreScopedBySender()
    {
        QFETCH(QByteArray, firstSender);
        QFETCH(QByteArray, secondSender);
        ImportFixture test;
        QVERIFY(test.start());
        for (const QByteArray &sender : {firstSender, secondSender}) {
            const QByteArray message = "MSH|^~\\&|" + sender +
                                       "|CD|CD|202611010800||ADT^A01|MSG00001|P|2.5\r"
                                       "PID|||12345||PAT^" +
                                       sender.left(5) +
                                       "||19800101|F\r"
                                       "PV1||I|W1^101^A||||||||||||||||V-1\r";
            auto imported = test.importer->importBytes(message, QStringLiteral("adt.hl7"),
                                                       Importer::Format::Hl7v2);
            QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        }
        QCOMPARE(test.count(QStringLiteral("patients")), 2);
        QSqlQuery query(test.cache->connection());
        QVERIFY(
            query.exec(QStringLiteral("SELECT count(DISTINCT master_id), count(*) FROM records")) &&
            query.next());
        QCOMPARE(query.value(0).toInt(), 2);
        QCOMPARE(query.value(1).toInt(), 4); // each: the A01 event and the visit
    }

    // A reused control id from one sender adds the later event beside the earlier one.
    void reusedControlIdKeepsBothEvents()
    {
        ImportFixture test;
        QVERIFY(test.start());
        for (const char *trigger : {"A01", "A03"}) {
            const QByteArray message = "MSH|^~\\&|ADT|HOSP|CD|CD|202611010800||ADT^" +
                                       QByteArray(trigger) +
                                       "|SAME1|P|2.5\rPID|||77^^^HOSP^MR||DOE^J||19800101|F\r";
            QVERIFY(test.importer->importBytes(message, QStringLiteral("a.hl7"),
                                               Importer::Format::Hl7v2));
        }
        QSqlQuery query(test.cache->connection());
        QVERIFY(
            query.exec(QStringLiteral("SELECT group_concat(kind) FROM (SELECT kind FROM "
                                      "records WHERE resource_type = 'HL7v2' ORDER BY kind)")) &&
            query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("admission,discharge"));
    }

    // A merge that carries only ids keeps the retired record's name and birth date.
    void mergeKeepsTheRetiredPatientsDetails()
    {
        ImportFixture test;
        QVERIFY(test.start());
        QVERIFY(
            test.importer->importBytes("MSH|^~\\&|ADT|HOSP|CD|CD|202611010800||ADT^A01|M1|P|2.5\r"
                                       "PID|||OLD-1^^^HOSP^MR||DOE^JANE||19800101|F\r",
                                       QStringLiteral("a01.hl7"), Importer::Format::Hl7v2));
        auto merged = test.importer->importBytes(
            "MSH|^~\\&|ADT|HOSP|CD|CD|202611030800||ADT^A40|M3|P|2.5\r"
            "EVN|A40|202611030800\rPID|||NEW-1^^^HOSP^MR\rMRG|OLD-1^^^HOSP^MR\r",
            QStringLiteral("a40.hl7"), Importer::Format::Hl7v2);
        QVERIFY2(merged, merged ? "" : qPrintable(merged.error().message));
        QCOMPARE(merged->merges, 1);
        PatientStore store(test.cache->connection(), test.clock);
        auto survivor =
            store.find({{QStringLiteral("urn:hl7v2:HOSP:MR"), QStringLiteral("NEW-1")}});
        QVERIFY(survivor && !survivor->isEmpty());
        auto summary = store.summary(*survivor);
        QVERIFY(summary);
        QCOMPARE(summary->displayName, QStringLiteral("JANE DOE"));
        QCOMPARE(summary->birthDate, QStringLiteral("1980-01-01"));
    }

    void hl7AdtFilesImport_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("kind");
        const QString ms = QStringLiteral("hl7v2/microsoft-fhir-converter/");
        QTest::newRow("A01") << ms + QStringLiteral("ADT-A01-01.hl7") << QStringLiteral("ADT^A01");
        QTest::newRow("A03") << ms + QStringLiteral("ADT-A03-01.hl7") << QStringLiteral("ADT^A03");
        QTest::newRow("A04") << ms + QStringLiteral("ADT-A04-01.hl7") << QStringLiteral("ADT^A04");
        QTest::newRow("A08") << ms + QStringLiteral("ADT-A08-01.hl7") << QStringLiteral("ADT^A08");
        QTest::newRow("A40") << ms + QStringLiteral("ADT-A40-01.hl7") << QStringLiteral("ADT^A40");
        QTest::newRow("ruby A01") << QStringLiteral("hl7v2/ruby-hl7/adt_a01.hl7")
                                  << QStringLiteral("ADT^A01");
    }

    void hl7AdtFilesImport()
    {
        QFETCH(QString, file);
        QFETCH(QString, kind);
        ImportFixture test;
        QVERIFY(test.start());
        auto summary = test.importer->importFile(kTestData + u'/' + file);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
        QVERIFY2(summary->stored.value(kind) >= 1, qPrintable(summary->describe()));
        QVERIFY(test.count(QStringLiteral("patients")) >= 1);
    }

    void adtMergeMovesRecordsToSurvivor()
    {
        ImportFixture test;
        QVERIFY(test.start());
        const QByteArray admitOld =
            "MSH|^~\\&|ADT|HOSP|CD|CD|202611010800||ADT^A01|M1|P|2.5\r"
            "PID|||OLD-1^^^HOSP^MR||DOE^JANE||19800101|F\r"
            "PV1||I|W1^101^A||||||||||||||||V-1|||||||||||||||||||||||||202611010800\r";
        const QByteArray admitNew = "MSH|^~\\&|ADT|HOSP|CD|CD|202611020800||ADT^A04|M2|P|2.5\r"
                                    "PID|||NEW-1^^^HOSP^MR||DOE^JANE||19800101|F\r";
        const QByteArray merge = "MSH|^~\\&|ADT|HOSP|CD|CD|202611030800||ADT^A40|M3|P|2.5\r"
                                 "EVN|A40|202611030800\r"
                                 "PID|||NEW-1^^^HOSP^MR||DOE^JANE||19800101|F\r"
                                 "MRG|OLD-1^^^HOSP^MR\r";
        for (const QByteArray &message : {admitOld, admitNew}) {
            QVERIFY(test.importer->importBytes(message, QStringLiteral("adt.hl7"),
                                               Importer::Format::Hl7v2));
        }
        QCOMPARE(test.count(QStringLiteral("patients")), 2);
        auto merged =
            test.importer->importBytes(merge, QStringLiteral("merge.hl7"), Importer::Format::Hl7v2);
        QVERIFY2(merged, merged ? "" : qPrintable(merged.error().message));
        QCOMPARE(merged->merges, 1);
        QCOMPARE(test.count(QStringLiteral("patients")), 1);

        PatientStore store(test.cache->connection(), test.clock);
        auto survivor =
            store.find({{QStringLiteral("urn:hl7v2:HOSP:MR"), QStringLiteral("NEW-1")}});
        auto alias = store.find({{QStringLiteral("urn:hl7v2:HOSP:MR"), QStringLiteral("OLD-1")}});
        QVERIFY(survivor && alias);
        QCOMPARE(*alias, *survivor);
        auto timeline = store.timeline(*survivor);
        QVERIFY(timeline);
        QVERIFY(timeline->size() >= 3); // both ADT events, the visit and the merge
        QVERIFY(test.audit->verify().intact);
    }
};

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
