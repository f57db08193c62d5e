// SPDX-License-Identifier: GPL-3.0-or-later
// Qt's SQL models over QSQLCIPHER: the table model's editing strategies and the query model's
// incremental fetching, each under QAbstractItemModelTester.
#include "services/store/CacheDatabase.h"

#include <QAbstractItemModelTester>
#include <QSqlError>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QSqlQueryModel>
#include <QSqlRecord>
#include <QSqlTableModel>
#include <QTemporaryDir>
#include <QTest>

using namespace CareDesk;

namespace {

class Cache
{
public:
    explicit Cache(const QString &name)
        : m_name(name)
    {
        auto opened = openCipherConnection(name, m_dir.filePath(QStringLiteral("m.db")),
                                           QByteArray(32, 'm'), 4096, true);
        if (opened)
            db = *opened;
    }
    ~Cache()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool exec(const QString &sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql))
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return query.isActive();
    }
    // "id:name" for every row of t, in id order.
    QStringList rows()
    {
        QStringList result;
        QSqlQuery query(db);
        query.exec(QStringLiteral("SELECT id, name FROM t ORDER BY id"));
        while (query.next())
            result.append(query.value(0).toString() + u':' + query.value(1).toString());
        return result;
    }
    // Fills t with n rows named r1..rn.
    bool fill(int n)
    {
        return exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                   "note TEXT)")) &&
               exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                   "FROM n WHERE i < %1) INSERT INTO t (name) SELECT 'r' || i "
                                   "FROM n")
                        .arg(n));
    }

    QSqlDatabase db;

private:
    QTemporaryDir m_dir;
    QString m_name;
};

// kTesterFetchesMore: QAbstractItemModelTester calls fetchMore() from its rowsInserted handler,
// which nests one insertion inside another in any model that pages (a limit of the tester in
// Qt 6.4, whatever the driver). Models that page get their tester once every row is in.

} // namespace

class TestSqlModels : public QObject
{
    Q_OBJECT

private slots:
    void tableModelFindsThePrimaryKey()
    {
        Cache cache(QStringLiteral("key"));
        QVERIFY(cache.fill(3));
        QSqlTableModel model(nullptr, cache.db);
        QAbstractItemModelTester tester(&model);
        model.setTable(QStringLiteral("t"));
        QVERIFY2(model.select(), qPrintable(model.lastError().text()));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.primaryKey().count(), 1);
        QCOMPARE(model.primaryKey().fieldName(0), QStringLiteral("id"));
        QCOMPARE(model.record().count(), 3);
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("name"));
    }

    void manualSubmitInsertsUpdatesAndDeletes()
    {
        Cache cache(QStringLiteral("manual"));
        QVERIFY(cache.fill(3));
        QSqlTableModel model(nullptr, cache.db);
        QAbstractItemModelTester tester(&model);
        model.setTable(QStringLiteral("t"));
        model.setEditStrategy(QSqlTableModel::OnManualSubmit);
        model.setSort(0, Qt::AscendingOrder);
        QVERIFY(model.select());

        QVERIFY(model.setData(model.index(0, 1), QStringLiteral("first, renamed")));
        QVERIFY(model.removeRows(1, 1));
        QSqlRecord added = model.record();
        added.setValue(QStringLiteral("name"), QStringLiteral("it's new"));
        added.setGenerated(QStringLiteral("id"), false);
        QVERIFY(model.insertRecord(-1, added));
        // Nothing reaches the file before submitAll().
        QCOMPARE(cache.rows(), (QStringList{QStringLiteral("1:r1"), QStringLiteral("2:r2"),
                                            QStringLiteral("3:r3")}));

        QVERIFY2(model.submitAll(), qPrintable(model.lastError().text()));
        QCOMPARE(cache.rows(), (QStringList{QStringLiteral("1:first, renamed"),
                                            QStringLiteral("3:r3"), QStringLiteral("4:it's new")}));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(2, 0)).toLongLong(), 4);
    }

    void revertAllLeavesTheFileAlone()
    {
        Cache cache(QStringLiteral("revert"));
        QVERIFY(cache.fill(2));
        QSqlTableModel model(nullptr, cache.db);
        QAbstractItemModelTester tester(&model);
        model.setTable(QStringLiteral("t"));
        model.setEditStrategy(QSqlTableModel::OnManualSubmit);
        QVERIFY(model.select());
        QVERIFY(model.setData(model.index(0, 1), QStringLiteral("changed")));
        QVERIFY(model.insertRows(model.rowCount(), 1));
        QVERIFY(model.removeRows(1, 1));
        QVERIFY(model.isDirty());
        model.revertAll();
        QVERIFY(!model.isDirty());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, 1)).toString(), QStringLiteral("r1"));
        QCOMPARE(cache.rows(), (QStringList{QStringLiteral("1:r1"), QStringLiteral("2:r2")}));
    }

    void failedSubmitNamesTheConstraint()
    {
        Cache cache(QStringLiteral("failed"));
        QVERIFY(cache.fill(1));
        QSqlTableModel model(nullptr, cache.db);
        QAbstractItemModelTester tester(&model);
        model.setTable(QStringLiteral("t"));
        model.setEditStrategy(QSqlTableModel::OnManualSubmit);
        QVERIFY(model.select());
        QVERIFY(model.setData(model.index(0, 1), QVariant(QMetaType(QMetaType::QString))));
        QVERIFY(!model.submitAll());
        QVERIFY(model.lastError().text().contains(QStringLiteral("NOT NULL")));
        QCOMPARE(cache.rows(), QStringList{QStringLiteral("1:r1")});
    }

    void compositeKeyEditsTheRightRow()
    {
        Cache cache(QStringLiteral("composite"));
        QVERIFY(cache.exec(QStringLiteral("CREATE TABLE k (system TEXT, value TEXT, owner TEXT, "
                                          "PRIMARY KEY (system, value))")));
        QVERIFY(cache.exec(QStringLiteral("INSERT INTO k VALUES ('a', '1', 'x'), ('a', '2', 'y'), "
                                          "('b', '1', 'z')")));
        QSqlTableModel model(nullptr, cache.db);
        QAbstractItemModelTester tester(&model);
        model.setTable(QStringLiteral("k"));
        model.setEditStrategy(QSqlTableModel::OnManualSubmit);
        model.setFilter(QStringLiteral("system = 'a'"));
        model.setSort(1, Qt::AscendingOrder);
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.primaryKey().count(), 2);
        QVERIFY(model.setData(model.index(0, 2), QStringLiteral("changed")));
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().text()));
        QSqlQuery check(cache.db);
        QVERIFY(check.exec(QStringLiteral("SELECT group_concat(system || value || owner, ' ') "
                                          "FROM (SELECT * FROM k ORDER BY system, value)")));
        QVERIFY(check.next());
        QCOMPARE(check.value(0).toString(), QStringLiteral("a1changed a2y b1z"));
    }

    // The model lets go of its read before writing (SimpleLocking); rows it had not fetched yet
    // come back with the select after the submit, none twice.
    void editingAPartlyFetchedTable()
    {
        Cache cache(QStringLiteral("partly"));
        QVERIFY(cache.fill(1000));
        QSqlTableModel model(nullptr, cache.db);
        model.setTable(QStringLiteral("t"));
        model.setEditStrategy(QSqlTableModel::OnManualSubmit);
        model.setSort(0, Qt::AscendingOrder);
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 256);
        QVERIFY(model.setData(model.index(0, 2), QStringLiteral("seen")));
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().text()));
        while (model.canFetchMore())
            model.fetchMore();
        QCOMPARE(model.rowCount(), 1000);
        QAbstractItemModelTester tester(&model); // see kTesterFetchesMore
        QCOMPARE(model.data(model.index(999, 1)).toString(), QStringLiteral("r1000"));
        QCOMPARE(model.data(model.index(0, 2)).toString(), QStringLiteral("seen"));
    }

    void onFieldChangeWritesAtOnce()
    {
        Cache cache(QStringLiteral("field"));
        QVERIFY(cache.fill(2));
        QSqlTableModel model(nullptr, cache.db);
        QAbstractItemModelTester tester(&model);
        model.setTable(QStringLiteral("t"));
        model.setEditStrategy(QSqlTableModel::OnFieldChange);
        QVERIFY(model.select());
        QVERIFY2(model.setData(model.index(1, 1), QStringLiteral("now")),
                 qPrintable(model.lastError().text()));
        QCOMPARE(cache.rows(), (QStringList{QStringLiteral("1:r1"), QStringLiteral("2:now")}));
    }

    void queryModelFetchesInPages()
    {
        Cache cache(QStringLiteral("pages"));
        QVERIFY(cache.fill(1000));
        QSqlQueryModel model;
        model.setQuery(QStringLiteral("SELECT id, name FROM t ORDER BY id DESC"), cache.db);
        QVERIFY2(!model.lastError().isValid(), qPrintable(model.lastError().text()));
        // No QuerySize: the model reads 256 rows at a time.
        QCOMPARE(model.rowCount(), 256);
        QVERIFY(model.canFetchMore());
        int fetches = 0;
        while (model.canFetchMore()) {
            model.fetchMore();
            ++fetches;
        }
        QCOMPARE(fetches, 3);
        QCOMPARE(model.rowCount(), 1000);
        QAbstractItemModelTester tester(&model); // see kTesterFetchesMore
        QCOMPARE(model.data(model.index(0, 0)).toLongLong(), 1000);
        QCOMPARE(model.data(model.index(999, 1)).toString(), QStringLiteral("r1"));
        QCOMPARE(model.data(model.index(500, 1)).toString(), QStringLiteral("r500"));
        QCOMPARE(model.record().fieldName(1), QStringLiteral("name"));
    }

    void queryModelShowsNullsAndErrors()
    {
        Cache cache(QStringLiteral("nulls"));
        QVERIFY(cache.fill(1));
        QSqlQueryModel model;
        QAbstractItemModelTester tester(&model);
        model.setQuery(QStringLiteral("SELECT id, note FROM t"), cache.db);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.data(model.index(0, 1)).isNull());
        model.setQuery(QStringLiteral("SELECT nothing FROM t"), cache.db);
        QVERIFY(model.lastError().text().contains(QStringLiteral("no such column")));
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSqlModels)
#include "tst_sqlmodels.moc"
