// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QString>

namespace CareDesk {

// Password hashes with OpenSSL's scrypt (memory-hard), stored as
// "scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>" so the cost can rise later while old
// hashes still verify.
class PasswordHash
{
public:
    struct Cost {
        int log2N = 15; // 2^15 * 128 * r bytes = 32 MiB per hash with r = 8
        int r = 8;
        int p = 1;
    };
    static constexpr qsizetype kMinimumLength = 12;

    static Result<QString> hash(const QByteArray &password, Cost cost);
    static Result<QString> hash(const QByteArray &password) { return hash(password, Cost{}); }
    // Constant-time comparison; a malformed stored hash never verifies.
    static bool verify(const QByteArray &password, const QString &stored);
    // Why a new password is refused, or empty when it is acceptable.
    static QString weakness(const QByteArray &password);
};

// Overwrites a secret in place before it is freed (OPENSSL_cleanse). Only the bytes this array
// owns can be wiped: a copy Qt shares elsewhere keeps its own.
void wipeSecret(QByteArray &secret);
void wipeSecret(QString &secret);

} // namespace CareDesk
