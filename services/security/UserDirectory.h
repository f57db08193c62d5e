// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Principal.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace CareDesk {

class AccessControl;
class CacheDatabase;

struct UserAccount {
    QString name;
    QString role;
    bool disabled = false;
    bool mfaEnrolled = false;
    int recoveryCodesLeft = 0;
    QDateTime createdAt;
    QString createdBy;
};

// The people who may sign in, kept in the encrypted cache. Adding, disabling and resetting a
// second factor need user.manage; the very first administrator is made by
// createFirstAdministrator() while no user exists. Every change is audited.
class UserDirectory
{
public:
    explicit UserDirectory(AccessControl &access);

    static bool isValidName(const QString &name); // 2-64 of a-z 0-9 . _ -

    Result<bool> hasUsers() const;
    // First run: the administrator, only while there are no users at all.
    VoidResult createFirstAdministrator(const QString &name, const QByteArray &password);
    VoidResult addUser(const Principal &admin, const QString &name, const QString &role,
                       const QByteArray &password);
    VoidResult setDisabled(const Principal &admin, const QString &name, bool disabled);
    // The user enrols a new second factor at the next sign-in; recovery codes are dropped.
    VoidResult resetMfa(const Principal &admin, const QString &name);
    Result<QList<UserAccount>> list(const Principal &admin);
    // Supervisors (for break-glass notifications); no check, names only.
    Result<QStringList> namesWithRole(const QString &role) const;

private:
    VoidResult insert(const QString &actor, const QString &name, const QString &role,
                      const QByteArray &password, bool onlyIfNoUsers = false);

    AccessControl &m_access;
};

} // namespace CareDesk
