// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace CareDesk {

// Who is acting: a signed-in user and the role they signed in with, or the embedded automation.
// Made by SignInService after a successful sign-in (or principalForAutomation()); every service
// call that reads or changes patient data takes one and asks AccessControl before acting.
struct Principal {
    QString user; // account name; recorded as the actor in the audit trail
    QString role; // a role id from roles.json

    bool isValid() const { return !user.isEmpty() && !role.isEmpty(); }
    bool operator==(const Principal &other) const = default;
};

// The embedded automation (demo feed, headless engine): may import and sync, nothing else.
inline Principal principalForAutomation()
{
    return Principal{QStringLiteral("automation"), QStringLiteral("automation")};
}

} // namespace CareDesk
