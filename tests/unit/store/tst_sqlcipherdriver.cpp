// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/CacheDatabase.h"
#include "services/store/SqlCipherDriver.h"

#include <QFile>
#include <QProcess>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace CareDesk;

namespace {

QByteArray keyOf(char fill)
{
    return QByteArray(32, fill);
}

QString hexOf(const QByteArray &key)
{
    return QString::fromLatin1(key.toHex());
}

} // namespace

class TestSqlCipherDriver : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { registerSqlCipherDriver(); }

    void registeredAsQsqlcipher()
    {
        QVERIFY(QSqlDatabase::drivers().contains(QStringLiteral("QSQLCIPHER")));
        QVERIFY(!QSqlDatabase::drivers().isEmpty());
    }

    void valuesRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.db"));
        auto db = openCipherConnection(QStringLiteral("roundtrip"), path, keyOf('a'), 4096, true);
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        {
            QSqlQuery query(*db);
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE t (n, i INTEGER, r REAL, s TEXT, "
                                              "b BLOB)")));
            QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (:n, :i, :r, :s, :b)")));
            const QByteArray blob("\x00\x01\xff zero inside", 15);
            query.bindValue(QStringLiteral(":n"), QVariant());
            query.bindValue(QStringLiteral(":i"), qint64(9007199254740993LL));
            query.bindValue(QStringLiteral(":r"), 2.5);
            query.bindValue(QStringLiteral(":s"),
                            QStringLiteral("dolor de pecho \u00f1 \U0001F62D"));
            query.bindValue(QStringLiteral(":b"), blob);
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
            QCOMPARE(query.numRowsAffected(), 1);

            QVERIFY(query.exec(QStringLiteral("SELECT n, i, r, s, b FROM t")));
            QVERIFY(query.next());
            QVERIFY(query.isNull(0));
            QCOMPARE(query.value(1).toLongLong(), 9007199254740993LL);
            QCOMPARE(query.value(2).toDouble(), 2.5);
            QCOMPARE(query.value(3).toString(), QStringLiteral("dolor de pecho \u00f1 \U0001F62D"));
            QCOMPARE(query.value(4).toByteArray(), blob);
            QCOMPARE(query.record().fieldName(3), QStringLiteral("s"));
            QVERIFY(!query.next());
        }
        db->close();
    }

    void positionalBindingAndRandomAccess()
    {
        QTemporaryDir dir;
        auto db =
            openCipherConnection(QStringLiteral("positional"), dir.filePath(QStringLiteral("p.db")),
                                 keyOf('b'), 4096, true);
        QVERIFY(db);
        QSqlQuery query(*db);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (?)")));
        for (int i = 1; i <= 5; ++i) {
            query.addBindValue(i);
            QVERIFY(query.exec());
        }
        QVERIFY(query.exec(QStringLiteral("SELECT x FROM t ORDER BY x")));
        QVERIFY(query.last());
        QCOMPARE(query.value(0).toInt(), 5);
        QVERIFY(query.first());
        QCOMPARE(query.value(0).toInt(), 1);
        QVERIFY(query.seek(2));
        QCOMPARE(query.value(0).toInt(), 3);
    }

    void transactionsCommitAndRollBack()
    {
        QTemporaryDir dir;
        auto db = openCipherConnection(QStringLiteral("tx"), dir.filePath(QStringLiteral("x.db")),
                                       keyOf('c'), 4096, true);
        QVERIFY(db);
        QSqlQuery query(*db);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE t (x)")));
        QVERIFY(db->transaction());
        QVERIFY(query.exec(QStringLiteral("INSERT INTO t VALUES (1)")));
        QVERIFY(db->rollback());
        QVERIFY(db->transaction());
        QVERIFY(query.exec(QStringLiteral("INSERT INTO t VALUES (2)")));
        QVERIFY(db->commit());
        QVERIFY(query.exec(QStringLiteral("SELECT group_concat(x) FROM t")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("2"));
    }

    void errorsAreClear()
    {
        QTemporaryDir dir;
        auto db = openCipherConnection(
            QStringLiteral("errors"), dir.filePath(QStringLiteral("e.db")), keyOf('d'), 4096, true);
        QVERIFY(db);
        QSqlQuery query(*db);
        QVERIFY(!query.exec(QStringLiteral("SELEKT 1")));
        QVERIFY(query.lastError().text().contains(QStringLiteral("syntax error")));
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE t (x NOT NULL)")));
        QVERIFY(!query.exec(QStringLiteral("INSERT INTO t VALUES (NULL)")));
        QVERIFY(query.lastError().text().contains(QStringLiteral("NOT NULL")));
        QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (?)")));
        QVERIFY(!query.exec());
        QVERIFY(query.lastError().text().contains(QStringLiteral("placeholders")));
        QVERIFY(!query.exec(QStringLiteral("SELECT 1; SELECT 2")));
    }

    void fileOnDiskIsNotPlaintext()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret.db"));
        {
            auto db = openCipherConnection(QStringLiteral("plain"), path, keyOf('e'), 4096, true);
            QVERIFY(db);
            QSqlQuery query(*db);
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE p (name)")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO p VALUES ('TESTPATIENT^THETA')")));
            QVERIFY(CacheDatabase::selfCheck(*db, path).has_value());
            db->close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("plain"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.startsWith("SQLite format 3"));
        QVERIFY(!bytes.contains("THETA"));
    }

    void wrongKeyFailsAtOpenWithNotADb()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("k.db"));
        {
            auto db = openCipherConnection(QStringLiteral("k1"), path, keyOf('1'), 4096, true);
            QVERIFY(db);
            QSqlQuery(*db).exec(QStringLiteral("CREATE TABLE t (x)"));
            db->close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("k1"));
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLCIPHER"), QStringLiteral("k2"));
        db.setDatabaseName(path);
        QVERIFY(!db.open(QString(), hexOf(keyOf('2'))));
        QCOMPARE(db.lastError().nativeErrorCode(), QStringLiteral("26"));
        QVERIFY(db.lastError().text().contains(QStringLiteral("key does not open")));
        // A malformed or empty key is refused before anything touches the file.
        QVERIFY(!db.open(QString(), QString()));
        QCOMPARE(db.lastError().nativeErrorCode(), QStringLiteral("26"));
    }

    // Case 21 A: the stock plaintext path (QSQLITE, or a key silently ignored) is caught.
    void selfCheckRefusesPlaintextFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.db"));
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlcipher"), {path});
        QVERIFY(sqlite.waitForStarted());
        sqlite.write(
            "CREATE TABLE patient(name); INSERT INTO patient VALUES('TESTPATIENT^THETA');\n");
        sqlite.closeWriteChannel();
        QVERIFY(sqlite.waitForFinished());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.read(16).startsWith("SQLite format 3"));
        file.close();

        // Whatever connection reads it, the self-check names the plaintext file.
        auto opened = CacheDatabase::openFile(path, keyOf('f'), false);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, Error::Code::NotEncrypted);
        QVERIFY(opened.error().message.contains(QStringLiteral("plaintext")));
    }
};

QTEST_GUILESS_MAIN(TestSqlCipherDriver)
#include "tst_sqlcipherdriver.moc"
