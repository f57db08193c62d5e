// SPDX-License-Identifier: GPL-3.0-or-later
// The consent ledger in a real encrypted cache: appended, never edited, state derived.
#include "CommsFixture.h"

#include "services/comms/ConsentLedger.h"
#include "services/comms/FhirConsentIntake.h"
#include "services/comms/FhirConsentMapping.h"
#include "services/ingest/Importer.h"
#include "services/triage/ReplyClassifier.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>

using namespace CareDesk;
using namespace CareDesk::Testing;

Q_DECLARE_METATYPE(ConsentEvent)

class TestConsentLedger : public QObject
{
    Q_OBJECT

private:
    static ConsentEvent phoneGrant(const QString &master, const QDateTime &at)
    {
        ConsentEvent event;
        event.masterId = master;
        event.kind = ConsentKind::Granted;
        event.channel = Channel::Sms;
        event.source = QStringLiteral("phone");
        event.capturedBy = QStringLiteral("coord.lee");
        event.effectiveAt = at;
        event.recordedAt = at;
        return event;
    }

    static Result<qint64> append(CommsFixture &f, const ConsentEvent &event)
    {
        QSqlDatabase db = f.cache->connection();
        db.transaction();
        auto id = ConsentLedger::append(db, *f.audit, QStringLiteral("coord.lee"), event);
        if (id)
            db.commit();
        else
            db.rollback();
        return id;
    }

private slots:
    void appendedEventsComeBackWhole()
    {
        CommsFixture f;
        QVERIFY(f.open());
        const QString master = f.addPatient(QStringLiteral("p1"));
        ConsentEvent grant = phoneGrant(master, utc("2026-03-01T10:00:00Z"));
        grant.purpose = Purpose::Marketing;
        grant.expiresAt = utc("2027-03-01T00:00:00Z");
        grant.recordedAt = utc("2026-03-01T10:05:00Z");
        auto id = append(f, grant);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().message));

        ConsentEvent restriction = phoneGrant(master, utc("2026-03-02T10:00:00Z"));
        restriction.kind = ConsentKind::Restricted;
        restriction.channel.reset();
        restriction.note = QStringLiteral("No calls to the home number");
        QVERIFY(append(f, restriction));

        auto history = ConsentLedger::history(f.cache->connection(), master);
        QVERIFY(history);
        QCOMPARE(history->size(), 2);
        const ConsentEvent &back = history->at(0);
        QCOMPARE(back.id, *id);
        QCOMPARE(back.kind, ConsentKind::Granted);
        QCOMPARE(back.channel, std::optional<Channel>(Channel::Sms));
        QCOMPARE(back.purpose, std::optional<Purpose>(Purpose::Marketing));
        QCOMPARE(back.capturedBy, QStringLiteral("coord.lee"));
        QCOMPARE(back.effectiveAt, utc("2026-03-01T10:00:00Z"));
        QCOMPARE(back.recordedAt, utc("2026-03-01T10:05:00Z"));
        QCOMPARE(back.expiresAt, utc("2027-03-01T00:00:00Z"));
        QVERIFY(!history->at(1).channel);
        QCOMPARE(history->at(1).note, QStringLiteral("No calls to the home number"));

        // The audit entry names what was recorded in codes, never the coordinator's words.
        QSqlQuery audit(f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT action, object, detail FROM audit_log WHERE "
                                          "action = 'consent-record' ORDER BY seq")));
        QVERIFY(audit.next());
        QCOMPARE(audit.value(1).toString(), QStringLiteral("consent-event/%1").arg(*id));
        QCOMPARE(audit.value(2).toString(),
                 QStringLiteral("kind=granted;channel=sms;purpose=marketing;source=phone"));
        QVERIFY(audit.next());
        QVERIFY(!audit.value(2).toString().contains(QStringLiteral("home")));
    }

    void badEventsAreRefused_data()
    {
        QTest::addColumn<ConsentEvent>("event");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        const ConsentEvent good =
            phoneGrant(QStringLiteral("{master}"), utc("2026-03-04T14:00:00Z"));
        const int invalid = int(Error::Code::InvalidInput);

        ConsentEvent e = good;
        e.masterId.clear();
        QTest::newRow("no patient") << e << invalid << QStringLiteral("needs a patient");
        e = good;
        e.masterId = QStringLiteral("MPI-NOBODY");
        QTest::newRow("unknown patient")
            << e << int(Error::Code::NotFound) << QStringLiteral("No patient MPI-NOBODY");
        e = good;
        e.source = QStringLiteral("rumour");
        QTest::newRow("unknown source") << e << invalid << QStringLiteral("\"rumour\"");
        e = good;
        e.capturedBy.clear();
        QTest::newRow("phone consent without who captured it")
            << e << invalid << QStringLiteral("who captured it");
        e = good;
        e.source = QStringLiteral("patient-reply");
        e.capturedBy.clear();
        QTest::newRow("reply without its words") << e << invalid << QStringLiteral("words");
        e = good;
        e.effectiveAt = utc("2026-03-05T14:00:00Z");
        e.recordedAt = utc("2026-03-04T14:00:00Z");
        QTest::newRow("takes effect tomorrow") << e << invalid << QStringLiteral("future");
        e = good;
        e.expiresAt = utc("2026-03-01T00:00:00Z");
        QTest::newRow("ends before it starts") << e << invalid << QStringLiteral("not after");
        e = good;
        e.kind = ConsentKind::Revoked;
        e.expiresAt = utc("2027-03-01T00:00:00Z");
        QTest::newRow("revocation with an end date")
            << e << invalid << QStringLiteral("Only a grant or a restriction");
        e = good;
        e.effectiveAt = QDateTime();
        QTest::newRow("no time") << e << invalid << QStringLiteral("time it took effect");
    }

    void badEventsAreRefused()
    {
        QFETCH(ConsentEvent, event);
        QFETCH(int, code);
        QFETCH(QString, says);
        CommsFixture f;
        QVERIFY(f.open());
        const QString master = f.addPatient(QStringLiteral("p1"));
        if (event.masterId == QLatin1String("{master}"))
            event.masterId = master;
        const qint64 before = f.count(QStringLiteral("SELECT count(*) FROM consent_events"));
        auto id = append(f, event);
        QVERIFY(!id);
        QCOMPARE(int(id.error().code), code);
        QVERIFY2(id.error().message.contains(says), qPrintable(id.error().message));
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM consent_events")), before);
    }

    void ledgerCannotBeEditedOrDeleted()
    {
        CommsFixture f;
        QVERIFY(f.open());
        const QString master = f.addPatient(QStringLiteral("p1"));
        QVERIFY(append(f, phoneGrant(master, utc("2026-03-04T14:00:00Z"))));
        QSqlQuery edit(f.cache->connection());
        for (const char *sql : {"UPDATE consent_events SET kind = 'revoked'",
                                "UPDATE consent_events SET effective_at = '2020-01-01'",
                                "UPDATE consent_events SET captured_by = 'someone.else'",
                                "DELETE FROM consent_events"}) {
            QVERIFY2(!edit.exec(QString::fromLatin1(sql)), sql);
            QVERIFY(edit.lastError().text().contains(QStringLiteral("consent events")));
        }
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM consent_events WHERE kind = "
                                        "'granted' AND captured_by = 'coord.lee'")),
                 1);
    }

    void mergeMovesEventsToTheSurvivor()
    {
        CommsFixture f;
        QVERIFY(f.open());
        const QString survivor = f.addPatient(QStringLiteral("p1"));
        const QString merged = f.addPatient(QStringLiteral("p2"));
        QVERIFY(append(f, phoneGrant(merged, utc("2026-03-04T14:00:00Z"))));
        QSqlDatabase db = f.cache->connection();
        PatientStore store(db, f.clock);
        QVERIFY(db.transaction());
        auto moved = store.merge(survivor, merged);
        QVERIFY2(moved, qPrintable(moved ? QString() : moved.error().message));
        QVERIFY(db.commit());
        auto history = ConsentLedger::history(db, survivor);
        QCOMPARE(history->size(), 1);
        QCOMPARE(history->at(0).capturedBy, QStringLiteral("coord.lee"));
    }

    void optOutReplyCountsFromItsReceipt()
    {
        CommsFixture f;
        QVERIFY(f.open());
        f.addPatient(QStringLiteral("p-s"));
        auto classifier = ReplyClassifier::builtIn();
        QVERIFY(classifier);
        Importer importer(f.cache, *f.audit, *classifier, f.clock, TriageSettings{}, *f.access,
                          principalForAutomation());
        // Sent at 14:00, taken in by CareDesk at 15:00 (the clock).
        QVERIFY(importer.importBytes(
            "{\"resourceType\":\"Communication\",\"id\":\"c1\",\"received\":"
            "\"2026-03-04T14:00:00Z\",\"sender\":{\"reference\":\"Patient/p-s\"},"
            "\"payload\":[{\"contentString\":\"Stop. Thank you\"}]}",
            QStringLiteral("reply.json"), Importer::Format::FhirJson));
        const QString master = f.addPatient(QStringLiteral("p-s"));
        auto history = ConsentLedger::history(f.cache->connection(), master);
        QVERIFY(history);
        QCOMPARE(history->size(), 1);
        const ConsentEvent &stop = history->first();
        QCOMPARE(stop.kind, ConsentKind::Revoked);
        QCOMPARE(stop.channel, std::optional<Channel>(Channel::Sms));
        QVERIFY(!stop.purpose);
        QCOMPARE(stop.rawText, QStringLiteral("Stop. Thank you"));
        QCOMPARE(stop.sourceId, QStringLiteral("c1"));
        QCOMPARE(stop.effectiveAt, utc("2026-03-04T14:00:00Z"));
        QCOMPARE(stop.recordedAt, utc("2026-03-04T15:00:00Z"));

        const ConsentState at1430 = ConsentState::derive(*history, utc("2026-03-04T14:30:00Z"));
        QCOMPARE(at1430.cell(Channel::Sms, Purpose::Treatment).status, ConsentStatus::Revoked);
        QCOMPARE(at1430.cell(Channel::Email, Purpose::Treatment).status, ConsentStatus::None);
        const ConsentState at1330 = ConsentState::derive(*history, utc("2026-03-04T13:30:00Z"));
        QCOMPARE(at1330.cell(Channel::Sms, Purpose::Treatment).status, ConsentStatus::None);
    }

    void reportedReceiptNeverLaterThanRecording()
    {
        // A reply whose clock says it arrives tomorrow still revokes from when it was recorded.
        CommsFixture f;
        QVERIFY(f.open());
        f.addPatient(QStringLiteral("p-s"));
        auto classifier = ReplyClassifier::builtIn();
        Importer importer(f.cache, *f.audit, *classifier, f.clock, TriageSettings{}, *f.access,
                          principalForAutomation());
        QVERIFY(importer.importBytes(
            "{\"resourceType\":\"Communication\",\"id\":\"c2\",\"received\":"
            "\"2026-03-05T14:00:00Z\",\"sender\":{\"reference\":\"Patient/p-s\"},"
            "\"payload\":[{\"contentString\":\"STOP\"}]}",
            QStringLiteral("reply.json"), Importer::Format::FhirJson));
        auto history =
            ConsentLedger::history(f.cache->connection(), f.addPatient(QStringLiteral("p-s")));
        QCOMPARE(history->size(), 1);
        QCOMPARE(history->first().effectiveAt, utc("2026-03-04T15:00:00Z"));
    }

    void patientZoneAndEmailComeFromFhir()
    {
        // Quiet hours need the patient's own zone; email needs an address.
        CommsFixture f;
        QVERIFY(f.open());
        auto classifier = ReplyClassifier::builtIn();
        Importer importer(f.cache, *f.audit, *classifier, f.clock, TriageSettings{}, *f.access,
                          principalForAutomation());
        QVERIFY(importer.importBytes(
            "{\"resourceType\":\"Patient\",\"id\":\"z1\",\"extension\":[{\"url\":"
            "\"http://hl7.org/fhir/StructureDefinition/timezone\",\"valueCode\":"
            "\"America/Phoenix\"}],\"telecom\":[{\"system\":\"email\",\"value\":"
            "\"z1@patients.example\"}]}",
            QStringLiteral("patient.json"), Importer::Format::FhirJson));
        QVERIFY(importer.importBytes(
            "{\"resourceType\":\"Patient\",\"id\":\"z2\",\"extension\":[{\"url\":"
            "\"http://hl7.org/fhir/StructureDefinition/timezone\",\"valueCode\":"
            "\"Mars/Olympus\"}]}",
            QStringLiteral("patient.json"), Importer::Format::FhirJson));
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM patients WHERE time_zone = "
                                        "'America/Phoenix' AND email = 'z1@patients.example'")),
                 1);
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM patients WHERE time_zone IS NULL")),
                 1);
    }

    void fhirConsentsComeIntoTheLedger()
    {
        // A Consent about contact, imported like any FHIR file (FHIR sync stores them the same
        // way), lands in the ledger once; its change on the server adds what changed; the HL7
        // spec's privacy consents add nothing.
        CommsFixture f;
        QVERIFY(f.open());
        const QString master = f.addPatient(QStringLiteral("p1"));
        auto classifier = ReplyClassifier::builtIn();
        Importer importer(f.cache, *f.audit, *classifier, f.clock, TriageSettings{}, *f.access,
                          principalForAutomation());
        FhirConsentIntake intake(f.cache, *f.audit, f.clock);

        ConsentEvent research;
        research.kind = ConsentKind::Granted;
        research.purpose = Purpose::Research;
        research.source = QStringLiteral("paper");
        research.capturedBy = QStringLiteral("coord.lee");
        research.effectiveAt = utc("2026-02-01T10:00:00Z");
        research.expiresAt = utc("2027-02-01T00:00:00Z");
        QJsonObject consent = FhirConsentMapping::toFhir(research, QStringLiteral("Patient/p1"),
                                                         QStringLiteral("k1"));
        auto import = [&](const QJsonObject &resource) {
            return importer
                .importBytes(QJsonDocument(resource).toJson(), QStringLiteral("consent.json"),
                             Importer::Format::FhirJson)
                .has_value();
        };
        QVERIFY(import(consent));
        auto first = intake.processNewConsents();
        QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
        QCOMPARE(first->events, 1);
        QVERIFY(intake.processNewConsents()->consents == 0);
        // The same Consent again (a second sync, or CareDesk's own Consent coming back).
        QVERIFY(import(consent));
        QCOMPARE(intake.processNewConsents()->events, 0);
        auto history = *ConsentLedger::history(f.cache->connection(), master);
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().purpose, std::optional<Purpose>(Purpose::Research));
        QCOMPARE(history.first().capturedBy, QStringLiteral("coord.lee"));
        QCOMPARE(history.first().expiresAt, utc("2027-02-01T00:00:00Z"));

        // Withdrawn on the server: status inactive, a new date.
        consent.insert(QStringLiteral("status"), QStringLiteral("inactive"));
        consent.insert(QStringLiteral("dateTime"), QStringLiteral("2026-03-01T10:00:00Z"));
        QVERIFY(import(consent));
        QCOMPARE(intake.processNewConsents()->events, 1);
        history = *ConsentLedger::history(f.cache->connection(), master);
        QCOMPARE(history.last().kind, ConsentKind::Expired);

        QFile spec(QStringLiteral(CAREDESK_SHARED_TESTDATA "/fhir-r4/hl7-spec-examples-4.0.1/"
                                                           "Consent-consent-example-basic.json"));
        QVERIFY(spec.open(QIODevice::ReadOnly));
        QJsonObject basic = QJsonDocument::fromJson(spec.readAll()).object();
        basic.insert(QStringLiteral("patient"),
                     QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/p1")}});
        QVERIFY(import(basic));
        const auto privacy = intake.processNewConsents();
        QCOMPARE(privacy->consents, 1);
        QCOMPARE(privacy->events, 0);
        QCOMPARE(ConsentLedger::history(f.cache->connection(), master)->size(), 2);
    }

    void stateIsDerivedPerChannelAndPurpose()
    {
        CommsFixture f;
        QVERIFY(f.open());
        const QString master = f.addPatient(QStringLiteral("p1"));
        ConsentEvent all = phoneGrant(master, utc("2026-01-01T10:00:00Z"));
        all.channel.reset();
        QVERIFY(append(f, all));
        ConsentEvent noMarketing = phoneGrant(master, utc("2026-02-01T10:00:00Z"));
        noMarketing.kind = ConsentKind::Revoked;
        noMarketing.channel.reset();
        noMarketing.purpose = Purpose::Marketing;
        QVERIFY(append(f, noMarketing));
        ConsentEvent shortEmail = phoneGrant(master, utc("2026-02-01T10:00:00Z"));
        shortEmail.channel = Channel::Email;
        shortEmail.expiresAt = utc("2026-03-01T00:00:00Z");
        QVERIFY(append(f, shortEmail));

        auto history = ConsentLedger::history(f.cache->connection(), master);
        const ConsentState state = ConsentState::derive(*history, f.clock.now());
        QCOMPARE(state.cells().size(), 20);
        QCOMPARE(state.cell(Channel::Sms, Purpose::Treatment).status, ConsentStatus::Granted);
        QVERIFY(!state.cell(Channel::Sms, Purpose::Treatment).namedPurpose);
        QCOMPARE(state.cell(Channel::Mail, Purpose::Marketing).status, ConsentStatus::Revoked);
        QCOMPARE(state.cell(Channel::Email, Purpose::Payment).status, ConsentStatus::Expired);
        QCOMPARE(state.cell(Channel::Email, Purpose::Payment).since, utc("2026-03-01T00:00:00Z"));
        const ConsentState february = ConsentState::derive(*history, utc("2026-02-15T00:00:00Z"));
        QCOMPARE(february.cell(Channel::Email, Purpose::Payment).status, ConsentStatus::Granted);
    }
};

QTEST_GUILESS_MAIN(TestConsentLedger)
#include "tst_consentledger.moc"
