// SPDX-License-Identifier: GPL-3.0-or-later
// CipherPageCheck against files SQLCipher itself wrote: through CareDesk's driver and through
// Debian's sqlcipher command-line shell. Every page of an intact file passes; one changed byte
// anywhere in a page (data, IV or HMAC) fails exactly that page, as SQLCipher's own check does;
// a page of zeros, a wrong key and a file cut short are told apart.
#include "services/store/CacheDatabase.h"
#include "services/store/CipherPageCheck.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace CareDesk;

namespace {

constexpr int kPage = CacheDatabase::kPageSize;

void overwrite(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(offset));
    QCOMPARE(file.write(bytes), bytes.size());
}

// A cache written through QSQLCIPHER with enough rows for a few hundred pages, folded out of
// its write-ahead log so every page is in the file.
bool writeCache(const QString &path, const QByteArray &key)
{
    auto cache = CacheDatabase::openFile(path, key, true);
    if (!cache)
        return false;
    QSqlDatabase db = (*cache)->connection();
    QSqlQuery query(db);
    db.transaction();
    query.prepare(QStringLiteral("INSERT INTO site (key, value) VALUES (?, ?)"));
    for (int i = 0; i < 3000; ++i) {
        query.addBindValue(QStringLiteral("filler-%1").arg(i));
        query.addBindValue(QString(300, QChar(u'a' + i % 26)));
        if (!query.exec())
            return false;
    }
    db.commit();
    query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    query = QSqlQuery();
    db = QSqlDatabase();
    return true;
}

// What SQLCipher says of the file: true when every page reads and the b-trees are sound.
bool sqlcipherAccepts(const QString &path, const QByteArray &key)
{
    auto db = openCipherConnection(QStringLiteral("accepts"), path, key, kPage, false, true);
    bool ok = false;
    if (db) {
        QSqlQuery query(*db);
        ok = query.exec(QStringLiteral("PRAGMA quick_check")) && query.next() &&
             query.value(0).toString() == QLatin1String("ok");
        query = QSqlQuery();
        db->close();
        *db = QSqlDatabase();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("accepts"));
    return ok;
}

} // namespace

class TestCipherPageCheck : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_pristine;
    QByteArray m_key;
    qint64 m_pages = 0;

    QString freshCopy(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        QFile::copy(m_pristine, path);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_key = CacheDatabase::newKey();
        m_pristine = m_dir.filePath(QStringLiteral("pristine.db"));
        QVERIFY(writeCache(m_pristine, m_key));
        m_pages = QFileInfo(m_pristine).size() / kPage;
        QVERIFY2(m_pages > 200, qPrintable(QString::number(m_pages)));
    }

    void intactFilePasses()
    {
        for (const int threads : {1, 2, 5}) {
            auto report = CipherPageCheck::checkFile(m_pristine, m_key, kPage, threads);
            QVERIFY(report);
            QCOMPARE(report->pages, m_pages);
            QCOMPARE(report->badPages, 0);
            QVERIFY(report->wholePages);
            QVERIFY(report->keyMatchesSomePage);
            QVERIFY(report->intact());
        }
    }

    void wrongKeyFailsEveryPage()
    {
        auto report = CipherPageCheck::checkFile(m_pristine, CacheDatabase::newKey(), kPage);
        QVERIFY(report);
        QCOMPARE(report->badPages, m_pages);
        QCOMPARE(report->firstBadPage, 1);
        QVERIFY(!report->keyMatchesSomePage);
    }

    void oneChangedByteFailsItsPage_data()
    {
        QTest::addColumn<qint64>("page");
        QTest::addColumn<int>("offset");
        QTest::newRow("page 1, first encrypted byte") << qint64(1) << 16;
        QTest::newRow("page 1, middle") << qint64(1) << 2000;
        QTest::newRow("page 2, first byte") << qint64(2) << 0;
        QTest::newRow("middle page, data") << qint64(-2) << 1234;
        QTest::newRow("middle page, last data byte") << qint64(-2) << kPage - 49;
        QTest::newRow("middle page, IV") << qint64(-2) << kPage - 40;
        QTest::newRow("middle page, HMAC") << qint64(-2) << kPage - 20;
        QTest::newRow("last page, HMAC end") << qint64(-1) << kPage - 13;
    }

    void oneChangedByteFailsItsPage()
    {
        QFETCH(qint64, page);
        QFETCH(int, offset);
        if (page == -2)
            page = m_pages / 2;
        else if (page == -1)
            page = m_pages;
        const QString path = freshCopy(QStringLiteral("changed.db"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek((page - 1) * kPage + offset));
        char byte = 0;
        QVERIFY(file.getChar(&byte));
        QVERIFY(file.seek((page - 1) * kPage + offset));
        QVERIFY(file.putChar(char(byte ^ 0x01)));
        file.close();

        auto report = CipherPageCheck::checkFile(path, m_key, kPage);
        QVERIFY(report);
        QCOMPARE(report->badPages, 1);
        QCOMPARE(report->firstBadPage, page);
        QVERIFY(report->keyMatchesSomePage);
        QVERIFY(!report->intact());
        QList<qint64> sample{page};
        for (const qint64 other : {qint64(1), m_pages}) {
            if (!sample.contains(other))
                sample.append(other);
        }
        auto sampled = CipherPageCheck::checkPages(path, m_key, kPage, sample);
        QVERIFY(sampled);
        QCOMPARE(sampled->badPages, 1);
        QCOMPARE(sampled->firstBadPage, page);
        // SQLCipher agrees: the file no longer reads whole.
        QVERIFY(!sqlcipherAccepts(path, m_key));
    }

    // SQLCipher 3 lets a page of zeros through as a "short read"; for a cache that is a lost
    // page, and the check says so.
    void pageOfZerosIsDamage()
    {
        const QString path = freshCopy(QStringLiteral("zeros.db"));
        overwrite(path, (m_pages / 3 - 1) * kPage, QByteArray(kPage, '\0'));
        auto report = CipherPageCheck::checkFile(path, m_key, kPage);
        QVERIFY(report);
        QCOMPARE(report->badPages, 1);
        QCOMPARE(report->firstBadPage, m_pages / 3);
    }

    void cutShort()
    {
        const QString path = freshCopy(QStringLiteral("short.db"));
        QVERIFY(QFile::resize(path, QFileInfo(path).size() - 100));
        auto report = CipherPageCheck::checkFile(path, m_key, kPage);
        QVERIFY(report);
        QVERIFY(!report->wholePages);
        QVERIFY(!report->intact());
        QVERIFY(report->describe().contains(QStringLiteral("cut short")));
        auto sampled = CipherPageCheck::checkPages(path, m_key, kPage, {m_pages, m_pages + 5});
        QVERIFY(sampled);
        QCOMPARE(sampled->badPages, 2);
    }

    void unreadableFileIsAnError()
    {
        auto report =
            CipherPageCheck::checkFile(m_dir.filePath(QStringLiteral("absent.db")), m_key, kPage);
        QVERIFY(!report);
        QCOMPARE(report.error().code, Error::Code::Storage);
    }

    // The workstation opens with a sampled check and checks the rest off the UI thread; the
    // command line checks every page before it returns.
    void openChecksPages_data()
    {
        QTest::addColumn<QString>("where");
        QTest::addColumn<bool>("sampledOpens");
        QTest::newRow("first page") << QStringLiteral("first") << false;
        QTest::newRow("middle page") << QStringLiteral("middle") << true;
        QTest::newRow("last page") << QStringLiteral("last") << false;
        QTest::newRow("last pages gone") << QStringLiteral("gone") << false;
    }

    void openChecksPages()
    {
        QFETCH(QString, where);
        QFETCH(bool, sampledOpens);
        const QString path = freshCopy(QStringLiteral("open-%1.db").arg(where));
        if (where == QLatin1String("gone"))
            QVERIFY(QFile::resize(path, (m_pages - 5) * kPage));
        else
            overwrite(path,
                      (where == QLatin1String("first")    ? 100
                       : where == QLatin1String("middle") ? (m_pages / 2) * kPage + 7
                                                          : (m_pages - 1) * kPage + 7),
                      QByteArray("damage"));
        QFile before(path);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray bytes = before.readAll();
        before.close();

        auto full = CacheDatabase::openFile(path, m_key, false, CacheDatabase::PageCheck::Full);
        QVERIFY(!full);
        QCOMPARE(full.error().code, Error::Code::Damaged);

        auto sampled =
            CacheDatabase::openFile(path, m_key, false, CacheDatabase::PageCheck::Sampled);
        QCOMPARE(bool(sampled), sampledOpens);
        if (sampled) {
            const VoidResult verified = (*sampled)->verifyAllPages();
            QVERIFY(!verified);
            QCOMPARE(verified.error().code, Error::Code::Damaged);
            QVERIFY(verified.error().message.contains(QStringLiteral("caredesk-cli restore")));
            sampled->reset();
        } else {
            QCOMPARE(sampled.error().code, Error::Code::Damaged);
        }
        // Nothing was written to the damaged file.
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), bytes);
    }

    // After a sampled open, writes wait in the write-ahead log until every page was checked.
    void sampledOpenHoldsWritesInTheLog()
    {
        const QString path = freshCopy(QStringLiteral("held.db"));
        const QByteArray before = [&path] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        auto cache = CacheDatabase::openFile(path, m_key, false, CacheDatabase::PageCheck::Sampled);
        QVERIFY(cache);
        QVERIFY((*cache)->fileWritesHeld());
        QSqlQuery query((*cache)->connection());
        QVERIFY(query.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) && query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        // About 1,200 pages, more than the 1,000 after which SQLite would fold the log in.
        QVERIFY(query.exec(QStringLiteral(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
            "INSERT INTO site (key, value) SELECT 'held-' || i, printf('%0900d', i) FROM n")));
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 1000 * kPage);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
        file.close();

        QVERIFY((*cache)->verifyAllPages());
        QVERIFY(!(*cache)->fileWritesHeld());
        QSqlQuery again((*cache)->connection());
        QVERIFY(again.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) && again.next());
        QCOMPARE(again.value(0).toInt(), 1000);
        again = QSqlQuery();
        query = QSqlQuery();
        cache->reset();
    }

    // The same format written by another program: Debian's sqlcipher shell.
    void fileWrittenBySqlcipherShellPasses()
    {
        const QString shell = QStandardPaths::findExecutable(QStringLiteral("sqlcipher"));
        if (shell.isEmpty())
            QSKIP("the sqlcipher shell is not installed (Debian package sqlcipher)");
        const QString path = m_dir.filePath(QStringLiteral("shell.db"));
        QFile::remove(path);
        QProcess process;
        process.start(shell, {path});
        QVERIFY(process.waitForStarted());
        // The key goes on standard input, never on the command line.
        process.write("PRAGMA key = \"x'" + m_key.toHex() +
                      "'\";\nPRAGMA cipher_page_size = 4096;\n"
                      "CREATE TABLE t (v TEXT);\n"
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                      "WHERE i < 5000) INSERT INTO t SELECT printf('%0300d', i) FROM n;\n");
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        auto report = CipherPageCheck::checkFile(path, m_key, kPage);
        QVERIFY(report);
        QVERIFY(report->pages > 300);
        QCOMPARE(report->badPages, 0);
    }
};

QTEST_GUILESS_MAIN(TestCipherPageCheck)
#include "tst_cipherpagecheck.moc"
