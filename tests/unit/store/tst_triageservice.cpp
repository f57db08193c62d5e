// SPDX-License-Identifier: GPL-3.0-or-later
// Claim, release and resolve: compare-and-set on the item, every step audited.
#include "TestCache.h"

#include <QSqlError>

using namespace CareDesk;
using namespace CareDesk::Testing;

class TestTriageService : public QObject
{
    Q_OBJECT

private:
    using Fixture = TriageFixture;

    static bool start(Fixture &f)
    {
        if (!f.start())
            return false;
        QByteArray data;
        const QList<QPair<QString, QString>> replies{
            {QStringLiteral("a"), QStringLiteral("I have a high fever and severe pain")},
            {QStringLiteral("b"), QStringLiteral("my chest hurts")},
            {QStringLiteral("c"), QStringLiteral("thanks, got it")},
        };
        for (const auto &[id, text] : replies) {
            data += QStringLiteral("{\"resourceType\":\"Communication\",\"id\":\"%1\","
                                   "\"sender\":{\"reference\":\"Patient/p-%1\"},\"payload\":"
                                   "[{\"contentString\":\"%2\"}]}\n")
                        .arg(id, text)
                        .toUtf8();
        }
        return f.importer
            ->importBytes(data, QStringLiteral("r.ndjson"), Importer::Format::FhirNdjson)
            .has_value();
    }

private slots:
    void queueIsSortedByTierThenAge()
    {
        Fixture f;
        QVERIFY(start(f));
        auto items = f.triage->openItems(nurse());
        QVERIFY(items);
        QCOMPARE(items->size(), 2);
        QCOMPARE(items->at(0).tier, TriageTier::Emergent);
        QCOMPARE(items->at(0).communicationId, QStringLiteral("b"));
        QCOMPARE(items->at(1).tier, TriageTier::Urgent);
        QVERIFY(!items->at(0).evidence.isEmpty());
    }

    void claimResolveAndConflicts()
    {
        Fixture f;
        QVERIFY(start(f));
        const qint64 id = f.triage->openItems(nurse())->at(0).id;

        QVERIFY(f.triage->claim(id, nurse(QStringLiteral("nurse.ana"))));
        auto second = f.triage->claim(id, nurse(QStringLiteral("nurse.ben")));
        QVERIFY(!second);
        QCOMPARE(second.error().code, Error::Code::Conflict);
        QVERIFY(second.error().message.contains(QStringLiteral("nurse.ana")));

        QVERIFY(!f.triage->release(id, nurse(QStringLiteral("nurse.ben"))));
        QVERIFY(!f.triage->resolve(id, nurse(QStringLiteral("nurse.ben")),
                                   QStringLiteral("called-patient"), QStringLiteral("x")));
        auto unknown = f.triage->resolve(id, nurse(QStringLiteral("nurse.ana")),
                                         QStringLiteral("made-up"), QStringLiteral("x"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, Error::Code::InvalidInput);
        QVERIFY(!f.triage->resolve(id, nurse(QStringLiteral("nurse.ana")),
                                   QStringLiteral("called-patient"), QStringLiteral("  ")));

        f.clock.advanceSecs(120);
        QVERIFY(f.triage->resolve(id, nurse(QStringLiteral("nurse.ana")),
                                  QStringLiteral("sent-to-emergency"),
                                  QStringLiteral("Advised to call 911; patient agreed.")));
        auto items = f.triage->openItems(nurse());
        QCOMPARE(items->size(), 1);
        QVERIFY(items->at(0).id != id);
        QVERIFY(!f.triage->claim(id, nurse(QStringLiteral("nurse.ana"))));

        QSqlQuery audit(f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT action, outcome FROM audit_log WHERE object = "
                                          "'triage-item/%1' ORDER BY seq")
                               .arg(id)));
        QStringList trail;
        while (audit.next())
            trail.append(audit.value(0).toString() + u':' + audit.value(1).toString());
        QCOMPARE(trail.first(), QStringLiteral("open-item:success"));
        QVERIFY(trail.contains(QStringLiteral("claim:success")));
        QVERIFY(trail.contains(QStringLiteral("claim:denied")));
        QCOMPARE(trail.last(), QStringLiteral("claim:denied"));
        QVERIFY(trail.contains(QStringLiteral("resolve:success")));
        QVERIFY(f.audit->verify().intact);
    }

    // A resolution changed behind the service's back no longer matches its audit entry.
    void changedResolutionIsDetected()
    {
        Fixture f;
        QVERIFY(start(f));
        const qint64 id = f.triage->openItems(nurse())->at(0).id;
        QVERIFY(f.triage->resolve(id, nurse(QStringLiteral("nurse.ana")),
                                  QStringLiteral("sent-to-emergency"),
                                  QStringLiteral("Advised to call 911.")));
        QCOMPARE(*f.triage->verifyAgainstAudit(), QString());

        QSqlQuery edit(f.cache->connection());
        QVERIFY(edit.exec(QStringLiteral("UPDATE triage_items SET disposition = "
                                         "'no-action-needed' WHERE id = %1")
                              .arg(id)));
        const auto problem = f.triage->verifyAgainstAudit();
        QVERIFY(problem);
        QVERIFY2(problem->contains(QString::number(id)), qPrintable(*problem));
        QVERIFY(f.audit->verify().intact); // the chain itself is untouched; the item is not
    }

    // Changes made to the queue behind the services' back are found by the audit cross-check.
    void tamperingWithTheQueueIsDetected_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("found");
        QTest::newRow("open item deleted")
            << QStringLiteral("DELETE FROM triage_items WHERE id = 1") << QStringLiteral("missing");
        QTest::newRow("status invented")
            << QStringLiteral("UPDATE triage_items SET status = 'dismissed' WHERE id = 1")
            << QStringLiteral("status");
        QTest::newRow("tier lowered")
            << QStringLiteral("UPDATE triage_items SET tier = 'routine' WHERE id = 1")
            << QStringLiteral("reply or tier");
        QTest::newRow("reply rewritten")
            << QStringLiteral("UPDATE replies SET body = 'all fine' WHERE communication_id = 'b'")
            << QStringLiteral("reply or tier");
        QTest::newRow("item added off the record")
            << QStringLiteral("INSERT INTO triage_items (communication_id, master_id, tier, "
                              "tier_rank, received_at, ingested_at, due_at) SELECT 'c', "
                              "master_id, 'urgent', 1, received_at, received_at, received_at "
                              "FROM replies WHERE communication_id = 'c'")
            << QStringLiteral("no audited opening");
    }

    void tamperingWithTheQueueIsDetected()
    {
        QFETCH(QString, tamper);
        QFETCH(QString, found);
        Fixture f;
        QVERIFY(start(f));
        QCOMPARE(*f.triage->verifyAgainstAudit(), QString());
        QSqlQuery edit(f.cache->connection());
        QVERIFY2(edit.exec(tamper), qPrintable(edit.lastError().text()));
        const auto problem = f.triage->verifyAgainstAudit();
        QVERIFY(problem);
        QVERIFY2(problem->contains(found), qPrintable(*problem));
    }

    void deletedOptOutIsDetected()
    {
        Fixture f;
        QVERIFY(start(f));
        QVERIFY(f.importer->importBytes(
            "{\"resourceType\":\"Communication\",\"id\":\"s\",\"sender\":{\"reference\":"
            "\"Patient/p-s\"},\"payload\":[{\"contentString\":\"STOP\"}]}",
            QStringLiteral("s.json"), Importer::Format::FhirJson));
        QCOMPARE(*f.triage->verifyAgainstAudit(), QString());
        QSqlQuery edit(f.cache->connection());
        // The ledger refuses deletes; someone with the key and the file can still drop that.
        QVERIFY(!edit.exec(QStringLiteral("DELETE FROM consent_events")));
        QVERIFY(edit.exec(QStringLiteral("DROP TRIGGER consent_events_no_delete")));
        QVERIFY(edit.exec(QStringLiteral("DELETE FROM consent_events")));
        QVERIFY(f.triage->verifyAgainstAudit()->contains(QStringLiteral("consent ledger")));
    }

    // A note is text a person wrote: no NULs or binary, not a whole document.
    void notesMustBeText_data()
    {
        QTest::addColumn<QString>("note");
        QTest::newRow("NUL characters") << QString(20, QChar(0));
        QTest::newRow("binary") << QStringLiteral("\x7f"
                                                  "ELF\x01\x02");
        QTest::newRow("too long") << QString(TriageService::kMaxNoteCharacters + 1, u'x');
    }

    void notesMustBeText()
    {
        QFETCH(QString, note);
        Fixture f;
        QVERIFY(start(f));
        const qint64 id = f.triage->openItems(nurse())->at(0).id;
        auto refused = f.triage->resolve(id, nurse(QStringLiteral("nurse.ana")),
                                         QStringLiteral("called-patient"), note);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::Code::InvalidInput);
        QCOMPARE(f.triage->openItems(nurse())->at(0).status, TriageStatus::Open);
    }

    void releaseReturnsItemToQueueAndViewIsAudited()
    {
        Fixture f;
        QVERIFY(start(f));
        const qint64 id = f.triage->openItems(nurse())->at(1).id;
        auto detail = f.triage->viewItem(id, nurse(QStringLiteral("nurse.ana")));
        QVERIFY(detail);
        QCOMPARE(detail->replyText, QStringLiteral("I have a high fever and severe pain"));
        QVERIFY(f.triage->claim(id, nurse(QStringLiteral("nurse.ana"))));
        QVERIFY(f.triage->release(id, nurse(QStringLiteral("nurse.ana"))));
        auto item = f.triage->openItems(nurse())->at(1);
        QCOMPARE(item.status, TriageStatus::Open);
        QVERIFY(item.owner.isEmpty());

        QSqlQuery audit(f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                          "'view-item' AND actor = 'nurse.ana'")) &&
                audit.next());
        QCOMPARE(audit.value(0).toInt(), 1);
        // The audit trail never holds the reply text.
        QVERIFY(audit.exec(QStringLiteral("SELECT count(*) FROM audit_log WHERE object LIKE "
                                          "'%fever%' OR action LIKE '%fever%'")) &&
                audit.next());
        QCOMPARE(audit.value(0).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTriageService)
#include "tst_triageservice.moc"
