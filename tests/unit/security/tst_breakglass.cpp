// SPDX-License-Identifier: GPL-3.0-or-later
// Break-glass: a reason, a time limit, only what the role's breakGlass list allows, for one
// patient; supervisors notified; a review queue only a supervisor other than the user closes.
#include "../store/TestCache.h"

#include "services/security/BreakGlassService.h"
#include "services/security/PatientRecords.h"

using namespace CareDesk;
using namespace CareDesk::Testing;

class TestBreakGlass : public QObject
{
    Q_OBJECT

private:
    struct Fixture : TriageFixture {
        std::unique_ptr<BreakGlassService> breakGlass;
        std::unique_ptr<PatientRecords> patients;
        qint64 itemId = 0;
        QString masterId;
        QString otherMasterId;

        bool begin()
        {
            if (!start())
                return false;
            breakGlass = std::make_unique<BreakGlassService>(*access);
            patients = std::make_unique<PatientRecords>(*access);
            const QByteArray replies =
                "{\"resourceType\":\"Communication\",\"id\":\"r1\",\"sender\":{\"reference\":"
                "\"Patient/p-1\"},\"payload\":[{\"contentString\":\"my chest hurts\"}]}\n"
                "{\"resourceType\":\"Communication\",\"id\":\"r2\",\"sender\":{\"reference\":"
                "\"Patient/p-2\"},\"payload\":[{\"contentString\":\"high fever\"}]}\n";
            if (!importer->importBytes(replies, QStringLiteral("r.ndjson"),
                                       Importer::Format::FhirNdjson))
                return false;
            auto items = triage->openItems(nurse());
            if (!items || items->size() != 2)
                return false;
            itemId = items->at(0).id;
            masterId = items->at(0).masterId;
            otherMasterId = items->at(1).masterId;
            return true;
        }
    };

private slots:
    void coordinatorBreaksGlassForClinicalText()
    {
        Fixture f;
        QVERIFY(f.begin());
        const Principal coordinator{QStringLiteral("cora"), QStringLiteral("coordinator")};
        QVERIFY(f.triage->viewItem(f.itemId, coordinator)->item.textMasked);

        QCOMPARE(f.breakGlass->start(coordinator, f.masterId, QStringLiteral("short")).error().code,
                 Error::Code::InvalidInput);
        QCOMPARE(f.breakGlass
                     ->start(coordinator, f.masterId,
                             QStringLiteral("Patient called, nurse unavailable"), 500)
                     .error()
                     .code,
                 Error::Code::InvalidInput);
        auto grant = f.breakGlass->start(coordinator, f.masterId,
                                         QStringLiteral("Patient called, nurse unavailable"), 15);
        QVERIFY(grant);
        QCOMPARE(grant->expiresAt, f.clock.now().addSecs(15 * 60));

        // The text shows for that patient only, and each use is audited.
        auto detail = f.triage->viewItem(f.itemId, coordinator);
        QVERIFY(detail);
        QVERIFY(!detail->item.textMasked);
        QCOMPARE(detail->replyText, QStringLiteral("my chest hurts"));
        auto other = f.triage->openItems(coordinator);
        QVERIFY(other);
        for (const TriageItem &item : *other)
            QCOMPARE(item.textMasked, item.masterId != f.masterId);
        QSqlQuery uses(f.cache->connection());
        QVERIFY(uses.exec(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                         "'break-glass-use' AND actor = 'cora'")) &&
                uses.next());
        QVERIFY(uses.value(0).toInt() >= 1);

        // Time-limited: after expiry the mask is back.
        f.clock.advanceSecs(15 * 60 + 1);
        QVERIFY(f.triage->viewItem(f.itemId, coordinator)->item.textMasked);

        // The audit trail has the reason's digest, never its words; supervisors are notified.
        QSqlQuery audit(f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT detail FROM audit_log WHERE action = "
                                          "'break-glass'")) &&
                audit.next());
        QVERIFY(audit.value(0).toString().contains(QStringLiteral("reason-sha256=")));
        QVERIFY(!audit.value(0).toString().contains(QStringLiteral("nurse unavailable")));
        QCOMPARE(f.count(QStringLiteral("notifications")), 1);
    }

    void onlyWhatTheRoleListsAndOnlyForThatPatient()
    {
        Fixture f;
        QVERIFY(f.begin());
        // A nurse already has every access a nurse may have: nothing to break the glass for.
        QCOMPARE(f.breakGlass->start(nurse(), f.masterId, QStringLiteral("just want to see"))
                     .error()
                     .code,
                 Error::Code::Permission);
        // The administrator may take patient.read for one patient, not anything else.
        const Principal it = admin(QStringLiteral("it.admin"));
        QCOMPARE(f.patients->open(it, f.masterId, QStringLiteral("test")).error().code,
                 Error::Code::Permission);
        QVERIFY(f.breakGlass->start(it, f.masterId,
                                    QStringLiteral("Identity merge gone wrong, ticket 88")));
        QVERIFY(f.patients->open(it, f.masterId, QStringLiteral("test")));
        QCOMPARE(f.patients->open(it, f.otherMasterId, QStringLiteral("test")).error().code,
                 Error::Code::Permission);
        QCOMPARE(f.triage->claim(f.itemId, it).error().code, Error::Code::Permission);
        // With item.view but not clinical.text, the reply stays masked.
        auto detail = f.triage->viewItem(f.itemId, it);
        QVERIFY(detail);
        QVERIFY(detail->item.textMasked);
    }

    void reviewQueueNeedsAnotherSupervisor()
    {
        Fixture f;
        QVERIFY(f.begin());
        const Principal coordinator{QStringLiteral("cora"), QStringLiteral("coordinator")};
        auto grant = f.breakGlass->start(coordinator, f.masterId,
                                         QStringLiteral("Patient called, nurse unavailable"));
        QVERIFY(grant);
        QCOMPARE(f.breakGlass->reviewQueue(coordinator).error().code, Error::Code::Permission);
        QCOMPARE(f.breakGlass->close(coordinator, grant->id, QStringLiteral("all fine, me"))
                     .error()
                     .code,
                 Error::Code::Permission);
        auto queue = f.breakGlass->reviewQueue(supervisor(QStringLiteral("sue")));
        QVERIFY(queue);
        QCOMPARE(queue->size(), 1);
        QCOMPARE(queue->at(0).reason, QStringLiteral("Patient called, nurse unavailable"));
        QCOMPARE(
            f.breakGlass->close(supervisor(QStringLiteral("sue")), grant->id, QStringLiteral("ok"))
                .error()
                .code,
            Error::Code::InvalidInput);
        QVERIFY(f.breakGlass->close(supervisor(QStringLiteral("sue")), grant->id,
                                    QStringLiteral("Checked with the nurse on call: justified.")));
        QVERIFY(f.breakGlass->reviewQueue(supervisor(QStringLiteral("sue")))->isEmpty());
        QCOMPARE(f.breakGlass
                     ->close(supervisor(QStringLiteral("sam")), grant->id,
                             QStringLiteral("Checked again, still justified."))
                     .error()
                     .code,
                 Error::Code::Conflict);
        QVERIFY(f.audit->verify().intact);
    }
};

QTEST_GUILESS_MAIN(TestBreakGlass)
#include "tst_breakglass.moc"
