// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/SqlCipherDriver.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlField>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <mutex>

Q_LOGGING_CATEGORY(lcCipher, "caredesk.store.cipher", QtWarningMsg)

namespace CareDesk {

namespace {

QString sqliteMessage(sqlite3 *db, int code)
{
    if (code == SQLITE_NOTADB)
        return QStringLiteral("the key does not open this file, or it is not a CareDesk cache");
    if (db)
        return QString::fromUtf8(sqlite3_errmsg(db));
    return QString::fromUtf8(sqlite3_errstr(code));
}

QSqlError makeError(const QString &what, sqlite3 *db, int code, QSqlError::ErrorType type)
{
    return QSqlError(what, sqliteMessage(db, code), type, QString::number(code & 0xff));
}

QMetaType::Type columnMetaType(const char *declType)
{
    const QByteArray decl = QByteArray(declType ? declType : "").toUpper();
    if (decl.contains("INT"))
        return QMetaType::LongLong;
    if (decl.contains("REAL") || decl.contains("FLOA") || decl.contains("DOUB"))
        return QMetaType::Double;
    if (decl.contains("BLOB"))
        return QMetaType::QByteArray;
    return QMetaType::QString;
}

class SqlCipherResult : public QSqlResult
{
public:
    explicit SqlCipherResult(const SqlCipherDriver *driver)
        : QSqlResult(driver)
    {}
    ~SqlCipherResult() override { finalize(); }

    QVariant handle() const override { return QVariant::fromValue<void *>(m_stmt); }

protected:
    bool reset(const QString &query) override
    {
        if (!prepare(query))
            return false;
        return exec();
    }

    bool prepare(const QString &query) override
    {
        finalize();
        setActive(false);
        setAt(QSql::BeforeFirstRow);
        sqlite3 *db = connection();
        if (!db) {
            setLastError(QSqlError(QStringLiteral("The cache is not open"), QString(),
                                   QSqlError::ConnectionError));
            return false;
        }
        const QByteArray utf8 = query.toUtf8();
        const char *tail = nullptr;
        const int rc = sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &m_stmt, &tail);
        if (rc != SQLITE_OK) {
            setLastError(makeError(QStringLiteral("Could not prepare a statement"), db, rc,
                                   QSqlError::StatementError));
            finalize();
            return false;
        }
        if (tail && QByteArray(tail).trimmed().size() > 0) {
            setLastError(QSqlError(QStringLiteral("Could not prepare a statement"),
                                   QStringLiteral("only one statement may be run at a time"),
                                   QSqlError::StatementError));
            finalize();
            return false;
        }
        return true;
    }

    bool exec() override
    {
        if (!m_stmt) {
            setLastError(QSqlError(QStringLiteral("No statement to run"), QString(),
                                   QSqlError::StatementError));
            return false;
        }
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        m_rows.clear();
        m_current.clear();
        m_readRows = 0;
        m_pendingRow = false;
        m_done = false;
        m_rowsAffected = -1;
        m_lastInsertId.clear();
        setAt(QSql::BeforeFirstRow);

        const QVariantList values = boundValues();
        const int paramCount = sqlite3_bind_parameter_count(m_stmt);
        if (values.size() != paramCount) {
            setLastError(QSqlError(QStringLiteral("Wrong number of bound values"),
                                   QStringLiteral("the statement has %1 placeholders but %2 "
                                                  "values were bound")
                                       .arg(paramCount)
                                       .arg(values.size()),
                                   QSqlError::StatementError));
            return false;
        }
        for (int i = 0; i < paramCount; ++i) {
            const int rc = bindValue(i + 1, values.at(i));
            if (rc == SQLITE_RANGE) {
                setLastError(QSqlError(QStringLiteral("Could not bind value %1").arg(i + 1),
                                       QStringLiteral("the number is larger than the largest "
                                                      "64-bit signed integer SQLite can store"),
                                       QSqlError::StatementError, QString::number(rc)));
                return false;
            }
            if (rc != SQLITE_OK) {
                setLastError(makeError(QStringLiteral("Could not bind value %1").arg(i + 1),
                                       connection(), rc, QSqlError::StatementError));
                return false;
            }
        }

        buildRecord();
        sqlite3 *db = connection();
        const int totalBefore = sqlite3_total_changes(db);
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) {
            m_pendingRow = true;
        } else if (rc == SQLITE_DONE) {
            m_done = true;
        } else {
            setLastError(makeError(QStringLiteral("Could not run a statement"), connection(), rc,
                                   QSqlError::StatementError));
            sqlite3_reset(m_stmt);
            return false;
        }
        setSelect(sqlite3_column_count(m_stmt) > 0);
        // sqlite3_changes() keeps the count of the last statement that changed rows, whatever
        // ran since: only a statement that changed something reports a count or an id.
        const bool changed = sqlite3_total_changes(db) != totalBefore;
        m_rowsAffected = isSelect() ? -1 : (changed ? sqlite3_changes(db) : 0);
        m_lastInsertId = changed && !isSelect() && isInsert(m_stmt)
                             ? QVariant(qint64(sqlite3_last_insert_rowid(db)))
                             : QVariant();
        setActive(true);
        return true;
    }

    bool fetch(int index) override
    {
        if (index < 0)
            return false;
        // Rows already read are kept for random access unless the query is forward-only.
        if (index < m_rows.size() && !isForwardOnly()) {
            setAt(index);
            m_current = m_rows.at(index);
            return true;
        }
        while (readCount() <= index) {
            if (!stepRow())
                return false;
        }
        setAt(index);
        return true;
    }

    bool fetchNext() override { return fetch(at() < 0 ? 0 : at() + 1); }
    bool fetchFirst() override { return fetch(0); }
    bool fetchPrevious() override { return fetch(at() - 1); }

    bool fetchLast() override
    {
        while (stepRow()) {
        }
        if (readCount() == 0)
            return false;
        if (isForwardOnly()) {
            setAt(readCount() - 1);
            return true;
        }
        return fetch(readCount() - 1);
    }

    QVariant data(int column) override
    {
        if (column < 0 || column >= m_current.size())
            return QVariant();
        return m_current.at(column);
    }

    bool isNull(int column) override { return data(column).isNull(); }
    int size() override { return -1; }
    int numRowsAffected() override { return m_rowsAffected; }
    QSqlRecord record() const override { return isSelect() ? m_record : QSqlRecord(); }

    QVariant lastInsertId() const override { return m_lastInsertId; }

    // Releases the statement's read of the file (QSqlQuery::finish(), and QSqlTableModel before
    // it writes). Rows already read stay readable; nothing further is read, because a reset
    // statement would start again from its first row.
    void detachFromResultSet() override
    {
        if (m_stmt)
            sqlite3_reset(m_stmt);
        m_pendingRow = false;
        m_done = true;
    }

private:
    sqlite3 *connection() const
    {
        auto *d = static_cast<const SqlCipherDriver *>(driver());
        return d ? d->connection() : nullptr;
    }

    int readCount() const { return m_readRows; }

    void finalize()
    {
        if (m_stmt) {
            sqlite3_finalize(m_stmt);
            m_stmt = nullptr;
        }
        m_rows.clear();
        m_readRows = 0;
        m_pendingRow = false;
        m_done = false;
    }

    int bindValue(int index, const QVariant &value)
    {
        if (value.isNull())
            return sqlite3_bind_null(m_stmt, index);
        switch (value.typeId()) {
        case QMetaType::Bool:
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::Long:
        case QMetaType::Short:
        case QMetaType::Char:
        case QMetaType::UChar:
            return sqlite3_bind_int64(m_stmt, index, value.toLongLong());
        case QMetaType::ULongLong:
        case QMetaType::ULong:
            // SQLite integers are signed 64-bit: a larger value would come back negative.
            if (value.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
                return SQLITE_RANGE;
            return sqlite3_bind_int64(m_stmt, index, qint64(value.toULongLong()));
        case QMetaType::Double:
        case QMetaType::Float:
            return sqlite3_bind_double(m_stmt, index, value.toDouble());
        case QMetaType::QByteArray: {
            const QByteArray bytes = value.toByteArray();
            return sqlite3_bind_blob64(m_stmt, index, bytes.constData(),
                                       sqlite3_uint64(bytes.size()), SQLITE_TRANSIENT);
        }
        // Dates and times are stored as ISO 8601 text, date-times in UTC, so text order is
        // time order and SQLite's date functions read them.
        case QMetaType::QDateTime:
            return bindText(index, value.toDateTime().toUTC().toString(Qt::ISODateWithMs));
        case QMetaType::QDate:
            return bindText(index, value.toDate().toString(Qt::ISODate));
        case QMetaType::QTime:
            return bindText(index, value.toTime().toString(Qt::ISODateWithMs));
        default:
            return bindText(index, value.toString());
        }
    }

    int bindText(int index, const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        return sqlite3_bind_text64(m_stmt, index, utf8.constData(), sqlite3_uint64(utf8.size()),
                                   SQLITE_TRANSIENT, SQLITE_UTF8);
    }

    void buildRecord()
    {
        m_record.clear();
        const int columns = sqlite3_column_count(m_stmt);
        for (int i = 0; i < columns; ++i) {
            const QString name = QString::fromUtf8(sqlite3_column_name(m_stmt, i));
            const QString table = QString::fromUtf8(sqlite3_column_table_name(m_stmt, i));
            QSqlField field(name, QMetaType(columnMetaType(sqlite3_column_decltype(m_stmt, i))),
                            table);
            m_record.append(field);
        }
    }

    QVariantList readRow() const
    {
        QVariantList row;
        const int columns = sqlite3_column_count(m_stmt);
        row.reserve(columns);
        for (int i = 0; i < columns; ++i) {
            switch (sqlite3_column_type(m_stmt, i)) {
            case SQLITE_NULL:
                row.append(QVariant(m_record.field(i).metaType()));
                break;
            case SQLITE_INTEGER:
                if (numericalPrecisionPolicy() == QSql::LowPrecisionInt32)
                    row.append(QVariant(sqlite3_column_int(m_stmt, i)));
                else
                    row.append(QVariant(qint64(sqlite3_column_int64(m_stmt, i))));
                break;
            case SQLITE_FLOAT:
                row.append(floatValue(sqlite3_column_double(m_stmt, i)));
                break;
            case SQLITE_BLOB: {
                const auto *bytes = static_cast<const char *>(sqlite3_column_blob(m_stmt, i));
                row.append(QVariant(QByteArray(bytes, sqlite3_column_bytes(m_stmt, i))));
                break;
            }
            default: {
                const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, i));
                row.append(QVariant(QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, i))));
                break;
            }
            }
        }
        return row;
    }

    // SQLite's REAL is an IEEE double, so HighPrecision needs no string; the low precision
    // policies truncate towards zero, as QVariant's conversions do.
    QVariant floatValue(double value) const
    {
        switch (numericalPrecisionPolicy()) {
        case QSql::LowPrecisionInt32:
            return QVariant(int(value));
        case QSql::LowPrecisionInt64:
            return QVariant(qint64(value));
        default:
            return QVariant(value);
        }
    }

    static bool isInsert(sqlite3_stmt *stmt)
    {
        const QByteArray sql = QByteArray(sqlite3_sql(stmt)).trimmed().left(7).toUpper();
        return sql.startsWith("INSERT") || sql.startsWith("REPLACE");
    }

    // Moves the cursor to the next row of the statement; false at the end or on error.
    bool stepRow()
    {
        if (!m_stmt || !isSelect())
            return false;
        if (!m_pendingRow) {
            if (m_done)
                return false;
            const int rc = sqlite3_step(m_stmt);
            if (rc == SQLITE_DONE) {
                m_done = true;
                return false;
            }
            if (rc != SQLITE_ROW) {
                setLastError(makeError(QStringLiteral("Could not read a row"), connection(), rc,
                                       QSqlError::StatementError));
                m_done = true;
                return false;
            }
        }
        m_pendingRow = false;
        m_current = readRow();
        if (!isForwardOnly())
            m_rows.append(m_current);
        ++m_readRows;
        return true;
    }

    sqlite3_stmt *m_stmt = nullptr;
    QSqlRecord m_record;
    QList<QVariantList> m_rows;
    QVariantList m_current;
    int m_readRows = 0;
    int m_rowsAffected = -1;
    QVariant m_lastInsertId;
    bool m_pendingRow = false;
    bool m_done = false;
};

class SqlCipherDriverCreator : public QSqlDriverCreatorBase
{
public:
    QSqlDriver *createObject() const override { return new SqlCipherDriver; }
};

} // namespace

SqlCipherDriver::SqlCipherDriver(QObject *parent)
    : QSqlDriver(parent)
{}

SqlCipherDriver::~SqlCipherDriver()
{
    close();
}

bool SqlCipherDriver::hasFeature(DriverFeature feature) const
{
    switch (feature) {
    case Transactions:
    case PreparedQueries:
    case PositionalPlaceholders:
    case Unicode:
    case BLOB:
    case LastInsertId:
    case FinishQuery:
    case LowPrecisionNumbers:
    case CancelQuery:
        return true;
    // A statement still reading a table keeps it from being dropped or altered on its
    // connection: the table model lets go of its read before it writes.
    case SimpleLocking:
        return true;
    // SQLite knows the number of rows only once it has stepped through them all.
    case QuerySize:
    // Qt binds ":name" placeholders as positions for us, repeated names included; SQLite counts
    // a repeated name once, which would not match Qt's list of values.
    case NamedPlaceholders:
    // Qt runs a batch one row at a time through exec(), which is all SQLite could do too.
    case BatchOperations:
    // No update hook: changes made by other connections would go unseen.
    case EventNotifications:
    // One statement per query; prepare() refuses a second one.
    case MultipleResultSets:
        return false;
    }
    return false;
}

void SqlCipherDriver::setOpenFailure(const QString &text, int sqliteCode)
{
    setLastError(makeError(text, m_db, sqliteCode, QSqlError::ConnectionError));
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
    setOpen(false);
    setOpenError(true);
}

bool SqlCipherDriver::execSimple(const QString &sql, const QString &what)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) {
        setOpenFailure(what, rc);
        return false;
    }
    return true;
}

bool SqlCipherDriver::open(const QString &db, const QString &, const QString &password,
                           const QString &, int, const QString &connectOptions)
{
    if (isOpen())
        close();

    int pageSize = 4096;
    int busyTimeout = 30000;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    const QStringList options = connectOptions.split(u';', Qt::SkipEmptyParts);
    for (const QString &rawOption : options) {
        const QString option = rawOption.trimmed();
        if (option.startsWith(QLatin1String("QSQLCIPHER_PAGE_SIZE=")))
            pageSize = option.section(u'=', 1).toInt();
        else if (option.startsWith(QLatin1String("QSQLCIPHER_BUSY_TIMEOUT=")))
            busyTimeout = option.section(u'=', 1).toInt();
        else if (option == QLatin1String("QSQLCIPHER_OPEN_READONLY"))
            flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
        else if (option == QLatin1String("QSQLCIPHER_NO_CREATE"))
            flags &= ~SQLITE_OPEN_CREATE;
    }

    static const QRegularExpression hexKey(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (!hexKey.match(password).hasMatch()) {
        // Refuse rather than open a plaintext or passphrase-keyed file.
        setLastError(QSqlError(QStringLiteral("Cannot open the encrypted cache"),
                               QStringLiteral("the cache key must be 256 bits given as 64 hex "
                                              "digits; no key was given or it is malformed"),
                               QSqlError::ConnectionError, QStringLiteral("26")));
        setOpenError(true);
        return false;
    }

    const int rc = sqlite3_open_v2(db.toUtf8().constData(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        setOpenFailure(QStringLiteral("Cannot open the cache file"), rc);
        return false;
    }
    sqlite3_extended_result_codes(m_db, 0);
    sqlite3_busy_timeout(m_db, busyTimeout);

    // The raw key skips the passphrase KDF; the page size must follow the key on every open.
    const QString keySql = QStringLiteral("PRAGMA key = \"x'%1'\"").arg(password);
    if (!execSimple(keySql, QStringLiteral("Cannot apply the cache key")))
        return false;
    if (!execSimple(QStringLiteral("PRAGMA cipher_page_size = %1").arg(pageSize),
                    QStringLiteral("Cannot set the cipher page size")))
        return false;
    // A wrong key shows up here, on the first read of the file.
    if (!execSimple(QStringLiteral("SELECT count(*) FROM sqlite_master"),
                    QStringLiteral("Cannot unlock the encrypted cache")))
        return false;
    const QStringList pragmas = sqlCipherSessionPragmas((flags & SQLITE_OPEN_READONLY) != 0);
    for (const QString &pragma : pragmas) {
        if (!execSimple(pragma, QStringLiteral("Cannot apply the cache setting \"%1\"")
                                    .arg(pragma.section(u' ', 1, 1))))
            return false;
    }

    setOpen(true);
    setOpenError(false);
    qCDebug(lcCipher) << "opened cache";
    return true;
}

void SqlCipherDriver::close()
{
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
    if (isOpen()) {
        setOpen(false);
        setOpenError(false);
    }
}

QSqlResult *SqlCipherDriver::createResult() const
{
    return new SqlCipherResult(this);
}

bool SqlCipherDriver::beginTransaction()
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) {
        setLastError(makeError(QStringLiteral("Could not start a transaction"), m_db, rc,
                               QSqlError::TransactionError));
        return false;
    }
    return true;
}

bool SqlCipherDriver::commitTransaction()
{
    const int rc = sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        setLastError(makeError(QStringLiteral("Could not commit a transaction"), m_db, rc,
                               QSqlError::TransactionError));
        return false;
    }
    return true;
}

bool SqlCipherDriver::rollbackTransaction()
{
    const int rc = sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        setLastError(makeError(QStringLiteral("Could not roll back a transaction"), m_db, rc,
                               QSqlError::TransactionError));
        return false;
    }
    return true;
}

QStringList SqlCipherDriver::tables(QSql::TableType type) const
{
    QStringList names;
    if (!isOpen())
        return names;
    QString sql;
    if (type & QSql::Tables)
        sql = QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                             "AND name NOT LIKE 'sqlite_%'");
    if (type & QSql::Views)
        sql += (sql.isEmpty() ? QString() : QStringLiteral(" UNION ALL ")) +
               QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'view'");
    if (type & QSql::SystemTables)
        sql += (sql.isEmpty() ? QString() : QStringLiteral(" UNION ALL ")) +
               QStringLiteral("SELECT 'sqlite_master'");
    if (sql.isEmpty())
        return names;
    QSqlQuery query(createResult());
    query.setForwardOnly(true);
    if (query.exec(sql)) {
        while (query.next())
            names.append(query.value(0).toString());
    }
    return names;
}

namespace {

// One row per column of PRAGMA table_info: cid, name, type, notnull, dflt_value, pk.
struct ColumnInfo {
    QString name;
    QByteArray declaredType;
    bool notNull = false;
    QVariant defaultValue;
    int primaryKeyPosition = 0; // 1-based position in the primary key, 0 when not part of it
};

QList<ColumnInfo> tableInfo(const SqlCipherDriver &driver, const QString &tableName)
{
    QList<ColumnInfo> columns;
    QSqlQuery query(driver.createResult());
    query.setForwardOnly(true);
    const QString sql = QStringLiteral("PRAGMA table_info(%1)")
                            .arg(driver.escapeIdentifier(tableName, QSqlDriver::TableName));
    if (!query.exec(sql))
        return columns;
    while (query.next()) {
        ColumnInfo column;
        column.name = query.value(1).toString();
        column.declaredType = query.value(2).toString().toUtf8();
        column.notNull = query.value(3).toInt() != 0;
        column.defaultValue = query.value(4);
        column.primaryKeyPosition = query.value(5).toInt();
        columns.append(column);
    }
    return columns;
}

} // namespace

QSqlRecord SqlCipherDriver::record(const QString &tableName) const
{
    QSqlRecord result;
    if (!isOpen())
        return result;
    const QString table = stripDelimiters(tableName, TableName);
    const QList<ColumnInfo> columns = tableInfo(*this, tableName);
    int keyColumns = 0;
    for (const ColumnInfo &column : columns)
        keyColumns += column.primaryKeyPosition > 0 ? 1 : 0;
    for (const ColumnInfo &column : columns) {
        QSqlField field(column.name, QMetaType(columnMetaType(column.declaredType.constData())),
                        table);
        field.setRequiredStatus(column.notNull ? QSqlField::Required : QSqlField::Optional);
        if (!column.defaultValue.isNull())
            field.setDefaultValue(column.defaultValue);
        // A lone INTEGER PRIMARY KEY is the rowid: SQLite fills it in on insert.
        field.setAutoValue(keyColumns == 1 && column.primaryKeyPosition == 1 &&
                           column.declaredType.toUpper() == "INTEGER");
        result.append(field);
    }
    return result;
}

QSqlIndex SqlCipherDriver::primaryIndex(const QString &tableName) const
{
    const QString table = stripDelimiters(tableName, TableName);
    QSqlIndex index(table, QStringLiteral("primary key"));
    if (!isOpen())
        return index;
    const QSqlRecord fields = record(tableName);
    QList<ColumnInfo> columns = tableInfo(*this, tableName);
    columns.removeIf([](const ColumnInfo &column) { return column.primaryKeyPosition == 0; });
    std::sort(columns.begin(), columns.end(), [](const ColumnInfo &a, const ColumnInfo &b) {
        return a.primaryKeyPosition < b.primaryKeyPosition;
    });
    for (const ColumnInfo &column : columns)
        index.append(fields.field(column.name));
    return index;
}

QString SqlCipherDriver::formatValue(const QSqlField &field, bool trimStrings) const
{
    if (field.isNull())
        return QStringLiteral("NULL");
    const QVariant value = field.value();
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        // A blob literal; Qt's default writes bare hex digits, which SQLite would read as text.
        return QStringLiteral("X'%1'").arg(QString::fromLatin1(value.toByteArray().toHex()));
    case QMetaType::Double:
    case QMetaType::Float:
        // Seventeen significant digits read back as the same double.
        return QString::number(value.toDouble(), 'g', 17);
    case QMetaType::QDateTime:
    case QMetaType::QDate:
    case QMetaType::QTime: {
        // The same text exec() binds for these types.
        QString text = value.typeId() == QMetaType::QDateTime
                           ? value.toDateTime().toUTC().toString(Qt::ISODateWithMs)
                       : value.typeId() == QMetaType::QDate
                           ? value.toDate().toString(Qt::ISODate)
                           : value.toTime().toString(Qt::ISODateWithMs);
        return u'\'' + text + u'\'';
    }
    default:
        return QSqlDriver::formatValue(field, trimStrings);
    }
}

bool SqlCipherDriver::cancelQuery()
{
    // sqlite3_interrupt may be called from any thread; the running statement fails with
    // SQLITE_INTERRUPT and its transaction, if any, is rolled back by SQLite.
    if (!m_db)
        return false;
    sqlite3_interrupt(m_db);
    return true;
}

QString SqlCipherDriver::escapeIdentifier(const QString &identifier, IdentifierType type) const
{
    // Qt passes names through here more than once (a table model's table, then its record).
    if (identifier.size() > 1 && isIdentifierEscaped(identifier, type))
        return identifier;
    QString escaped = identifier;
    escaped.replace(u'"', QLatin1String("\"\""));
    return u'"' + escaped + u'"';
}

QVariant SqlCipherDriver::handle() const
{
    return QVariant::fromValue<void *>(m_db);
}

void registerSqlCipherDriver()
{
    static std::once_flag once;
    std::call_once(once, [] {
        QSqlDatabase::registerSqlDriver(QStringLiteral("QSQLCIPHER"), new SqlCipherDriverCreator);
    });
}

} // namespace CareDesk
