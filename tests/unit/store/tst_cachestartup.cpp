// SPDX-License-Identifier: GPL-3.0-or-later
// Opening the cache on good and bad days: bug cases 19 (wrong key vs older cipher settings),
// 21 B (plaintext legacy import) and 22 (keychain unavailable or locked).
#include "TestCache.h"

#include "services/store/SqlCipherDriver.h"

#include <QDir>
#include <QProcess>
#include <QSqlError>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

QString cachePath(const QTemporaryDir &dir)
{
    return QDir(dir.path()).filePath(CacheDatabase::cacheFileName());
}

// Runs the sqlcipher command-line shell on path with script on stdin (nothing in argv).
bool runSqlcipher(const QString &path, const QByteArray &script)
{
    QProcess process;
    process.start(QStringLiteral("sqlcipher"), {path});
    if (!process.waitForStarted())
        return false;
    process.write(script);
    process.closeWriteChannel();
    return process.waitForFinished() && process.exitCode() == 0 &&
           !process.readAllStandardError().contains("Error");
}

} // namespace

class TestCacheStartup : public QObject
{
    Q_OBJECT

private slots:
    void firstRunCreatesKeyAndCache()
    {
        TestCache test;
        QVERIFY(test.open());
        QCOMPARE(test.vault.readKey().state, KeyVault::State::Found);
        QCOMPARE(test.vault.readKey().key.size(), 32);
        QCOMPARE(test.cache->schemaVersion(), CacheDatabase::kSchemaVersion);
        QVERIFY(!fileDigest(cachePath(test.dir)).isEmpty());
    }

    void keychainStatesRefuseWithoutCreating_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("expected");
        QTest::newRow("no secret service")
            << int(KeyVault::State::NoBackend) << int(Error::Code::KeychainUnavailable);
        QTest::newRow("locked, unlock cancelled")
            << int(KeyVault::State::Locked) << int(Error::Code::KeychainLocked);
        QTest::newRow("access denied")
            << int(KeyVault::State::Denied) << int(Error::Code::KeychainDenied);
        QTest::newRow("backend failure")
            << int(KeyVault::State::Failed) << int(Error::Code::KeychainUnavailable);
    }

    // Case 22 A/B/C: a clear state, no key written anywhere, no cache created.
    void keychainStatesRefuseWithoutCreating()
    {
        QFETCH(int, state);
        QFETCH(int, expected);
        QTemporaryDir dir;
        MemoryKeyVault vault{KeyVault::State(state)};
        auto opened = CacheDatabase::open(dir.path(), vault);
        QVERIFY(!opened);
        QCOMPARE(int(opened.error().code), expected);
        QVERIFY(!opened.error().message.isEmpty());
        QVERIFY(!QFile::exists(cachePath(dir)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    }

    // Case 22 D: run 1 made cache and key; run 2 finds the entry missing. No new key.
    void missingEntryOverExistingCacheNeverMakesANewKey()
    {
        TestCache first;
        QVERIFY(first.open());
        first.cache.reset();
        const QByteArray before = fileDigest(cachePath(first.dir));

        MemoryKeyVault emptyVault{KeyVault::State::Missing};
        auto opened = CacheDatabase::open(first.dir.path(), emptyVault);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, Error::Code::KeychainEntryMissing);
        QCOMPARE(emptyVault.readKey().state, KeyVault::State::Missing);
        QCOMPARE(fileDigest(cachePath(first.dir)), before);
    }

    // An empty or cut-short file is a lost cache: never a new one, whatever the keychain holds.
    void emptyCacheFileIsRefusedNotReplaced_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("zero bytes") << QByteArray();
        QTest::newRow("one byte") << QByteArray("x");
    }

    void emptyCacheFileIsRefusedNotReplaced()
    {
        QFETCH(QByteArray, content);
        TestCache test;
        QVERIFY(test.open());
        test.audit.reset();
        test.cache.reset();
        const QString path = cachePath(test.dir);
        QFile::remove(path + QStringLiteral("-wal"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
        file.close();

        auto opened = CacheDatabase::open(test.dir.path(), test.vault);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, Error::Code::Integrity);
        QCOMPARE(QFileInfo(path).size(), content.size());
    }

    // A folder whose cache file vanished still has its audit checkpoint: no fresh start there.
    void missingCacheBesideAuditCheckpointIsRefused()
    {
        QTemporaryDir dir;
        QFile head(QDir(dir.path()).filePath(QStringLiteral("audit-head")));
        QVERIFY(head.open(QIODevice::WriteOnly));
        head.write("12 abc def\n");
        head.close();
        MemoryKeyVault vault{KeyVault::State::Missing};
        auto opened = CacheDatabase::open(dir.path(), vault);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, Error::Code::NotFound);
        QCOMPARE(vault.readKey().state, KeyVault::State::Missing);
        QVERIFY(!QFile::exists(cachePath(dir)));
    }

    void existingOnlyNeverCreates()
    {
        QTemporaryDir dir;
        MemoryKeyVault vault{KeyVault::State::Missing};
        auto opened = CacheDatabase::open(dir.filePath(QStringLiteral("typo")), vault,
                                          CacheDatabase::OpenMode::ExistingOnly);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, Error::Code::NotFound);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("typo"))));
    }

    // An existing folder (here a shared, sticky one) keeps its permissions.
    void existingFolderKeepsItsPermissions()
    {
        QTemporaryDir dir;
        const QFileDevice::Permissions before = QFile::permissions(dir.path());
        QVERIFY(QFile::setPermissions(dir.path(), before | QFile::ReadOther | QFile::ExeOther));
        const QFileDevice::Permissions shared = QFile::permissions(dir.path());
        MemoryKeyVault vault;
        QVERIFY(CacheDatabase::open(dir.path(), vault).has_value());
        QCOMPARE(QFile::permissions(dir.path()), shared);
        QCOMPARE(QFile::permissions(cachePath(dir)) & (QFile::ReadOther | QFile::ReadGroup),
                 QFileDevice::Permissions());
    }

    // The keychain entry follows the folder's real path, before and after the folder exists.
    void keyEntryFollowsTheRealPath()
    {
        QTemporaryDir dir;
        const QString real = dir.filePath(QStringLiteral("real"));
        const QString link = dir.filePath(QStringLiteral("link"));
        QVERIFY(QDir().mkpath(real));
        QVERIFY(QFile::link(real, link));
        const QString before = SystemKeyVault(link + QStringLiteral("/site")).accountName();
        QCOMPARE(before, SystemKeyVault(real + QStringLiteral("/site")).accountName());
        QVERIFY(QDir().mkpath(real + QStringLiteral("/site")));
        QCOMPARE(SystemKeyVault(link + QStringLiteral("/site")).accountName(), before);
        QCOMPARE(SystemKeyVault(real + QStringLiteral("/./site/")).accountName(), before);
    }

    // Case 19 C and D: a wrong key, then the right one on a fresh connection; an empty key
    // gets the same answer as a wrong one; the file is never re-initialised.
    void wrongKeyThenRightKey()
    {
        TestCache test;
        QVERIFY(test.open());
        const QByteArray rightKey = test.vault.readKey().key;
        test.audit->append({QStringLiteral("nurse"), QStringLiteral("view-item"),
                            QStringLiteral("MPI-1"), QStringLiteral("triage-item/1")});
        test.audit.reset();
        test.cache.reset();
        const QString path = cachePath(test.dir);
        const QByteArray before = fileDigest(path);

        QByteArray wrongKey = rightKey;
        wrongKey[0] = char(wrongKey[0] ^ 0x5a);
        auto wrong = CacheDatabase::openFile(path, wrongKey, true);
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, Error::Code::WrongKey);
        QCOMPARE(CacheDatabase::probe(path, QByteArray(32, '\0')), CacheDatabase::Probe::WrongKey);
        QCOMPARE(fileDigest(path), before);

        auto right = CacheDatabase::openFile(path, rightKey, false);
        QVERIFY2(right, right ? "" : qPrintable(right.error().message));
        QSqlQuery query((*right)->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM audit_log")) && query.next());
        QCOMPARE(query.value(0).toInt(), 1);
    }

    // Case 19 A/B: a file written with SQLCipher 3 defaults (1 KiB pages) is told apart from a
    // wrong key, backed up, upgraded with its data intact.
    void olderCipherSettingsAreUpgradedNotMistakenForWrongKey()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("legacy.db"));
        const QByteArray key(32, '\x42');
        // A real cache of this build written with the old page size: its schema version must
        // survive the upgrade, or the migrations would run again over existing tables.
        const QByteArray script =
            "PRAGMA key = \"x'" + key.toHex() +
            "'\";\nCREATE TABLE t(x);\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\n"
            "CREATE TABLE patients(master_id);\n"
            "CREATE TABLE site(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
            "PRAGMA user_version = " +
            QByteArray::number(CacheDatabase::kSchemaVersion) + ";\n";
        QVERIFY(runSqlcipher(path, script));
        QCOMPARE(CacheDatabase::probe(path, key), CacheDatabase::Probe::OtherCipherSettings);
        QCOMPARE(CacheDatabase::probe(path, QByteArray(32, '\x43')),
                 CacheDatabase::Probe::WrongKey);

        auto opened = CacheDatabase::openFile(path, key, false);
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        QSqlQuery query((*opened)->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT sum(x) FROM t")) && query.next());
        QCOMPARE(query.value(0).toInt(), 3);
        QCOMPARE(CacheDatabase::probe(path, key), CacheDatabase::Probe::Opens);
        QCOMPARE((*opened)->schemaVersion(), CacheDatabase::kSchemaVersion);
        const QStringList backups =
            QDir(dir.path()).entryList({QStringLiteral("legacy.db.pre-upgrade-*")});
        QCOMPARE(backups.size(), 1);
    }

    // Case 21 B: plaintext pilot data comes in only when every row count matches.
    void plaintextLegacyImportVerifiesCounts()
    {
        TestCache test;
        QVERIFY(test.open());
        const QString legacy = test.dir.filePath(QStringLiteral("legacy_plain.db"));
        QByteArray script = "CREATE TABLE patient(id, name);\nCREATE TABLE reminder(id);\n";
        for (int i = 0; i < 12; ++i)
            script += "INSERT INTO patient VALUES (" + QByteArray::number(i) + ", 'P');\n";
        for (int i = 0; i < 30; ++i)
            script += "INSERT INTO reminder VALUES (" + QByteArray::number(i) + ");\n";
        QVERIFY(runSqlcipher(legacy, script));

        auto imported = test.cache->importPlaintext(legacy);
        QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        QCOMPARE(test.count(QStringLiteral("legacy_patient")), 12);
        QCOMPARE(test.count(QStringLiteral("legacy_reminder")), 30);
        QVERIFY(QFile::exists(legacy));

        const QString empty = test.dir.filePath(QStringLiteral("empty_plain.db"));
        QVERIFY(runSqlcipher(empty, "CREATE TABLE patient(id);\n"));
        auto refused = test.cache->importPlaintext(empty);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("no rows")));
        QVERIFY(QFile::exists(empty));
    }
};

QTEST_GUILESS_MAIN(TestCacheStartup)
#include "tst_cachestartup.moc"
