// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <unordered_map>
#include <utility>

namespace CareDesk {

// Prepared statements kept for the life of their owner, so that code run once per message or
// per record does not prepare the same SQL again each time (SQLite's prepare costs more than
// most of the statements it prepares). For one connection, on the thread that owns it; it holds
// no state of a transaction, so it may outlive savepoints rolled back under it.
class StatementCache
{
public:
    explicit StatementCache(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    // The statement for `sql`, prepared on first use (forward only). Bind values and exec() it;
    // finish() a SELECT whose rows were not all read, so that it does not keep a read of the
    // file open. The reference stays valid for the cache's life (a node-based map: other
    // statements prepared later do not move it). A statement that does not prepare is not
    // kept: what is returned then fails on exec() (as an unchecked prepare() did before), and
    // the next call tries to prepare it again.
    QSqlQuery &prepared(const QString &sql)
    {
        auto it = m_queries.find(sql);
        if (it != m_queries.end())
            return it->second;
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        if (!query.prepare(sql)) {
            m_failed = std::move(query);
            return m_failed;
        }
        return m_queries.emplace(sql, std::move(query)).first->second;
    }

private:
    QSqlDatabase m_db;
    std::unordered_map<QString, QSqlQuery> m_queries;
    QSqlQuery m_failed;
};

} // namespace CareDesk
