// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QString>

namespace CareDesk {

// A credential file for scripts and services: lines user=, password= and totp-secret= (base 32),
// in a regular file that only its owner can read (checked; anything else is refused). The
// secrets are wiped when this goes.
struct Credentials {
    QString user;
    QByteArray password;
    QByteArray totpSecret;
    Credentials() = default;
    Credentials(const Credentials &) = delete;
    Credentials(Credentials &&) = default;
    ~Credentials();
};

Result<Credentials> readCredentialFile(const QString &path);

} // namespace CareDesk
