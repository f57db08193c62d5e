// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/BreakGlassService.h"

#include "models/Clock.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcBreakGlass, "caredesk.security.breakglass", QtInfoMsg)

namespace CareDesk {

namespace {

QString digest(const QString &text)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace

BreakGlassService::BreakGlassService(AccessControl &access)
    : m_access(access)
{}

Result<BreakGlassGrant> BreakGlassService::start(const Principal &who, const QString &masterId,
                                                 const QString &reason, int minutes)
{
    const RoleDefinition *role = m_access.roles().role(who.role);
    if (!who.isValid() || !role || role->breakGlass.isEmpty())
        return fail(Error::Code::Permission,
                    QStringLiteral("Your role has nothing to break the glass for: it already "
                                   "has every access it may have."));
    if (masterId.trimmed().isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Break-glass is for one patient: name the patient."));
    if (reason.trimmed().size() < kMinimumReason)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Say why you need this access (at least %1 characters); a "
                                   "supervisor will review it.")
                        .arg(kMinimumReason));
    if (minutes < 1 || minutes > kMaximumMinutes)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Break-glass lasts from 1 to %1 minutes.").arg(kMaximumMinutes));

    BreakGlassGrant grant;
    grant.user = who.user;
    grant.role = who.role;
    grant.masterId = masterId;
    grant.reason = reason.trimmed();
    grant.startedAt = m_access.clock().now();
    grant.expiresAt = grant.startedAt.addSecs(qint64(minutes) * 60);

    QSqlDatabase db = m_access.cache()->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO break_glass (user_name, role, master_id, reason, "
                                  "started_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(grant.user);
    insert.addBindValue(grant.role);
    insert.addBindValue(grant.masterId);
    insert.addBindValue(grant.reason);
    insert.addBindValue(toStorageTime(grant.startedAt));
    insert.addBindValue(toStorageTime(grant.expiresAt));
    if (!insert.exec()) {
        db.rollback();
        return sqlFailure(QStringLiteral("Recording the break-glass access"), insert);
    }
    grant.id = insert.lastInsertId().toLongLong();
    const QString object = QStringLiteral("break-glass/%1").arg(grant.id);
    QSqlQuery notify(db);
    notify.prepare(
        QStringLiteral("INSERT INTO notifications (audience, kind, object, master_id, "
                       "created_at) VALUES ('role:supervisor', 'break-glass', ?, ?, ?)"));
    notify.addBindValue(object);
    notify.addBindValue(masterId);
    notify.addBindValue(toStorageTime(grant.startedAt));
    VoidResult done =
        notify.exec() ? VoidResult() : sqlFailure(QStringLiteral("Notifying"), notify);
    if (done)
        done = m_access.audit().appendInTransaction(
            db,
            {who.user, QStringLiteral("break-glass"), masterId, object, QStringLiteral("success"),
             QStringLiteral("role=%1;minutes=%2;reason-sha256=%3")
                 .arg(who.role)
                 .arg(minutes)
                 .arg(digest(grant.reason))});
    if (!done || !db.commit()) {
        db.rollback();
        return done ? fail(Error::Code::Storage, QStringLiteral("Could not save the break-glass."))
                    : std::unexpected(done.error());
    }
    // Supervisors see it in their review queue and as a notification at sign-in.
    qCWarning(lcBreakGlass) << "break-glass" << grant.id << "by" << who.user << "patient"
                            << masterId << "for" << minutes << "minutes";
    if (auto checkpointed = m_access.audit().checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return grant;
}

Result<QList<BreakGlassGrant>> BreakGlassService::reviewQueue(const Principal &reviewer)
{
    if (auto allowed = m_access.require(reviewer, Permission::BreakGlassReview); !allowed)
        return std::unexpected(allowed.error());
    QSqlQuery query(m_access.cache()->connection());
    if (!query.exec(QStringLiteral("SELECT id, user_name, role, master_id, reason, started_at, "
                                   "expires_at FROM break_glass WHERE reviewed_at IS NULL "
                                   "ORDER BY id")))
        return sqlFailure(QStringLiteral("Reading the break-glass review queue"), query);
    QList<BreakGlassGrant> grants;
    while (query.next()) {
        BreakGlassGrant grant;
        grant.id = query.value(0).toLongLong();
        grant.user = query.value(1).toString();
        grant.role = query.value(2).toString();
        grant.masterId = query.value(3).toString();
        grant.reason = query.value(4).toString();
        grant.startedAt = fromStorageTime(query.value(5).toString());
        grant.expiresAt = fromStorageTime(query.value(6).toString());
        grants.append(grant);
    }
    return grants;
}

VoidResult BreakGlassService::close(const Principal &reviewer, qint64 grantId, const QString &note)
{
    const QString object = QStringLiteral("break-glass/%1").arg(grantId);
    if (auto allowed = m_access.require(reviewer, Permission::BreakGlassReview, QString(), object);
        !allowed)
        return allowed;
    if (note.trimmed().size() < kMinimumReason)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Closing a review needs a note of at least %1 characters.")
                        .arg(kMinimumReason));
    QSqlDatabase db = m_access.cache()->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    QSqlQuery read(db);
    read.prepare(QStringLiteral("SELECT user_name, master_id, reviewed_at FROM break_glass "
                                "WHERE id = ?"));
    read.addBindValue(grantId);
    if (!read.exec() || !read.next()) {
        db.rollback();
        return fail(Error::Code::NotFound,
                    QStringLiteral("There is no break-glass access %1.").arg(grantId));
    }
    const QString user = read.value(0).toString();
    const QString masterId = read.value(1).toString();
    const bool reviewed = !read.value(2).isNull();
    read.finish();
    if (reviewed || user == reviewer.user) {
        db.rollback();
        return fail(reviewed ? Error::Code::Conflict : Error::Code::Permission,
                    reviewed
                        ? QStringLiteral("Break-glass access %1 was already reviewed.").arg(grantId)
                        : QStringLiteral("Another supervisor must review your own "
                                         "break-glass access."));
    }
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE break_glass SET reviewed_by = ?, reviewed_at = ?, "
                                  "review_note = ? WHERE id = ? AND reviewed_at IS NULL"));
    update.addBindValue(reviewer.user);
    update.addBindValue(toStorageTime(m_access.clock().now()));
    update.addBindValue(note.trimmed());
    update.addBindValue(grantId);
    VoidResult done =
        update.exec() && update.numRowsAffected() == 1
            ? VoidResult()
            : fail(Error::Code::Conflict,
                   QStringLiteral("Break-glass access %1 changed meanwhile.").arg(grantId));
    if (done)
        done = m_access.audit().appendInTransaction(
            db, {reviewer.user, QStringLiteral("break-glass-review"), masterId, object,
                 QStringLiteral("success"),
                 QStringLiteral("note-sha256=%1").arg(digest(note.trimmed()))});
    if (!done || !db.commit()) {
        db.rollback();
        return done ? fail(Error::Code::Storage, QStringLiteral("Could not save the review."))
                    : done;
    }
    return m_access.audit().checkpoint();
}

} // namespace CareDesk
