// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Permission.h"

#include <QByteArray>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace CareDesk {

struct RoleDefinition {
    QString id; // "triage-nurse"
    QString label;
    bool signIn = true; // false: a role for the embedded automation, nobody signs in with it
    QSet<Permission> permissions;
    QSet<Permission> breakGlass; // may be taken for one patient with a reason, for a while
};

// The roles and their permissions, read from roles.json (shipped as :/security/roles.json).
// A file naming an unknown permission, or without a version, is refused whole.
class RoleCatalogue
{
public:
    static Result<RoleCatalogue> builtIn();
    static Result<RoleCatalogue> fromJson(const QByteArray &json);

    QString version() const { return m_version; }
    const RoleDefinition *role(const QString &id) const;
    QStringList roleIds() const { return m_roles.keys(); }
    // Roles a person can sign in with (not the automation's).
    QStringList signInRoleIds() const;

private:
    QString m_version;
    QMap<QString, RoleDefinition> m_roles;
};

} // namespace CareDesk
