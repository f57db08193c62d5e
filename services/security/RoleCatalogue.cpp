// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/RoleCatalogue.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace CareDesk {

namespace {

Result<QSet<Permission>> permissionSet(const QJsonValue &value, const QString &where)
{
    if (!value.isArray())
        return fail(Error::Code::InvalidInput, QStringLiteral("%1 is not a list.").arg(where));
    QSet<Permission> set;
    for (const QJsonValue &entry : value.toArray()) {
        const auto permission = permissionFromName(entry.toString());
        if (!permission)
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("%1 names an unknown permission \"%2\".")
                            .arg(where, entry.toString()));
        set.insert(*permission);
    }
    return set;
}

} // namespace

Result<RoleCatalogue> RoleCatalogue::builtIn()
{
    QFile file(QStringLiteral(":/security/roles.json"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::NotFound, QStringLiteral("The role definitions are missing."));
    return fromJson(file.readAll());
}

Result<RoleCatalogue> RoleCatalogue::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The role definitions are not a JSON object: %1")
                        .arg(error.errorString()));
    const QJsonObject root = document.object();
    RoleCatalogue catalogue;
    catalogue.m_version = root.value(QLatin1String("version")).toString();
    if (catalogue.m_version.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The role definitions have no version."));

    const QJsonObject roles = root.value(QLatin1String("roles")).toObject();
    for (auto it = roles.begin(); it != roles.end(); ++it) {
        const QJsonObject object = it.value().toObject();
        RoleDefinition role;
        role.id = it.key();
        role.label = object.value(QLatin1String("label")).toString(role.id);
        role.signIn = object.value(QLatin1String("signIn")).toBool(true);
        auto permissions = permissionSet(object.value(QLatin1String("permissions")),
                                         QStringLiteral("Role \"%1\"").arg(role.id));
        if (!permissions)
            return std::unexpected(permissions.error());
        auto breakGlass = permissionSet(object.value(QLatin1String("breakGlass")),
                                        QStringLiteral("Break-glass of role \"%1\"").arg(role.id));
        if (!breakGlass)
            return std::unexpected(breakGlass.error());
        role.permissions = *permissions;
        role.breakGlass = *breakGlass - role.permissions;
        catalogue.m_roles.insert(role.id, role);
    }
    if (catalogue.m_roles.isEmpty())
        return fail(Error::Code::InvalidInput, QStringLiteral("The role definitions are empty."));
    return catalogue;
}

const RoleDefinition *RoleCatalogue::role(const QString &id) const
{
    const auto it = m_roles.constFind(id);
    return it == m_roles.constEnd() ? nullptr : &it.value();
}

QStringList RoleCatalogue::signInRoleIds() const
{
    QStringList ids;
    for (const RoleDefinition &role : m_roles) {
        if (role.signIn)
            ids.append(role.id);
    }
    return ids;
}

} // namespace CareDesk
