// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/UserDirectory.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/PasswordHash.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcUsers, "caredesk.security.users", QtInfoMsg)

namespace CareDesk {

UserDirectory::UserDirectory(AccessControl &access)
    : m_access(access)
{}

bool UserDirectory::isValidName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9._-]{1,63}$"));
    return pattern.match(name).hasMatch();
}

Result<bool> UserDirectory::hasUsers() const
{
    QSqlQuery query(m_access.cache()->connection());
    if (!query.exec(QStringLiteral("SELECT 1 FROM users LIMIT 1")))
        return sqlFailure(QStringLiteral("Reading the users"), query);
    return query.next();
}

VoidResult UserDirectory::insert(const QString &actor, const QString &name, const QString &role,
                                 const QByteArray &password, bool onlyIfNoUsers)
{
    if (!isValidName(name))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("\"%1\" is not a valid user name: use 2 to 64 lower-case "
                                   "letters, digits, dots, dashes or underscores.")
                        .arg(name.left(80)));
    const RoleDefinition *definition = m_access.roles().role(role);
    if (!definition || !definition->signIn)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Unknown role \"%1\"; use one of: %2.")
                        .arg(role, m_access.roles().signInRoleIds().join(QLatin1String(", "))));
    if (const QString weak = PasswordHash::weakness(password); !weak.isEmpty())
        return fail(Error::Code::InvalidInput, weak);
    auto hashed = PasswordHash::hash(password);
    if (!hashed)
        return std::unexpected(hashed.error());

    QSqlDatabase db = m_access.cache()->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    // The first administrator is decided inside the write transaction, so two first runs at
    // once make one administrator, not two.
    QSqlQuery existing(db);
    if (onlyIfNoUsers &&
        (!existing.exec(QStringLiteral("SELECT 1 FROM users LIMIT 1")) || existing.next())) {
        existing.finish();
        db.rollback();
        return fail(Error::Code::Conflict,
                    QStringLiteral("This cache already has users; an administrator adds more "
                                   "with \"caredesk-cli user add\"."));
    }
    existing.finish();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO users (name, role, password_hash, created_at, "
                                 "created_by) VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(name);
    query.addBindValue(role);
    query.addBindValue(*hashed);
    query.addBindValue(toStorageTime(m_access.clock().now()));
    query.addBindValue(actor);
    if (!query.exec()) {
        db.rollback();
        return fail(Error::Code::Conflict,
                    QStringLiteral("There is already a user \"%1\".").arg(name));
    }
    auto audited = m_access.audit().appendInTransaction(
        db, {actor, QStringLiteral("user-add"), QString(), QStringLiteral("user/%1").arg(name),
             QStringLiteral("success"), QStringLiteral("role=%1").arg(role)});
    if (!audited || !db.commit()) {
        db.rollback();
        return audited ? fail(Error::Code::Storage, QStringLiteral("Could not save the user."))
                       : audited;
    }
    qCInfo(lcUsers) << "user added" << name << "role" << role << "by" << actor;
    return m_access.audit().checkpoint();
}

VoidResult UserDirectory::createFirstAdministrator(const QString &name, const QByteArray &password)
{
    auto any = hasUsers();
    if (!any)
        return std::unexpected(any.error());
    if (*any)
        return fail(Error::Code::Conflict,
                    QStringLiteral("This cache already has users; an administrator adds more "
                                   "with \"caredesk-cli user add\"."));
    return insert(name, name, QStringLiteral("administrator"), password, true);
}

VoidResult UserDirectory::addUser(const Principal &admin, const QString &name, const QString &role,
                                  const QByteArray &password)
{
    if (auto allowed = m_access.require(admin, Permission::UserManage, QString(),
                                        QStringLiteral("user/%1").arg(name.left(64)));
        !allowed)
        return allowed;
    return insert(admin.user, name, role, password);
}

VoidResult UserDirectory::setDisabled(const Principal &admin, const QString &name, bool disabled)
{
    const QString object = QStringLiteral("user/%1").arg(name.left(64));
    if (auto allowed = m_access.require(admin, Permission::UserManage, QString(), object); !allowed)
        return allowed;
    if (disabled && name == admin.user)
        return fail(Error::Code::InvalidInput, QStringLiteral("You cannot disable yourself."));
    QSqlDatabase db = m_access.cache()->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE users SET disabled = ? WHERE name = ?"));
    query.addBindValue(disabled ? 1 : 0);
    query.addBindValue(name);
    if (!query.exec() || query.numRowsAffected() != 1) {
        db.rollback();
        return fail(Error::Code::NotFound, QStringLiteral("There is no user \"%1\".").arg(name));
    }
    auto audited = m_access.audit().appendInTransaction(
        db, {admin.user, disabled ? QStringLiteral("user-disable") : QStringLiteral("user-enable"),
             QString(), object});
    if (!audited || !db.commit()) {
        db.rollback();
        return audited ? fail(Error::Code::Storage, QStringLiteral("Could not save the change."))
                       : audited;
    }
    return m_access.audit().checkpoint();
}

VoidResult UserDirectory::resetMfa(const Principal &admin, const QString &name)
{
    const QString object = QStringLiteral("user/%1").arg(name.left(64));
    if (auto allowed = m_access.require(admin, Permission::UserManage, QString(), object); !allowed)
        return allowed;
    QSqlDatabase db = m_access.cache()->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE users SET totp_secret = NULL, totp_enrolled = 0, "
                                 "totp_last_step = 0, recovery_codes = '[]' WHERE name = ?"));
    query.addBindValue(name);
    if (!query.exec() || query.numRowsAffected() != 1) {
        db.rollback();
        return fail(Error::Code::NotFound, QStringLiteral("There is no user \"%1\".").arg(name));
    }
    auto audited = m_access.audit().appendInTransaction(
        db, {admin.user, QStringLiteral("user-reset-mfa"), QString(), object});
    if (!audited || !db.commit()) {
        db.rollback();
        return audited ? fail(Error::Code::Storage, QStringLiteral("Could not save the change."))
                       : audited;
    }
    return m_access.audit().checkpoint();
}

Result<QList<UserAccount>> UserDirectory::list(const Principal &admin)
{
    if (auto allowed = m_access.require(admin, Permission::UserManage); !allowed)
        return std::unexpected(allowed.error());
    QSqlQuery query(m_access.cache()->connection());
    if (!query.exec(QStringLiteral("SELECT name, role, disabled, totp_enrolled, recovery_codes, "
                                   "created_at, created_by FROM users ORDER BY name")))
        return sqlFailure(QStringLiteral("Reading the users"), query);
    QList<UserAccount> users;
    while (query.next()) {
        UserAccount account;
        account.name = query.value(0).toString();
        account.role = query.value(1).toString();
        account.disabled = query.value(2).toBool();
        account.mfaEnrolled = query.value(3).toBool();
        account.recoveryCodesLeft =
            int(QJsonDocument::fromJson(query.value(4).toByteArray()).array().size());
        account.createdAt = fromStorageTime(query.value(5).toString());
        account.createdBy = query.value(6).toString();
        users.append(account);
    }
    return users;
}

Result<QStringList> UserDirectory::namesWithRole(const QString &role) const
{
    QSqlQuery query(m_access.cache()->connection());
    query.prepare(
        QStringLiteral("SELECT name FROM users WHERE role = ? AND disabled = 0 ORDER BY name"));
    query.addBindValue(role);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the users"), query);
    QStringList names;
    while (query.next())
        names.append(query.value(0).toString());
    return names;
}

} // namespace CareDesk
