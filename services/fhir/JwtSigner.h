// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

namespace CareDesk {

// A JSON Web Key held as an OpenSSL key, for RS384 (RSASSA-PKCS1-v1_5 with SHA-384) or ES384
// (ECDSA on P-384 with SHA-384). Built from the JWK's parameters, never written anywhere.
class JsonWebKey
{
public:
    ~JsonWebKey();
    JsonWebKey(JsonWebKey &&other) noexcept;
    JsonWebKey &operator=(JsonWebKey &&other) noexcept;

    // One key of a JWK or a JWK Set (keys[]): the first that can sign when wantPrivate, else the
    // first that can verify, with alg RS384 or ES384.
    static Result<JsonWebKey> fromJson(const QJsonObject &jwkOrSet, bool wantPrivate);
    static Result<JsonWebKey> fromFile(const QString &path, bool wantPrivate);

    QString algorithm() const { return m_alg; } // "RS384" or "ES384"
    QString keyId() const { return m_kid; }
    bool isPrivate() const { return m_private; }

    // The JWS signature over signingInput (raw bytes, not base64url): PKCS#1 v1.5 for RS384,
    // r||s (96 bytes) for ES384.
    Result<QByteArray> sign(const QByteArray &signingInput) const;
    bool verify(const QByteArray &signingInput, const QByteArray &signature) const;

private:
    JsonWebKey() = default;
    struct Key;
    std::unique_ptr<Key> m_key;
    QString m_alg;
    QString m_kid;
    bool m_private = false;
};

// Compact JWS: header and claims are serialised in the order given (so a published vector can be
// reproduced byte for byte), base64url without padding, signed with key.
namespace Jwt {
using Members = QList<QPair<QString, QJsonValue>>;
QByteArray compactJson(const Members &members);
QByteArray base64Url(const QByteArray &bytes);
Result<QByteArray> sign(const Members &header, const Members &claims, const JsonWebKey &key);
// Checks the signature with key; the header's alg must be key's.
bool verify(const QByteArray &token, const JsonWebKey &key);
} // namespace Jwt

} // namespace CareDesk
