// SPDX-License-Identifier: GPL-3.0-or-later
// The consent ledger synced with FHIR Consent both ways, against the real server (Medplum's
// router behind tests/peers/fhir-peer.mjs): a coordinator's phone capture and an opt-out by
// reply are pushed through FHIR sync's outbox as Consents carrying the events' identifiers
// (read back from the server with their fields); pulled back they add nothing; a second
// workstation pulls them and derives the same state; a resend after a simulated crash, or a
// command sent twice, leaves one Consent per event.
#include "FhirPeer.h"

#include "models/Clock.h"
#include "services/comms/ConsentFhirPush.h"
#include "services/comms/ConsentLedger.h"
#include "services/comms/ConsentService.h"
#include "services/comms/FhirConsentIntake.h"
#include "services/comms/FhirConsentMapping.h"
#include "services/comms/MessageDispatcher.h"
#include "services/comms/MessageTemplates.h"
#include "services/fhir/FhirMapper.h"
#include "services/fhir/FhirSyncService.h"
#include "services/outbox/Outbox.h"
#include "services/outbox/OutboxStore.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/RoleCatalogue.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/triage/ReplyClassifier.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QUrlQuery>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QString kSystem = QStringLiteral("urn:caredesk:consent-event");

// One workstation: its own encrypted cache, audit trail, consent service and FHIR sync.
struct Workstation {
    Principal coordinator{QStringLiteral("coord.lee"), QStringLiteral("coordinator")};
    std::unique_ptr<QTemporaryDir> dir;
    MemoryKeyVault vault;
    SystemClock clock;
    std::shared_ptr<CacheDatabase> cache;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<AccessControl> access;
    std::unique_ptr<ReplyClassifier> classifier;
    std::unique_ptr<ConsentService> consent;
    std::unique_ptr<FhirSyncService> sync;

    bool open()
    {
        dir = std::make_unique<QTemporaryDir>(QStringLiteral(CAREDESK_BINARY_DIR "/cws-XXXXXX"));
        auto opened = CacheDatabase::open(dir->path(), vault);
        auto built = ReplyClassifier::builtIn();
        auto roles = RoleCatalogue::builtIn();
        auto templates = MessageTemplates::builtIn();
        if (!opened || !built || !roles || !templates)
            return false;
        cache = *opened;
        audit = std::make_unique<AuditLog>(cache, clock);
        access = std::make_unique<AccessControl>(cache, *audit, std::move(*roles), clock);
        classifier = std::make_unique<ReplyClassifier>(std::move(*built));
        auto dispatcher = std::make_shared<MessageDispatcher>(
            cache, *audit, clock, SendPolicy{},
            std::make_shared<const MessageTemplates>(std::move(*templates)));
        consent = std::make_unique<ConsentService>(cache, *audit, *access, clock, dispatcher);
        return true;
    }

    bool connect(const QUrl &base)
    {
        FhirSyncConfig config;
        config.base = base;
        config.pollSeconds = 600;
        config.sync.pageSize = 50;
        config.sync.role = QStringLiteral("care-coordinator");
        config.workstation = QStringLiteral("coord-pc");
        config.retry = {1, 2, 6};
        sync =
            std::make_unique<FhirSyncService>(cache, *audit, *access, *classifier, clock,
                                              TriageSettings{}, config, principalForAutomation());
        QSignalSpy firstPull(sync.get(), &FhirSyncService::pullFinished);
        auto started = sync->start();
        if (!started)
            qWarning("%s", qPrintable(started.error().message));
        return bool(started) && (firstPull.size() > 0 || firstPull.wait(30000));
    }

    // A pull, then the Consents it stored into the ledger (the comms automation's step), then
    // the outbox until nothing waits.
    bool syncOnce()
    {
        QSignalSpy pulled(sync.get(), &FhirSyncService::pullFinished);
        sync->syncNow();
        if (!pulled.wait(30000) || !pulled.last().at(0).value<SyncReport>().complete)
            return false;
        if (!FhirConsentIntake(cache, *audit, clock).processNewConsents())
            return false;
        return drain();
    }

    bool drain(int timeoutMs = 30000)
    {
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < timeoutMs) {
            auto counts = OutboxStore(cache->connection()).counts();
            if (counts && counts->value(OutboxStatus::Pending) == 0 &&
                counts->value(OutboxStatus::InFlight) == 0 &&
                counts->value(OutboxStatus::Failed) == 0)
                return counts->value(OutboxStatus::Dead) == 0;
            sync->outbox()->wake();
            QTest::qWait(50);
        }
        return false;
    }

    qint64 count(const QString &sql)
    {
        QSqlQuery query(cache->connection());
        return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
    }

    QString master()
    {
        QSqlQuery query(cache->connection());
        return query.exec(QStringLiteral("SELECT master_id FROM patients")) && query.next()
                   ? query.value(0).toString()
                   : QString();
    }
};

QString id(const QJsonObject &resource)
{
    return resource.value(QLatin1String("id")).toString();
}

QString extension(const QJsonObject &element, const QString &url)
{
    for (const QJsonValue &value : element.value(QLatin1String("extension")).toArray()) {
        const QJsonObject object = value.toObject();
        if (object.value(QLatin1String("url")).toString() != url)
            continue;
        for (const char *key : {"valueCode", "valueString"}) {
            if (object.contains(QLatin1String(key)))
                return object.value(QLatin1String(key)).toString();
        }
        return object.value(QLatin1String("valueCoding"))
            .toObject()
            .value(QLatin1String("code"))
            .toString();
    }
    return {};
}

QString firstCode(const QJsonValue &codeable)
{
    return codeable.toObject()
        .value(QLatin1String("coding"))
        .toArray()
        .first()
        .toObject()
        .value(QLatin1String("code"))
        .toString();
}

QStringList cells(const ConsentState &state)
{
    QStringList out;
    for (const ConsentCell &cell : state.cells())
        out.append(QStringLiteral("%1/%2=%3%4")
                       .arg(channelName(cell.channel), purposeName(cell.purpose),
                            consentStatusName(cell.status),
                            cell.restricted ? QStringLiteral("+restricted") : QString()));
    return out;
}

} // namespace

class tst_ConsentFhirSync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(m_peer.start(), "the FHIR test peer did not start (tests/peers/install.sh)");
    }
    void init() { m_peer.request("POST", QStringLiteral("/$peer/reset")); }

    void ledgerEventsGoBothWays();
    void resendAfterCrashDoesNotDouble();
    void patientsTheServerDoesNotKnowStayLocal();

private:
    // The server's Consents of a patient, or of one identifier.
    QJsonArray consents(const QString &query)
    {
        const FhirPeer::Answer answer = m_peer.request("GET", QStringLiteral("Consent?") + query);
        QJsonArray resources;
        for (const QJsonValue &entry : answer.json.value(QLatin1String("entry")).toArray())
            resources.append(entry.toObject().value(QLatin1String("resource")));
        return resources;
    }
    QJsonArray byIdentifier(const QString &identifier)
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("identifier"), kSystem + u'|' + identifier);
        return consents(query.query(QUrl::FullyEncoded));
    }
    // A patient on the server, with a phone consent and a STOP by SMS recorded on workstation a.
    bool seed(Workstation &a, QString &remotePatient, QString &communication);

    FhirPeer m_peer;
};

bool tst_ConsentFhirSync::seed(Workstation &a, QString &remotePatient, QString &communication)
{
    remotePatient = id(m_peer.create(QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Patient")},
        {QStringLiteral("name"),
         QJsonArray{QJsonObject{{QStringLiteral("family"), QStringLiteral("Okafor")},
                                {QStringLiteral("given"), QJsonArray{QStringLiteral("Test")}}}}},
        {QStringLiteral("telecom"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("phone")},
                                {QStringLiteral("value"), QStringLiteral("+1 555 010 0142")}}}},
    }));
    if (remotePatient.isEmpty() || !a.open() || !a.connect(m_peer.base()))
        return false;
    const QString master = a.master();
    // A coordinator records consent captured by phone.
    ConsentEvent grant;
    grant.masterId = master;
    grant.kind = ConsentKind::Granted;
    grant.channel = Channel::Sms;
    grant.source = QStringLiteral("phone");
    grant.capturedBy = QStringLiteral("Lee (coordinator)");
    if (!a.consent->record(a.coordinator, grant))
        return false;
    // Later the patient texts STOP: a reply on the server, pulled and read as an opt-out.
    QTest::qWait(1100);
    communication = id(m_peer.create(QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Communication")},
        {QStringLiteral("status"), QStringLiteral("completed")},
        {QStringLiteral("subject"),
         QJsonObject{
             {QStringLiteral("reference"), QString(QStringLiteral("Patient/") + remotePatient)}}},
        {QStringLiteral("sender"),
         QJsonObject{
             {QStringLiteral("reference"), QString(QStringLiteral("Patient/") + remotePatient)}}},
        {QStringLiteral("received"), a.clock.now().toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("payload"),
         QJsonArray{QJsonObject{{QStringLiteral("contentString"), QStringLiteral("STOP")}}}},
    }));
    return !communication.isEmpty() && a.syncOnce();
}

void tst_ConsentFhirSync::ledgerEventsGoBothWays()
{
    Workstation a;
    QString patient;
    QString communication;
    QVERIFY(seed(a, patient, communication));
    const QString masterA = a.master();
    auto historyA = ConsentLedger::history(a.cache->connection(), masterA);
    QVERIFY(historyA);
    QCOMPARE(historyA->size(), 2);
    const ConsentEvent grant = historyA->at(0);
    const ConsentEvent stop = historyA->at(1);
    QCOMPARE(stop.kind, ConsentKind::Revoked);
    QCOMPARE(stop.source, QStringLiteral("patient-reply"));
    QCOMPARE(grant.identifier.size(), 32);
    // Named after the reply on the server: every workstation that reads it names it so.
    QCOMPARE(stop.identifier,
             QString(QStringLiteral("reply.") + communication + QStringLiteral(".revoked.sms")));
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = "
                                    "'fhir.consent.create' AND status = 'done'")),
             qint64(2));

    // On the server: one Consent per event, found by the event's identifier, with its fields.
    const QJsonArray all = consents(QStringLiteral("patient=Patient/") + patient);
    QCOMPARE(all.size(), 2);
    const QJsonArray grants = byIdentifier(grant.identifier);
    QCOMPARE(grants.size(), 1);
    const QJsonObject g = grants.first().toObject();
    QCOMPARE(g.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    QCOMPARE(g.value(QLatin1String("patient")).toObject().value(QLatin1String("reference")),
             QJsonValue(QString(QStringLiteral("Patient/") + patient)));
    QCOMPARE(firstCode(g.value(QLatin1String("policyRule"))), QStringLiteral("OPTIN"));
    QCOMPARE(firstCode(g.value(QLatin1String("category")).toArray().first()),
             QStringLiteral("59284-0"));
    const QJsonObject grantProvision = g.value(QLatin1String("provision")).toObject();
    QCOMPARE(grantProvision.value(QLatin1String("type")).toString(), QStringLiteral("permit"));
    QCOMPARE(extension(grantProvision, FhirConsentMapping::channelExtensionUrl()),
             QStringLiteral("sms"));
    QVERIFY(!grantProvision.contains(QLatin1String("purpose"))); // every purpose
    QCOMPARE(extension(g, FhirConsentMapping::sourceExtensionUrl()), QStringLiteral("phone"));
    QCOMPARE(extension(g, FhirConsentMapping::capturedByExtensionUrl()),
             QStringLiteral("Lee (coordinator)"));
    QCOMPARE(parseFhirDateTime(g.value(QLatin1String("dateTime")).toString()).toSecsSinceEpoch(),
             grant.effectiveAt.toSecsSinceEpoch());

    const QJsonArray stops = byIdentifier(stop.identifier);
    QCOMPARE(stops.size(), 1);
    const QJsonObject s = stops.first().toObject();
    QCOMPARE(firstCode(s.value(QLatin1String("policyRule"))), QStringLiteral("OPTOUT"));
    QCOMPARE(s.value(QLatin1String("provision")).toObject().value(QLatin1String("type")),
             QJsonValue(QStringLiteral("deny")));
    QCOMPARE(extension(s.value(QLatin1String("provision")).toObject(),
                       FhirConsentMapping::channelExtensionUrl()),
             QStringLiteral("sms"));
    QCOMPARE(extension(s, FhirConsentMapping::sourceExtensionUrl()),
             QStringLiteral("patient-reply"));
    const QJsonObject words = s.value(QLatin1String("sourceAttachment")).toObject();
    QCOMPARE(QByteArray::fromBase64(words.value(QLatin1String("data")).toString().toLatin1()),
             QByteArray("STOP"));
    // The reply by its id on the server, not this cache's scoped id.
    QCOMPARE(words.value(QLatin1String("url")).toString(),
             QString(QStringLiteral("Communication/") + communication));

    // Pulled back: the ledger already holds both, nothing is added and nothing queued again.
    QTest::qWait(1100);
    QVERIFY(a.syncOnce());
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM records WHERE resource_type = "
                                    "'Consent'")),
             qint64(2));
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM consent_events")), qint64(2));
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = "
                                    "'fhir.consent.create'")),
             qint64(2));

    // A second workstation pulls them: the same events (same identifiers, the patient's words,
    // who captured it) and the same state now. It reads the STOP from the reply itself, as the
    // first did, under the same identifier: its push finds the Consent already there.
    Workstation b;
    QVERIFY(b.open());
    QVERIFY(b.connect(m_peer.base()));
    QVERIFY(b.syncOnce());
    const QString masterB = b.master();
    auto historyB = ConsentLedger::history(b.cache->connection(), masterB);
    QVERIFY(historyB);
    QCOMPARE(historyB->size(), 2);
    QSet<QString> identifiersB;
    for (const ConsentEvent &event : *historyB) {
        identifiersB.insert(event.identifier);
        if (event.kind == ConsentKind::Revoked) {
            QCOMPARE(event.rawText, QStringLiteral("STOP"));
            QCOMPARE(event.sourceId, QString(communication + QStringLiteral("@fhir1")));
            QVERIFY(event.receivedFrom.isEmpty()); // read from the reply here
        } else {
            QCOMPARE(event.source, QStringLiteral("phone"));
            QCOMPARE(event.capturedBy, QStringLiteral("Lee (coordinator)"));
            QVERIFY(event.receivedFrom.endsWith(QLatin1String("@fhir1"))); // from the Consent
        }
    }
    QCOMPARE(identifiersB, (QSet<QString>{grant.identifier, stop.identifier}));
    const QDateTime now = a.clock.now();
    const QStringList stateA = cells(ConsentState::derive(*historyA, now));
    const QStringList stateB = cells(ConsentState::derive(*historyB, now));
    QCOMPARE(stateB, stateA);
    QVERIFY(stateA.contains(QStringLiteral("sms/treatment=revoked")));
    QVERIFY(b.drain());
    QCOMPARE(b.count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = "
                                    "'fhir.consent.create' AND status = 'done'")),
             qint64(1));
    QCOMPARE(b.count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = "
                                    "'fhir.consent.create'")),
             qint64(1));
    QCOMPARE(consents(QStringLiteral("patient=Patient/") + patient).size(), 2);
    QCOMPARE(byIdentifier(stop.identifier).size(), 1);

    // What b records goes out too, and a comes to know it.
    ConsentEvent email;
    email.masterId = masterB;
    email.kind = ConsentKind::Granted;
    email.channel = Channel::Email;
    email.purpose = Purpose::Marketing;
    email.source = QStringLiteral("paper");
    email.capturedBy = QStringLiteral("Lee (coordinator)");
    QVERIFY(b.consent->record(b.coordinator, email));
    QVERIFY(b.syncOnce());
    QCOMPARE(consents(QStringLiteral("patient=Patient/") + patient).size(), 3);
    QTest::qWait(1100);
    QVERIFY(a.syncOnce());
    auto after = ConsentLedger::history(a.cache->connection(), masterA);
    QVERIFY(after);
    QCOMPARE(after->size(), 3);
    QCOMPARE(
        ConsentState::derive(*after, a.clock.now()).cell(Channel::Email, Purpose::Marketing).status,
        ConsentStatus::Granted);
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = "
                                    "'fhir.consent.create'")),
             qint64(2));
}

void tst_ConsentFhirSync::resendAfterCrashDoesNotDouble()
{
    Workstation a;
    QString patient;
    QString communication;
    QVERIFY(seed(a, patient, communication));
    auto history = ConsentLedger::history(a.cache->connection(), a.master());
    QVERIFY(history);
    QCOMPARE(history->size(), 2);
    const QString grant = history->at(0).identifier;
    QCOMPARE(byIdentifier(grant).size(), 1);

    // A crash after the Consent was sent, before the answer was recorded: the command is found
    // in flight at the next start, looked up by its identifier, and marked done unsent.
    {
        QSqlQuery crash(a.cache->connection());
        QVERIFY(crash.exec(QStringLiteral("UPDATE outbox SET status = 'in-flight' WHERE kind = "
                                          "'fhir.consent.create'")));
    }
    a.sync.reset();
    QVERIFY(a.connect(m_peer.base()));
    QVERIFY(a.drain());
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = "
                                    "'fhir.consent.create' AND status = 'done'")),
             qint64(2));
    QCOMPARE(byIdentifier(grant).size(), 1);
    QCOMPARE(consents(QStringLiteral("patient=Patient/") + patient).size(), 2);

    // Sent again outright (a person's retry, another workstation's copy of the command): the
    // create is conditional on the identifier, so the server answers with the one it has.
    {
        QSqlQuery again(a.cache->connection());
        QVERIFY(again.exec(QStringLiteral("UPDATE outbox SET status = 'pending', "
                                          "next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE "
                                          "kind = 'fhir.consent.create'")));
    }
    a.sync->outbox()->wake();
    QVERIFY(a.drain());
    QCOMPARE(byIdentifier(grant).size(), 1);
    QCOMPARE(consents(QStringLiteral("patient=Patient/") + patient).size(), 2);
    // The push cursor moved with the commands: a restart queues nothing twice.
    a.sync.reset();
    QVERIFY(a.connect(m_peer.base()));
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = "
                                    "'fhir.consent.create'")),
             qint64(2));
}

void tst_ConsentFhirSync::patientsTheServerDoesNotKnowStayLocal()
{
    Workstation a;
    QVERIFY(a.open());
    {
        QSqlQuery insert(a.cache->connection());
        QVERIFY(insert.exec(QStringLiteral("INSERT INTO patients (master_id, family, updated_at) "
                                           "VALUES ('M-LOCAL', 'Imported', '2026-01-01')")));
    }
    ConsentEvent grant;
    grant.masterId = QStringLiteral("M-LOCAL");
    grant.channel = Channel::Phone;
    grant.source = QStringLiteral("phone");
    grant.capturedBy = QStringLiteral("Lee");
    QVERIFY(a.consent->record(a.coordinator, grant));
    QVERIFY(a.connect(m_peer.base()));
    QVERIFY(a.drain());
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM outbox")), qint64(0));
    QCOMPARE(consents(QString()).size(), 0);
    // An identifier the schema made, written once.
    auto history = ConsentLedger::history(a.cache->connection(), QStringLiteral("M-LOCAL"));
    QVERIFY(history && history->size() == 1 && history->first().identifier.size() == 32);
    QSqlQuery change(a.cache->connection());
    QVERIFY(!change.exec(QStringLiteral("UPDATE consent_events SET identifier = 'other'")));
}

QTEST_GUILESS_MAIN(tst_ConsentFhirSync)
#include "tst_consentfhirsync.moc"
