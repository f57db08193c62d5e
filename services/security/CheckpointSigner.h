// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace CareDesk {

// Ed25519 (OpenSSL) for the audit checkpoint: the private key is a 32-byte seed kept in the
// keychain (KeyVault::Slot::AuditSigning), never in the cache or beside it.
class CheckpointSigner
{
public:
    static QByteArray newSeed();
    static QByteArray publicKey(const QByteArray &seed); // 32 bytes, empty on failure
    static QByteArray sign(const QByteArray &seed, const QByteArray &message); // 64 bytes
    static bool verify(const QByteArray &publicKey, const QByteArray &message,
                       const QByteArray &signature);
};

} // namespace CareDesk
