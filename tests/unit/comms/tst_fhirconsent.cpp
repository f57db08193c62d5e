// SPDX-License-Identifier: GPL-3.0-or-later
// Consent ledger events to and from FHIR R4 Consent: the HL7 spec examples, and every kind of
// event through a round trip.
#include "services/comms/FhirConsentMapping.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace CareDesk;

Q_DECLARE_METATYPE(ConsentEvent)

namespace {

QJsonObject specExample(const QString &name)
{
    QFile file(QStringLiteral(CAREDESK_SHARED_TESTDATA "/fhir-r4/hl7-spec-examples-4.0.1/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

QJsonObject channelExtension(const char *system, const char *code)
{
    return QJsonObject{{QStringLiteral("url"), FhirConsentMapping::channelExtensionUrl()},
                       {QStringLiteral("valueCoding"),
                        QJsonObject{{QStringLiteral("system"), QString::fromLatin1(system)},
                                    {QStringLiteral("code"), QString::fromLatin1(code)}}}};
}

// Raw strings stay out of the test class: moc 6.4 loses a class whose body holds them.
struct UnreadableConsent {
    const char *name;
    QByteArray json;
    QString says;
};

QList<UnreadableConsent> unreadableConsents()
{
    const QByteArray head =
        R"({"resourceType":"Consent","status":"active","dateTime":"2026-01-01",)"
        R"("patient":{"reference":"Patient/1"},)";
    const QByteArray extension =
        R"("extension":[{"url":"https://fhir.caredesk.example/StructureDefinition/)"
        R"(consent-contact-channel","valueCoding":{"system":)"
        R"("http://hl7.org/fhir/contact-point-system","code":)";
    return {
        {"not a Consent", R"({"resourceType":"Patient"})",
         QStringLiteral("Expected a FHIR Consent")},
        {"no patient", R"({"resourceType":"Consent","status":"active"})",
         QStringLiteral("names no patient")},
        {"made-up status",
         R"({"resourceType":"Consent","status":"maybe","patient":{"reference":"Patient/1"}})",
         QStringLiteral("not a Consent status")},
        {"bad date",
         R"({"resourceType":"Consent","status":"active","dateTime":"yesterday",)"
         R"("patient":{"reference":"Patient/1"}})",
         QStringLiteral("\"yesterday\"")},
        {"no date at all",
         R"({"resourceType":"Consent","status":"active","patient":{"reference":"Patient/1"},)"
         R"("provision":{}})",
         QStringLiteral("neither when")},
        {"unknown channel", head + R"("provision":{)" + extension + R"("pager"}}]}})",
         QStringLiteral("(pager)")},
        {"neither permit nor deny", head + R"("provision":{)" + extension + R"("sms"}}]}})",
         QStringLiteral("permits or denies")},
        {"unknown purpose",
         head + R"("provision":{"type":"permit","purpose":[{"system":"x","code":"FUN"}],)" +
             extension + R"("sms"}}]}})",
         QStringLiteral("(x FUN)")},
    };
}

} // namespace

class TestFhirConsent : public QObject
{
    Q_OBJECT

private slots:
    void specExamplesAreReadAsPrivacyConsents_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("patient");
        QTest::addColumn<QString>("says");
        QTest::newRow("basic: OPTIN for treatment, 1964-2016")
            << QStringLiteral("Consent-consent-example-basic.json")
            << QStringLiteral("Patient/f001") << QStringLiteral("(permit)");
        QTest::newRow("Out: OPTOUT of sharing")
            << QStringLiteral("Consent-consent-example-Out.json") << QStringLiteral("Patient/f001")
            << QStringLiteral("(deny)");
        QTest::newRow("notThis: one record withheld")
            << QStringLiteral("Consent-consent-example-notThis.json")
            << QStringLiteral("Patient/f001") << QStringLiteral("(permit)");
        QTest::newRow("smartonfhir: an app may read medication requests")
            << QStringLiteral("Consent-consent-example-smartonfhir.json")
            << QStringLiteral("Patient/xcda") << QStringLiteral("(permit)");
    }

    void specExamplesAreReadAsPrivacyConsents()
    {
        // These say who may see records, not how the patient may be contacted: they must not
        // turn into consent to send messages, nor into an opt-out.
        QFETCH(QString, file);
        QFETCH(QString, patient);
        QFETCH(QString, says);
        const QJsonObject consent = specExample(file);
        QVERIFY2(!consent.isEmpty(), qPrintable(file));
        auto read = FhirConsentMapping::fromFhir(consent);
        QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
        QCOMPARE(read->patientReference, patient);
        QCOMPARE(read->consentId, consent.value(QLatin1String("id")).toString());
        QVERIFY(read->events.isEmpty());
        QVERIFY2(read->notAboutContact.contains(QStringLiteral("names no contact channel")) &&
                     read->notAboutContact.contains(says),
                 qPrintable(read->notAboutContact));
    }

    void specExampleWithAChannelBecomesEvents()
    {
        // The smartonfhir example, its nested permit given an SMS channel: one grant, dated by
        // the Consent's +10:00 dateTime, ending with the provision's period.
        QJsonObject consent =
            specExample(QStringLiteral("Consent-consent-example-smartonfhir.json"));
        QJsonObject provision = consent.value(QLatin1String("provision")).toObject();
        QJsonArray nested = provision.value(QLatin1String("provision")).toArray();
        QJsonObject permit = nested.at(0).toObject();
        permit.insert(
            QStringLiteral("extension"),
            QJsonArray{channelExtension("http://hl7.org/fhir/contact-point-system", "sms")});
        permit.insert(QStringLiteral("period"), provision.value(QLatin1String("period")));
        nested.replace(0, permit);
        provision.insert(QStringLiteral("provision"), nested);
        consent.insert(QStringLiteral("provision"), provision);

        auto read = FhirConsentMapping::fromFhir(consent);
        QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
        QCOMPARE(read->events.size(), 1);
        const ConsentEvent &event = read->events.first();
        QCOMPARE(event.kind, ConsentKind::Granted);
        QCOMPARE(event.channel, std::optional<Channel>(Channel::Sms));
        QVERIFY(!event.purpose);
        QCOMPARE(event.effectiveAt, utc("2016-06-23T07:02:33Z"));
        QCOMPARE(event.expiresAt, utc("2016-06-23T07:32:33Z"));
        QCOMPARE(event.source, QStringLiteral("fhir"));
        QCOMPARE(event.sourceId, QStringLiteral("consent-example-smartonfhir"));
    }

    void specOptOutWithAChannelIsARevocation()
    {
        QJsonObject consent = specExample(QStringLiteral("Consent-consent-example-Out.json"));
        QJsonObject provision = consent.value(QLatin1String("provision")).toObject();
        provision.insert(
            QStringLiteral("extension"),
            QJsonArray{channelExtension(
                "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "MAILWRIT")});
        consent.insert(QStringLiteral("provision"), provision);
        auto read = FhirConsentMapping::fromFhir(consent);
        QVERIFY(read);
        QCOMPARE(read->events.size(), 1);
        QCOMPARE(read->events.first().kind, ConsentKind::Revoked);
        QCOMPARE(read->events.first().channel, std::optional<Channel>(Channel::Mail));
        QCOMPARE(read->events.first().effectiveAt, utc("2015-11-18T00:00:00Z"));
    }

    void everyKindRoundTrips_data()
    {
        QTest::addColumn<ConsentEvent>("event");
        ConsentEvent base;
        base.channel = Channel::Sms;
        base.source = QStringLiteral("phone");
        base.capturedBy = QStringLiteral("coord.lee");
        base.effectiveAt = utc("2026-03-04T14:00:00Z");

        ConsentEvent e = base;
        e.kind = ConsentKind::Granted;
        e.purpose = Purpose::Marketing;
        e.expiresAt = utc("2027-03-04T00:00:00Z");
        QTest::newRow("marketing grant with an end date") << e;
        e = base;
        e.kind = ConsentKind::Granted;
        e.channel = Channel::Mail;
        e.purpose = Purpose::Research;
        QTest::newRow("research by mail") << e;
        e = base;
        e.kind = ConsentKind::Revoked;
        e.source = QStringLiteral("patient-reply");
        e.sourceId = QStringLiteral("comm-17");
        e.rawText = QStringLiteral("Stop. Gracias, ya no más mensajes");
        e.rule = QStringLiteral("opt-out keyword");
        e.capturedBy = QStringLiteral("automation");
        QTest::newRow("STOP from a reply, every purpose") << e;
        e = base;
        e.kind = ConsentKind::Expired;
        e.channel = Channel::Email;
        e.purpose = Purpose::Treatment;
        QTest::newRow("expired email consent") << e;
        e = base;
        e.kind = ConsentKind::Restricted;
        e.channel = Channel::Phone;
        e.note = QStringLiteral("Not the home number");
        e.expiresAt = utc("2026-09-01T00:00:00Z");
        QTest::newRow("restriction on phone until September") << e;
        e = base;
        e.kind = ConsentKind::RestrictionLifted;
        e.channel.reset();
        QTest::newRow("restriction lifted on every channel") << e;
        for (Purpose purpose : allPurposes()) {
            e = base;
            e.purpose = purpose;
            QTest::addRow("grant for %s", qPrintable(purposeName(purpose))) << e;
        }
    }

    void everyKindRoundTrips()
    {
        QFETCH(ConsentEvent, event);
        const QJsonObject consent =
            FhirConsentMapping::toFhir(event, QStringLiteral("Patient/p1"), QStringLiteral("c9"));
        QCOMPARE(consent.value(QLatin1String("resourceType")).toString(),
                 QStringLiteral("Consent"));
        // R4 ppc-1: a Consent has a policy or a policyRule.
        QVERIFY(consent.contains(QLatin1String("policy")) ||
                consent.contains(QLatin1String("policyRule")));
        // R4: source[x] is one element, never both forms.
        QVERIFY(!(consent.contains(QLatin1String("sourceAttachment")) &&
                  consent.contains(QLatin1String("sourceReference"))));

        auto read = FhirConsentMapping::fromFhir(consent);
        QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
        QCOMPARE(read->patientReference, QStringLiteral("Patient/p1"));
        QCOMPARE(read->events.size(), 1);
        const ConsentEvent &back = read->events.first();
        QCOMPARE(back.kind, event.kind);
        QCOMPARE(back.channel, event.channel);
        QCOMPARE(back.purpose, event.purpose);
        QCOMPARE(back.effectiveAt, event.effectiveAt);
        QCOMPARE(back.expiresAt, event.expiresAt);
        QCOMPARE(back.source, event.source);
        QCOMPARE(back.capturedBy, event.capturedBy);
        QCOMPARE(back.rule, event.rule);
        QCOMPARE(back.rawText, event.rawText);
        QCOMPARE(back.note, event.note);
        if (event.source == QLatin1String("patient-reply"))
            QCOMPARE(back.sourceId, event.sourceId);
    }

    void unreadableConsentsSayWhy_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("says");
        for (const UnreadableConsent &row : unreadableConsents())
            QTest::newRow(row.name) << row.json << row.says;
    }

    void unreadableConsentsSayWhy()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, says);
        const QJsonDocument document = QJsonDocument::fromJson(json);
        QVERIFY(document.isObject());
        auto read = FhirConsentMapping::fromFhir(document.object());
        QVERIFY(!read);
        QCOMPARE(read.error().code, Error::Code::InvalidInput);
        QVERIFY2(read.error().message.contains(says), qPrintable(read.error().message));
    }

    void draftConsentsAreNotInForce()
    {
        auto read = FhirConsentMapping::fromFhir(
            QJsonDocument::fromJson(R"({"resourceType":"Consent","id":"d","status":"draft",)"
                                    R"("patient":{"reference":"Patient/1"}})")
                .object());
        QVERIFY(read);
        QVERIFY(read->events.isEmpty());
        QVERIFY(read->notAboutContact.contains(QStringLiteral("not in force")));
    }
};

QTEST_GUILESS_MAIN(TestFhirConsent)
#include "tst_fhirconsent.moc"
