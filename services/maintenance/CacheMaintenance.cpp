// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/maintenance/CacheMaintenance.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/InUseLock.h"
#include "services/store/KeyVault.h"
#include "services/store/SqlFailure.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstdio>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcMaintenance, "caredesk.store.maintenance", QtInfoMsg)

namespace CareDesk {

namespace {

// scrypt at N = 2^15, r = 8, p = 1: about 32 MiB and a tenth of a second per try here, which
// makes guessing a passphrase for a stolen backup slow; the salt is the file's first 16 bytes.
constexpr quint64 kScryptN = quint64(1) << 15;
constexpr quint64 kScryptR = 8;
constexpr quint64 kScryptP = 1;
constexpr int kSaltBytes = 16;

QByteArray deriveBackupKey(const QByteArray &passphrase, const QByteArray &salt)
{
    QByteArray key(32, '\0');
    if (EVP_PBE_scrypt(passphrase.constData(), size_t(passphrase.size()),
                       reinterpret_cast<const unsigned char *>(salt.constData()),
                       size_t(salt.size()), kScryptN, kScryptR, kScryptP, 64 * 1024 * 1024,
                       reinterpret_cast<unsigned char *>(key.data()), size_t(key.size())) != 1)
        return {};
    return key;
}

QString sqlQuoted(const QString &path)
{
    QString quoted = path;
    quoted.replace(u'\'', QLatin1String("''"));
    return quoted;
}

VoidResult exec(QSqlDatabase &db, const QString &sql, const QString &what)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlFailure(what, query);
    return {};
}

qint64 total(const QHash<QString, qint64> &counts)
{
    qint64 sum = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        sum += it.value();
    return sum;
}

QString fileSha256(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

bool syncPath(const QString &path, bool directory)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

// Copies the schema "main" of db into a new file under key (raw 32 bytes, optionally followed
// by the salt to write into the file), carrying the schema version over, and proves the copy
// holds the same rows per table. The target file must not exist.
VoidResult exportCopy(QSqlDatabase &db, const QString &target, const QByteArray &keyAndSalt)
{
    if (auto attached = exec(db,
                             QStringLiteral("ATTACH DATABASE '%1' AS copy KEY \"x'%2'\"")
                                 .arg(sqlQuoted(target), QString::fromLatin1(keyAndSalt.toHex())),
                             QStringLiteral("Creating the copy"));
        !attached)
        return attached;
    auto detach =
        qScopeGuard([&db] { QSqlQuery(db).exec(QStringLiteral("DETACH DATABASE copy")); });
    if (auto paged = exec(
            db, QStringLiteral("PRAGMA copy.cipher_page_size = %1").arg(CacheDatabase::kPageSize),
            QStringLiteral("Setting the copy's page size"));
        !paged)
        return paged;
    // One read transaction: the counts and the copy see the same moment of a live cache.
    if (!db.transaction())
        return std::unexpected(storageError(QStringLiteral("Starting the copy"), db.lastError()));
    auto rollback = qScopeGuard([&db] { db.rollback(); });
    const auto before = CacheDatabase::rowCounts(db, QStringLiteral("main"));
    if (!before)
        return std::unexpected(before.error());
    if (auto copied = exec(db, QStringLiteral("SELECT sqlcipher_export('copy')"),
                           QStringLiteral("Copying the cache"));
        !copied)
        return copied;
    QSqlQuery version(db);
    const int schema = version.exec(QStringLiteral("PRAGMA main.user_version")) && version.next()
                           ? version.value(0).toInt()
                           : -1;
    version.finish();
    if (auto carried = exec(db, QStringLiteral("PRAGMA copy.user_version = %1").arg(schema),
                            QStringLiteral("Carrying the schema version over"));
        schema < 0 || !carried)
        return fail(Error::Code::Storage, QStringLiteral("Cannot carry the schema version over."));
    const auto after = CacheDatabase::rowCounts(db, QStringLiteral("copy"));
    if (!after)
        return std::unexpected(after.error());
    if (*before != *after)
        return fail(Error::Code::Integrity,
                    QStringLiteral("The copy does not hold the same rows as the cache (%1 rows "
                                   "against %2).")
                        .arg(total(*after))
                        .arg(total(*before)));
    rollback.dismiss();
    if (!db.commit())
        return std::unexpected(storageError(QStringLiteral("Finishing the copy"), db.lastError()));
    return {};
}

} // namespace

Result<QByteArray> readOwnerOnlySecret(const QString &path, const QString &what)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat info {
    };
    if (::lstat(native.constData(), &info) != 0)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Cannot read the %1 file %2.").arg(what, path));
    if (!S_ISREG(info.st_mode))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The %1 file %2 is not a regular file.").arg(what, path));
    if (info.st_uid != ::geteuid() || (info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return fail(Error::Code::Permission,
                    QStringLiteral("The %1 file %2 must belong to you and be readable by you "
                                   "only (chmod 600); CareDesk will not use it as it is.")
                        .arg(what, path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Cannot read the %1 file %2.").arg(what, path));
    QByteArray secret = file.read(4096);
    while (secret.endsWith('\n') || secret.endsWith('\r'))
        secret.chop(1);
    if (secret.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The %1 file %2 is empty.").arg(what, path));
    return secret;
}

QString BackupReport::describe() const
{
    return QStringLiteral("%1: %2 rows, %3 audit entries, schema %4, %5 bytes, sha256 %6")
        .arg(file)
        .arg(rows)
        .arg(auditEntries)
        .arg(schemaVersion)
        .arg(bytes)
        .arg(sha256);
}

CacheMaintenance::CacheMaintenance(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                                   AccessControl &access, Principal who)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_who(std::move(who))
    , m_actor(m_who.user)
{}

Result<QString> CacheMaintenance::rotateKey(KeyVault &vault)
{
    if (auto allowed = m_access.require(m_who, Permission::CacheMaintain); !allowed)
        return std::unexpected(allowed.error());
    InUseLock *lock = m_cache->inUseLock();
    if (!lock)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("A key rotation needs the cache opened from its folder."));
    if (auto alone = lock->makeExclusive(); !alone)
        return std::unexpected(alone.error());
    auto shareAgain = qScopeGuard([lock] { lock->makeShared(); });

    const QString dataDir = m_cache->dataDir();
    const KeyVault::Lookup current = vault.readKey();
    if (current.state != KeyVault::State::Found)
        return std::unexpected(vault.failure(current));
    const QByteArray newKey = CacheDatabase::newKey();
    if (newKey.size() != 32)
        return fail(Error::Code::Storage, QStringLiteral("The system random generator failed."));
    const QString oldPrint = keyFingerprint(current.key);
    const QString newPrint = keyFingerprint(newKey);

    // On the record before anything changes, inside the file about to be re-encrypted.
    if (auto audited =
            m_audit.append({m_actor, QStringLiteral("rotate-key"), QString(),
                            QStringLiteral("cache-key/") + oldPrint, QStringLiteral("started"),
                            QStringLiteral("to:") + newPrint});
        !audited)
        return std::unexpected(audited.error());

    // 1. The new key is safe in the vault before the file depends on it.
    if (auto stored = vault.storeKey(newKey, KeyVault::Slot::Pending); !stored)
        return std::unexpected(stored.error());
    const KeyVault::Lookup pending = vault.readKey(KeyVault::Slot::Pending);
    if (pending.state != KeyVault::State::Found || pending.key != newKey) {
        vault.removeKey(KeyVault::Slot::Pending);
        return fail(Error::Code::KeychainUnavailable,
                    QStringLiteral("The new key could not be read back from %1; the cache keeps "
                                   "its key.")
                        .arg(vault.describe()));
    }
    if (auto recorded = CacheDatabase::writeKeyRecord(dataDir, {oldPrint, newPrint}); !recorded)
        return std::unexpected(recorded.error());

    // 2. One transaction re-encrypts every page and proves the file reopens under the new key.
    if (auto rekeyed = m_cache->rekey(newKey); !rekeyed) {
        if (CacheDatabase::probe(m_cache->filePath(), current.key) == CacheDatabase::Probe::Opens) {
            vault.removeKey(KeyVault::Slot::Pending);
            CacheDatabase::writeKeyRecord(dataDir, {oldPrint, QString()});
            return fail(rekeyed.error().code,
                        rekeyed.error().message + QStringLiteral(" The cache keeps its old key."));
        }
        return fail(rekeyed.error().code,
                    rekeyed.error().message +
                        QStringLiteral(" Both keys are in %1; the next start finds which one "
                                       "opens the cache.")
                            .arg(vault.describe()));
    }

    // 3. Only now does the new key become current, and the old one go.
    const QString settleLater =
        QStringLiteral(" The cache is under the new key, which is kept in %1 as the pending key; "
                       "the next start completes the rotation.")
            .arg(vault.describe());
    if (auto promoted = vault.storeKey(newKey, KeyVault::Slot::Current); !promoted)
        return fail(promoted.error().code, promoted.error().message + settleLater);
    const KeyVault::Lookup check = vault.readKey();
    if (check.state != KeyVault::State::Found || check.key != newKey)
        return fail(Error::Code::KeychainUnavailable,
                    QStringLiteral("The new key could not be read back as the current key.") +
                        settleLater);
    vault.removeKey(KeyVault::Slot::Pending);
    CacheDatabase::writeKeyRecord(dataDir, {newPrint, QString()});
    if (auto audited =
            m_audit.append({m_actor, QStringLiteral("rotate-key"), QString(),
                            QStringLiteral("cache-key/") + newPrint, QStringLiteral("success"),
                            QStringLiteral("from:") + oldPrint});
        !audited)
        return std::unexpected(audited.error());
    qCInfo(lcMaintenance) << "cache key rotated";
    return QStringLiteral("The cache is now encrypted under a new key (%1, was %2), kept in %3; "
                          "the old key was removed.")
        .arg(newPrint, oldPrint, vault.describe());
}

Result<BackupReport> CacheMaintenance::backup(const QString &requested,
                                              const QByteArray &passphrase)
{
    if (auto allowed = m_access.require(m_who, Permission::CacheMaintain); !allowed)
        return std::unexpected(allowed.error());
    if (passphrase.size() < kMinPassphraseBytes)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("A backup passphrase must be at least %1 characters long.")
                        .arg(kMinPassphraseBytes));
    const QFileInfo targetInfo(requested);
    const QString target = targetInfo.absoluteFilePath();
    if (targetInfo.exists() || targetInfo.isSymLink())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1 already exists; CareDesk does not write a backup over "
                                   "another file. Choose a new name.")
                        .arg(target));
    if (!QFileInfo(targetInfo.absolutePath()).isDir())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The folder for the backup %1 does not exist.").arg(target));

    QByteArray salt(kSaltBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(salt.data()), kSaltBytes) != 1)
        return fail(Error::Code::Storage, QStringLiteral("The system random generator failed."));
    const QByteArray key = deriveBackupKey(passphrase, salt);
    if (key.isEmpty())
        return fail(Error::Code::Storage, QStringLiteral("Deriving the backup key failed."));

    const QString staging =
        target + QStringLiteral(".partial-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    auto removeStaging = qScopeGuard([&staging] {
        QFile::remove(staging);
        QFile::remove(staging + QStringLiteral("-journal"));
    });
    const QString name = QStringLiteral("caredesk-backup-") + QUuid::createUuid().toString();
    VoidResult copied;
    {
        auto opened = m_cache->openExportConnection(name);
        if (!opened)
            return std::unexpected(opened.error());
        copied = exportCopy(*opened, staging, key + salt);
        opened->close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!copied)
        return fail(copied.error().code,
                    QStringLiteral("The backup was not written: %1").arg(copied.error().message));
    QFile::setPermissions(staging, QFile::ReadOwner | QFile::WriteOwner);
    if (!syncPath(staging, false))
        return fail(Error::Code::Storage,
                    QStringLiteral("The backup could not be flushed to disk; it was removed."));

    // Proven by reading it back as a restore would, before it gets its name.
    auto report = inspectBackup(staging, passphrase);
    if (!report)
        return fail(Error::Code::Integrity,
                    QStringLiteral("The backup did not verify after writing (%1); it was "
                                   "removed.")
                        .arg(report.error().message));
    // link() never replaces: a file that appeared at the target meanwhile is left alone.
    if (::link(QFile::encodeName(staging).constData(), QFile::encodeName(target).constData()) != 0)
        return fail(Error::Code::Storage,
                    QStringLiteral("Cannot give the backup its name %1.").arg(target));
    syncPath(targetInfo.absolutePath(), true);
    report->file = target;
    if (auto audited = m_audit.append({m_actor, QStringLiteral("backup"), QString(),
                                       QStringLiteral("backup/sha256:") + report->sha256,
                                       QStringLiteral("success"),
                                       QStringLiteral("rows:%1").arg(report->rows)});
        !audited)
        return std::unexpected(audited.error());
    qCInfo(lcMaintenance) << "backup written and verified";
    return report;
}

Result<BackupReport> CacheMaintenance::inspectBackup(const QString &file,
                                                     const QByteArray &passphrase)
{
    const QFileInfo info(file);
    if (!info.isFile())
        return fail(Error::Code::NotFound, QStringLiteral("There is no backup file %1.").arg(file));
    if (info.size() < CacheDatabase::kPageSize || info.size() % 1024 != 0)
        return fail(Error::Code::Damaged,
                    QStringLiteral("%1 is not a whole CareDesk backup (%2 bytes; it may have been "
                                   "cut short).")
                        .arg(file)
                        .arg(info.size()));
    QFile handle(file);
    if (!handle.open(QIODevice::ReadOnly))
        return fail(Error::Code::InvalidInput, QStringLiteral("Cannot read %1.").arg(file));
    const QByteArray salt = handle.read(kSaltBytes);
    handle.close();
    if (salt.startsWith("SQLite format 3"))
        return fail(Error::Code::NotEncrypted,
                    QStringLiteral("%1 is a plaintext SQLite file, not an encrypted CareDesk "
                                   "backup.")
                        .arg(file));
    const QByteArray key = deriveBackupKey(passphrase, salt);
    if (key.isEmpty())
        return fail(Error::Code::Storage, QStringLiteral("Deriving the backup key failed."));

    const QString name = QStringLiteral("caredesk-backup-") + QUuid::createUuid().toString();
    auto forget = qScopeGuard([&name] { QSqlDatabase::removeDatabase(name); });
    auto opened = openCipherConnection(name, file, key, CacheDatabase::kPageSize, false, true);
    if (!opened) {
        if (opened.error().code == Error::Code::WrongKey)
            return fail(Error::Code::WrongKey,
                        QStringLiteral("The passphrase does not open %1, or it is not a CareDesk "
                                       "backup (or its first page is damaged).")
                            .arg(file));
        return std::unexpected(opened.error());
    }
    QSqlDatabase &db = *opened;
    auto close = qScopeGuard([&db] {
        db.close();
        db = QSqlDatabase();
    });
    if (auto checked = CacheDatabase::checkPages(db, file); !checked)
        return fail(Error::Code::Damaged,
                    QStringLiteral("The backup %1 is damaged: a page fails its check.").arg(file));

    BackupReport report;
    report.file = file;
    report.bytes = info.size();
    QSqlQuery query(db);
    if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
        report.schemaVersion = query.value(0).toInt();
    query.finish();
    if (report.schemaVersion < 1 || report.schemaVersion > CacheDatabase::kSchemaVersion)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1 holds schema version %2; this CareDesk reads 1 to %3.")
                        .arg(file)
                        .arg(report.schemaVersion)
                        .arg(CacheDatabase::kSchemaVersion));
    const auto counts = CacheDatabase::rowCounts(db, QStringLiteral("main"));
    if (!counts)
        return std::unexpected(counts.error());
    report.rows = total(*counts);

    QByteArray auditKey;
    if (query.exec(QStringLiteral("SELECT value FROM site WHERE key = 'audit-key'")) &&
        query.next())
        auditKey = QByteArray::fromHex(query.value(0).toString().toLatin1());
    query.finish();
    if (auditKey.size() != 32)
        return fail(Error::Code::Integrity,
                    QStringLiteral("%1 holds no audit trail key, so its trail cannot be checked.")
                        .arg(file));
    const AuditVerification trail = AuditLog::verifyChain(db, auditKey);
    if (!trail.intact)
        return fail(Error::Code::Integrity,
                    QStringLiteral("The audit trail inside the backup %1 is broken: %2")
                        .arg(file, trail.problem));
    report.auditEntries = trail.entries;
    report.sha256 = fileSha256(file);
    return report;
}

Result<BackupReport> CacheMaintenance::restore(const QString &dataDirIn, KeyVault &vault,
                                               const QString &file, const QByteArray &passphrase,
                                               const QString &actor, const Clock &clock)
{
    // The backup is proven whole before anything in the data folder is touched.
    auto report = inspectBackup(file, passphrase);
    if (!report)
        return fail(report.error().code,
                    report.error().message + QStringLiteral(" The cache was not changed."));

    const QString dataDir = QDir(dataDirIn).absolutePath();
    const QDir dir(dataDir);
    if (!dir.exists()) {
        if (!QDir().mkpath(dataDir))
            return fail(Error::Code::Storage,
                        QStringLiteral("Cannot create the data folder %1.").arg(dataDir));
        QFile::setPermissions(dataDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QLockFile openLock(dir.filePath(QStringLiteral(".caredesk-open.lock")));
    openLock.setStaleLockTime(60000);
    if (!openLock.tryLock(120000))
        return fail(
            Error::Code::Conflict,
            QStringLiteral("Another CareDesk process is opening the cache in %1.").arg(dataDir));
    auto alone = InUseLock::exclusive(dataDir);
    if (!alone)
        return std::unexpected(alone.error());

    const QString cachePath = dir.filePath(CacheDatabase::cacheFileName());
    const bool cacheExists = QFileInfo::exists(cachePath);
    KeyVault::Lookup lookup = vault.readKey();
    QByteArray key;
    if (lookup.state == KeyVault::State::Found) {
        key = lookup.key;
    } else if (lookup.state == KeyVault::State::Missing && !cacheExists) {
        // A new machine: no cache and no key, the one case where a key may be made.
        key = CacheDatabase::newKey();
        if (key.size() != 32)
            return fail(Error::Code::Storage,
                        QStringLiteral("The system random generator failed."));
        if (auto stored = vault.storeKey(key); !stored)
            return std::unexpected(stored.error());
        const KeyVault::Lookup check = vault.readKey();
        if (check.state != KeyVault::State::Found || check.key != key)
            return fail(Error::Code::KeychainUnavailable,
                        QStringLiteral("The new cache key could not be read back from %1; "
                                       "nothing was restored.")
                            .arg(vault.describe()));
    } else {
        return std::unexpected(vault.failure(lookup));
    }

    // The backup is copied into the data folder and checked again there (it cannot change
    // under us after that), then exported under the cache's key beside the cache, then swapped
    // in. The copy is opened for writing (an export needs that) and never the backup itself.
    const QString staging = cachePath + QStringLiteral(".restoring");
    const QString source = cachePath + QStringLiteral(".restore-source");
    const auto removeFamily = [](const QString &path) {
        for (const QString &suffix : {QString(), QStringLiteral("-journal"), QStringLiteral("-wal"),
                                      QStringLiteral("-shm")})
            QFile::remove(path + suffix);
    };
    removeFamily(staging);
    removeFamily(source);
    auto removeStaging = qScopeGuard([&] {
        removeFamily(staging);
        removeFamily(source);
    });
    if (!QFile::copy(file, source) || !syncPath(source, false))
        return fail(Error::Code::Storage,
                    QStringLiteral("Cannot copy the backup into %1; the cache was not changed.")
                        .arg(dataDir));
    QFile::setPermissions(source, QFile::ReadOwner | QFile::WriteOwner);
    if (auto again = inspectBackup(source, passphrase); !again || again->sha256 != report->sha256)
        return fail(Error::Code::Integrity,
                    QStringLiteral("The backup changed while it was being restored; the cache "
                                   "was not changed."));
    {
        QFile handle(source);
        handle.open(QIODevice::ReadOnly);
        const QByteArray backupKey = deriveBackupKey(passphrase, handle.read(kSaltBytes));
        handle.close();
        const QString name = QStringLiteral("caredesk-restore-") + QUuid::createUuid().toString();
        VoidResult copied;
        {
            auto opened =
                openCipherConnection(name, source, backupKey, CacheDatabase::kPageSize, true);
            if (!opened)
                return std::unexpected(opened.error());
            copied = exportCopy(*opened, staging, key);
            opened->close();
        }
        QSqlDatabase::removeDatabase(name);
        if (!copied)
            return fail(copied.error().code,
                        QStringLiteral("Restoring failed (%1); the cache was not changed.")
                            .arg(copied.error().message));
    }
    removeFamily(source);
    QFile::setPermissions(staging, QFile::ReadOwner | QFile::WriteOwner);
    if (!syncPath(staging, false) ||
        CacheDatabase::probe(staging, key) != CacheDatabase::Probe::Opens)
        return fail(Error::Code::Integrity,
                    QStringLiteral("The restored copy does not open with the cache key; the "
                                   "cache was not changed."));

    // The previous cache (damaged or not) is kept, with its write-ahead log, under a new name.
    if (cacheExists) {
        const QString kept = cachePath + QStringLiteral(".before-restore-") +
                             clock.now().toUTC().toString(QStringLiteral("yyyyMMddHHmmss"));
        if (::link(QFile::encodeName(cachePath).constData(), QFile::encodeName(kept).constData()) !=
            0)
            return fail(Error::Code::Storage,
                        QStringLiteral("Cannot keep the current cache as %1; nothing was "
                                       "restored.")
                            .arg(kept));
        const QString wal = cachePath + QStringLiteral("-wal");
        if (QFileInfo::exists(wal) && !QFile::rename(wal, kept + QStringLiteral("-wal")))
            return fail(Error::Code::Storage,
                        QStringLiteral("Cannot keep the current cache's log beside %1; nothing "
                                       "was restored.")
                            .arg(kept));
        QFile::remove(cachePath + QStringLiteral("-shm"));
    }
    if (std::rename(QFile::encodeName(staging).constData(),
                    QFile::encodeName(cachePath).constData()) != 0)
        return fail(Error::Code::Storage,
                    QStringLiteral("Cannot move the restored cache into place."));
    removeStaging.dismiss();
    syncPath(dataDir, true);
    vault.removeKey(KeyVault::Slot::Pending);
    CacheDatabase::writeKeyRecord(dataDir, {keyFingerprint(key), QString()});

    auto cache = CacheDatabase::openFile(cachePath, key, false);
    if (!cache)
        return std::unexpected(cache.error());
    AuditLog audit(*cache, clock, &vault);
    if (auto restarted = audit.restartCheckpoint(); !restarted)
        return std::unexpected(restarted.error());
    if (auto audited = audit.append(
            {actor, QStringLiteral("restore"), QString(),
             QStringLiteral("backup/sha256:") + report->sha256, QStringLiteral("success"),
             QStringLiteral("rows:%1;entries:%2").arg(report->rows).arg(report->auditEntries)});
        !audited)
        return std::unexpected(audited.error());
    qCInfo(lcMaintenance) << "cache restored from a verified backup";
    return report;
}

} // namespace CareDesk
