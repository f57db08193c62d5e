// SPDX-License-Identifier: GPL-3.0-or-later
// FHIR sync against the real server (Medplum's router behind tests/peers/fhir-peer.mjs):
// initial load and deltas through next links of every style, ids scoped by server, minimum
// necessary caching, two workstations claiming one item, conflicting resolutions in both orders
// (case 16), a crash between sending and recording (case 17), offline queuing that drains in
// order, and a new reply showing up within the poll interval.
#include "FhirPeer.h"

#include "models/Clock.h"
#include "services/fhir/FhirSyncService.h"
#include "services/fhir/FhirTriageSink.h"
#include "services/journey/JourneyService.h"
#include "services/outbox/Outbox.h"
#include "services/outbox/OutboxStore.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/RoleCatalogue.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/triage/ReplyClassifier.h"
#include "services/triage/TriageService.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

// One workstation: its own encrypted cache, audit trail, triage service and sync service.
struct Workstation {
    QString actor;
    Principal who; // the nurse at this workstation; the sync's polls run as the automation
    std::unique_ptr<QTemporaryDir> dir;
    MemoryKeyVault vault;
    SystemClock clock;
    std::shared_ptr<CacheDatabase> cache;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<AccessControl> access;
    std::unique_ptr<ReplyClassifier> classifier;
    std::unique_ptr<TriageService> triage;
    std::unique_ptr<FhirTriageSink> sink;
    std::unique_ptr<FhirSyncService> sync;

    bool open(const QString &name)
    {
        actor = name;
        who = {name, QStringLiteral("triage-nurse")};
        dir = std::make_unique<QTemporaryDir>(QStringLiteral(CAREDESK_BINARY_DIR "/ws-XXXXXX"));
        auto opened = CacheDatabase::open(dir->path(), vault);
        auto built = ReplyClassifier::builtIn();
        if (!opened || !built)
            return false;
        cache = *opened;
        audit = std::make_unique<AuditLog>(cache, clock);
        auto roles = RoleCatalogue::builtIn();
        if (!roles)
            return false;
        access = std::make_unique<AccessControl>(cache, *audit, std::move(*roles), clock);
        classifier = std::make_unique<ReplyClassifier>(std::move(*built));
        triage = std::make_unique<TriageService>(cache, *audit, *access, clock);
        return true;
    }

    bool connect(const QUrl &base, int pollSeconds = 60, int pageSize = 3)
    {
        FhirSyncConfig config;
        config.base = base;
        config.pollSeconds = pollSeconds;
        config.sync.pageSize = pageSize;
        config.workstation = actor + QStringLiteral("-pc");
        config.retry = {1, 2, 6};
        sync =
            std::make_unique<FhirSyncService>(cache, *audit, *access, *classifier, clock,
                                              TriageSettings{}, config, principalForAutomation());
        Outbox *outbox = nullptr;
        sink = std::make_unique<FhirTriageSink>(clock, [this, &outbox] {
            if (sync && sync->outbox())
                QMetaObject::invokeMethod(sync->outbox(), &Outbox::wake, Qt::QueuedConnection);
        });
        triage->setCommandSink(sink.get());
        QSignalSpy firstPull(sync.get(), &FhirSyncService::pullFinished);
        auto started = sync->start();
        if (!started)
            qWarning("%s", qPrintable(started.error().message));
        // start() pulls once; a test's own pull comes after it.
        return bool(started) && (firstPull.size() > 0 || firstPull.wait(30000));
    }

    // One pull, waited for.
    SyncReport pull()
    {
        QSignalSpy pulled(sync.get(), &FhirSyncService::pullFinished);
        sync->syncNow();
        if (!pulled.wait(30000))
            return SyncReport{false, false, {}, 0, 0, 0, {QStringLiteral("timed out")}, {}};
        return pulled.last().at(0).value<SyncReport>();
    }

    // Until nothing in the outbox is waiting or in flight.
    bool drain(int timeoutMs = 30000)
    {
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < timeoutMs) {
            auto counts = OutboxStore(cache->connection()).counts();
            if (counts && counts->value(OutboxStatus::Pending) == 0 &&
                counts->value(OutboxStatus::InFlight) == 0 &&
                counts->value(OutboxStatus::Failed) == 0)
                return true;
            sync->outbox()->wake();
            QTest::qWait(50);
        }
        return false;
    }

    qint64 itemFor(const QString &remoteCommunicationId)
    {
        QSqlQuery query(cache->connection());
        query.prepare(QStringLiteral("SELECT id FROM triage_items WHERE communication_id LIKE ?"));
        query.addBindValue(QString(remoteCommunicationId + QStringLiteral("@fhir%")));
        return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
    }

    TriageItem item(qint64 id)
    {
        auto items = triage->openItems(who);
        for (const TriageItem &candidate : items.value_or(QList<TriageItem>())) {
            if (candidate.id == id)
                return candidate;
        }
        QSqlQuery query(cache->connection());
        query.prepare(QStringLiteral("SELECT status, owner, note FROM triage_items WHERE id = ?"));
        query.addBindValue(id);
        TriageItem resolved;
        if (query.exec() && query.next()) {
            resolved.id = id;
            resolved.status = triageStatusFromName(query.value(0).toString());
            resolved.owner = query.value(1).toString();
            resolved.note = query.value(2).toString();
        }
        return resolved;
    }

    qint64 count(const QString &sql)
    {
        QSqlQuery query(cache->connection());
        return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
    }
};

QJsonObject patient(const QString &family)
{
    return QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Patient")},
        {QStringLiteral("name"),
         QJsonArray{QJsonObject{{QStringLiteral("family"), family},
                                {QStringLiteral("given"), QJsonArray{QStringLiteral("Test")}}}}},
        {QStringLiteral("address"),
         QJsonArray{QJsonObject{
             {QStringLiteral("line"), QJsonArray{QStringLiteral("12 Hidden Street")}}}}},
    };
}

QJsonObject reply(const QString &patientId, const QString &text)
{
    return QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Communication")},
        {QStringLiteral("status"), QStringLiteral("completed")},
        {QStringLiteral("subject"), QJsonObject{{QStringLiteral("reference"),
                                                 QString(QStringLiteral("Patient/") + patientId)}}},
        {QStringLiteral("sender"), QJsonObject{{QStringLiteral("reference"),
                                                QString(QStringLiteral("Patient/") + patientId)}}},
        {QStringLiteral("received"), QStringLiteral("2026-12-03T08:00:00Z")},
        {QStringLiteral("payload"),
         QJsonArray{QJsonObject{{QStringLiteral("contentString"), text}}}},
        {QStringLiteral("note"),
         QJsonArray{QJsonObject{{QStringLiteral("text"), QStringLiteral("internal-only remark")}}}},
    };
}

QString id(const QJsonObject &resource)
{
    return resource.value(QLatin1String("id")).toString();
}

} // namespace

class tst_FhirSync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void initialLoadThenDeltas_data();
    void initialLoadThenDeltas();
    void idsAreScopedByServer();
    void onlyWhatTheRoleNeedsIsCached();
    void journeyRecordsSyncAndMoveTheJourney();
    void twoWorkstationsClaimOneItem();
    void conflictingResolutionsBothOrders_data();
    void conflictingResolutionsBothOrders();
    void crashBetweenSendAndRecordIsReconciled();
    void offlineActionsQueueAndDrainInOrder();
    void newReplyShowsWithinPollInterval();
    void repliesReachTheQueueCommitByCommit_data();
    void repliesReachTheQueueCommitByCommit();
    void smartTokenIsCachedUntilShortlyBeforeExpiry_data();
    void smartTokenIsCachedUntilShortlyBeforeExpiry();

private:
    QString seedReply(const QString &text);
    FhirPeer m_peer;
};

void tst_FhirSync::initTestCase()
{
    QVERIFY2(m_peer.start(), "the FHIR test peer did not start (tests/peers/install.sh)");
}

void tst_FhirSync::init()
{
    m_peer.request("POST", QStringLiteral("/$peer/reset"));
}

QString tst_FhirSync::seedReply(const QString &text)
{
    const QJsonObject person = m_peer.create(patient(QStringLiteral("Seed")));
    return id(m_peer.create(reply(id(person), text)));
}

void tst_FhirSync::initialLoadThenDeltas_data()
{
    QTest::addColumn<QString>("linkStyle");
    QTest::newRow("absolute next links") << QStringLiteral("absolute");
    QTest::newRow("relative next links") << QStringLiteral("relative");
    QTest::newRow("host-relative next links") << QStringLiteral("host-relative");
}

void tst_FhirSync::initialLoadThenDeltas()
{
    QFETCH(QString, linkStyle);
    m_peer.configure({{QStringLiteral("linkStyle"), linkStyle}});
    QStringList people;
    for (int i = 0; i < 4; ++i)
        people.append(id(m_peer.create(patient(QStringLiteral("Delta%1").arg(i)))));
    for (int i = 0; i < 7; ++i)
        m_peer.create(reply(people.at(i % 4), i == 0
                                                  ? QStringLiteral("I have chest pain now")
                                                  : QStringLiteral("Thanks, see you %1").arg(i)));

    Workstation ws;
    QVERIFY(ws.open(QStringLiteral("nurse-a")));
    QVERIFY(ws.connect(m_peer.base()));
    // connect() made the initial load; everything arrived through pages of three.
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM patients")), 4);
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM records WHERE resource_type = "
                                     "'Communication'")),
             7);
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM replies")), 7);
    QVERIFY(ws.count(QStringLiteral("SELECT count(*) FROM triage_items")) >= 1);
    // One watermark per type a nurse syncs: nine, and the four payer types journeys move on.
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM fhir_sync_state WHERE status = "
                                     "'complete' AND watermark IS NOT NULL")),
             qint64(13));

    // A delta: only what changed since (past the one-second overlap), and the new reply
    // becomes an item.
    QTest::qWait(1200);
    QVERIFY(ws.pull().complete);
    QTest::qWait(1200);
    const QString late = id(m_peer.create(reply(people.at(1), QStringLiteral("I can't breathe"))));
    SyncReport delta = ws.pull();
    QVERIFY(delta.complete);
    QVERIFY2(delta.received.value(QStringLiteral("Communication")) <= 2,
             "a delta reads the new reply (and at most the overlap), not everything again");
    QVERIFY(ws.itemFor(late) > 0);
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM replies")), 8);
}

void tst_FhirSync::idsAreScopedByServer()
{
    FhirPeer other;
    QVERIFY(other.start());
    // Both servers have a Patient/pat-1; they are different people.
    QJsonObject first = patient(QStringLiteral("Alpha"));
    first.insert(QStringLiteral("id"), QStringLiteral("pat-1"));
    QJsonObject second = patient(QStringLiteral("Beta"));
    second.insert(QStringLiteral("id"), QStringLiteral("pat-1"));
    QCOMPARE(m_peer.request("PUT", QStringLiteral("Patient/pat-1"), first).status / 100, 2);
    QCOMPARE(other.request("PUT", QStringLiteral("Patient/pat-1"), second).status / 100, 2);

    Workstation ws;
    QVERIFY(ws.open(QStringLiteral("nurse-a")));
    QVERIFY(ws.connect(m_peer.base()));
    QVERIFY(ws.pull().complete);
    ws.sync.reset();
    QVERIFY(ws.connect(other.base()));
    QVERIFY(ws.pull().complete);
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM patients")), 2);
    QCOMPARE(ws.count(QStringLiteral("SELECT count(DISTINCT system) FROM patient_aliases WHERE "
                                     "value = 'pat-1'")),
             2);
}

void tst_FhirSync::onlyWhatTheRoleNeedsIsCached()
{
    seedReply(QStringLiteral("Just checking in"));
    Workstation ws;
    QVERIFY(ws.open(QStringLiteral("nurse-a")));
    QVERIFY(ws.connect(m_peer.base()));
    QVERIFY(ws.pull().complete);
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM records WHERE resource_type = "
                                     "'Communication'")),
             1);
    // The Communication's internal note and the Patient's address never reach the cache.
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM records WHERE body LIKE "
                                     "'%internal-only%' OR body LIKE '%Hidden Street%'")),
             0);
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM records WHERE body LIKE "
                                     "'%Just checking in%'")),
             1);
}

// Issue 8: the records that move a journey come by sync as they do by import: a benefits
// check, a prior authorization (its response finds its request under the server's scoped ids,
// so the payer clock stops), a dispense and an appointment; a claim for payment is not pulled.
void tst_FhirSync::journeyRecordsSyncAndMoveTheJourney()
{
    auto make = [this](const char *json, const QStringList &ids) {
        QString text = QString::fromUtf8(json);
        for (const QString &value : ids)
            text = text.arg(value);
        return id(m_peer.create(QJsonDocument::fromJson(text.toUtf8()).object()));
    };
    const QString pat = id(m_peer.create(patient(QStringLiteral("Journey"))));
    QVERIFY(!make(R"({"resourceType":"Task","status":"requested","intent":"order",
        "code":{"coding":[{"code":"benefits-verification"}]},"for":{"reference":"Patient/%1"},
        "authoredOn":"2026-11-16T10:00:00Z"})",
                  {pat})
                 .isEmpty());
    const QString eligibilityRequest = make(R"({"resourceType":"CoverageEligibilityRequest",
        "status":"active","purpose":["benefits"],"patient":{"reference":"Patient/%1"},
        "created":"2026-11-17T10:00:00Z","insurer":{"display":"Demo Health Plan"}})",
                                            {pat});
    QVERIFY(!make(R"({"resourceType":"CoverageEligibilityResponse","status":"active",
        "purpose":["benefits"],"patient":{"reference":"Patient/%1"},
        "created":"2026-11-18T10:00:00Z","request":{"reference":"CoverageEligibilityRequest/%2"},
        "outcome":"complete","insurer":{"display":"Demo Health Plan"},
        "insurance":[{"coverage":{"display":"Demo PPO"},"inforce":true}]})",
                  {pat, eligibilityRequest})
                 .isEmpty());
    const char *claim = R"({"resourceType":"Claim","status":"active",
        "type":{"coding":[{"code":"pharmacy"}]},"use":"%2","patient":{"reference":"Patient/%1"},
        "created":"2026-11-20T10:00:00Z","provider":{"display":"Demo Clinic"},
        "priority":{"coding":[{"code":"stat"}]},
        "insurance":[{"sequence":1,"focal":true,"coverage":{"display":"Demo PPO"}}]})";
    const QString preauth = make(claim, {pat, QStringLiteral("preauthorization")});
    QVERIFY(!make(claim, {pat, QStringLiteral("claim")}).isEmpty());
    QVERIFY(!make(R"({"resourceType":"ClaimResponse","status":"active",
        "type":{"coding":[{"code":"pharmacy"}]},"use":"preauthorization",
        "patient":{"reference":"Patient/%1"},"created":"2026-11-21T10:00:00Z",
        "insurer":{"display":"Demo Health Plan"},"request":{"reference":"Claim/%2"},
        "outcome":"complete","disposition":"Approved"})",
                  {pat, preauth})
                 .isEmpty());
    QVERIFY(!make(R"({"resourceType":"Appointment","status":"booked",
        "serviceType":[{"text":"Injection training"}],"start":"2026-11-24T15:00:00Z",
        "end":"2026-11-24T16:00:00Z",
        "participant":[{"actor":{"reference":"Patient/%1"},"status":"accepted"}]})",
                  {pat})
                 .isEmpty());
    QVERIFY(!make(R"({"resourceType":"MedicationDispense","status":"completed",
        "medicationCodeableConcept":{"text":"adalimumab 40 mg/0.4 ml pen"},
        "subject":{"reference":"Patient/%1"},"whenHandedOver":"2026-11-25T10:00:00Z",
        "daysSupply":{"value":28,"unit":"days"}})",
                  {pat})
                 .isEmpty());

    Workstation ws;
    QVERIFY(ws.open(QStringLiteral("coord-a")));
    QVERIFY(ws.connect(m_peer.base(), 60, 50));
    QVERIFY(ws.pull().complete);
    for (const char *type : {"CoverageEligibilityRequest", "CoverageEligibilityResponse", "Claim",
                             "ClaimResponse", "Appointment", "MedicationDispense", "Task"})
        QVERIFY2(ws.count(QStringLiteral("SELECT count(*) FROM records WHERE resource_type = "
                                         "'%1'")
                              .arg(QLatin1String(type))) == 1,
                 type);

    QSqlQuery query(ws.cache->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT master_id FROM records WHERE resource_type = "
                                      "'ClaimResponse'")));
    QVERIFY(query.next());
    const QString master = query.value(0).toString();
    query.finish();
    JourneyService journeys(ws.cache, *ws.audit, *ws.access, ws.clock);
    auto journey = journeys.computeJourney(master);
    QVERIFY2(journey, journey ? "" : qPrintable(journey.error().message));
    QStringList path;
    for (const StageVisit &visit : journey->state.visits)
        path.append(visit.stageId);
    QCOMPARE(path.join(QStringLiteral(" > ")),
             QStringLiteral("intake > benefits > prior-auth > therapy-start > adherence"));
    QCOMPARE(journey->state.visits.at(3).resourceType, QStringLiteral("ClaimResponse"));
    QCOMPARE(journey->authorizations.size(), 2);
    const AuthorizationRequest &eligibility = journey->authorizations.at(0);
    QCOMPARE(eligibility.status, QStringLiteral("eligible"));
    QVERIFY(eligibility.submittedAt.isValid()); // the response found its request
    const AuthorizationRequest &approved = journey->authorizations.at(1);
    QCOMPARE(approved.status, QStringLiteral("approved"));
    QVERIFY(approved.expedited);
    QCOMPARE(approved.dueAt,
             QDateTime::fromString(QStringLiteral("2026-11-23T10:00:00Z"), Qt::ISODate));
    QVERIFY(!approved.decidedLate);
    QStringList kinds;
    for (const TimelineEvent &event : journey->timeline)
        kinds.append(event.kind);
    QVERIFY(kinds.contains(QStringLiteral("appointment")));
}

void tst_FhirSync::twoWorkstationsClaimOneItem()
{
    const QString communication = seedReply(QStringLiteral("My chest hurts badly"));
    Workstation a;
    Workstation b;
    QVERIFY(a.open(QStringLiteral("nurse-a")) && b.open(QStringLiteral("nurse-b")));
    QVERIFY(a.connect(m_peer.base()) && b.connect(m_peer.base()));
    QVERIFY(a.pull().complete && b.pull().complete);
    const qint64 itemA = a.itemFor(communication);
    const qint64 itemB = b.itemFor(communication);
    QVERIFY(itemA > 0 && itemB > 0);

    // Both claim before either has heard of the other.
    a.sync->outbox()->setPaused(true);
    b.sync->outbox()->setPaused(true);
    QVERIFY(a.triage->claim(itemA, a.who));
    QVERIFY(b.triage->claim(itemB, b.who));
    a.sync->outbox()->setPaused(false);
    b.sync->outbox()->setPaused(false);
    QVERIFY(a.drain());
    QVERIFY(b.drain());

    // Exactly one owner on the server; the other workstation shows that owner, not its own.
    const auto tasks = m_peer.request("GET", QStringLiteral("Task?_count=50")).json;
    const QJsonArray entries = tasks.value(QLatin1String("entry")).toArray();
    QCOMPARE(entries.size(), 1);
    const QString owner = entries.first()
                              .toObject()
                              .value(QLatin1String("resource"))
                              .toObject()
                              .value(QLatin1String("owner"))
                              .toObject()
                              .value(QLatin1String("display"))
                              .toString();
    QVERIFY(owner == a.actor || owner == b.actor);
    Workstation &loser = owner == a.actor ? b : a;
    const qint64 loserItem = owner == a.actor ? itemB : itemA;
    QCOMPARE(loser.item(loserItem).owner, owner);
    QCOMPARE(loser.count(QStringLiteral("SELECT count(*) FROM sync_conflicts")), 1);
    QCOMPARE(loser.count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'dead'")), 1);
    QVERIFY(loser.audit->verify().intact);
    // Case 12: the version went as a weak ETag, exactly W/"<versionId>".
    const QString ifMatch = m_peer.request("GET", QStringLiteral("/$peer/stats"))
                                .json.value(QLatin1String("lastIfMatch"))
                                .toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^W/\"[0-9a-f-]{36}\"$")).match(ifMatch).hasMatch(),
             qPrintable(ifMatch));
    // One AuditEvent: the winner's.
    QCOMPARE(m_peer.request("GET", QStringLiteral("AuditEvent?_count=50"))
                 .json.value(QLatin1String("total"))
                 .toInt(),
             1);
}

void tst_FhirSync::conflictingResolutionsBothOrders_data()
{
    QTest::addColumn<bool>("aFirst");
    QTest::newRow("A sends first") << true;
    QTest::newRow("B sends first") << false;
}

void tst_FhirSync::conflictingResolutionsBothOrders()
{
    QFETCH(bool, aFirst);
    const QString communication = seedReply(QStringLiteral("Dizzy since the new dose"));
    Workstation a;
    Workstation b;
    QVERIFY(a.open(QStringLiteral("nurse-a")) && b.open(QStringLiteral("nurse-b")));
    QVERIFY(a.connect(m_peer.base()) && b.connect(m_peer.base()));
    QVERIFY(a.pull().complete && b.pull().complete);
    const qint64 itemA = a.itemFor(communication);
    const qint64 itemB = b.itemFor(communication);
    a.sync->outbox()->setPaused(true);
    b.sync->outbox()->setPaused(true);
    QVERIFY(a.triage->resolve(itemA, a.who, QStringLiteral("called-patient"),
                              QStringLiteral("call twice weekly")));
    QVERIFY(b.triage->resolve(itemB, b.who, QStringLiteral("scheduled-visit"),
                              QStringLiteral("call weekly; add BP log")));
    Workstation &first = aFirst ? a : b;
    Workstation &second = aFirst ? b : a;
    first.sync->outbox()->setPaused(false);
    QVERIFY(first.drain());
    second.sync->outbox()->setPaused(false);
    QVERIFY(second.drain());

    // The first to arrive wins; the second sees a conflict with both notes, nothing is lost.
    QCOMPARE(second.count(QStringLiteral("SELECT count(*) FROM sync_conflicts")), 1);
    QSqlQuery conflict(second.cache->connection());
    QVERIFY(conflict.exec(QStringLiteral("SELECT mine, theirs FROM sync_conflicts")));
    QVERIFY(conflict.next());
    const QString mine = conflict.value(0).toString();
    const QString theirs = conflict.value(1).toString();
    QVERIFY(mine.contains(aFirst ? QLatin1String("add BP log") : QLatin1String("twice weekly")));
    QVERIFY(theirs.contains(aFirst ? QLatin1String("twice weekly") : QLatin1String("add BP log")));
    QCOMPARE(first.count(QStringLiteral("SELECT count(*) FROM sync_conflicts")), 0);
    // The loser's item now shows the winner's resolution, and the trail still checks out.
    QCOMPARE(second.item(aFirst ? itemB : itemA).owner, first.actor);
    QVERIFY(second.audit->verify().intact);
    QCOMPARE(second.triage->verifyAgainstAudit().value_or(QStringLiteral("error")), QString());
    QCOMPARE(second.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                         "'version-conflict' AND outcome = 'lost'")),
             1);
}

void tst_FhirSync::crashBetweenSendAndRecordIsReconciled()
{
    const QString communication = seedReply(QStringLiteral("Is it normal to feel faint?"));
    Workstation a;
    QVERIFY(a.open(QStringLiteral("nurse-a")));
    QVERIFY(a.connect(m_peer.base()));
    QVERIFY(a.pull().complete);
    const qint64 item = a.itemFor(communication);
    QVERIFY(a.triage->claim(item, a.who));
    QVERIFY(a.drain());
    QSqlQuery key(a.cache->connection());
    QVERIFY(key.exec(QStringLiteral("SELECT id, idempotency_key FROM outbox")));
    QVERIFY(key.next());
    const qint64 command = key.value(0).toLongLong();
    const QString idempotencyKey = key.value(1).toString();
    key.finish();

    // As if the workstation died after the server applied the write but before it recorded
    // the answer: the command is in flight again when it starts.
    a.sync.reset();
    QSqlQuery rewind(a.cache->connection());
    QVERIFY(rewind.exec(
        QStringLiteral("UPDATE outbox SET status = 'in-flight' WHERE id = %1").arg(command)));
    QVERIFY(a.connect(m_peer.base()));
    QVERIFY(a.drain());
    auto row = OutboxStore(a.cache->connection()).get(command);
    QCOMPARE((*row)->status, OutboxStatus::Done);
    QCOMPARE((*row)->lastErrorDetail.value(QLatin1String("reconciled")).toBool(), true);
    // The server holds exactly one write under the key.
    const auto events =
        m_peer
            .request("GET",
                     QStringLiteral("AuditEvent?_tag=urn:caredesk:command%7C") + idempotencyKey)
            .json;
    QCOMPARE(events.value(QLatin1String("total")).toInt(), 1);
    QCOMPARE(m_peer.request("GET", QStringLiteral("Task?_count=10"))
                 .json.value(QLatin1String("total"))
                 .toInt(),
             1);
}

void tst_FhirSync::offlineActionsQueueAndDrainInOrder()
{
    QStringList communications;
    for (int i = 0; i < 3; ++i)
        communications.append(seedReply(QStringLiteral("Pain in my chest again %1").arg(i)));
    Workstation a;
    QVERIFY(a.open(QStringLiteral("nurse-a")));
    QVERIFY(a.connect(m_peer.base()));
    QVERIFY(a.pull().complete);

    m_peer.configure({{QStringLiteral("offline"), true}});
    QSignalSpy status(a.sync.get(), &FhirSyncService::statusChanged);
    SyncReport down = a.pull();
    QVERIFY(!down.complete);
    QVERIFY(!down.reachable);
    QCOMPARE(a.sync->status().state, SyncStatus::State::Offline);
    // The queue still works from the cache, and actions queue up.
    QCOMPARE(a.triage->openItems(a.who)->size(), 3);
    for (const QString &communication : communications) {
        const qint64 item = a.itemFor(communication);
        QVERIFY(a.triage->claim(item, a.who));
        QVERIFY(a.triage->resolve(item, a.who, QStringLiteral("called-patient"),
                                  QStringLiteral("Spoke with the patient.")));
    }
    QTest::qWait(300);
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'done'")), 0);

    m_peer.configure({{QStringLiteral("offline"), false}});
    QVERIFY(a.pull().complete);
    QVERIFY(a.drain(60000));
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'done'")), 6);
    // The resolution notes come back in the next pull as the care team's messages: no new item.
    QVERIFY(a.pull().complete);
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM triage_items")), 3);
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM replies")), 3);
    // Every item completed once on the server: three Tasks, three notes, six AuditEvents.
    QCOMPARE(m_peer.request("GET", QStringLiteral("Task?status=completed&_count=50"))
                 .json.value(QLatin1String("total"))
                 .toInt(),
             3);
    QCOMPARE(m_peer.request("GET", QStringLiteral("AuditEvent?_count=50"))
                 .json.value(QLatin1String("total"))
                 .toInt(),
             6);
    QCOMPARE(
        m_peer.request("GET", QStringLiteral("Communication?category:text=triage%20resolution"))
            .json.value(QLatin1String("total"))
            .toInt(),
        3);
}

void tst_FhirSync::newReplyShowsWithinPollInterval()
{
    seedReply(QStringLiteral("All good thanks"));
    Workstation a;
    QVERIFY(a.open(QStringLiteral("nurse-a")));
    QVERIFY(a.connect(m_peer.base(), 5));
    QVERIFY(a.pull().complete);
    const qint64 before = a.count(QStringLiteral("SELECT count(*) FROM triage_items"));
    // Automation writes a new reply to the server; the poll (5 s) brings it in, no reload.
    const QString late = seedReply(QStringLiteral("My lips are turning blue"));
    QElapsedTimer waited;
    waited.start();
    QTRY_VERIFY_WITH_TIMEOUT(a.itemFor(late) > 0, 6500);
    QVERIFY(waited.elapsed() <= 6500);
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM triage_items")), before + 1);
}

void tst_FhirSync::repliesReachTheQueueCommitByCommit_data()
{
    QTest::addColumn<int>("replies");
    QTest::addColumn<QList<qint64>>("storedAtEachSignal");
    // FhirSync::kRepliesPerCommit is 20 and Communication pages are of 50 (replyPageSize).
    QTest::newRow("45 replies: one page, three commits") << 45 << QList<qint64>{20, 40, 45};
    QTest::newRow("120 replies: pages of 50, not the 200 asked for")
        << 120 << QList<qint64>{20, 40, 50, 70, 90, 100, 120};
}

// A burst of replies on the server reaches the queue commit by commit (each followed by
// repliesStored, the queue's cue), not at the end of the page or of the pull; pulling again
// stores nothing twice.
void tst_FhirSync::repliesReachTheQueueCommitByCommit()
{
    QFETCH(int, replies);
    QFETCH(QList<qint64>, storedAtEachSignal);
    Workstation a;
    QVERIFY(a.open(QStringLiteral("nurse-a")));
    QVERIFY(a.connect(m_peer.base(), 600, 200));
    QJsonArray entries;
    for (int i = 0; i < replies; ++i) {
        QJsonObject person = patient(QStringLiteral("Burst"));
        person.insert(QStringLiteral("id"), QStringLiteral("burst-p%1").arg(i));
        QJsonObject message =
            reply(QStringLiteral("burst-p%1").arg(i), QStringLiteral("I have chest pain"));
        message.insert(QStringLiteral("id"), QStringLiteral("burst-r%1").arg(i));
        for (const QJsonObject &resource : {person, message})
            entries.append(QJsonObject{
                {QStringLiteral("resource"), resource},
                {QStringLiteral("request"),
                 QJsonObject{{QStringLiteral("method"), QStringLiteral("PUT")},
                             {QStringLiteral("url"),
                              QString(resource.value(QLatin1String("resourceType")).toString() +
                                      u'/' + id(resource))}}}});
    }
    QCOMPARE(m_peer
                 .request("POST", QString(),
                          QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                      {QStringLiteral("type"), QStringLiteral("batch")},
                                      {QStringLiteral("entry"), entries}})
                 .status,
             200);
    // Counted the moment each signal is emitted, while the rest of the page waits.
    QList<qint64> stored;
    QObject::connect(a.sync.get(), &FhirSyncService::repliesStored, a.sync.get(), [&] {
        stored.append(a.count(QStringLiteral("SELECT count(*) FROM replies")));
    });
    const SyncReport first = a.pull();
    QVERIFY2(first.complete, qPrintable(first.describe()));
    QCOMPARE(first.replies, replies);
    QCOMPARE(stored, storedAtEachSignal);
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM triage_items")), qint64(replies));

    stored.clear();
    const SyncReport again = a.pull();
    QVERIFY(again.complete);
    QCOMPARE(again.replies, 0);
    QVERIFY(stored.isEmpty());
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM replies")), qint64(replies));
    QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM triage_items")), qint64(replies));
}

void tst_FhirSync::smartTokenIsCachedUntilShortlyBeforeExpiry_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("RS384 key") << QStringLiteral("RS384");
    QTest::newRow("ES384 key") << QStringLiteral("ES384");
}

void tst_FhirSync::smartTokenIsCachedUntilShortlyBeforeExpiry()
{
    QFETCH(QString, algorithm);
    // A server that wants SMART Backend Services tokens, with the published test keys.
    const QString keys = QStringLiteral(CAREDESK_SHARED_TESTDATA "/smart-backend-services/");
    QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_fhirsync-smart-XXXXXX"));
    QJsonArray publicKeys;
    for (const char *name : {"RS384.public.json", "ES384.public.json"}) {
        QFile file(keys + QString::fromLatin1(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (const QJsonValue &key : QJsonDocument::fromJson(file.readAll())
                                         .object()
                                         .value(QLatin1String("keys"))
                                         .toArray())
            publicKeys.append(key);
    }
    QFile jwks(dir.filePath(QStringLiteral("jwks.json")));
    QVERIFY(jwks.open(QIODevice::WriteOnly));
    jwks.write(QJsonDocument(QJsonObject{{QStringLiteral("keys"), publicKeys}}).toJson());
    jwks.close();
    FhirPeer secured;
    QVERIFY(secured.start({QStringLiteral("--jwks"), jwks.fileName(), QStringLiteral("--client-id"),
                           QStringLiteral("caredesk-ws")}));
    secured.configure({{QStringLiteral("requireAuth"), false}});
    QVERIFY(!id(secured.create(patient(QStringLiteral("Secured")))).isEmpty());
    secured.configure({{QStringLiteral("requireAuth"), true}});

    Workstation ws;
    QVERIFY(ws.open(QStringLiteral("nurse-a")));
    FhirSyncConfig config;
    config.base = secured.base();
    config.clientId = QStringLiteral("caredesk-ws");
    config.keyFile = keys + algorithm + QStringLiteral(".private.json");
    config.pollSeconds = 60;
    ws.sync =
        std::make_unique<FhirSyncService>(ws.cache, *ws.audit, *ws.access, *ws.classifier, ws.clock,
                                          TriageSettings{}, config, principalForAutomation());
    QSignalSpy firstPull(ws.sync.get(), &FhirSyncService::pullFinished);
    QVERIFY(ws.sync->start());
    QVERIFY(firstPull.wait(30000));
    QVERIFY2(firstPull.last().at(0).value<SyncReport>().complete,
             qPrintable(firstPull.last().at(0).value<SyncReport>().problems.join(u';')));
    QVERIFY(ws.pull().complete);
    QVERIFY(ws.pull().complete);
    // Three pulls of thirteen searches each, one token.
    auto stats = secured.request("GET", QStringLiteral("/$peer/stats")).json;
    QCOMPARE(stats.value(QLatin1String("tokens")).toInt(), 1);
    QCOMPARE(stats.value(QLatin1String("rejectedTokens")).toInt(), 0);
    QCOMPARE(ws.count(QStringLiteral("SELECT count(*) FROM patients")), 1);

    // A token that lives 61 s is renewed after one (60 s margin): the next pull fetches anew.
    secured.configure({{QStringLiteral("tokenLifetime"), 61}});
    ws.sync.reset();
    // Without a token the server refuses, and the pull says so instead of looking empty.
    FhirSyncConfig anonymous = config;
    anonymous.clientId.clear();
    ws.sync =
        std::make_unique<FhirSyncService>(ws.cache, *ws.audit, *ws.access, *ws.classifier, ws.clock,
                                          TriageSettings{}, anonymous, principalForAutomation());
    QSignalSpy refused(ws.sync.get(), &FhirSyncService::pullFinished);
    QVERIFY(ws.sync->start());
    QVERIFY(refused.wait(30000));
    const SyncReport denied = refused.last().at(0).value<SyncReport>();
    QVERIFY(!denied.complete);
    QVERIFY(denied.problems.join(u' ').contains(QLatin1String("401")));
    ws.sync.reset();
    ws.sync =
        std::make_unique<FhirSyncService>(ws.cache, *ws.audit, *ws.access, *ws.classifier, ws.clock,
                                          TriageSettings{}, config, principalForAutomation());
    QSignalSpy again(ws.sync.get(), &FhirSyncService::pullFinished);
    QVERIFY(ws.sync->start());
    QVERIFY(again.wait(30000));
    QTest::qWait(1200);
    QVERIFY(ws.pull().complete);
    stats = secured.request("GET", QStringLiteral("/$peer/stats")).json;
    QCOMPARE(stats.value(QLatin1String("tokens")).toInt(), 3);
}

QTEST_GUILESS_MAIN(tst_FhirSync)
#include "tst_fhirsync.moc"
