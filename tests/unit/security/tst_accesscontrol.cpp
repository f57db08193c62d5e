// SPDX-License-Identifier: GPL-3.0-or-later
// The access matrix: every action, through the real service that does it, as every role; each
// must be allowed or refused exactly as the reviewed policy below says (roles.json must agree).
// A refusal is a Permission error and an "access-denied" entry in the audit trail. Then minimum
// necessary: which roles see reply and note text, and what a masked field says. The actions of
// FHIR sync and the outbox, consent, journeys and mentors, and the HL7 feed are rows too.
#include "../store/TestCache.h"

#include "services/comms/ConsentService.h"
#include "services/comms/MessageTemplates.h"
#include "services/fhir/FhirSyncService.h"
#include "services/hl7/Hl7Inbox.h"
#include "services/journey/JourneyExceptions.h"
#include "services/journey/JourneyService.h"
#include "services/journey/MentorService.h"
#include "services/maintenance/CacheMaintenance.h"
#include "services/maintenance/Retention.h"
#include "services/outbox/Outbox.h"
#include "services/security/AuditTrail.h"
#include "services/security/BreakGlassService.h"
#include "services/security/PatientRecords.h"
#include "services/security/UserDirectory.h"
#include "services/sms/SmsIntake.h"
#include "services/triage/AdverseEventLog.h"
#include "services/triage/AlertFeed.h"
#include "services/triage/EscalationService.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

// The policy, as reviewed: Y allowed, - refused. Columns are the actions below.
const QStringList kActions{
    QStringLiteral("queue"),
    QStringLiteral("view-item"),
    QStringLiteral("claim"),
    QStringLiteral("release"),
    QStringLiteral("resolve"),
    QStringLiteral("patient"),
    QStringLiteral("import"),
    QStringLiteral("audit-read"),
    QStringLiteral("audit-export"),
    QStringLiteral("audit-verify"),
    QStringLiteral("bg-review"),
    QStringLiteral("users"),
    QStringLiteral("backup"),
    QStringLiteral("holds"),
    QStringLiteral("access-report"),
    // FHIR sync and its outbox
    QStringLiteral("sync"),
    QStringLiteral("outbox-list"),
    QStringLiteral("outbox-retry"),
    QStringLiteral("outbox-discard"),
    // consent and messages
    QStringLiteral("consent-check"),
    QStringLiteral("consent-record"),
    QStringLiteral("consent-history"),
    QStringLiteral("message-send"),
    // journeys, adherence and mentors
    QStringLiteral("journey-view"),
    QStringLiteral("journey-action"),
    QStringLiteral("journey-define"),
    QStringLiteral("journey-scan"),
    QStringLiteral("mentors-view"),
    QStringLiteral("mentor-action"),
    QStringLiteral("mentor-registry"),
    // the HL7 feed and its dead letters, the headless automation
    QStringLiteral("hl7-feed"),
    QStringLiteral("hl7-dead-letters"),
    QStringLiteral("hl7-replay"),
    QStringLiteral("serve"),
    // the triage queue as nurses use it, its ladder and alerts, adverse events, the SMS webhook
    QStringLiteral("claim-next"),
    QStringLiteral("assign"),
    QStringLiteral("escalate"),
    QStringLiteral("alerts"),
    QStringLiteral("ae-export"),
    QStringLiteral("sms-intake"),
};
// Split at the groups above: the 15 first actions, then sync/outbox 4, consent 4, journeys 7,
// HL7 and serve 4, triage 6.
const QList<std::pair<QString, QString>> kPolicy{
    {QStringLiteral("coordinator"),
     QStringLiteral("YYYYYYY-------- ---- YYYY YY-YYYY ---- Y----Y")},
    {QStringLiteral("triage-nurse"),
     QStringLiteral("YYYYYYY-------- YYYY YYYY Y--YY-Y Y--- YY---Y")},
    {QStringLiteral("supervisor"), QStringLiteral("YYYYYYYYYYY---Y YYYY YYYY YYYYYYY YYY- YY--YY")},
    {QStringLiteral("administrator"),
     QStringLiteral("------Y--Y-YYY- YYYY ---- --YY--Y YYYY -----Y")},
    {QStringLiteral("auditor"), QStringLiteral("YY-----YYY----Y ---- ---- ------- ---- ------")},
    {QStringLiteral("automation"), QStringLiteral("------Y-------- Y--- -Y-- ---Y--Y Y--- --YY-Y")},
    {QStringLiteral("no-such-role"),
     QStringLiteral("--------------- ---- ---- ------- ---- ------")},
};

const QByteArray kAdmission =
    "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|AC1|P|2.5.1\r"
    "EVN|A01|20240105101500\r"
    "PID|1||MRN77^^^NORTH^MR||TESTPATIENT^ALPHA||19700101|F\r"
    "PV1|1|I|WARD1^101^A\r";
const QByteArray kCutAdmission = "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||ADT^A01|AC2|P|"
                                 "2.5.1\rPID|1||MRN78";

QByteArray journeyFile(const char *name)
{
    QFile file(QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/") +
               QString::fromLatin1(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

struct Fixture : TriageFixture {
    std::unique_ptr<PatientRecords> patients;
    std::unique_ptr<UserDirectory> users;
    std::unique_ptr<BreakGlassService> breakGlass;
    std::unique_ptr<AuditTrail> trail;
    std::unique_ptr<JourneyService> journeys;
    std::unique_ptr<MentorService> mentors;
    std::unique_ptr<ConsentService> consent;
    qint64 itemId = 0;
    QString masterId;

    bool begin()
    {
        if (!start())
            return false;
        patients = std::make_unique<PatientRecords>(*access);
        users = std::make_unique<UserDirectory>(*access);
        breakGlass = std::make_unique<BreakGlassService>(*access);
        trail = std::make_unique<AuditTrail>(*access);
        journeys = std::make_unique<JourneyService>(cache, *audit, *access, clock);
        mentors = std::make_unique<MentorService>(cache, *audit, *access, clock, *journeys);
        auto templates = MessageTemplates::builtIn();
        if (!templates)
            return false;
        consent = std::make_unique<ConsentService>(
            cache, *audit, *access, clock,
            std::make_shared<MessageDispatcher>(
                cache, *audit, clock, SendPolicy{},
                std::make_shared<const MessageTemplates>(std::move(*templates))));
        const QByteArray reply =
            "{\"resourceType\":\"Communication\",\"id\":\"r1\",\"sender\":{\"reference\":"
            "\"Patient/p-1\"},\"payload\":[{\"contentString\":\"my chest hurts badly\"}]}\n"
            "{\"resourceType\":\"Communication\",\"id\":\"r2\",\"sender\":{\"reference\":"
            "\"Patient/p-2\"},\"payload\":[{\"contentString\":\"I have a high fever\"}]}\n";
        if (!importer->importBytes(reply, QStringLiteral("r.ndjson"), Importer::Format::FhirNdjson))
            return false;
        auto items = triage->openItems(nurse());
        if (!items || items->isEmpty())
            return false;
        itemId = items->at(0).id;
        masterId = items->at(0).masterId;
        return true;
    }

    qint64 denials(const QString &user)
    {
        QSqlQuery query(cache->connection());
        query.prepare(QStringLiteral("SELECT count(*) FROM audit_log WHERE actor = ? AND "
                                     "action = 'access-denied' AND outcome = 'denied'"));
        query.addBindValue(user);
        return query.exec() && query.next() ? query.value(0).toLongLong() : -1;
    }

    // A command the server refused for good: a dead letter someone may retry or discard.
    qint64 deadCommand()
    {
        NewOutboxCommand command;
        command.kind = QStringLiteral("fhir.triage.claim");
        command.idempotencyKey = QStringLiteral("dead-1");
        command.lane = QStringLiteral("triage-item/%1").arg(itemId);
        command.masterId = masterId;
        command.requestedBy = QStringLiteral("nurse.test");
        QSqlDatabase db = cache->connection();
        auto id = Outbox::enqueue(db, command, clock.now());
        QSqlQuery dead(db);
        return id && dead.exec(QStringLiteral("UPDATE outbox SET status = 'dead'")) ? *id : 0;
    }

    // The journey scenarios and the mentor registry, loaded as the automation and an admin.
    bool loadJourneys()
    {
        return importer->importBytes(journeyFile("journey-scenarios.ndjson"),
                                     QStringLiteral("journeys.ndjson"),
                                     Importer::Format::FhirNdjson) &&
               mentors->importRegistry(journeyFile("mentors.json"), admin());
    }

    Hl7Inbox inbox(const Principal &who)
    {
        return Hl7Inbox(cache, *audit, *access, clock, who, Hl7InboxSettings{});
    }

    static Hl7Frame frame(const QByteArray &bytes)
    {
        Hl7Frame made;
        made.bytes = bytes;
        made.size = bytes.size();
        made.peer = QStringLiteral("test");
        return made;
    }

    VoidResult actElsewhere(const QString &action, const Principal &who)
    {
        auto plain = [](auto result) -> VoidResult {
            if (result)
                return {};
            return std::unexpected(result.error());
        };
        if (action == QLatin1String("sync") || action == QLatin1String("outbox-list")) {
            // Nothing listens on the discard port: the pull fails later, the start does not.
            FhirSyncConfig config;
            config.base = QUrl(QStringLiteral("http://127.0.0.1:9/fhir"));
            FhirSyncService service(
                cache, *audit, *access, *classifier, clock, TriageSettings{}, config,
                action == QLatin1String("sync") ? who : principalForAutomation());
            if (action == QLatin1String("sync"))
                return service.start();
            QSignalSpy listed(&service, &FhirSyncService::outboxListed);
            QSignalSpy refused(&service, &FhirSyncService::actionFailed);
            service.requestOutbox(who);
            if (listed.size() == 1)
                return {};
            return fail(Error::Code::Permission,
                        refused.isEmpty() ? QString() : refused.first().first().toString());
        }
        if (action == QLatin1String("outbox-retry") || action == QLatin1String("outbox-discard")) {
            const qint64 id = deadCommand();
            Outbox outbox(cache, *audit, *access, clock, RetryPolicy(RetryPolicy::Settings{}));
            return action == QLatin1String("outbox-retry") ? outbox.retry(id, who)
                                                           : outbox.discard(id, who);
        }
        if (action == QLatin1String("consent-check")) {
            SendRequest request;
            request.masterId = masterId;
            return plain(consent->check(who, request, clock.now()));
        }
        if (action == QLatin1String("consent-record")) {
            ConsentEvent event;
            event.masterId = masterId;
            event.kind = ConsentKind::Granted;
            event.channel = Channel::Sms;
            event.purpose = Purpose::Treatment;
            event.source = QStringLiteral("phone");
            event.capturedBy = who.user;
            return plain(consent->record(who, event));
        }
        if (action == QLatin1String("consent-history"))
            return plain(consent->history(who, masterId));
        if (action == QLatin1String("message-send")) {
            MessageDraft draft;
            draft.request.masterId = masterId;
            draft.request.channel = Channel::Mail;
            draft.request.kind = MessageKind::Outreach;
            draft.request.path = SendPath::Manual;
            draft.body = QStringLiteral("Please call the clinic.");
            return plain(consent->send(who, draft));
        }
        if (action == QLatin1String("journey-view"))
            return plain(journeys->journey(who, masterId));
        if (action == QLatin1String("journey-action")) {
            if (!loadJourneys())
                return fail(Error::Code::Unknown, QStringLiteral("journeys not loaded"));
            const QString p1 = journeys->findPatient(QStringLiteral("jp-1")).value_or(QString());
            return plain(journeys->recordAction(
                p1, {JourneyAction::Kind::Move, QStringLiteral("closed"), {}}, who));
        }
        if (action == QLatin1String("journey-define")) {
            auto definition = journeys->definition();
            if (!definition)
                return std::unexpected(definition.error());
            definition->version += 1;
            return plain(journeys->saveDefinition(definition->toJsonBytes(), who));
        }
        if (action == QLatin1String("journey-scan"))
            return plain(JourneyExceptions(cache, *audit, clock, *journeys).raise(who));
        if (action == QLatin1String("mentors-view"))
            return plain(mentors->proposals(who, masterId));
        if (action == QLatin1String("mentor-action")) {
            if (!loadJourneys())
                return fail(Error::Code::Unknown, QStringLiteral("journeys not loaded"));
            const QString p1 = journeys->findPatient(QStringLiteral("jp-1")).value_or(QString());
            return plain(mentors->propose(p1, QStringLiteral("m-ana"), who));
        }
        if (action == QLatin1String("mentor-registry"))
            return plain(mentors->importRegistry(journeyFile("mentors.json"), who));
        if (action == QLatin1String("hl7-feed")) {
            const Hl7Receipt receipt = inbox(who).receiveOne(frame(kAdmission));
            if (receipt.stored && receipt.code == Hl7AckCode::Accept)
                return {};
            return fail(receipt.stored ? Error::Code::Unknown : Error::Code::Permission,
                        receipt.reason);
        }
        if (action == QLatin1String("hl7-dead-letters"))
            return plain(inbox(who).deadLetters(true));
        if (action == QLatin1String("hl7-replay")) {
            const Hl7Receipt cut = inbox(principalForAutomation()).receiveOne(frame(kCutAdmission));
            return plain(inbox(who).replay(cut.deadLetterId));
        }
        if (action == QLatin1String("serve"))
            return access->require(who, Permission::AutomationRun, QString(),
                                   QStringLiteral("serve"));
        if (action == QLatin1String("claim-next"))
            return plain(triage->claimNext(who));
        if (action == QLatin1String("assign"))
            return triage->assign(itemId, who, QStringLiteral("nurse.other"));
        if (action == QLatin1String("escalate")) {
            EscalationService ladder(cache, *audit, *access, clock, EscalationSettings{}, who);
            return plain(ladder.checkNow());
        }
        if (action == QLatin1String("alerts"))
            return AlertFeed(cache, *access, clock, AlertSettings{}, who).pollNow();
        if (action == QLatin1String("ae-export"))
            return plain(AdverseEventLog::exportFor(*access, *audit, who, cache->connection(),
                                                    AdverseEventLog::Format::Csv, clock.now()));
        if (action == QLatin1String("sms-intake")) {
            SmsIntake intake(cache, *audit, *access, *classifier, clock, TriageSettings{}, who);
            return plain(intake.take({{QStringLiteral("SM-matrix"), QStringLiteral("+15550001111"),
                                       QString(), QStringLiteral("thanks"), QDateTime()}}));
        }
        return fail(Error::Code::Unknown, QStringLiteral("no such action in the test"));
    }

    VoidResult act(const QString &action, const Principal &who)
    {
        auto plain = [](auto result) -> VoidResult {
            if (result)
                return {};
            return std::unexpected(result.error());
        };
        if (action == QLatin1String("queue"))
            return plain(triage->openItems(who));
        if (action == QLatin1String("view-item"))
            return plain(triage->viewItem(itemId, who));
        if (action == QLatin1String("claim"))
            return triage->claim(itemId, who);
        if (action == QLatin1String("release")) {
            // Releasing needs one's own claim first; a role that may not claim is refused at
            // the release itself below, never at a state check.
            (void)triage->claim(itemId, who);
            return triage->release(itemId, who);
        }
        if (action == QLatin1String("resolve"))
            return triage->resolve(itemId, who, QStringLiteral("called-patient"),
                                   QStringLiteral("Called back; resting now."));
        if (action == QLatin1String("patient"))
            return plain(patients->open(who, masterId, QStringLiteral("test")));
        if (action == QLatin1String("import"))
            return plain(makeImporter(who)->importBytes(
                "{\"resourceType\":\"Patient\",\"id\":\"p-9\"}", QStringLiteral("p.json"),
                Importer::Format::FhirJson));
        if (action == QLatin1String("audit-read"))
            return plain(trail->entries(who, AuditFilter{}));
        if (action == QLatin1String("audit-export"))
            return plain(trail->exportEntries(who, AuditFilter{}, AuditTrail::Format::Ndjson));
        if (action == QLatin1String("audit-verify"))
            return plain(trail->verify(who));
        if (action == QLatin1String("bg-review"))
            return plain(breakGlass->reviewQueue(who));
        if (action == QLatin1String("users"))
            return plain(users->list(who));
        if (action == QLatin1String("backup")) {
            const QString target = dir.filePath(QStringLiteral("backup-%1.cdb").arg(who.role));
            return plain(CacheMaintenance(cache, *audit, *access, who)
                             .backup(target, "correct horse battery staple"));
        }
        if (action == QLatin1String("holds"))
            return plain(Retention(cache, *audit, *access, clock).holds(who));
        if (action == QLatin1String("access-report"))
            return plain(trail->patientAccess(who, masterId));
        return actElsewhere(action, who);
    }
};

} // namespace

class TestAccessControl : public QObject
{
    Q_OBJECT

private slots:
    void matrix_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("allowed");
        for (const auto &[role, spaced] : kPolicy) {
            const QString row = QString(spaced).remove(u' ');
            QCOMPARE(row.size(), kActions.size());
            for (int i = 0; i < kActions.size(); ++i) {
                QTest::addRow("%s %s", qPrintable(role), qPrintable(kActions.at(i)))
                    << role << kActions.at(i) << (row.at(i) == u'Y');
            }
        }
    }

    void matrix()
    {
        QFETCH(QString, role);
        QFETCH(QString, action);
        QFETCH(bool, allowed);
        Fixture f;
        QVERIFY(f.begin());
        const Principal who{QStringLiteral("user.") + role, role};
        const qint64 denialsBefore = f.denials(who.user);
        const VoidResult result = f.act(action, who);
        if (allowed) {
            QVERIFY2(result || result.error().code != Error::Code::Permission,
                     qPrintable(result ? QString() : result.error().message));
            QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
            QCOMPARE(f.denials(who.user), denialsBefore);
        } else {
            QVERIFY(!result);
            QCOMPARE(result.error().code, Error::Code::Permission);
            QVERIFY(f.denials(who.user) > denialsBefore);
        }
    }

    void nobodySignedInIsRefusedEverywhere()
    {
        Fixture f;
        QVERIFY(f.begin());
        for (const QString &action : kActions) {
            const VoidResult result = f.act(action, Principal{});
            QVERIFY2(!result && result.error().code == Error::Code::Permission, qPrintable(action));
        }
        QVERIFY(f.denials(QStringLiteral("(nobody signed in)")) >= kActions.size());
    }

    void rolesFileIsVersionedAndStrict()
    {
        auto roles = RoleCatalogue::builtIn();
        QVERIFY(roles);
        QVERIFY(!roles->version().isEmpty());
        QCOMPARE(roles->signInRoleIds(),
                 (QStringList{QStringLiteral("administrator"), QStringLiteral("auditor"),
                              QStringLiteral("coordinator"), QStringLiteral("supervisor"),
                              QStringLiteral("triage-nurse")}));
        QVERIFY(!RoleCatalogue::fromJson("{\"roles\":{}}"));
        QVERIFY(!RoleCatalogue::fromJson("{\"version\":\"1\",\"roles\":{\"x\":{\"permissions\":"
                                         "[\"queue.read\",\"queue.everything\"],"
                                         "\"breakGlass\":[]}}}"));
        QVERIFY(!RoleCatalogue::fromJson("not json"));
        auto minimal = RoleCatalogue::fromJson(
            "{\"version\":\"1\",\"roles\":{\"x\":{\"permissions\":[\"queue.read\"],"
            "\"breakGlass\":[\"item.view\"]}}}");
        QVERIFY(minimal);
        QVERIFY(minimal->role(QStringLiteral("x"))->permissions.contains(Permission::QueueRead));
    }

    void minimumNecessary_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<bool>("claimFirst");
        QTest::addColumn<bool>("seesText");
        QTest::addColumn<QString>("notice");
        QTest::newRow("nurse sees every reply")
            << QStringLiteral("triage-nurse") << false << true << QString();
        QTest::newRow("supervisor sees every reply")
            << QStringLiteral("supervisor") << false << true << QString();
        QTest::newRow("coordinator, item not assigned")
            << QStringLiteral("coordinator") << false << false
            << QStringLiteral("only on items assigned to you");
        QTest::newRow("coordinator, item claimed by them")
            << QStringLiteral("coordinator") << true << true << QString();
        QTest::newRow("auditor sees no message text")
            << QStringLiteral("auditor") << false << false
            << QStringLiteral("does not see message or note text");
    }

    void minimumNecessary()
    {
        QFETCH(QString, role);
        QFETCH(bool, claimFirst);
        QFETCH(bool, seesText);
        QFETCH(QString, notice);
        Fixture f;
        QVERIFY(f.begin());
        const Principal who{QStringLiteral("user.") + role, role};
        if (claimFirst)
            QVERIFY(f.triage->claim(f.itemId, who));
        auto detail = f.triage->viewItem(f.itemId, who);
        QVERIFY(detail);
        QCOMPARE(detail->item.textMasked, !seesText);
        auto queue = f.triage->openItems(who);
        QVERIFY(queue);
        const TriageItem &listed = queue->at(0);
        QCOMPARE(listed.id, f.itemId);
        QVERIFY(!listed.evidence.isEmpty()); // the flags stay: they say why the item is here
        if (seesText) {
            QCOMPARE(detail->replyText, QStringLiteral("my chest hurts badly"));
            QVERIFY(!listed.evidence.at(0).matchedText.isEmpty());
        } else {
            QVERIFY(!detail->replyText.contains(QStringLiteral("chest")));
            QVERIFY2(detail->replyText.contains(notice), qPrintable(detail->replyText));
            QVERIFY(detail->replyText.startsWith(QStringLiteral("[Masked")));
            QVERIFY(listed.evidence.at(0).matchedText.isEmpty());
            QCOMPARE(listed.evidence.at(0).length, 0);
        }
        // The view is audited with what was shown.
        QSqlQuery query(f.cache->connection());
        query.prepare(QStringLiteral("SELECT detail FROM audit_log WHERE actor = ? AND action = "
                                     "'view-item' ORDER BY seq DESC LIMIT 1"));
        query.addBindValue(who.user);
        QVERIFY(query.exec() && query.next());
        QCOMPARE(query.value(0).toString(), seesText ? QString() : QStringLiteral("text=masked"));
    }

    void coordinatorSeesNoReplyOnTheTimeline()
    {
        Fixture f;
        QVERIFY(f.begin());
        auto asNurse = f.patients->open(nurse(), f.masterId, QStringLiteral("test"));
        auto asCoordinator =
            f.patients->open(Principal{QStringLiteral("coord"), QStringLiteral("coordinator")},
                             f.masterId, QStringLiteral("test"));
        QVERIFY(asNurse && asCoordinator);
        int messages = 0;
        for (int i = 0; i < asNurse->timeline.size(); ++i) {
            if (asNurse->timeline.at(i).kind != QLatin1String("message"))
                continue;
            ++messages;
            QVERIFY(!asNurse->timeline.at(i).summary.startsWith(QStringLiteral("[Masked")));
            QVERIFY(asCoordinator->timeline.at(i).summary.startsWith(QStringLiteral("[Masked")));
        }
        QVERIFY(messages > 0);
    }

    void readingAPatientByIdAsARoleThatMayNot()
    {
        // The administrator manages users and the cache, not patients: every way in refuses.
        Fixture f;
        QVERIFY(f.begin());
        const Principal who = admin(QStringLiteral("it.admin"));
        auto item = f.triage->viewItem(f.itemId, who);
        auto patient = f.patients->open(who, f.masterId, QStringLiteral("deep-link"));
        auto queue = f.triage->openItems(who);
        auto report = f.trail->patientAccess(who, f.masterId);
        AuditFilter ofPatient;
        ofPatient.masterId = f.masterId;
        auto exported = f.trail->exportEntries(who, ofPatient, AuditTrail::Format::Csv);
        for (const Error &error :
             {item.error(), patient.error(), queue.error(), report.error(), exported.error()}) {
            QCOMPARE(error.code, Error::Code::Permission);
            QVERIFY(error.message.contains(QStringLiteral("Administrator")));
        }
        // Each refusal names the patient in the audit trail (master ID only).
        QSqlQuery query(f.cache->connection());
        query.prepare(QStringLiteral("SELECT count(*) FROM audit_log WHERE actor = 'it.admin' "
                                     "AND action = 'access-denied' AND master_id = ?"));
        query.addBindValue(f.masterId);
        QVERIFY(query.exec() && query.next());
        QCOMPARE(query.value(0).toInt(), 4);
        QVERIFY(patient.error().message.contains(QStringLiteral("break the glass")));
    }
};

QTEST_GUILESS_MAIN(TestAccessControl)
#include "tst_accesscontrol.moc"
