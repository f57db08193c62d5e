// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include "services/store/InUseLock.h"
#include "services/store/KeyVault.h"

#include <QByteArray>
#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <memory>

namespace CareDesk {

// The encrypted local cache: one SQLCipher file in the data folder, opened through QSQLCIPHER.
// Knows how to create it (only when no cache exists), open it, prove it is encrypted, and bring
// its schema up to date. Each thread gets its own connection from connection().
class CacheDatabase
{
public:
    static constexpr int kSchemaVersion = 13;
    static constexpr int kPageSize = 4096;

    ~CacheDatabase();
    CacheDatabase(const CacheDatabase &) = delete;
    CacheDatabase &operator=(const CacheDatabase &) = delete;

    enum class OpenMode { CreateIfMissing, ExistingOnly };
    // How much of an existing file is checked against its page HMACs before the open returns:
    // every page (the command line, maintenance), or the first, second and last pages with
    // the rest left to verifyAllPages() off the UI thread (the workstation's start).
    enum class PageCheck { Full, Sampled };

    // Finds the key in the vault and opens the cache in dataDir; creates key and cache only when
    // mode allows it, the vault has no entry, and nothing shows a cache was ever there. Every
    // other state is a clear error.
    static Result<std::shared_ptr<CacheDatabase>> open(const QString &dataDir, KeyVault &vault,
                                                       OpenMode mode = OpenMode::CreateIfMissing,
                                                       PageCheck check = PageCheck::Full);

    // Opens (or, when mayCreate and the file is absent, creates) the cache at filePath with key.
    static Result<std::shared_ptr<CacheDatabase>> openFile(const QString &filePath,
                                                           const QByteArray &key, bool mayCreate,
                                                           PageCheck check = PageCheck::Full);

    static QString cacheFileName() { return QStringLiteral("caredesk-cache.db"); }
    // Beside the cache: the fingerprint of the key the file is under ("current FP"), or both
    // during a rotation ("rotating OLD NEW"). Holds no secret.
    static QString keyRecordFileName() { return QStringLiteral("cache-key-id"); }
    struct KeyRecord {
        QString current;
        QString next; // set only while a rotation is under way
        bool known() const { return !current.isEmpty(); }
        bool matches(const QString &fingerprint) const
        {
            return fingerprint == current || (!next.isEmpty() && fingerprint == next);
        }
    };
    static KeyRecord readKeyRecord(const QString &dataDir);
    static VoidResult writeKeyRecord(const QString &dataDir, const KeyRecord &record);
    static QByteArray newKey(); // 32 bytes from OpenSSL's CSPRNG

    // A connection usable from the calling thread (created on first use in that thread).
    QSqlDatabase connection() const;
    // A connection of its own under name, on this file and key, that may create the files it
    // ATTACHes (the thread connections may not): for copies of the cache. The caller removes it.
    Result<QSqlDatabase> openExportConnection(const QString &name) const;
    // Drops the calling thread's connection; worker threads call this before they end.
    void releaseThreadConnection() const;

    QString filePath() const { return m_filePath; }
    // True when this open created the cache file (a first run).
    bool createdNow() const { return m_createdNow; }
    QString dataDir() const;
    // Key for the audit chain's HMAC, derived from the cache key; never stored in the database.
    QByteArray auditKey() const;
    int schemaVersion() const;

    // Which keychain slot opened the file, and anything the open settled on the way (an
    // interrupted key rotation finished or abandoned), for the log and the user; empty if none.
    KeyVault::Slot openedWith() const { return m_openedWith; }
    QString keyNote() const { return m_keyNote; }
    // The folder's in-use lock, held shared while this cache is open through open(); null for
    // files opened directly with openFile().
    InUseLock *inUseLock() const { return m_inUse.get(); }

    // Re-encrypts the whole file under newKey in one transaction (SQLCipher's rekey, with a
    // rollback journal so a crash leaves the old key's file), then proves a fresh connection
    // opens every page with the new key. Needs the only connection to the file: fails with
    // Conflict, changing nothing, while another process or thread has it open.
    VoidResult rekey(const QByteArray &newKey);

    // Checks every page of the file against its HMAC (CipherPageCheck), from any thread; a
    // Damaged error when one fails. Pages still only in the write-ahead log are not covered.
    // After a sampled open, nothing is folded from the write-ahead log into the file until this
    // has passed: on damage the file stays as it was, as long as the process then ends without
    // closing its connections (the last close would fold the log in).
    VoidResult verifyAllPages() const;
    bool fileWritesHeld() const { return m_holdCheckpoints.load(); }

    // Reads every page through SQLCipher (quick_check): a page whose HMAC fails, or a file cut
    // short, is reported as damage, never as a wrong key.
    static VoidResult checkPages(QSqlDatabase &db, const QString &filePath);
    // A message for a damaged cache file: what happened, that nothing was overwritten, and how
    // to restore from a backup.
    static Error damaged(const QString &filePath, const QString &what);
    // Rows per table of one attached schema ("main", or an attached copy), to prove a copy whole.
    static Result<QHash<QString, qint64>> rowCounts(QSqlDatabase &db, const QString &schema);
    // Why a file will not open: the key is wrong, or it was written with other cipher settings.
    enum class Probe { Opens, WrongKey, OtherCipherSettings, NotAFile };
    static Probe probe(const QString &filePath, const QByteArray &key);

    // Proves the cache is really encrypted: SQLCipher is the engine and the header is not plain.
    static VoidResult selfCheck(const QSqlDatabase &db, const QString &filePath);

    // Copies a plaintext SQLite file (legacy pilot build) into this cache, verifying row counts
    // per table before it reports success; the legacy file is left for the caller to remove.
    VoidResult importPlaintext(const QString &legacyPath);

    // Site facts stored in the cache (table "site"): empty when unset.
    Result<QString> siteValue(const QString &key) const;
    VoidResult setSiteValue(const QString &key, const QString &value);

    // Rewrites a cache written with SQLCipher 3's default settings (1 KiB pages) with the
    // current ones, after backing the file up beside itself; the original stays on any error.
    static VoidResult upgradeCipherSettings(const QString &filePath, const QByteArray &key);

private:
    CacheDatabase(QString filePath, QByteArray key);
    VoidResult migrate();
    VoidResult loadAuditKey();
    QString threadConnectionName() const;
    QByteArray key() const;
    static Result<std::shared_ptr<CacheDatabase>> openLocked(const QString &dataDir,
                                                             KeyVault &vault, PageCheck check);
    static Result<std::shared_ptr<CacheDatabase>> openExisting(const QString &dataDir,
                                                               KeyVault &vault, PageCheck check);
    static VoidResult checkAtOpen(QSqlDatabase &db, const QString &filePath, const QByteArray &key,
                                  PageCheck check);

    QString m_filePath;
    mutable QMutex m_keyMutex; // rekey() swaps the key other threads open connections with
    QByteArray m_key;
    QByteArray m_auditKey;
    QString m_connectionPrefix;
    bool m_createdNow = false;
    KeyVault::Slot m_openedWith = KeyVault::Slot::Current;
    QString m_keyNote;
    std::unique_ptr<InUseLock> m_inUse;
    // Set by a sampled open until verifyAllPages() passes; the connections that were opened
    // meanwhile have automatic checkpoints off, and get them back on their next use.
    mutable std::atomic<bool> m_holdCheckpoints{false};
    mutable QMutex m_heldMutex;
    mutable QSet<QString> m_heldConnections;
};

// Opens a QSQLCIPHER connection with the given key and page size under connectionName.
// readOnly: never writes to the file (nor creates a write-ahead log beside it).
Result<QSqlDatabase> openCipherConnection(const QString &connectionName, const QString &filePath,
                                          const QByteArray &key, int pageSize, bool mayCreate,
                                          bool readOnly = false);

} // namespace CareDesk
