// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QSqlResult>
#include <QStringList>

struct sqlite3;

namespace CareDesk {

// Qt SQL driver over libsqlcipher, registered as "QSQLCIPHER". The password given to
// QSqlDatabase::open() is the raw 256-bit key as 64 hex digits; it is applied with PRAGMA key
// before anything reads the file, then checked by reading the schema, so a wrong key fails at
// open() with nativeErrorCode "26" (SQLITE_NOTADB) and the message says so.
//
// Connect options (semicolon separated): QSQLCIPHER_PAGE_SIZE=N (default 4096; SQLCipher 3 needs
// it on every open), QSQLCIPHER_BUSY_TIMEOUT=ms (default 30000), QSQLCIPHER_OPEN_READONLY,
// QSQLCIPHER_NO_CREATE (fail rather than create a missing file).
//
// One connection belongs to one thread, as Qt SQL requires; the cache is in WAL mode, so
// connections in other threads read while one writes. hasFeature() claims only what
// tst_sqlcipherdriver exercises; the comments there and in hasFeature() say why the rest is off.
class SqlCipherDriver : public QSqlDriver
{
    Q_OBJECT
public:
    explicit SqlCipherDriver(QObject *parent = nullptr);
    ~SqlCipherDriver() override;

    bool hasFeature(DriverFeature feature) const override;
    bool open(const QString &db, const QString &user, const QString &password, const QString &host,
              int port, const QString &connectOptions) override;
    void close() override;
    QSqlResult *createResult() const override;
    bool beginTransaction() override;
    bool commitTransaction() override;
    bool rollbackTransaction() override;
    QStringList tables(QSql::TableType type) const override;
    QSqlRecord record(const QString &tableName) const override;
    QSqlIndex primaryIndex(const QString &tableName) const override;
    QString formatValue(const QSqlField &field, bool trimStrings = false) const override;
    bool cancelQuery() override;
    QString escapeIdentifier(const QString &identifier, IdentifierType type) const override;
    QVariant handle() const override;

    sqlite3 *connection() const { return m_db; }

private:
    bool execSimple(const QString &sql, const QString &what);
    void setOpenFailure(const QString &text, int sqliteCode);

    sqlite3 *m_db = nullptr;
};

// The settings each cache connection gets once its key is applied, in order. Kept here so the
// benchmark's plain SQLite baseline runs with exactly the same ones.
inline QStringList sqlCipherSessionPragmas(bool readOnly)
{
    QStringList pragmas{
        QStringLiteral("PRAGMA secure_delete = ON"), QStringLiteral("PRAGMA temp_store = MEMORY"),
        QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("PRAGMA synchronous = FULL"),
        // Every page read from disk is decrypted and every page written is encrypted: up to
        // 64 MiB of pages per connection keeps a bulk import's indexes in memory (default 2 MB).
        QStringLiteral("PRAGMA cache_size = -65536")};
    // Readers keep working while an import writes; the WAL file is encrypted like the cache.
    if (!readOnly)
        pragmas.append(QStringLiteral("PRAGMA journal_mode = WAL"));
    return pragmas;
}

// Held by an import for its transaction. Its inserts land in index pages all over a large
// cache; a page that falls out of the connection's page cache is decrypted again when next read
// and re-encrypted at every commit, which is most of what encryption costs a bulk import. Up to
// 256 MiB of pages are kept while it runs, and given back when it ends. Inline, so that the
// benchmark's plain SQLite baseline uses exactly the same.
class BulkPageCache
{
public:
    explicit BulkPageCache(const QSqlDatabase &db)
        : m_db(db)
    {
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA cache_size = -262144"));
    }
    ~BulkPageCache()
    {
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA cache_size = -65536"));
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA shrink_memory"));
    }
    BulkPageCache(const BulkPageCache &) = delete;
    BulkPageCache &operator=(const BulkPageCache &) = delete;

private:
    QSqlDatabase m_db;
};

// Registers QSQLCIPHER with QSqlDatabase. Safe to call more than once.
void registerSqlCipherDriver();

} // namespace CareDesk
