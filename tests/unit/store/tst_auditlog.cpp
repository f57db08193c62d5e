// SPDX-License-Identifier: GPL-3.0-or-later
// The tamper-evident audit chain: bug case 30.
#include "TestCache.h"

#include "services/security/AuditLog.h"

#include <QMessageAuthenticationCode>
#include <QSqlError>
#include <QtConcurrent/QtConcurrentRun>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

void seed(TestCache &test, int count)
{
    for (int i = 1; i <= count; ++i) {
        const QString action = i % 2 ? QStringLiteral("view-item") : QStringLiteral("consent");
        QVERIFY(test.audit->append({QStringLiteral("nurse.kim"), action, QStringLiteral("pat-1"),
                                    QStringLiteral("R-%1").arg(1000 + i)}));
    }
}

// Tampering the way an attacker with the database file (but not the key) would: drop the
// protecting triggers, change rows, put the triggers back.
bool tamper(TestCache &test, const QStringList &statements)
{
    QSqlDatabase db = test.cache->connection();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")) ||
        !query.exec(QStringLiteral("DROP TRIGGER audit_log_no_delete")))
        return false;
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            qWarning("%s", qPrintable(query.lastError().text()));
            return false;
        }
    }
    return true;
}

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT

private slots:
    void intactChainVerifies()
    {
        TestCache test;
        QVERIFY(test.open());
        seed(test, 10);
        const AuditVerification result = test.audit->verify();
        QVERIFY2(result.intact, qPrintable(result.problem));
        QCOMPARE(result.entries, 10);
    }

    void deletedTailIsDetected()
    {
        TestCache test;
        QVERIFY(test.open());
        seed(test, 10);
        QVERIFY(tamper(test, {QStringLiteral("DELETE FROM audit_log WHERE seq = 10")}));
        const AuditVerification result = test.audit->verify();
        QVERIFY(!result.intact);
        QVERIFY2(result.problem.contains(QStringLiteral("10")), qPrintable(result.problem));
    }

    void relinkedGapIsDetected()
    {
        TestCache test;
        QVERIFY(test.open());
        seed(test, 10);
        // Delete 4-6 and relink 7 to 3 with a plain SHA-256 (the attacker has no HMAC key).
        QSqlQuery row3(test.cache->connection());
        QVERIFY(row3.exec(QStringLiteral("SELECT hash FROM audit_log WHERE seq = 3")) &&
                row3.next());
        const QString hash3 = row3.value(0).toString();
        const QString forged = QString::fromLatin1(
            QCryptographicHash::hash("forged", QCryptographicHash::Sha256).toHex());
        QVERIFY(tamper(test, {QStringLiteral("DELETE FROM audit_log WHERE seq BETWEEN 4 AND 6"),
                              QStringLiteral("UPDATE audit_log SET prev_hash = '%1', hash = '%2' "
                                             "WHERE seq = 7")
                                  .arg(hash3, forged)}));
        const AuditVerification result = test.audit->verify();
        QVERIFY(!result.intact);
        QVERIFY2(result.problem.contains(QStringLiteral("4")), qPrintable(result.problem));
    }

    void editedEntryIsDetected()
    {
        TestCache test;
        QVERIFY(test.open());
        seed(test, 10);
        QVERIFY(tamper(test, {QStringLiteral("UPDATE audit_log SET action = 'granted' "
                                             "WHERE seq = 2")}));
        const AuditVerification result = test.audit->verify();
        QVERIFY(!result.intact);
        QVERIFY2(result.problem.contains(QStringLiteral("Entry 2")), qPrintable(result.problem));
    }

    void truncatedLogAndCheckpointAreDetected()
    {
        TestCache test;
        QVERIFY(test.open());
        seed(test, 5);
        QVERIFY(QFile::remove(test.audit->checkpointPath()));
        const AuditVerification result = test.audit->verify();
        QVERIFY(!result.intact);
        QVERIFY(result.problem.contains(QStringLiteral("checkpoint")));
    }

    // Deleting the checkpoint is evidence: the next write does not quietly make a new one.
    void deletedCheckpointIsNotRecreated()
    {
        TestCache test;
        QVERIFY(test.open());
        QVERIFY(QFile::exists(test.audit->checkpointPath())); // genesis, before any entry
        QVERIFY(test.audit->verify().intact);
        seed(test, 5);
        QVERIFY(QFile::remove(test.audit->checkpointPath()));
        auto appended = test.audit->append({QStringLiteral("eve"), QStringLiteral("release"),
                                            QStringLiteral("pat-1"), QStringLiteral("x")});
        QVERIFY(!appended);
        QCOMPARE(appended.error().code, Error::Code::Integrity);
        QVERIFY(appended.error().message.contains(QStringLiteral("saved")));
        QVERIFY(!QFile::exists(test.audit->checkpointPath()));
        QVERIFY(!test.audit->verify().intact);
    }

    void updateAndDeleteAreRejectedByTriggers()
    {
        TestCache test;
        QVERIFY(test.open());
        seed(test, 3);
        QSqlQuery query(test.cache->connection());
        QVERIFY(!query.exec(QStringLiteral("UPDATE audit_log SET actor = 'x' WHERE seq = 1")));
        QVERIFY(query.lastError().text().contains(QStringLiteral("cannot be changed")));
        QVERIFY(!query.exec(QStringLiteral("DELETE FROM audit_log WHERE seq = 1")));
        QVERIFY(query.lastError().text().contains(QStringLiteral("cannot be deleted")));
        QVERIFY(test.audit->verify().intact);
    }

    void concurrentWritersMakeOneLinearChain()
    {
        TestCache test;
        QVERIFY(test.open());
        auto writer = [&test](const QString &actor) {
            int failures = 0;
            for (int i = 0; i < 500; ++i) {
                if (!test.audit->append({actor, QStringLiteral("view-item"),
                                         QStringLiteral("pat-1"), QStringLiteral("x")}))
                    ++failures;
            }
            test.cache->releaseThreadConnection();
            return failures;
        };
        QFuture<int> a = QtConcurrent::run(writer, QStringLiteral("a"));
        QFuture<int> b = QtConcurrent::run(writer, QStringLiteral("b"));
        QCOMPARE(a.result(), 0);
        QCOMPARE(b.result(), 0);
        const AuditVerification result = test.audit->verify();
        QVERIFY2(result.intact, qPrintable(result.problem));
        QCOMPARE(result.entries, 1000);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
