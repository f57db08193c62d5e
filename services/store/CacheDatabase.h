// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace CareDesk {

class KeyVault;

// The encrypted local cache: one SQLCipher file in the data folder, opened through QSQLCIPHER.
// Knows how to create it (only when no cache exists), open it, prove it is encrypted, and bring
// its schema up to date. Each thread gets its own connection from connection().
class CacheDatabase
{
public:
    static constexpr int kSchemaVersion = 5;
    static constexpr int kPageSize = 4096;

    ~CacheDatabase();
    CacheDatabase(const CacheDatabase &) = delete;
    CacheDatabase &operator=(const CacheDatabase &) = delete;

    enum class OpenMode { CreateIfMissing, ExistingOnly };

    // Finds the key in the vault and opens the cache in dataDir; creates key and cache only when
    // mode allows it, the vault has no entry, and nothing shows a cache was ever there. Every
    // other state is a clear error.
    static Result<std::shared_ptr<CacheDatabase>> open(const QString &dataDir, KeyVault &vault,
                                                       OpenMode mode = OpenMode::CreateIfMissing);

    // Opens (or, when mayCreate and the file is absent, creates) the cache at filePath with key.
    static Result<std::shared_ptr<CacheDatabase>> openFile(const QString &filePath,
                                                           const QByteArray &key, bool mayCreate);

    static QString cacheFileName() { return QStringLiteral("caredesk-cache.db"); }
    static QByteArray newKey(); // 32 bytes from OpenSSL's CSPRNG

    // A connection usable from the calling thread (created on first use in that thread).
    QSqlDatabase connection() const;
    // Drops the calling thread's connection; worker threads call this before they end.
    void releaseThreadConnection() const;

    QString filePath() const { return m_filePath; }
    // True when this open created the cache file (a first run).
    bool createdNow() const { return m_createdNow; }
    QString dataDir() const;
    // Key for the audit chain's HMAC, derived from the cache key; never stored in the database.
    QByteArray auditKey() const;
    int schemaVersion() const;

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
    QString threadConnectionName() const;

    QString m_filePath;
    QByteArray m_key;
    QString m_connectionPrefix;
    bool m_createdNow = false;
};

// Opens a QSQLCIPHER connection with the given key and page size under connectionName.
Result<QSqlDatabase> openCipherConnection(const QString &connectionName, const QString &filePath,
                                          const QByteArray &key, int pageSize, bool mayCreate);

} // namespace CareDesk
