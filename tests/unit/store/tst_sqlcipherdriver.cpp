// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/CacheDatabase.h"
#include "services/store/SqlCipherDriver.h"

#include <QFile>
#include <QProcess>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <atomic>
#include <limits>

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

// A keyed connection to a new file in its own folder, closed and removed at the end.
struct Connection {
    explicit Connection(const QString &name)
        : m_name(name)
    {
        auto opened = openCipherConnection(name, m_dir.filePath(name + QStringLiteral(".db")),
                                           QByteArray(32, 'k'), 4096, true);
        if (opened)
            db = *opened;
        else
            qWarning("%s", qPrintable(opened.error().message));
    }
    ~Connection()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    QString path() const { return m_dir.filePath(m_name + QStringLiteral(".db")); }
    bool exec(const QString &sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql))
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return query.isActive();
    }

    QTemporaryDir m_dir;
    QString m_name;
    QSqlDatabase db;
};

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

    // Every DriverFeature, and whether QSQLCIPHER claims it. Each claimed one has a test below;
    // the reasons for the others are beside hasFeature().
    void claimsExactlyTheTestedFeatures_data()
    {
        QTest::addColumn<int>("feature");
        QTest::addColumn<bool>("claimed");
        QTest::newRow("Transactions") << int(QSqlDriver::Transactions) << true;
        QTest::newRow("QuerySize") << int(QSqlDriver::QuerySize) << false;
        QTest::newRow("BLOB") << int(QSqlDriver::BLOB) << true;
        QTest::newRow("Unicode") << int(QSqlDriver::Unicode) << true;
        QTest::newRow("PreparedQueries") << int(QSqlDriver::PreparedQueries) << true;
        QTest::newRow("NamedPlaceholders") << int(QSqlDriver::NamedPlaceholders) << false;
        QTest::newRow("PositionalPlaceholders") << int(QSqlDriver::PositionalPlaceholders) << true;
        QTest::newRow("LastInsertId") << int(QSqlDriver::LastInsertId) << true;
        QTest::newRow("BatchOperations") << int(QSqlDriver::BatchOperations) << false;
        QTest::newRow("SimpleLocking") << int(QSqlDriver::SimpleLocking) << true;
        QTest::newRow("LowPrecisionNumbers") << int(QSqlDriver::LowPrecisionNumbers) << true;
        QTest::newRow("EventNotifications") << int(QSqlDriver::EventNotifications) << false;
        QTest::newRow("FinishQuery") << int(QSqlDriver::FinishQuery) << true;
        QTest::newRow("MultipleResultSets") << int(QSqlDriver::MultipleResultSets) << false;
        QTest::newRow("CancelQuery") << int(QSqlDriver::CancelQuery) << true;
    }

    void claimsExactlyTheTestedFeatures()
    {
        QFETCH(int, feature);
        QFETCH(bool, claimed);
        SqlCipherDriver driver;
        QCOMPARE(driver.hasFeature(QSqlDriver::DriverFeature(feature)), claimed);
    }

    // Not claimed natively, but Qt turns names into positions, repeated names included.
    void namedPlaceholdersWorkThroughQt()
    {
        Connection c(QStringLiteral("named"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (a INTEGER, b INTEGER, c TEXT)")));
        QSqlQuery query(c.db);
        QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (:x, :x, :name)")));
        query.bindValue(QStringLiteral(":name"), QStringLiteral("n"));
        query.bindValue(QStringLiteral(":x"), 7);
        QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        QVERIFY(query.exec(QStringLiteral("SELECT a, b, c FROM t")) && query.next());
        QCOMPARE(query.value(0).toInt(), 7);
        QCOMPARE(query.value(1).toInt(), 7);
        QCOMPARE(query.value(2).toString(), QStringLiteral("n"));
    }

    void nullsKeepTheirColumnType_data()
    {
        QTest::addColumn<QString>("declared");
        QTest::addColumn<int>("metaType");
        QTest::newRow("INTEGER") << QStringLiteral("INTEGER") << int(QMetaType::LongLong);
        QTest::newRow("REAL") << QStringLiteral("REAL") << int(QMetaType::Double);
        QTest::newRow("TEXT") << QStringLiteral("TEXT") << int(QMetaType::QString);
        QTest::newRow("BLOB") << QStringLiteral("BLOB") << int(QMetaType::QByteArray);
        QTest::newRow("no type") << QString() << int(QMetaType::QString);
    }

    void nullsKeepTheirColumnType()
    {
        QFETCH(QString, declared);
        QFETCH(int, metaType);
        Connection c(QStringLiteral("nulls"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (v %1)").arg(declared)));
        QSqlQuery query(c.db);
        QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (?)")));
        query.addBindValue(QVariant(QMetaType(metaType)));
        QVERIFY(query.exec());
        QVERIFY(query.exec(QStringLiteral("SELECT v, typeof(v) FROM t")) && query.next());
        QVERIFY(query.isNull(0));
        QVERIFY(query.value(0).isNull());
        QCOMPARE(query.value(0).metaType().id(), metaType);
        QCOMPARE(query.value(1).toString(), QStringLiteral("null"));
        QCOMPARE(query.record().field(0).metaType().id(), metaType);
    }

    void integersKeepTheir64BitLimits()
    {
        Connection c(QStringLiteral("int64"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (v INTEGER)")));
        QSqlQuery query(c.db);
        QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (?)")));
        const QList<qint64> values{std::numeric_limits<qint64>::min(),
                                   std::numeric_limits<qint64>::max(), 0, -1};
        for (qint64 value : values) {
            query.addBindValue(value);
            QVERIFY(query.exec());
        }
        query.addBindValue(quint64(std::numeric_limits<qint64>::max()));
        QVERIFY(query.exec());
        // Above the signed range SQLite would hand back a negative number: refused instead.
        query.addBindValue(quint64(std::numeric_limits<qint64>::max()) + 1);
        QVERIFY(!query.exec());
        QVERIFY(query.lastError().text().contains(QStringLiteral("larger than")));

        QVERIFY(query.exec(QStringLiteral("SELECT v FROM t ORDER BY rowid")));
        QList<qint64> read;
        while (query.next())
            read.append(query.value(0).toLongLong());
        QCOMPARE(read, values + QList<qint64>{std::numeric_limits<qint64>::max()});
    }

    void doublesRoundTripExactly_data()
    {
        QTest::addColumn<double>("value");
        QTest::newRow("one tenth") << 0.1;
        QTest::newRow("largest") << std::numeric_limits<double>::max();
        QTest::newRow("smallest normal") << std::numeric_limits<double>::min();
        QTest::newRow("negative") << -12345.678901234567;
        QTest::newRow("infinity") << std::numeric_limits<double>::infinity();
    }

    void doublesRoundTripExactly()
    {
        QFETCH(double, value);
        Connection c(QStringLiteral("doubles"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (v REAL)")));
        QSqlQuery query(c.db);
        QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (?)")));
        query.addBindValue(value);
        QVERIFY(query.exec());
        QVERIFY(query.exec(QStringLiteral("SELECT v FROM t")) && query.next());
        QCOMPARE(query.value(0).metaType().id(), int(QMetaType::Double));
        QCOMPARE(query.value(0).toDouble(), value);
    }

    void lowPrecisionPoliciesAreHonoured()
    {
        Connection c(QStringLiteral("precision"));
        QSqlQuery query(c.db);
        query.setNumericalPrecisionPolicy(QSql::LowPrecisionInt32);
        QVERIFY(query.exec(QStringLiteral("SELECT 41, 2.75")) && query.next());
        QCOMPARE(query.value(0).metaType().id(), int(QMetaType::Int));
        QCOMPARE(query.value(1), QVariant(2));
        query.setNumericalPrecisionPolicy(QSql::LowPrecisionInt64);
        QVERIFY(query.exec(QStringLiteral("SELECT 41, -2.75")) && query.next());
        QCOMPARE(query.value(0).metaType().id(), int(QMetaType::LongLong));
        QCOMPARE(query.value(1), QVariant(qint64(-2)));
        query.setNumericalPrecisionPolicy(QSql::HighPrecision);
        QVERIFY(query.exec(QStringLiteral("SELECT 2.75")) && query.next());
        QCOMPARE(query.value(0), QVariant(2.75));
    }

    void datesAndTimesAreIsoText()
    {
        Connection c(QStringLiteral("dates"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (d DATE, t TIME, dt DATETIME)")));
        QSqlQuery query(c.db);
        QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (?, ?, ?)")));
        query.addBindValue(QDate(2026, 12, 3));
        query.addBindValue(QTime(9, 5, 7, 250));
        // 10:00 at UTC+1 is stored as 09:00 UTC, so text order is time order.
        query.addBindValue(QDateTime(QDate(2026, 12, 3), QTime(10, 0), QTimeZone(3600)));
        QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        QVERIFY(query.exec(QStringLiteral("SELECT d, t, dt, date(dt) FROM t")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("2026-12-03"));
        QCOMPARE(query.value(1).toString(), QStringLiteral("09:05:07.250"));
        QCOMPARE(query.value(2).toString(), QStringLiteral("2026-12-03T09:00:00.000Z"));
        QCOMPARE(query.value(3).toString(), QStringLiteral("2026-12-03"));
        QCOMPARE(query.value(0).toDate(), QDate(2026, 12, 3));
    }

    void blobsKeepEveryByte()
    {
        Connection c(QStringLiteral("blobs"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (b BLOB)")));
        QByteArray blob(1 << 20, '\0');
        for (int i = 0; i < blob.size(); ++i)
            blob[i] = char((i * 7) % 256);
        QSqlQuery query(c.db);
        QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (?)")));
        query.addBindValue(blob);
        QVERIFY(query.exec());
        query.addBindValue(QByteArray("\0\0\0", 3));
        QVERIFY(query.exec());
        query.addBindValue(QByteArray(""));
        QVERIFY(query.exec());
        QVERIFY(query.exec(QStringLiteral("SELECT b, length(b), typeof(b) FROM t ORDER BY rowid")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toByteArray(), blob);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toByteArray(), QByteArray("\0\0\0", 3));
        QCOMPARE(query.value(1).toInt(), 3);
        QVERIFY(query.next());
        QCOMPARE(query.value(2).toString(), QStringLiteral("blob"));
        QVERIFY(query.value(0).toByteArray().isEmpty());
    }

    void forwardOnlyReadsOnceInOrder()
    {
        Connection c(QStringLiteral("forward"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        QVERIFY(c.exec(QStringLiteral("INSERT INTO t VALUES (1), (2), (3)")));
        QSqlQuery query(c.db);
        query.setForwardOnly(true);
        QVERIFY(query.exec(QStringLiteral("SELECT x FROM t ORDER BY x")));
        QCOMPARE(query.size(), -1); // QuerySize is not claimed
        QVERIFY(query.next());
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 2);
        QTest::ignoreMessage(QtWarningMsg,
                             "QSqlQuery::seek: cannot seek backwards in a forward only query");
        QVERIFY(!query.seek(0));
        QVERIFY(query.seek(2));
        QCOMPARE(query.value(0).toInt(), 3);
        QVERIFY(!query.next());
    }

    void randomAccessSeeksBothWays()
    {
        Connection c(QStringLiteral("seek"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        QVERIFY(c.exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                      "FROM n WHERE i < 10) INSERT INTO t SELECT i FROM n")));
        QSqlQuery query(c.db);
        QVERIFY(query.exec(QStringLiteral("SELECT x FROM t ORDER BY x")));
        QVERIFY(query.seek(4));
        QCOMPARE(query.value(0).toInt(), 5);
        QVERIFY(query.previous());
        QCOMPARE(query.value(0).toInt(), 4);
        QVERIFY(query.seek(3, true));
        QCOMPARE(query.value(0).toInt(), 7);
        QVERIFY(query.last());
        QCOMPARE(query.at(), 9);
        QVERIFY(query.first());
        QVERIFY(!query.previous());
        QCOMPARE(query.at(), int(QSql::BeforeFirstRow));
        QVERIFY(!query.seek(10));
        QCOMPARE(query.at(), int(QSql::AfterLastRow));
    }

    void rowsAffectedCountsThisStatementOnly()
    {
        Connection c(QStringLiteral("affected"));
        QSqlQuery query(c.db);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        QCOMPARE(query.numRowsAffected(), 0);
        QVERIFY(query.exec(QStringLiteral("INSERT INTO t VALUES (1), (2), (3)")));
        QCOMPARE(query.numRowsAffected(), 3);
        QVERIFY(query.exec(QStringLiteral("UPDATE t SET x = x + 10 WHERE x > 1")));
        QCOMPARE(query.numRowsAffected(), 2);
        QVERIFY(query.exec(QStringLiteral("UPDATE t SET x = 0 WHERE x > 100")));
        QCOMPARE(query.numRowsAffected(), 0);
        QVERIFY(query.exec(QStringLiteral("CREATE INDEX t_x ON t(x)")));
        QCOMPARE(query.numRowsAffected(), 0);
        QVERIFY(query.exec(QStringLiteral("SELECT x FROM t")));
        QCOMPARE(query.numRowsAffected(), -1);
        QVERIFY(query.exec(QStringLiteral("DELETE FROM t")));
        QCOMPARE(query.numRowsAffected(), 3);
    }

    void lastInsertIdOnlyAfterAnInsert()
    {
        Connection c(QStringLiteral("lastid"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)")));
        QSqlQuery query(c.db);
        QVERIFY(query.exec(QStringLiteral("INSERT INTO t (id, v) VALUES (41, 'a')")));
        QCOMPARE(query.lastInsertId(), QVariant(qint64(41)));
        QVERIFY(query.exec(QStringLiteral("INSERT INTO t (v) VALUES ('b')")));
        QCOMPARE(query.lastInsertId(), QVariant(qint64(42)));
        QVERIFY(query.exec(QStringLiteral("INSERT OR IGNORE INTO t (v) VALUES ('b')")));
        QVERIFY(!query.lastInsertId().isValid());
        QVERIFY(query.exec(QStringLiteral("UPDATE t SET v = 'c' WHERE id = 41")));
        QVERIFY(!query.lastInsertId().isValid());
        QVERIFY(query.exec(QStringLiteral("SELECT * FROM t")));
        QVERIFY(!query.lastInsertId().isValid());
    }

    // BatchOperations is not claimed: Qt runs the batch row by row through exec().
    void execBatchRunsEveryRow()
    {
        Connection c(QStringLiteral("batch"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (i INTEGER, s TEXT)")));
        QSqlQuery query(c.db);
        QVERIFY(query.prepare(QStringLiteral("INSERT INTO t VALUES (?, ?)")));
        query.addBindValue(QVariantList{1, 2, 3});
        query.addBindValue(QVariantList{QStringLiteral("a"), QVariant(), QStringLiteral("c")});
        QVERIFY2(query.execBatch(), qPrintable(query.lastError().text()));
        QVERIFY(query.exec(QStringLiteral("SELECT count(*), count(s), sum(i) FROM t")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 3);
        QCOMPARE(query.value(1).toInt(), 2);
        QCOMPARE(query.value(2).toInt(), 6);
    }

    // SimpleLocking and FinishQuery: a statement part way through a table holds it; finish()
    // lets go, and rows already read stay readable.
    void finishReleasesAPendingRead()
    {
        Connection c(QStringLiteral("finish"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        QVERIFY(c.exec(QStringLiteral("INSERT INTO t VALUES (1), (2), (3)")));
        QSqlQuery reading(c.db);
        QVERIFY(reading.exec(QStringLiteral("SELECT x FROM t ORDER BY x")));
        QVERIFY(reading.next());
        QSqlQuery drop(c.db);
        QVERIFY(!drop.exec(QStringLiteral("DROP TABLE t")));
        QVERIFY(drop.lastError().text().contains(QStringLiteral("locked")));
        reading.finish();
        QVERIFY(!reading.isActive());
        QVERIFY2(drop.exec(QStringLiteral("DROP TABLE t")), qPrintable(drop.lastError().text()));
    }

    void cancelQueryInterruptsFromAnotherThread()
    {
        Connection c(QStringLiteral("cancel"));
        QSqlDriver *driver = c.db.driver();
        std::atomic<bool> finished{false};
        // The interrupt only reaches a running statement, so keep sending until it stops.
        std::unique_ptr<QThread> canceller(QThread::create([driver, &finished] {
            while (!finished) {
                QThread::msleep(20);
                driver->cancelQuery();
            }
        }));
        canceller->start();
        QSqlQuery query(c.db);
        const bool ran = query.exec(
            QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                           "SELECT count(*) FROM (SELECT i FROM n LIMIT 2000000000)"));
        const bool read = ran && query.next();
        finished = true;
        canceller->wait();
        QVERIFY(!read);
        QVERIFY(query.lastError().text().contains(QStringLiteral("interrupt")));
        // The connection is usable afterwards.
        QVERIFY(query.exec(QStringLiteral("SELECT 1")) && query.next());
    }

    void sqlStatementsFromFormattedValuesRoundTrip()
    {
        Connection c(QStringLiteral("format"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE \"odd \"\"name\" (i INTEGER, r REAL, "
                                      "s TEXT, b BLOB, d TEXT, n TEXT)")));
        const QString table = QStringLiteral("odd \"name");
        QSqlRecord values = c.db.record(table);
        QCOMPARE(values.count(), 6);
        values.setValue(0, std::numeric_limits<qint64>::min());
        values.setValue(1, 0.1);
        values.setValue(2, QStringLiteral("it's \u00f1 \U0001F62D"));
        values.setValue(3, QByteArray("\0'x\xff", 4));
        values.setValue(4, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone::utc()));
        values.setNull(5);
        QSqlDriver *driver = c.db.driver();
        const QString insert =
            driver->sqlStatement(QSqlDriver::InsertStatement, table, values, false);
        QVERIFY2(insert.contains(QStringLiteral("X'002778ff'")), qPrintable(insert));
        QSqlQuery query(c.db);
        QVERIFY2(query.exec(insert), qPrintable(query.lastError().text()));

        QVERIFY(
            query.exec(driver->sqlStatement(QSqlDriver::SelectStatement, table, values, false)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toLongLong(), std::numeric_limits<qint64>::min());
        QCOMPARE(query.value(1).toDouble(), 0.1);
        QCOMPARE(query.value(2).toString(), QStringLiteral("it's \u00f1 \U0001F62D"));
        QCOMPARE(query.value(3).toByteArray(), QByteArray("\0'x\xff", 4));
        QCOMPARE(query.value(4).toString(), QStringLiteral("2026-01-02T03:04:05.000Z"));
        QVERIFY(query.isNull(5));

        QSqlRecord where;
        where.append(values.field(2));
        const QString whereSql =
            driver->sqlStatement(QSqlDriver::WhereStatement, table, where, false);
        QVERIFY(
            query.exec(QStringLiteral("SELECT count(*) FROM %1 %2")
                           .arg(driver->escapeIdentifier(table, QSqlDriver::TableName), whereSql)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 1);
    }

    void identifiersAreEscapedOnce_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << QStringLiteral("patients");
        QTest::newRow("keyword") << QStringLiteral("order");
        QTest::newRow("space and quote") << QStringLiteral("my \"odd\" table");
        QTest::newRow("non-latin") << QStringLiteral("pacientes_\u00f1");
    }

    void identifiersAreEscapedOnce()
    {
        QFETCH(QString, name);
        Connection c(QStringLiteral("escape"));
        QSqlDriver *driver = c.db.driver();
        const QString escaped = driver->escapeIdentifier(name, QSqlDriver::TableName);
        QVERIFY(driver->isIdentifierEscaped(escaped, QSqlDriver::TableName));
        QCOMPARE(driver->escapeIdentifier(escaped, QSqlDriver::TableName), escaped);
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE %1 (%2 INTEGER PRIMARY KEY)")
                           .arg(escaped, driver->escapeIdentifier(name, QSqlDriver::FieldName))));
        QVERIFY(c.db.tables().contains(name));
        QCOMPARE(c.db.record(name).fieldName(0), name);
        QCOMPARE(c.db.record(escaped).fieldName(0), name);
        QCOMPARE(c.db.primaryIndex(name).fieldName(0), name);
    }

    void recordDescribesColumns()
    {
        Connection c(QStringLiteral("record"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, "
                                      "name TEXT NOT NULL DEFAULT 'x', score REAL, data BLOB)")));
        const QSqlRecord record = c.db.record(QStringLiteral("t"));
        QCOMPARE(record.count(), 4);
        QVERIFY(record.field(0).isAutoValue());
        QCOMPARE(record.field(0).metaType().id(), int(QMetaType::LongLong));
        QCOMPARE(record.field(1).requiredStatus(), QSqlField::Required);
        QCOMPARE(record.field(1).defaultValue().toString(), QStringLiteral("'x'"));
        QCOMPARE(record.field(2).metaType().id(), int(QMetaType::Double));
        QCOMPARE(record.field(3).metaType().id(), int(QMetaType::QByteArray));
        QCOMPARE(record.field(3).tableName(), QStringLiteral("t"));
        QVERIFY(!record.field(1).isAutoValue());

        QVERIFY(c.exec(QStringLiteral("CREATE TABLE k (b TEXT, a INTEGER, v TEXT, "
                                      "PRIMARY KEY (a, b))")));
        const QSqlIndex key = c.db.primaryIndex(QStringLiteral("k"));
        QCOMPARE(key.count(), 2);
        QCOMPARE(key.fieldName(0), QStringLiteral("a"));
        QCOMPARE(key.fieldName(1), QStringLiteral("b"));
        QVERIFY(!key.field(0).isAutoValue());
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE nokey (v TEXT)")));
        QVERIFY(c.db.primaryIndex(QStringLiteral("nokey")).isEmpty());
    }

    // One connection per thread, all on one WAL file: writers queue on the busy timeout,
    // readers are never blocked, and nothing is lost.
    void threadsWithTheirOwnConnectionsShareTheFile()
    {
        Connection c(QStringLiteral("shared"));
        QVERIFY(c.exec(QStringLiteral("CREATE TABLE t (thread INTEGER, n INTEGER)")));
        QSqlQuery mode(c.db);
        QVERIFY(mode.exec(QStringLiteral("PRAGMA journal_mode")) && mode.next());
        QCOMPARE(mode.value(0).toString(), QStringLiteral("wal"));
        mode.finish();
        const QString path = c.path();
        constexpr int kWriters = 4;
        constexpr int kBatches = 25;
        constexpr int kRowsPerBatch = 20;
        std::atomic<int> failures{0};
        std::atomic<int> writersLeft{kWriters};
        std::atomic<int> reads{0};
        std::vector<std::unique_ptr<QThread>> threads;
        for (int w = 0; w < kWriters; ++w) {
            threads.emplace_back(QThread::create([w, path, &failures, &writersLeft] {
                const QString name = QStringLiteral("writer-%1").arg(w);
                {
                    auto db = openCipherConnection(name, path, QByteArray(32, 'k'), 4096, false);
                    if (!db) {
                        ++failures;
                        --writersLeft;
                        return;
                    }
                    for (int batch = 0; batch < kBatches; ++batch) {
                        if (!db->transaction()) {
                            ++failures;
                            continue;
                        }
                        QSqlQuery insert(*db);
                        insert.prepare(QStringLiteral("INSERT INTO t VALUES (?, ?)"));
                        for (int n = 0; n < kRowsPerBatch; ++n) {
                            insert.addBindValue(w);
                            insert.addBindValue(batch * kRowsPerBatch + n);
                            if (!insert.exec())
                                ++failures;
                        }
                        if (!db->commit())
                            ++failures;
                    }
                    db->close();
                }
                QSqlDatabase::removeDatabase(name);
                --writersLeft;
            }));
        }
        threads.emplace_back(QThread::create([path, &failures, &writersLeft, &reads] {
            {
                auto db = openCipherConnection(QStringLiteral("reader"), path, QByteArray(32, 'k'),
                                               4096, false);
                if (!db) {
                    ++failures;
                    return;
                }
                qint64 last = 0;
                while (writersLeft > 0) {
                    QSqlQuery count(*db);
                    // Whole batches only: a reader never sees half a transaction.
                    if (!count.exec(QStringLiteral("SELECT count(*) FROM t")) || !count.next() ||
                        count.value(0).toLongLong() % kRowsPerBatch != 0 ||
                        count.value(0).toLongLong() < last)
                        ++failures;
                    last = count.value(0).toLongLong();
                    ++reads;
                }
                db->close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("reader"));
        }));
        for (auto &thread : threads)
            thread->start();
        for (auto &thread : threads)
            QVERIFY(thread->wait(120000));
        QCOMPARE(failures.load(), 0);
        QVERIFY(reads > 0);
        QSqlQuery total(c.db);
        QVERIFY(total.exec(QStringLiteral("SELECT count(*), count(DISTINCT thread) FROM t")));
        QVERIFY(total.next());
        QCOMPARE(total.value(0).toInt(), kWriters * kBatches * kRowsPerBatch);
        QCOMPARE(total.value(1).toInt(), kWriters);
    }
};

QTEST_GUILESS_MAIN(TestSqlCipherDriver)
#include "tst_sqlcipherdriver.moc"
