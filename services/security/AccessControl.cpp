// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/AccessControl.h"

#include "models/Clock.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"

#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcAccess, "caredesk.security.access", QtInfoMsg)

namespace CareDesk {

AccessControl::AccessControl(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                             RoleCatalogue roles, const Clock &clock)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_roles(std::move(roles))
    , m_clock(clock)
{}

AccessControl::Decision AccessControl::decide(const Principal &who, Permission what,
                                              const QString &masterId, qint64 *grantId) const
{
    if (!who.isValid())
        return Decision::Denied;
    const RoleDefinition *role = m_roles.role(who.role);
    if (!role)
        return Decision::Denied;
    if (role->permissions.contains(what))
        return Decision::Allowed;
    if (masterId.isEmpty() || !role->breakGlass.contains(what))
        return Decision::Denied;
    const auto grant = activeGrant(who.user, masterId);
    if (!grant || grant->role != who.role)
        return Decision::Denied;
    if (grantId)
        *grantId = grant->id;
    return Decision::AllowedByBreakGlass;
}

bool AccessControl::allows(const Principal &who, Permission what, const QString &masterId) const
{
    return decide(who, what, masterId) != Decision::Denied;
}

VoidResult AccessControl::require(const Principal &who, Permission what, const QString &masterId,
                                  const QString &object)
{
    qint64 grantId = 0;
    const Decision decision = decide(who, what, masterId, &grantId);
    const QString permission = permissionName(what);
    if (decision == Decision::Allowed)
        return {};

    const QString actor = who.user.isEmpty() ? QStringLiteral("(nobody signed in)") : who.user;
    if (decision == Decision::AllowedByBreakGlass) {
        qCInfo(lcAccess) << "break-glass use by" << who.user << permission << "patient" << masterId;
        return m_audit.append(
            {actor, QStringLiteral("break-glass-use"), masterId, object, QStringLiteral("success"),
             QStringLiteral("permission=%1;grant=%2").arg(permission).arg(grantId)});
    }

    qCInfo(lcAccess) << "denied" << permission << "to" << who.user << "role" << who.role
                     << "patient" << masterId;
    // The refusal stands even if the cache cannot record it; the user is told both.
    const auto audited = m_audit.append(
        {actor, QStringLiteral("access-denied"), masterId, object, QStringLiteral("denied"),
         QStringLiteral("permission=%1;role=%2").arg(permission, who.role)});
    const RoleDefinition *role = m_roles.role(who.role);
    QString message =
        !who.isValid()
            ? QStringLiteral("Nobody is signed in, so this cannot be done (%1).").arg(permission)
        : !role ? QStringLiteral("The role \"%1\" is not defined, so %2 is refused.")
                      .arg(who.role, permission)
                : QStringLiteral("Your role (%1) does not allow this (%2).")
                      .arg(role->label, permission);
    if (role && role->breakGlass.contains(what) && !masterId.isEmpty())
        message += QStringLiteral(" In an emergency you may break the glass for this patient, "
                                  "with a reason.");
    if (!audited)
        message +=
            QStringLiteral(" The refusal could not be recorded: %1").arg(audited.error().message);
    return fail(Error::Code::Permission, message);
}

bool AccessControl::allowsByRole(const Principal &who, Permission what) const
{
    const RoleDefinition *role = m_roles.role(who.role);
    return who.isValid() && role && role->permissions.contains(what);
}

bool AccessControl::mayReadClinicalText(const Principal &who, const QString &masterId,
                                        const QString &owner) const
{
    if (allows(who, Permission::ClinicalText, masterId))
        return true;
    return !owner.isEmpty() && owner == who.user &&
           allows(who, Permission::ClinicalTextAssigned, masterId);
}

QString AccessControl::maskNotice(const Principal &who) const
{
    const RoleDefinition *role = m_roles.role(who.role);
    const QString label = role ? role->label : who.role;
    if (role && role->permissions.contains(Permission::ClinicalTextAssigned))
        return QStringLiteral("[Masked: as %1 you see clinical text only on items assigned to "
                              "you.]")
            .arg(label);
    return QStringLiteral("[Masked: your role (%1) does not see message or note text.]").arg(label);
}

std::optional<BreakGlassGrant> AccessControl::activeGrant(const QString &user,
                                                          const QString &masterId) const
{
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral("SELECT id, role, reason, started_at, expires_at FROM break_glass "
                                 "WHERE user_name = ? AND master_id = ? AND expires_at > ? "
                                 "ORDER BY expires_at DESC LIMIT 1"));
    query.addBindValue(user);
    query.addBindValue(masterId);
    query.addBindValue(toStorageTime(m_clock.now()));
    if (!query.exec() || !query.next())
        return std::nullopt;
    BreakGlassGrant grant;
    grant.id = query.value(0).toLongLong();
    grant.user = user;
    grant.masterId = masterId;
    grant.role = query.value(1).toString();
    grant.reason = query.value(2).toString();
    grant.startedAt = fromStorageTime(query.value(3).toString());
    grant.expiresAt = fromStorageTime(query.value(4).toString());
    return grant;
}

} // namespace CareDesk
