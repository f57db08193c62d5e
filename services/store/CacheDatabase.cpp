// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/CacheDatabase.h"

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

// Runs one statement; the error names what was being done.
VoidResult execOne(QSqlDatabase &db, const QString &sql, const QString &what)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return std::unexpected(storageError(what, query.lastError()));
    return {};
}

Result<QHash<QString, qint64>> tableCounts(QSqlDatabase &db, const QString &schema)
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

} // namespace

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
            const auto before = tableCounts(db, QStringLiteral("main"));
            const auto after = tableCounts(db, QStringLiteral("upgraded"));
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
                                          const QByteArray &key, int pageSize, bool mayCreate)
{
    registerSqlCipherDriver();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLCIPHER"), connectionName);
    db.setDatabaseName(filePath);
    QString options = QStringLiteral("QSQLCIPHER_PAGE_SIZE=%1").arg(pageSize);
    if (!mayCreate)
        options += QStringLiteral(";QSQLCIPHER_NO_CREATE");
    db.setConnectOptions(options);
    if (db.open(QString(), keyHex(key)))
        return db;

    const QSqlError error = db.lastError();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(connectionName);
    if (isNotADatabase(error))
        return fail(Error::Code::WrongKey,
                    QStringLiteral("The key does not open the cache file %1.").arg(filePath));
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
    return QMessageAuthenticationCode::hash(QByteArrayLiteral("caredesk audit chain v1"), m_key,
                                            QCryptographicHash::Sha256);
}

QString CacheDatabase::threadConnectionName() const
{
    // Thread ids are reused once a thread ends (a thread pool ends its threads when waited
    // for), so each thread gets a serial number that is never handed out again.
    static std::atomic<quint64> nextSerial{1};
    thread_local const quint64 threadSerial = nextSerial++;
    return m_connectionPrefix + u'-' + QString::number(threadSerial);
}

QSqlDatabase CacheDatabase::connection() const
{
    const QString name = threadConnectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    auto db = openCipherConnection(name, m_filePath, m_key, kPageSize, false);
    if (!db) {
        qCWarning(lcCache) << "could not open a connection for this thread";
        return QSqlDatabase();
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

Result<std::shared_ptr<CacheDatabase>>
CacheDatabase::openFile(const QString &filePath, const QByteArray &key, bool mayCreate)
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
    if (auto migrated = cache->migrate(); !migrated)
        return std::unexpected(migrated.error());
    QFile::setPermissions(filePath, QFile::ReadOwner | QFile::WriteOwner);
    cache->m_createdNow = !exists;
    return cache;
}

Result<std::shared_ptr<CacheDatabase>> CacheDatabase::open(const QString &dataDir, KeyVault &vault,
                                                           OpenMode mode)
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

    const bool cacheExists = QFileInfo(filePath).exists();
    // The audit checkpoint outlives a lost cache file: its presence means a cache was here.
    if (!cacheExists && dir.exists(QStringLiteral("audit-head")))
        return fail(Error::Code::NotFound,
                    QStringLiteral("The cache file %1 is missing, but this folder held a cache "
                                   "(its audit checkpoint is still there). CareDesk will not "
                                   "start an empty cache in its place: restore the file from a "
                                   "backup, or move the folder away to start afresh.")
                        .arg(filePath));

    KeyVault::Lookup lookup = vault.readKey();
    // With no cache and no checkpoint left, the folder starts afresh; an existing key for it is
    // reused, never replaced.
    if (lookup.state == KeyVault::State::Found)
        return openFile(filePath, lookup.key, !cacheExists);
    if (lookup.state != KeyVault::State::Missing || cacheExists)
        return std::unexpected(keychainError(lookup.state, vault.describe(), lookup.detail));

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
    return openFile(filePath, key, true);
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

    const auto legacyCounts = tableCounts(db, QStringLiteral("legacy"));
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
    const auto copiedCounts = tableCounts(db, QStringLiteral("main"));
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
