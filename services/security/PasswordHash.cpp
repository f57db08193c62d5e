// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/PasswordHash.h"

#include <QStringList>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace CareDesk {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

QByteArray derive(const QByteArray &password, const QByteArray &salt, int log2N, int r, int p)
{
    QByteArray out(kHashBytes, Qt::Uninitialized);
    const uint64_t n = uint64_t(1) << log2N;
    // Room for scrypt's 128 * N * r bytes plus its own bookkeeping.
    const uint64_t maxMemory = 128 * n * uint64_t(r) * uint64_t(p) + (uint64_t(1) << 24);
    if (EVP_PBE_scrypt(password.constData(), size_t(password.size()),
                       reinterpret_cast<const unsigned char *>(salt.constData()),
                       size_t(salt.size()), n, uint64_t(r), uint64_t(p), maxMemory,
                       reinterpret_cast<unsigned char *>(out.data()), size_t(out.size())) != 1)
        return {};
    return out;
}

} // namespace

void wipeSecret(QByteArray &secret)
{
    if (!secret.isEmpty())
        OPENSSL_cleanse(secret.data(), size_t(secret.size()));
    secret.clear();
}

void wipeSecret(QString &secret)
{
    if (!secret.isEmpty())
        OPENSSL_cleanse(secret.data(), size_t(secret.size()) * sizeof(QChar));
    secret.clear();
}

Result<QString> PasswordHash::hash(const QByteArray &password, Cost cost)
{
    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(salt.data()), kSaltBytes) != 1)
        return fail(Error::Code::Unknown, QStringLiteral("No random bytes for a password salt."));
    QByteArray derived = derive(password, salt, cost.log2N, cost.r, cost.p);
    if (derived.isEmpty())
        return fail(Error::Code::Unknown, QStringLiteral("Hashing the password failed."));
    const QString encoded =
        QStringLiteral("scrypt$%1$%2$%3$%4$%5")
            .arg(cost.log2N)
            .arg(cost.r)
            .arg(cost.p)
            .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(derived.toBase64()));
    wipeSecret(derived);
    return encoded;
}

bool PasswordHash::verify(const QByteArray &password, const QString &stored)
{
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 6 || parts.at(0) != QLatin1String("scrypt"))
        return false;
    bool okN = false, okR = false, okP = false;
    const int log2N = parts.at(1).toInt(&okN);
    const int r = parts.at(2).toInt(&okR);
    const int p = parts.at(3).toInt(&okP);
    // Bounds keep a tampered row from asking for gigabytes of memory.
    if (!okN || !okR || !okP || log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 4)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts.at(4).toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts.at(5).toLatin1());
    if (salt.size() < 8 || expected.size() != kHashBytes)
        return false;
    QByteArray derived = derive(password, salt, log2N, r, p);
    const bool same =
        derived.size() == expected.size() &&
        CRYPTO_memcmp(derived.constData(), expected.constData(), size_t(expected.size())) == 0;
    wipeSecret(derived);
    return same;
}

QString PasswordHash::weakness(const QByteArray &password)
{
    if (QString::fromUtf8(password).size() < kMinimumLength)
        return QStringLiteral("A password needs at least %1 characters.").arg(kMinimumLength);
    if (password.trimmed() != password)
        return QStringLiteral("A password may not start or end with a space.");
    return QString();
}

} // namespace CareDesk
