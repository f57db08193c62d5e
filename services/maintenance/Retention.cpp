// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/maintenance/Retention.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcRetention, "caredesk.store.retention", QtInfoMsg)

namespace CareDesk {

namespace {

// A hold's reason is free text and stays in the cache; the audit entry carries its digest.
QString reasonDigest(const QString &reason)
{
    return QStringLiteral("reason-sha256:") +
           QString::fromLatin1(
               QCryptographicHash::hash(reason.toUtf8(), QCryptographicHash::Sha256).toHex());
}

VoidResult checkReason(const QString &reason)
{
    const QString trimmed = reason.trimmed();
    if (trimmed.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("A legal hold needs a reason (for example a case number)."));
    if (trimmed.size() > 500)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("A legal hold's reason is at most 500 characters."));
    return {};
}

} // namespace

QString PurgeReport::describe() const
{
    return QStringLiteral("purged %1 closed item(s) resolved before %2; %3 kept by a legal hold")
        .arg(itemsPurged)
        .arg(cutoff.toString(Qt::ISODate))
        .arg(itemsHeld);
}

Retention::Retention(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                     const Clock &clock)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_clock(clock)
{}

Result<PurgeReport> Retention::purge(int olderThanDays, const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::RetentionManage); !allowed)
        return std::unexpected(allowed.error());
    const QString &actor = who.user;
    if (olderThanDays < kMinimumDays)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The retention period must be at least %1 day(s); got %2.")
                        .arg(kMinimumDays)
                        .arg(olderThanDays));
    PurgeReport report;
    report.cutoff = m_clock.now().addDays(-olderThanDays);
    const QString cutoff = toStorageTime(report.cutoff);

    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return std::unexpected(storageError(QStringLiteral("Starting the purge"), db.lastError()));
    auto rollback = qScopeGuard([&db] { db.rollback(); });

    QSqlQuery held(db);
    held.prepare(QStringLiteral("SELECT count(*) FROM triage_items t WHERE t.status = 'resolved' "
                                "AND t.resolved_at < ? AND t.master_id IN "
                                "(SELECT master_id FROM legal_holds)"));
    held.addBindValue(cutoff);
    if (!held.exec() || !held.next())
        return sqlFailure(QStringLiteral("Counting held items"), held);
    report.itemsHeld = held.value(0).toInt();
    held.finish();

    QSqlQuery due(db);
    due.setForwardOnly(true);
    due.prepare(QStringLiteral("SELECT t.id, t.master_id, t.communication_id FROM triage_items t "
                               "WHERE t.status = 'resolved' AND t.resolved_at < ? AND "
                               "t.master_id NOT IN (SELECT master_id FROM legal_holds) "
                               "ORDER BY t.id"));
    due.addBindValue(cutoff);
    if (!due.exec())
        return sqlFailure(QStringLiteral("Finding items past the retention period"), due);
    struct Due {
        qint64 id;
        QString masterId;
        QString communicationId;
    };
    QList<Due> items;
    while (due.next())
        items.append({due.value(0).toLongLong(), due.value(1).toString(), due.value(2).toString()});
    due.finish();

    for (const Due &item : items) {
        QSqlQuery remove(db);
        remove.prepare(QStringLiteral("DELETE FROM triage_items WHERE id = ?"));
        remove.addBindValue(item.id);
        if (!remove.exec())
            return sqlFailure(QStringLiteral("Removing a closed item"), remove);
        remove.prepare(QStringLiteral("DELETE FROM replies WHERE communication_id = ?"));
        remove.addBindValue(item.communicationId);
        if (!remove.exec())
            return sqlFailure(QStringLiteral("Removing a closed item's reply"), remove);
        if (auto audited = m_audit.appendInTransaction(
                db, {actor, QStringLiteral("purge"), item.masterId,
                     QStringLiteral("triage-item/%1").arg(item.id), QStringLiteral("success"),
                     QStringLiteral("retention-days:%1").arg(olderThanDays)});
            !audited)
            return std::unexpected(audited.error());
    }
    if (auto audited =
            m_audit.appendInTransaction(db, {actor, QStringLiteral("purge-run"), QString(),
                                             QStringLiteral("retention"), QStringLiteral("success"),
                                             QStringLiteral("retention-days:%1;purged:%2;held:%3")
                                                 .arg(olderThanDays)
                                                 .arg(items.size())
                                                 .arg(report.itemsHeld)});
        !audited)
        return std::unexpected(audited.error());
    rollback.dismiss();
    if (!db.commit()) {
        db.rollback();
        return std::unexpected(
            storageError(QStringLiteral("Committing the purge"), db.lastError()));
    }
    report.itemsPurged = int(items.size());
    qCInfo(lcRetention) << "purge removed" << report.itemsPurged << "items";
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return report;
}

VoidResult Retention::placeHold(const QString &masterId, const QString &reason,
                                const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::RetentionManage, masterId); !allowed)
        return allowed;
    const QString &actor = who.user;
    if (auto checked = checkReason(reason); !checked)
        return checked;
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return std::unexpected(storageError(QStringLiteral("Placing a hold"), db.lastError()));
    auto rollback = qScopeGuard([&db] { db.rollback(); });
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT 1 FROM patients WHERE master_id = ?"));
    query.addBindValue(masterId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Finding the patient"), query);
    if (!query.next())
        return fail(Error::Code::NotFound,
                    QStringLiteral("There is no patient with master ID %1.").arg(masterId));
    query.finish();
    query.prepare(QStringLiteral("SELECT 1 FROM legal_holds WHERE master_id = ?"));
    query.addBindValue(masterId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading legal holds"), query);
    if (query.next())
        return fail(Error::Code::Conflict,
                    QStringLiteral("Patient %1 is already under a legal hold.").arg(masterId));
    query.finish();
    query.prepare(QStringLiteral("INSERT INTO legal_holds (master_id, reason, placed_by, "
                                 "placed_at) VALUES (?, ?, ?, ?)"));
    query.addBindValue(masterId);
    query.addBindValue(reason.trimmed());
    query.addBindValue(actor);
    query.addBindValue(toStorageTime(m_clock.now()));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Placing a hold"), query);
    if (auto audited = m_audit.appendInTransaction(
            db, {actor, QStringLiteral("hold-place"), masterId,
                 QStringLiteral("legal-hold/") + masterId, QStringLiteral("success"),
                 reasonDigest(reason.trimmed())});
        !audited)
        return audited;
    rollback.dismiss();
    if (!db.commit()) {
        db.rollback();
        return std::unexpected(storageError(QStringLiteral("Placing a hold"), db.lastError()));
    }
    return m_audit.checkpoint();
}

VoidResult Retention::releaseHold(const QString &masterId, const QString &reason,
                                  const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::RetentionManage, masterId); !allowed)
        return allowed;
    const QString &actor = who.user;
    if (auto checked = checkReason(reason); !checked)
        return checked;
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return std::unexpected(storageError(QStringLiteral("Releasing a hold"), db.lastError()));
    auto rollback = qScopeGuard([&db] { db.rollback(); });
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM legal_holds WHERE master_id = ?"));
    query.addBindValue(masterId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Releasing a hold"), query);
    if (query.numRowsAffected() != 1)
        return fail(Error::Code::NotFound,
                    QStringLiteral("Patient %1 is not under a legal hold.").arg(masterId));
    if (auto audited = m_audit.appendInTransaction(
            db, {actor, QStringLiteral("hold-release"), masterId,
                 QStringLiteral("legal-hold/") + masterId, QStringLiteral("success"),
                 reasonDigest(reason.trimmed())});
        !audited)
        return audited;
    rollback.dismiss();
    if (!db.commit()) {
        db.rollback();
        return std::unexpected(storageError(QStringLiteral("Releasing a hold"), db.lastError()));
    }
    return m_audit.checkpoint();
}

Result<QList<LegalHold>> Retention::holds(const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::RetentionManage); !allowed)
        return std::unexpected(allowed.error());
    QSqlQuery query(m_cache->connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT master_id, reason, placed_by, placed_at FROM "
                                   "legal_holds ORDER BY placed_at")))
        return sqlFailure(QStringLiteral("Reading legal holds"), query);
    QList<LegalHold> list;
    while (query.next())
        list.append({query.value(0).toString(), query.value(1).toString(),
                     query.value(2).toString(), fromStorageTime(query.value(3).toString())});
    return list;
}

} // namespace CareDesk
