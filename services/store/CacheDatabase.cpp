// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/CacheDatabase.h"

#include "services/store/CipherPageCheck.h"

#include "services/store/KeyVault.h"
#include "services/store/Schema.h"
#include "services/store/SqlCipherDriver.h"
#include "services/store/SqlFailure.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <openssl/rand.h>

#include <atomic>
#include <cstdio>

Q_LOGGING_CATEGORY(lcCache, "caredesk.store.cache", QtInfoMsg)

namespace CareDesk {

namespace {

QString keyHex(const QByteArray &key)
{
    return QString::fromLatin1(key.toHex());
}

bool isNotADatabase(const QSqlError &error)
{
    return error.nativeErrorCode() == QLatin1String("26");
}

// SQLITE_CORRUPT: a page failed its HMAC or the file ends before its last page.
bool isCorrupt(const QSqlError &error)
{
    return error.nativeErrorCode() == QLatin1String("11");
}

// Runs one statement; the error names what was being done.
VoidResult execOne(QSqlDatabase &db, const QString &sql, const QString &what)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return std::unexpected(storageError(what, query.lastError()));
    return {};
}

} // namespace

Result<QHash<QString, qint64>> CacheDatabase::rowCounts(QSqlDatabase &db, const QString &schema)
{
    QHash<QString, qint64> counts;
    QSqlQuery tables(db);
    if (!tables.exec(QStringLiteral("SELECT name FROM %1.sqlite_master WHERE type = 'table' AND "
                                    "name NOT LIKE 'sqlite_%'")
                         .arg(schema)))
        return std::unexpected(storageError(QStringLiteral("Listing tables"), tables.lastError()));
    while (tables.next()) {
        const QString name = tables.value(0).toString();
        QSqlQuery count(db);
        if (!count.exec(QStringLiteral("SELECT count(*) FROM %1.\"%2\"").arg(schema, name)) ||
            !count.next())
            return std::unexpected(
                storageError(QStringLiteral("Counting rows"), count.lastError()));
        counts.insert(name, count.value(0).toLongLong());
    }
    return counts;
}

VoidResult CacheDatabase::upgradeCipherSettings(const QString &filePath, const QByteArray &key)
{
    // Keep the original untouched until the upgraded copy is proven complete.
    const QString backup =
        filePath + QStringLiteral(".pre-upgrade-") +
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss"));
    const QString upgraded = filePath + QStringLiteral(".upgrading");
    QFile::remove(upgraded);
    if (!QFile::copy(filePath, backup))
        return fail(Error::Code::Storage,
                    QStringLiteral("Cannot back up %1 before upgrading it.").arg(filePath));

    const QString name = QStringLiteral("caredesk-upgrade-") + QUuid::createUuid().toString();
    VoidResult result;
    {
        // May create: ATTACH below creates the upgraded file through this connection.
        auto legacy = openCipherConnection(name, filePath, key, 1024, true);
        if (!legacy)
            return std::unexpected(legacy.error());
        QSqlDatabase &db = *legacy;
        QString quoted = upgraded;
        quoted.replace(u'\'', QLatin1String("''"));
        result = execOne(db,
                         QStringLiteral("ATTACH DATABASE '%1' AS upgraded KEY \"x'%2'\"")
                             .arg(quoted, keyHex(key)),
                         QStringLiteral("Creating the upgraded cache"));
        if (result)
            result =
                execOne(db, QStringLiteral("PRAGMA upgraded.cipher_page_size = %1").arg(kPageSize),
                        QStringLiteral("Setting the new page size"));
        if (result)
            result = execOne(db, QStringLiteral("SELECT sqlcipher_export('upgraded')"),
                             QStringLiteral("Copying the cache"));
        // sqlcipher_export copies tables, not the schema version: carry it over by hand.
        if (result) {
            QSqlQuery version(db);
            const int schema =
                version.exec(QStringLiteral("PRAGMA main.user_version")) && version.next()
                    ? version.value(0).toInt()
                    : 0;
            version.finish();
            result = execOne(db, QStringLiteral("PRAGMA upgraded.user_version = %1").arg(schema),
                             QStringLiteral("Carrying the schema version over"));
        }
        if (result) {
            const auto before = rowCounts(db, QStringLiteral("main"));
            const auto after = rowCounts(db, QStringLiteral("upgraded"));
            if (!before || !after || *before != *after)
                result = fail(Error::Code::Integrity,
                              QStringLiteral("The upgraded copy of %1 does not hold the same "
                                             "rows; the original was kept.")
                                  .arg(filePath));
        }
        execOne(db, QStringLiteral("DETACH DATABASE upgraded"), QString());
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!result) {
        QFile::remove(upgraded);
        return result;
    }
    if (probe(upgraded, key) != Probe::Opens) {
        QFile::remove(upgraded);
        return fail(Error::Code::Integrity,
                    QStringLiteral("The upgraded copy of %1 does not open; the original was kept.")
                        .arg(filePath));
    }
    // rename() replaces atomically on the same file system.
    if (std::rename(QFile::encodeName(upgraded).constData(),
                    QFile::encodeName(filePath).constData()) != 0)
        return fail(Error::Code::Storage, QStringLiteral("Cannot replace %1 with its upgraded "
                                                         "copy; the original was kept.")
                                              .arg(filePath));
    qCInfo(lcCache) << "cache upgraded to current cipher settings; backup kept";
    return {};
}

Result<QSqlDatabase> openCipherConnection(const QString &connectionName, const QString &filePath,
                                          const QByteArray &key, int pageSize, bool mayCreate,
                                          bool readOnly)
{
    registerSqlCipherDriver();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLCIPHER"), connectionName);
    db.setDatabaseName(filePath);
    QString options = QStringLiteral("QSQLCIPHER_PAGE_SIZE=%1").arg(pageSize);
    if (!mayCreate)
        options += QStringLiteral(";QSQLCIPHER_NO_CREATE");
    if (readOnly)
        options += QStringLiteral(";QSQLCIPHER_OPEN_READONLY");
    db.setConnectOptions(options);
    if (db.open(QString(), keyHex(key)))
        return db;

    const QSqlError error = db.lastError();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(connectionName);
    if (isNotADatabase(error))
        return fail(Error::Code::WrongKey,
                    QStringLiteral("The key does not open the cache file %1.").arg(filePath));
    if (isCorrupt(error))
        return std::unexpected(CacheDatabase::damaged(filePath, error.databaseText()));
    return std::unexpected(
        storageError(QStringLiteral("Cannot open the cache file %1").arg(filePath), error));
}

CacheDatabase::CacheDatabase(QString filePath, QByteArray key)
    : m_filePath(std::move(filePath))
    , m_key(std::move(key))
    , m_connectionPrefix(QStringLiteral("caredesk-") +
                         QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

CacheDatabase::~CacheDatabase()
{
    // Threads release their own connections (releaseThreadConnection); this drops the calling
    // thread's and forgets any left behind without touching them from the wrong thread.
    releaseThreadConnection();
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        if (name.startsWith(m_connectionPrefix))
            QSqlDatabase::removeDatabase(name);
    }
    m_key.fill('\0');
}

QByteArray CacheDatabase::newKey()
{
    QByteArray key(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(key.data()), int(key.size())) != 1)
        return {};
    return key;
}

QString CacheDatabase::dataDir() const
{
    return QFileInfo(m_filePath).absolutePath();
}

QByteArray CacheDatabase::auditKey() const
{
    return m_auditKey;
}

QByteArray CacheDatabase::key() const
{
    QMutexLocker locker(&m_keyMutex);
    return m_key;
}

VoidResult CacheDatabase::loadAuditKey()
{
    // The audit chain keeps its own key inside the cache, so a key rotation does not break the
    // chain. Caches from before this kept none: theirs was derived from the cache key then, and
    // is stored now so old entries still verify after the cache key changes.
    auto stored = siteValue(QStringLiteral("audit-key"));
    if (!stored)
        return std::unexpected(stored.error());
    QByteArray auditKey = QByteArray::fromHex(stored->toLatin1());
    if (auditKey.size() != 32) {
        auditKey = QMessageAuthenticationCode::hash(QByteArrayLiteral("caredesk audit chain v1"),
                                                    key(), QCryptographicHash::Sha256);
        if (auto saved =
                setSiteValue(QStringLiteral("audit-key"), QString::fromLatin1(auditKey.toHex()));
            !saved)
            return saved;
    }
    m_auditKey = auditKey;
    return {};
}

Error CacheDatabase::damaged(const QString &filePath, const QString &what)
{
    return {Error::Code::Damaged,
            QStringLiteral("The cache file %1 is damaged (%2). This is not a key problem, and "
                           "CareDesk has not changed or replaced the file. Restore your last "
                           "backup with \"caredesk-cli restore BACKUP --passphrase-file FILE\" "
                           "(the damaged file is kept beside the restored one), or ask your IT "
                           "administrator.")
                .arg(filePath, what)};
}

VoidResult CacheDatabase::checkPages(QSqlDatabase &db, const QString &filePath)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("PRAGMA quick_check(1)")) || !query.next()) {
        if (isCorrupt(query.lastError()) || isNotADatabase(query.lastError()))
            return std::unexpected(damaged(filePath, query.lastError().databaseText()));
        return std::unexpected(
            storageError(QStringLiteral("Checking the cache file"), query.lastError()));
    }
    const QString verdict = query.value(0).toString();
    if (verdict != QLatin1String("ok"))
        return std::unexpected(damaged(filePath, QStringLiteral("a page fails its check")));
    return {};
}

VoidResult CacheDatabase::checkAtOpen(QSqlDatabase &db, const QString &filePath,
                                      const QByteArray &key, PageCheck check)
{
    const qint64 filePages = QFileInfo(filePath).size() / kPageSize;
    auto report = check == PageCheck::Full
                      ? CipherPageCheck::checkFile(filePath, key, kPageSize)
                      : CipherPageCheck::checkPages(filePath, key, kPageSize, {1, 2, filePages});
    if (!report)
        return std::unexpected(report.error());
    if (!report->intact())
        return std::unexpected(damaged(filePath, report->describe()));
    qCInfo(lcCache).nospace() << "page check at open: " << report->pages << " pages in "
                              << report->seconds << " s";

    // Pages lost from the end of the file leave every remaining page intact; the database's
    // own page count tells. It counts pages still in the write-ahead log too, so it is only
    // compared when the log is empty.
    const QFileInfo wal(filePath + QStringLiteral("-wal"));
    if (wal.exists() && wal.size() > 0)
        return {};
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA page_count")) || !query.next()) {
        if (isCorrupt(query.lastError()) || isNotADatabase(query.lastError()))
            return std::unexpected(damaged(filePath, query.lastError().databaseText()));
        return std::unexpected(
            storageError(QStringLiteral("Checking the cache file"), query.lastError()));
    }
    const qint64 pageCount = query.value(0).toLongLong();
    if (pageCount > filePages)
        return std::unexpected(
            damaged(filePath, QStringLiteral("its last %1 pages are missing; it was cut short")
                                  .arg(pageCount - filePages)));
    return {};
}

VoidResult CacheDatabase::verifyAllPages() const
{
    auto report = CipherPageCheck::checkFile(m_filePath, key(), kPageSize);
    if (!report)
        return std::unexpected(report.error());
    if (!report->intact()) {
        qCWarning(lcCache) << "page check found damage:" << report->describe();
        return std::unexpected(damaged(m_filePath, report->describe()));
    }
    qCInfo(lcCache).nospace() << "page check: " << report->pages << " pages intact in "
                              << report->seconds << " s";
    m_holdCheckpoints = false;
    return {};
}

CacheDatabase::KeyRecord CacheDatabase::readKeyRecord(const QString &dataDir)
{
    QFile file(QDir(dataDir).filePath(keyRecordFileName()));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> words = file.read(512).simplified().split(' ');
    if (words.size() == 2 && words.at(0) == "current")
        return {QString::fromLatin1(words.at(1)), QString()};
    if (words.size() == 3 && words.at(0) == "rotating")
        return {QString::fromLatin1(words.at(1)), QString::fromLatin1(words.at(2))};
    return {};
}

VoidResult CacheDatabase::writeKeyRecord(const QString &dataDir, const KeyRecord &record)
{
    QSaveFile file(QDir(dataDir).filePath(keyRecordFileName()));
    if (!file.open(QIODevice::WriteOnly))
        return fail(Error::Code::Storage,
                    QStringLiteral("Cannot write %1 in %2.").arg(keyRecordFileName(), dataDir));
    QByteArray line;
    if (record.next.isEmpty())
        line = "current " + record.current.toLatin1() + '\n';
    else
        line = "rotating " + record.current.toLatin1() + ' ' + record.next.toLatin1() + '\n';
    file.write(line);
    if (!file.commit())
        return fail(Error::Code::Storage,
                    QStringLiteral("Cannot save %1 in %2.").arg(keyRecordFileName(), dataDir));
    return {};
}

VoidResult CacheDatabase::rekey(const QByteArray &newKey)
{
    if (newKey.size() != 32)
        return fail(Error::Code::InvalidInput, QStringLiteral("The new key must be 256 bits."));
    {
        QSqlDatabase db = connection();
        QSqlQuery query(db);
        // A write-ahead log would keep pages under the old key beside a file under the new
        // one; leaving WAL mode also proves no other connection has the file open.
        query.exec(QStringLiteral("PRAGMA busy_timeout = 2000"));
        if (!query.exec(QStringLiteral("PRAGMA journal_mode = DELETE")) || !query.next() ||
            query.value(0).toString() != QLatin1String("delete")) {
            query.finish();
            query.exec(QStringLiteral("PRAGMA busy_timeout = 30000"));
            return fail(Error::Code::Conflict,
                        QStringLiteral("Another CareDesk window or process has the cache open. "
                                       "Close it and try again; nothing was changed."));
        }
        query.finish();
        if (!query.exec(QStringLiteral("PRAGMA rekey = \"x'%1'\"").arg(keyHex(newKey)))) {
            const QSqlError error = query.lastError();
            query.finish();
            query.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
            return std::unexpected(storageError(QStringLiteral("Re-encrypting the cache"), error));
        }
    }
    // Every connection of this cache goes: the next one opens with the new key.
    releaseThreadConnection();
    {
        QMutexLocker locker(&m_keyMutex);
        m_key.fill('\0');
        m_key = newKey;
    }
    QSqlDatabase fresh = connection();
    if (!fresh.isOpen())
        return fail(Error::Code::Integrity,
                    QStringLiteral("The cache does not reopen with its new key."));
    // The rekey wrote every page into the file itself (rollback journal, no write-ahead log):
    // each must now prove the new key.
    return verifyAllPages();
}

QString CacheDatabase::threadConnectionName() const
{
    // Thread ids are reused once a thread ends (a thread pool ends its threads when waited
    // for), so each thread gets a serial number that is never handed out again.
    static std::atomic<quint64> nextSerial{1};
    thread_local const quint64 threadSerial = nextSerial++;
    return m_connectionPrefix + u'-' + QString::number(threadSerial);
}

Result<QSqlDatabase> CacheDatabase::openExportConnection(const QString &name) const
{
    return openCipherConnection(name, m_filePath, key(), kPageSize, true);
}

QSqlDatabase CacheDatabase::connection() const
{
    const QString name = threadConnectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name);
        if (!m_holdCheckpoints.load()) {
            QMutexLocker locker(&m_heldMutex);
            if (!m_heldConnections.isEmpty() && m_heldConnections.remove(name))
                QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_autocheckpoint = 1000"));
        }
        return db;
    }
    auto db = openCipherConnection(name, m_filePath, key(), kPageSize, false);
    if (!db) {
        qCWarning(lcCache) << "could not open a connection for this thread";
        return QSqlDatabase();
    }
    if (m_holdCheckpoints.load()) {
        QSqlQuery(*db).exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0"));
        QMutexLocker locker(&m_heldMutex);
        m_heldConnections.insert(name);
    }
    return *db;
}

void CacheDatabase::releaseThreadConnection() const
{
    const QString name = threadConnectionName();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

int CacheDatabase::schemaVersion() const
{
    QSqlQuery query(connection());
    if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
        return query.value(0).toInt();
    return -1;
}

CacheDatabase::Probe CacheDatabase::probe(const QString &filePath, const QByteArray &key)
{
    if (!QFileInfo(filePath).isFile())
        return Probe::NotAFile;
    // Each try uses a fresh connection: a failed key must not linger on a reused handle.
    const QString name = QStringLiteral("caredesk-probe-") + QUuid::createUuid().toString();
    auto current = openCipherConnection(name, filePath, key, kPageSize, false);
    if (current) {
        current->close();
        *current = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Probe::Opens;
    }
    // SQLCipher 3's own defaults (1 KiB pages): a cache from an older build, or the CLI.
    auto legacy = openCipherConnection(name, filePath, key, 1024, false);
    if (legacy) {
        legacy->close();
        *legacy = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Probe::OtherCipherSettings;
    }
    return Probe::WrongKey;
}

VoidResult CacheDatabase::selfCheck(const QSqlDatabase &constDb, const QString &filePath)
{
    QSqlDatabase db = constDb;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA cipher_version")) || !query.next() ||
        query.value(0).toString().isEmpty())
        return fail(Error::Code::NotEncrypted,
                    QStringLiteral("Self-check failed: the database engine is not SQLCipher, so "
                                   "the cache would not be encrypted. CareDesk will not store "
                                   "patient data. Reinstall CareDesk with its SQLCipher driver."));

    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::Storage,
                    QStringLiteral("Self-check failed: cannot read %1.").arg(filePath));
    const QByteArray header = file.read(16);
    if (header.startsWith("SQLite format 3"))
        return fail(Error::Code::NotEncrypted,
                    QStringLiteral("Self-check failed: %1 is a plaintext SQLite file. CareDesk "
                                   "will not store patient data in it. Move the file away and "
                                   "ask your IT administrator.")
                        .arg(filePath));
    return {};
}

Result<std::shared_ptr<CacheDatabase>> CacheDatabase::openFile(const QString &filePath,
                                                               const QByteArray &key,
                                                               bool mayCreate, PageCheck check)
{
    if (key.size() != 32)
        return fail(Error::Code::WrongKey, QStringLiteral("The cache key must be 256 bits."));
    const bool exists = QFileInfo(filePath).exists();
    if (!exists && !mayCreate)
        return fail(Error::Code::NotFound,
                    QStringLiteral("There is no cache file at %1.").arg(filePath));

    // SQLite would treat an empty file as a new database: that is a lost cache, not a new one
    // (unless its pages are still waiting in the write-ahead log after a crash).
    const QFileInfo wal(filePath + QStringLiteral("-wal"));
    if (exists && QFileInfo(filePath).size() < 1024 && !(wal.exists() && wal.size() > 0))
        return fail(Error::Code::Integrity,
                    QStringLiteral("The cache file %1 is empty or cut short (%2 bytes). CareDesk "
                                   "will not create a new cache over it: restore it from a "
                                   "backup, or move it away to start afresh.")
                        .arg(filePath)
                        .arg(QFileInfo(filePath).size()));
    // Pages are written whole: a file that is not a whole number of pages was cut short.
    if (exists && QFileInfo(filePath).size() % 1024 != 0)
        return std::unexpected(damaged(
            filePath, QStringLiteral("its size is not a whole number of pages; it was cut short")));
    if (exists) {
        QFile header(filePath);
        if (header.open(QIODevice::ReadOnly) && header.read(16).startsWith("SQLite format 3"))
            return fail(Error::Code::NotEncrypted,
                        QStringLiteral("%1 is a plaintext SQLite file, not an encrypted cache. "
                                       "CareDesk will not store patient data in it. Move it away "
                                       "and ask your IT administrator.")
                            .arg(filePath));
    }

    // One open does the work: only when the key fails on an existing file is it worth asking
    // whether the file was written with older cipher settings rather than another key.
    std::shared_ptr<CacheDatabase> cache(new CacheDatabase(filePath, key));
    auto db =
        openCipherConnection(cache->threadConnectionName(), filePath, key, kPageSize, !exists);
    if (!db && db.error().code == Error::Code::WrongKey && exists) {
        // The first page is unreadable with this key. If the key proves other pages, the key
        // is right and the first page is damaged.
        const qint64 pages = QFileInfo(filePath).size() / kPageSize;
        auto sampled = CipherPageCheck::checkPages(filePath, key, kPageSize, {2, pages / 2, pages});
        if (sampled && sampled->keyMatchesSomePage)
            return std::unexpected(
                damaged(filePath, QStringLiteral("its first page fails its check, although the "
                                                 "key proves its other pages")));
        if (probe(filePath, key) != Probe::OtherCipherSettings)
            return fail(Error::Code::WrongKey,
                        QStringLiteral("The key from the keychain does not open the cache %1. "
                                       "The file was not changed. Restore the matching key or a "
                                       "CareDesk backup; do not delete the file.")
                            .arg(filePath));
        if (auto upgraded = upgradeCipherSettings(filePath, key); !upgraded)
            return std::unexpected(upgraded.error());
        db = openCipherConnection(cache->threadConnectionName(), filePath, key, kPageSize, false);
    }
    if (!db)
        return std::unexpected(db.error());
    // Before anything is written: the engine must be SQLCipher (a new file's first writes may
    // sit in the WAL, so its header cannot prove it yet; an existing file's header can).
    if (auto checked = selfCheck(*db, filePath); !checked)
        return std::unexpected(checked.error());
    // An existing file's pages are checked against their HMACs now, at open, so that damage
    // is found before anyone works on it, not halfway through a nurse's shift.
    if (exists) {
        if (auto checked = checkAtOpen(*db, filePath, key, check); !checked)
            return std::unexpected(checked.error());
        // The pages not yet checked might be damaged: until they are, writes stay in the
        // write-ahead log and the file itself is left alone.
        if (check == PageCheck::Sampled) {
            cache->m_holdCheckpoints = true;
            QSqlQuery(*db).exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0"));
            cache->m_heldConnections.insert(cache->threadConnectionName());
        }
    }
    if (auto migrated = cache->migrate(); !migrated)
        return std::unexpected(migrated.error());
    if (auto loaded = cache->loadAuditKey(); !loaded)
        return std::unexpected(loaded.error());
    QFile::setPermissions(filePath, QFile::ReadOwner | QFile::WriteOwner);
    cache->m_createdNow = !exists;
    return cache;
}

Result<std::shared_ptr<CacheDatabase>> CacheDatabase::open(const QString &dataDir, KeyVault &vault,
                                                           OpenMode mode, PageCheck check)
{
    const QDir dir(dataDir);
    const QString filePath = dir.filePath(cacheFileName());
    if (!QFileInfo::exists(filePath) && mode == OpenMode::ExistingOnly)
        return fail(Error::Code::NotFound,
                    QStringLiteral("There is no CareDesk cache in %1. Check the folder name; "
                                   "import a file or start CareDesk to create one there.")
                        .arg(dataDir));
    if (!dir.exists()) {
        // Only a folder CareDesk creates is made private; an existing one keeps its mode.
        if (!QDir().mkpath(dataDir))
            return fail(Error::Code::Storage,
                        QStringLiteral("Cannot create the data folder %1.").arg(dataDir));
        QFile::setPermissions(dataDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    // Two processes starting on one new folder must not both make a key: the second would
    // overwrite the first's in the keychain and orphan its cache. One opens at a time.
    QLockFile lock(dir.filePath(QStringLiteral(".caredesk-open.lock")));
    lock.setStaleLockTime(60000);
    if (!lock.tryLock(120000))
        return fail(Error::Code::Storage,
                    QStringLiteral("Another CareDesk process has been opening the cache in %1 for "
                                   "two minutes; try again when it has finished.")
                        .arg(dataDir));
    // Held for as long as the cache is open, so a rotation or restore knows it is not alone.
    auto inUse = InUseLock::shared(dataDir);
    if (!inUse)
        return std::unexpected(inUse.error());
    auto opened = openLocked(dataDir, vault, check);
    if (opened)
        (*opened)->m_inUse = std::move(*inUse);
    return opened;
}

Result<std::shared_ptr<CacheDatabase>>
CacheDatabase::openLocked(const QString &dataDir, KeyVault &vault, PageCheck pageCheck)
{
    const QDir dir(dataDir);
    const QString filePath = dir.filePath(cacheFileName());

    const bool cacheExists = QFileInfo(filePath).exists();
    // The audit checkpoint outlives a lost cache file: its presence means a cache was here.
    if (!cacheExists && dir.exists(QStringLiteral("audit-head")))
        return fail(Error::Code::NotFound,
                    QStringLiteral("The cache file %1 is missing, but this folder held a cache "
                                   "(its audit checkpoint is still there). CareDesk will not "
                                   "start an empty cache in its place: restore the file from a "
                                   "backup, or move the folder away to start afresh.")
                        .arg(filePath));

    if (cacheExists)
        return openExisting(dataDir, vault, pageCheck);

    KeyVault::Lookup lookup = vault.readKey();
    // With no cache and no checkpoint left, the folder starts afresh; an existing key for it is
    // reused, never replaced.
    if (lookup.state == KeyVault::State::Found) {
        auto cache = openFile(filePath, lookup.key, true);
        if (cache) {
            if (auto recorded = writeKeyRecord(dataDir, {keyFingerprint(lookup.key), QString()});
                !recorded)
                return std::unexpected(recorded.error());
        }
        return cache;
    }
    if (lookup.state != KeyVault::State::Missing)
        return std::unexpected(vault.failure(lookup));

    // First run: no entry and no cache. Make a key, store it, read it back, then create.
    const QByteArray key = newKey();
    if (key.size() != 32)
        return fail(Error::Code::Storage, QStringLiteral("The system random generator failed."));
    if (auto stored = vault.storeKey(key); !stored)
        return std::unexpected(stored.error());
    const KeyVault::Lookup check = vault.readKey();
    if (check.state != KeyVault::State::Found || check.key != key)
        return fail(Error::Code::KeychainUnavailable,
                    QStringLiteral("The new cache key could not be read back from %1, so no "
                                   "cache was created.")
                        .arg(vault.describe()));
    qCInfo(lcCache) << "created a new cache key and cache";
    auto cache = openFile(filePath, key, true);
    if (cache) {
        if (auto recorded = writeKeyRecord(dataDir, {keyFingerprint(key), QString()}); !recorded)
            return std::unexpected(recorded.error());
    }
    return cache;
}

Result<std::shared_ptr<CacheDatabase>>
CacheDatabase::openExisting(const QString &dataDir, KeyVault &vault, PageCheck pageCheck)
{
    const QString filePath = QDir(dataDir).filePath(cacheFileName());
    const KeyRecord record = readKeyRecord(dataDir);
    const KeyVault::Lookup current = vault.readKey();
    if (current.state != KeyVault::State::Found)
        return std::unexpected(vault.failure(current));
    const QString currentPrint = keyFingerprint(current.key);

    auto cache = openFile(filePath, current.key, false, pageCheck);
    if (cache) {
        // A rotation stopped before the file changed (or before it was even recorded): the
        // file is still under the current key, and an unused pending key goes.
        const bool pendingLeft =
            vault.readKey(KeyVault::Slot::Pending).state == KeyVault::State::Found;
        if (pendingLeft) {
            if (auto removed = vault.removeKey(KeyVault::Slot::Pending); !removed)
                return std::unexpected(removed.error());
        }
        if (!record.next.isEmpty() || pendingLeft) {
            (*cache)->m_keyNote = QStringLiteral("A key rotation was interrupted before the "
                                                 "cache changed; the cache keeps its key.");
            qCInfo(lcCache) << "interrupted key rotation abandoned; file under the current key";
        }
        if (record.current != currentPrint || !record.next.isEmpty()) {
            if (auto recorded = writeKeyRecord(dataDir, {currentPrint, QString()}); !recorded)
                return std::unexpected(recorded.error());
        }
        return cache;
    }
    if (cache.error().code != Error::Code::WrongKey)
        return cache;

    // The current key does not open the file. A rotation may have re-encrypted it and stopped
    // before the keychain was told: the pending key then opens it, and the rotation finishes.
    const KeyVault::Lookup pending = vault.readKey(KeyVault::Slot::Pending);
    if (pending.state == KeyVault::State::Found && pending.key != current.key) {
        auto rotated = openFile(filePath, pending.key, false, pageCheck);
        if (rotated) {
            (*rotated)->m_openedWith = KeyVault::Slot::Pending;
            auto promoted = vault.storeKey(pending.key, KeyVault::Slot::Current);
            const KeyVault::Lookup check = vault.readKey();
            if (promoted && check.state == KeyVault::State::Found && check.key == pending.key) {
                vault.removeKey(KeyVault::Slot::Pending);
                writeKeyRecord(dataDir, {keyFingerprint(pending.key), QString()});
                (*rotated)->m_keyNote = QStringLiteral("A key rotation was interrupted after the "
                                                       "cache was re-encrypted; it is now "
                                                       "complete and the new key is current.");
            } else {
                (*rotated)->m_keyNote = QStringLiteral("The cache opened with the new key of an "
                                                       "interrupted rotation, but the keychain "
                                                       "could not be updated yet; CareDesk will "
                                                       "try again at the next start.");
            }
            qCInfo(lcCache) << "cache opened with the pending key of an interrupted rotation";
            return rotated;
        }
        if (rotated.error().code != Error::Code::WrongKey)
            return rotated;
    }

    if (record.matches(currentPrint) ||
        (pending.state == KeyVault::State::Found && record.matches(keyFingerprint(pending.key))))
        return std::unexpected(damaged(
            filePath, QStringLiteral("its first page fails its check, although the keychain "
                                     "holds the key this cache was made with")));
    if (record.known())
        return fail(Error::Code::WrongKey,
                    QStringLiteral("The entry for this cache in %1 holds a different key from "
                                   "the one the cache %2 was made with (it may have been "
                                   "overwritten, or restored from another machine). The file "
                                   "was not changed. Restore the keychain entry from its backup, "
                                   "or restore the cache from a CareDesk backup; do not delete "
                                   "the file.")
                        .arg(vault.describe(), filePath));
    return cache;
}

Result<QString> CacheDatabase::siteValue(const QString &key) const
{
    QSqlQuery query(connection());
    query.prepare(QStringLiteral("SELECT value FROM site WHERE key = ?"));
    query.addBindValue(key);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the site settings"), query);
    return query.next() ? query.value(0).toString() : QString();
}

VoidResult CacheDatabase::setSiteValue(const QString &key, const QString &value)
{
    QSqlQuery query(connection());
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO site (key, value) VALUES (?, ?)"));
    query.addBindValue(key);
    query.addBindValue(value);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Saving the site settings"), query);
    return {};
}

VoidResult CacheDatabase::migrate()
{
    QSqlDatabase db = connection();
    int version = schemaVersion();
    const auto &steps = schemaMigrations();
    if (version > int(steps.size()))
        return fail(Error::Code::Storage,
                    QStringLiteral("The cache was written by a newer CareDesk (schema %1; this "
                                   "build knows up to %2). Install the newer version.")
                        .arg(version)
                        .arg(steps.size()));
    while (version < int(steps.size())) {
        if (!db.transaction())
            return std::unexpected(
                storageError(QStringLiteral("Starting a migration"), db.lastError()));
        for (const QString &statement : steps.at(version)) {
            if (auto ran =
                    execOne(db, statement, QStringLiteral("Schema migration %1").arg(version + 1));
                !ran) {
                db.rollback();
                return ran;
            }
        }
        auto bumped = execOne(db, QStringLiteral("PRAGMA user_version = %1").arg(version + 1),
                              QStringLiteral("Recording the schema version"));
        if (!bumped || !db.commit()) {
            db.rollback();
            return fail(
                Error::Code::Storage,
                QStringLiteral("Schema migration %1 could not be committed.").arg(version + 1));
        }
        ++version;
        qCInfo(lcCache) << "schema migrated to version" << version;
    }
    return {};
}

VoidResult CacheDatabase::importPlaintext(const QString &legacyPath)
{
    QFile legacy(legacyPath);
    if (!legacy.open(QIODevice::ReadOnly) || !legacy.read(16).startsWith("SQLite format 3"))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1 is not a plaintext SQLite file.").arg(legacyPath));
    legacy.close();

    QSqlDatabase db = connection();
    QString quoted = legacyPath;
    quoted.replace(u'\'', QLatin1String("''"));
    if (auto attached =
            execOne(db, QStringLiteral("ATTACH DATABASE '%1' AS legacy KEY ''").arg(quoted),
                    QStringLiteral("Opening the legacy file"));
        !attached)
        return attached;
    auto detach = [&db] {
        execOne(db, QStringLiteral("DETACH DATABASE legacy"), QString());
    };

    const auto legacyCounts = rowCounts(db, QStringLiteral("legacy"));
    if (!legacyCounts) {
        detach();
        return std::unexpected(legacyCounts.error());
    }
    qint64 total = 0;
    for (auto it = legacyCounts->cbegin(); it != legacyCounts->cend(); ++it)
        total += it.value();
    if (total == 0) {
        detach();
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The legacy file %1 holds no rows; nothing was imported and "
                                   "the file was kept.")
                        .arg(legacyPath));
    }

    if (!db.transaction()) {
        detach();
        return std::unexpected(storageError(QStringLiteral("Starting the import"), db.lastError()));
    }
    for (auto it = legacyCounts->cbegin(); it != legacyCounts->cend(); ++it) {
        const QString name = it.key();
        auto copied = execOne(db,
                              QStringLiteral("CREATE TABLE main.\"legacy_%1\" AS SELECT * FROM "
                                             "legacy.\"%1\"")
                                  .arg(name),
                              QStringLiteral("Copying table %1").arg(name));
        if (!copied) {
            db.rollback();
            detach();
            return copied;
        }
    }
    const auto copiedCounts = rowCounts(db, QStringLiteral("main"));
    for (auto it = legacyCounts->cbegin(); it != legacyCounts->cend(); ++it) {
        const qint64 copied =
            copiedCounts ? copiedCounts->value(QStringLiteral("legacy_") + it.key(), -1) : -1;
        if (copied != it.value()) {
            db.rollback();
            detach();
            return fail(Error::Code::Integrity,
                        QStringLiteral("Table %1: %2 rows in the legacy file but %3 copied; the "
                                       "import was undone and the legacy file kept.")
                            .arg(it.key())
                            .arg(it.value())
                            .arg(copied));
        }
    }
    if (!db.commit()) {
        db.rollback();
        detach();
        return std::unexpected(
            storageError(QStringLiteral("Committing the import"), db.lastError()));
    }
    detach();
    return {};
}

} // namespace CareDesk
