// SPDX-License-Identifier: GPL-3.0-or-later
// StatementCache over a real encrypted cache: one prepared statement per SQL text, references
// that stay valid, failures not kept, finish() releasing a read, savepoints rolled back under it.
#include "TestCache.h"

#include "services/store/StatementCache.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace CareDesk;
using namespace CareDesk::Testing;

class TestStatementCache : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_cache = std::make_unique<TestCache>();
        QVERIFY(m_cache->open());
        QSqlQuery create(m_cache->cache->connection());
        QVERIFY(create.exec(QStringLiteral("CREATE TABLE scratch (n INTEGER)")));
        QVERIFY(create.exec(QStringLiteral("INSERT INTO scratch VALUES (1), (2), (3)")));
    }

    void cleanup() { m_cache.reset(); }

    void oneStatementPerSql()
    {
        StatementCache statements(m_cache->cache->connection());
        const QString sql = QStringLiteral("SELECT count(*) FROM scratch WHERE n > ?");
        QSqlQuery &first = statements.prepared(sql);
        for (const int above : {0, 2, 3}) {
            QSqlQuery &query = statements.prepared(sql);
            QCOMPARE(&query, &first);
            query.addBindValue(above);
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toInt(), 3 - above);
            query.finish();
        }
    }

    // Many statements prepared after it do not move one already handed out.
    void referencesStayValid()
    {
        StatementCache statements(m_cache->cache->connection());
        QSqlQuery &kept = statements.prepared(QStringLiteral("SELECT max(n) FROM scratch"));
        for (int i = 0; i < 300; ++i)
            statements.prepared(QStringLiteral("SELECT %1 FROM scratch").arg(i));
        QCOMPARE(&statements.prepared(QStringLiteral("SELECT max(n) FROM scratch")), &kept);
        QVERIFY(kept.exec());
        QVERIFY(kept.next());
        QCOMPARE(kept.value(0).toInt(), 3);
    }

    // SQL that does not prepare fails on exec and is tried again next time, not kept failing.
    void failureIsNotKept()
    {
        StatementCache statements(m_cache->cache->connection());
        const QString sql = QStringLiteral("SELECT count(*) FROM later");
        QSqlQuery &failed = statements.prepared(sql);
        QVERIFY(!failed.exec());
        QEXPECT_FAIL("",
                     "the SQLCipher driver forgets why a prepare failed: exec() then says only "
                     "that there is no statement to run",
                     Continue);
        QVERIFY2(failed.lastError().text().contains(QLatin1StringView("later")),
                 qPrintable(failed.lastError().text()));

        QSqlQuery create(m_cache->cache->connection());
        QVERIFY(create.exec(QStringLiteral("CREATE TABLE later (n INTEGER)")));
        QSqlQuery &query = statements.prepared(sql);
        QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 0);
    }

    // A SELECT left with rows unread holds the table; finish() lets it go.
    void finishReleasesTheRead()
    {
        StatementCache statements(m_cache->cache->connection());
        QSqlQuery &query = statements.prepared(QStringLiteral("SELECT n FROM scratch ORDER BY n"));
        QVERIFY(query.exec());
        QVERIFY(query.next());
        QSqlQuery drop(m_cache->cache->connection());
        QVERIFY(!drop.exec(QStringLiteral("DROP TABLE scratch")));
        query.finish();
        QVERIFY2(drop.exec(QStringLiteral("DROP TABLE scratch")),
                 qPrintable(drop.lastError().text()));
    }

    // Statements hold no part of a transaction: a savepoint rolled back under them leaves them
    // working, and what they wrote inside it is gone.
    void savepointRolledBackUnderIt()
    {
        QSqlDatabase db = m_cache->cache->connection();
        StatementCache statements(db);
        QSqlQuery control(db);
        QVERIFY(control.exec(QStringLiteral("BEGIN")));
        QVERIFY(control.exec(QStringLiteral("SAVEPOINT one")));
        QSqlQuery &insert = statements.prepared(QStringLiteral("INSERT INTO scratch VALUES (?)"));
        insert.addBindValue(10);
        QVERIFY(insert.exec());
        QVERIFY(control.exec(QStringLiteral("ROLLBACK TO one")));
        QVERIFY(control.exec(QStringLiteral("RELEASE one")));
        insert.addBindValue(20);
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        QVERIFY(control.exec(QStringLiteral("COMMIT")));
        QSqlQuery &sum = statements.prepared(QStringLiteral("SELECT sum(n) FROM scratch"));
        QVERIFY(sum.exec());
        QVERIFY(sum.next());
        QCOMPARE(sum.value(0).toInt(), 1 + 2 + 3 + 20);
    }

private:
    std::unique_ptr<TestCache> m_cache;
};

QTEST_GUILESS_MAIN(TestStatementCache)
#include "tst_statementcache.moc"
