// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/Totp.h"

#include <QMessageAuthenticationCode>
#include <QUrl>
#include <QUrlQuery>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace CareDesk {

namespace {

const char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

QCryptographicHash::Algorithm hashOf(Totp::Algorithm algorithm)
{
    switch (algorithm) {
    case Totp::Algorithm::Sha256:
        return QCryptographicHash::Sha256;
    case Totp::Algorithm::Sha512:
        return QCryptographicHash::Sha512;
    case Totp::Algorithm::Sha1:
        break;
    }
    return QCryptographicHash::Sha1;
}

} // namespace

QString Totp::code(const QByteArray &secret, qint64 unixTime, int digits, Algorithm algorithm)
{
    const quint64 counter = quint64(step(unixTime));
    QByteArray message(8, '\0');
    for (int i = 7, shift = 0; i >= 0; --i, shift += 8)
        message[i] = char((counter >> shift) & 0xff);
    const QByteArray mac = QMessageAuthenticationCode::hash(message, secret, hashOf(algorithm));

    // Dynamic truncation (RFC 4226 section 5.3).
    const int offset = mac.at(mac.size() - 1) & 0x0f;
    const quint32 binary =
        (quint32(uchar(mac.at(offset)) & 0x7f) << 24) | (quint32(uchar(mac.at(offset + 1))) << 16) |
        (quint32(uchar(mac.at(offset + 2))) << 8) | quint32(uchar(mac.at(offset + 3)));
    quint64 modulus = 1;
    for (int i = 0; i < digits; ++i)
        modulus *= 10;
    return QStringLiteral("%1").arg(quint64(binary) % modulus, digits, 10, QLatin1Char('0'));
}

std::optional<qint64> Totp::verify(const QByteArray &secret, const QString &code, qint64 unixTime,
                                   qint64 lastUsedStep)
{
    const QString given = code.trimmed().remove(u' ');
    if (given.size() != kDigits || secret.isEmpty())
        return std::nullopt;
    const QByteArray givenBytes = given.toLatin1();
    std::optional<qint64> matched;
    // Every candidate is computed and compared, so timing does not tell which one matched.
    for (int delta = -1; delta <= 1; ++delta) {
        const qint64 at = unixTime + delta * kPeriodSeconds;
        const QByteArray expected = Totp::code(secret, at).toLatin1();
        if (CRYPTO_memcmp(expected.constData(), givenBytes.constData(), size_t(kDigits)) == 0 &&
            step(at) > lastUsedStep)
            matched = step(at);
    }
    return matched;
}

QByteArray Totp::newSecret()
{
    QByteArray secret(20, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(secret.data()), int(secret.size())) != 1)
        return {};
    return secret;
}

QString Totp::toBase32(const QByteArray &bytes)
{
    QString text;
    quint32 buffer = 0;
    int bits = 0;
    for (const char byte : bytes) {
        buffer = (buffer << 8) | uchar(byte);
        bits += 8;
        while (bits >= 5) {
            text += QLatin1Char(kBase32[(buffer >> (bits - 5)) & 0x1f]);
            bits -= 5;
        }
    }
    if (bits > 0)
        text += QLatin1Char(kBase32[(buffer << (5 - bits)) & 0x1f]);
    return text;
}

std::optional<QByteArray> Totp::fromBase32(const QString &text)
{
    QByteArray bytes;
    quint32 buffer = 0;
    int bits = 0;
    for (const QChar c : text) {
        if (c == u'=' || c == u' ' || c == u'-')
            continue;
        const char upper = char(c.toUpper().toLatin1());
        const char *at = upper ? std::strchr(kBase32, upper) : nullptr;
        if (!at)
            return std::nullopt;
        buffer = (buffer << 5) | quint32(at - kBase32);
        bits += 5;
        if (bits >= 8) {
            bytes += char((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return bytes;
}

QString Totp::provisioningUri(const QByteArray &secret, const QString &account,
                              const QString &issuer)
{
    QUrl url;
    url.setScheme(QStringLiteral("otpauth"));
    url.setHost(QStringLiteral("totp"));
    url.setPath(u'/' + issuer + u':' + account);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("secret"), toBase32(secret));
    query.addQueryItem(QStringLiteral("issuer"), issuer);
    query.addQueryItem(QStringLiteral("algorithm"), QStringLiteral("SHA1"));
    query.addQueryItem(QStringLiteral("digits"), QString::number(kDigits));
    query.addQueryItem(QStringLiteral("period"), QString::number(kPeriodSeconds));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

} // namespace CareDesk
