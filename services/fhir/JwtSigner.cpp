// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/JwtSigner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace CareDesk {

struct JsonWebKey::Key {
    EVP_PKEY *pkey = nullptr;
    ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

constexpr int kEcCoordinateBytes = 48; // P-384

QByteArray fromBase64Url(const QJsonObject &jwk, const char *name)
{
    return QByteArray::fromBase64(jwk.value(QLatin1String(name)).toString().toLatin1(),
                                  QByteArray::Base64UrlEncoding);
}

// A big-endian unsigned integer from the JWK, pushed into the parameter builder.
bool pushNumber(OSSL_PARAM_BLD *builder, const char *param, const QByteArray &bytes,
                QList<BIGNUM *> &keep)
{
    if (bytes.isEmpty())
        return false;
    BIGNUM *number = BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()),
                               int(bytes.size()), nullptr);
    if (!number)
        return false;
    keep.append(number);
    return OSSL_PARAM_BLD_push_BN(builder, param, number) == 1;
}

EVP_PKEY *keyFromParams(const char *type, OSSL_PARAM *params, bool isPrivate)
{
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
    EVP_PKEY *pkey = nullptr;
    if (context && EVP_PKEY_fromdata_init(context) == 1)
        EVP_PKEY_fromdata(context, &pkey, isPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                          params);
    EVP_PKEY_CTX_free(context);
    return pkey;
}

EVP_PKEY *rsaKey(const QJsonObject &jwk, bool isPrivate)
{
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    QList<BIGNUM *> numbers;
    bool ok = pushNumber(builder, OSSL_PKEY_PARAM_RSA_N, fromBase64Url(jwk, "n"), numbers) &&
              pushNumber(builder, OSSL_PKEY_PARAM_RSA_E, fromBase64Url(jwk, "e"), numbers);
    if (ok && isPrivate) {
        ok = pushNumber(builder, OSSL_PKEY_PARAM_RSA_D, fromBase64Url(jwk, "d"), numbers);
        // The CRT parameters, when present, make signing fast; OpenSSL wants all or none.
        if (ok && jwk.contains(QLatin1String("p")))
            ok = pushNumber(builder, OSSL_PKEY_PARAM_RSA_FACTOR1, fromBase64Url(jwk, "p"),
                            numbers) &&
                 pushNumber(builder, OSSL_PKEY_PARAM_RSA_FACTOR2, fromBase64Url(jwk, "q"),
                            numbers) &&
                 pushNumber(builder, OSSL_PKEY_PARAM_RSA_EXPONENT1, fromBase64Url(jwk, "dp"),
                            numbers) &&
                 pushNumber(builder, OSSL_PKEY_PARAM_RSA_EXPONENT2, fromBase64Url(jwk, "dq"),
                            numbers) &&
                 pushNumber(builder, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, fromBase64Url(jwk, "qi"),
                            numbers);
    }
    OSSL_PARAM *params = ok ? OSSL_PARAM_BLD_to_param(builder) : nullptr;
    EVP_PKEY *pkey = params ? keyFromParams("RSA", params, isPrivate) : nullptr;
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    for (BIGNUM *number : numbers)
        BN_clear_free(number);
    return pkey;
}

EVP_PKEY *ecKey(const QJsonObject &jwk, bool isPrivate)
{
    const QByteArray x = fromBase64Url(jwk, "x");
    const QByteArray y = fromBase64Url(jwk, "y");
    if (x.size() != kEcCoordinateBytes || y.size() != kEcCoordinateBytes)
        return nullptr;
    // Uncompressed point: 0x04 || x || y.
    const QByteArray point = QByteArray(1, '\x04') + x + y;
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    QList<BIGNUM *> numbers;
    bool ok =
        OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, "secp384r1", 0) == 1 &&
        OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         size_t(point.size())) == 1;
    if (ok && isPrivate)
        ok = pushNumber(builder, OSSL_PKEY_PARAM_PRIV_KEY, fromBase64Url(jwk, "d"), numbers);
    OSSL_PARAM *params = ok ? OSSL_PARAM_BLD_to_param(builder) : nullptr;
    EVP_PKEY *pkey = params ? keyFromParams("EC", params, isPrivate) : nullptr;
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    for (BIGNUM *number : numbers)
        BN_clear_free(number);
    return pkey;
}

// DER ECDSA-Sig-Value <-> the fixed-size r||s that JWS uses.
QByteArray derToRaw(const QByteArray &der)
{
    const unsigned char *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    ECDSA_SIG *signature = d2i_ECDSA_SIG(nullptr, &cursor, long(der.size()));
    if (!signature)
        return {};
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(signature, &r, &s);
    QByteArray raw(2 * kEcCoordinateBytes, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    const bool ok =
        BN_bn2binpad(r, out, kEcCoordinateBytes) == kEcCoordinateBytes &&
        BN_bn2binpad(s, out + kEcCoordinateBytes, kEcCoordinateBytes) == kEcCoordinateBytes;
    ECDSA_SIG_free(signature);
    return ok ? raw : QByteArray();
}

QByteArray rawToDer(const QByteArray &raw)
{
    if (raw.size() != 2 * kEcCoordinateBytes)
        return {};
    const auto *in = reinterpret_cast<const unsigned char *>(raw.constData());
    BIGNUM *r = BN_bin2bn(in, kEcCoordinateBytes, nullptr);
    BIGNUM *s = BN_bin2bn(in + kEcCoordinateBytes, kEcCoordinateBytes, nullptr);
    ECDSA_SIG *signature = ECDSA_SIG_new();
    QByteArray der;
    if (r && s && signature && ECDSA_SIG_set0(signature, r, s) == 1) {
        r = s = nullptr; // owned by the signature now
        const int length = i2d_ECDSA_SIG(signature, nullptr);
        if (length > 0) {
            der.resize(length);
            auto *out = reinterpret_cast<unsigned char *>(der.data());
            i2d_ECDSA_SIG(signature, &out);
        }
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(signature);
    return der;
}

} // namespace

JsonWebKey::~JsonWebKey() = default;
JsonWebKey::JsonWebKey(JsonWebKey &&other) noexcept = default;
JsonWebKey &JsonWebKey::operator=(JsonWebKey &&other) noexcept = default;

Result<JsonWebKey> JsonWebKey::fromJson(const QJsonObject &jwkOrSet, bool wantPrivate)
{
    QJsonArray candidates = jwkOrSet.value(QLatin1String("keys")).toArray();
    if (candidates.isEmpty())
        candidates.append(jwkOrSet);
    for (const QJsonValue &value : candidates) {
        const QJsonObject jwk = value.toObject();
        const QString alg = jwk.value(QLatin1String("alg")).toString();
        const QString kty = jwk.value(QLatin1String("kty")).toString();
        const bool hasPrivate = jwk.contains(QLatin1String("d"));
        if (wantPrivate && !hasPrivate)
            continue;
        EVP_PKEY *pkey = nullptr;
        if (alg == QLatin1String("RS384") && kty == QLatin1String("RSA"))
            pkey = rsaKey(jwk, wantPrivate);
        else if (alg == QLatin1String("ES384") && kty == QLatin1String("EC") &&
                 jwk.value(QLatin1String("crv")).toString() == QLatin1String("P-384"))
            pkey = ecKey(jwk, wantPrivate);
        else
            continue;
        if (!pkey)
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("The %1 key \"%2\" has missing or malformed parameters.")
                            .arg(alg, jwk.value(QLatin1String("kid")).toString()));
        JsonWebKey key;
        key.m_key = std::make_unique<Key>();
        key.m_key->pkey = pkey;
        key.m_alg = alg;
        key.m_kid = jwk.value(QLatin1String("kid")).toString();
        key.m_private = wantPrivate;
        return key;
    }
    return fail(Error::Code::InvalidInput,
                wantPrivate ? QStringLiteral("The key file holds no RS384 or ES384 private key.")
                            : QStringLiteral("The key file holds no RS384 or ES384 key."));
}

Result<JsonWebKey> JsonWebKey::fromFile(const QString &path, bool wantPrivate)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::NotFound,
                    QStringLiteral("%1: cannot be read (%2).").arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(1 << 20), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1: not a JSON Web Key (%2).").arg(path, error.errorString()));
    auto key = fromJson(document.object(), wantPrivate);
    if (!key)
        return fail(key.error().code, QStringLiteral("%1: %2").arg(path, key.error().message));
    return key;
}

Result<QByteArray> JsonWebKey::sign(const QByteArray &signingInput) const
{
    if (!m_private)
        return fail(Error::Code::InvalidInput, QStringLiteral("A public key cannot sign."));
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    size_t length = 0;
    QByteArray signature;
    const auto *data = reinterpret_cast<const unsigned char *>(signingInput.constData());
    if (context && EVP_DigestSignInit(context, nullptr, EVP_sha384(), nullptr, m_key->pkey) == 1 &&
        EVP_DigestSign(context, nullptr, &length, data, size_t(signingInput.size())) == 1) {
        signature.resize(qsizetype(length));
        if (EVP_DigestSign(context, reinterpret_cast<unsigned char *>(signature.data()), &length,
                           data, size_t(signingInput.size())) == 1)
            signature.resize(qsizetype(length));
        else
            signature.clear();
    }
    EVP_MD_CTX_free(context);
    if (!signature.isEmpty() && m_alg == QLatin1String("ES384"))
        signature = derToRaw(signature);
    if (signature.isEmpty())
        return fail(Error::Code::Unknown, QStringLiteral("OpenSSL could not sign with the key."));
    return signature;
}

bool JsonWebKey::verify(const QByteArray &signingInput, const QByteArray &signature) const
{
    const QByteArray der = m_alg == QLatin1String("ES384") ? rawToDer(signature) : signature;
    if (der.isEmpty())
        return false;
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    const bool ok =
        context &&
        EVP_DigestVerifyInit(context, nullptr, EVP_sha384(), nullptr, m_key->pkey) == 1 &&
        EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(der.constData()),
                         size_t(der.size()),
                         reinterpret_cast<const unsigned char *>(signingInput.constData()),
                         size_t(signingInput.size())) == 1;
    EVP_MD_CTX_free(context);
    return ok;
}

namespace Jwt {

QByteArray compactJson(const Members &members)
{
    QByteArray out("{");
    for (qsizetype i = 0; i < members.size(); ++i) {
        if (i > 0)
            out += ',';
        // QJsonDocument escapes a key and a value exactly as a one-member object would.
        const QByteArray single = QJsonDocument(QJsonObject{{members[i].first, members[i].second}})
                                      .toJson(QJsonDocument::Compact);
        out += single.mid(1, single.size() - 2);
    }
    return out + '}';
}

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Result<QByteArray> sign(const Members &header, const Members &claims, const JsonWebKey &key)
{
    const QByteArray input = base64Url(compactJson(header)) + '.' + base64Url(compactJson(claims));
    auto signature = key.sign(input);
    if (!signature)
        return std::unexpected(signature.error());
    return input + '.' + base64Url(*signature);
}

bool verify(const QByteArray &token, const JsonWebKey &key)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return false;
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding))
            .object();
    if (header.value(QLatin1String("alg")).toString() != key.algorithm())
        return false;
    return key.verify(parts[0] + '.' + parts[1],
                      QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding));
}

} // namespace Jwt

} // namespace CareDesk
