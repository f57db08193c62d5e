// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/CheckpointSigner.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace CareDesk {

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Context = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

Key privateKey(const QByteArray &seed)
{
    return Key(seed.size() == 32
                   ? EVP_PKEY_new_raw_private_key(
                         EVP_PKEY_ED25519, nullptr,
                         reinterpret_cast<const unsigned char *>(seed.constData()), 32)
                   : nullptr,
               &EVP_PKEY_free);
}

} // namespace

QByteArray CheckpointSigner::newSeed()
{
    QByteArray seed(32, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(seed.data()), 32) != 1)
        return {};
    return seed;
}

QByteArray CheckpointSigner::publicKey(const QByteArray &seed)
{
    const Key key = privateKey(seed);
    QByteArray out(32, Qt::Uninitialized);
    size_t length = 32;
    if (!key ||
        EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char *>(out.data()),
                                    &length) != 1 ||
        length != 32)
        return {};
    return out;
}

QByteArray CheckpointSigner::sign(const QByteArray &seed, const QByteArray &message)
{
    const Key key = privateKey(seed);
    const Context context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    QByteArray signature(64, Qt::Uninitialized);
    size_t length = 64;
    if (!key || !context ||
        EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(message.constData()),
                       size_t(message.size())) != 1)
        return {};
    signature.resize(qsizetype(length));
    return signature;
}

bool CheckpointSigner::verify(const QByteArray &publicKey, const QByteArray &message,
                              const QByteArray &signature)
{
    if (publicKey.size() != 32 || signature.size() != 64)
        return false;
    const Key key(EVP_PKEY_new_raw_public_key(
                      EVP_PKEY_ED25519, nullptr,
                      reinterpret_cast<const unsigned char *>(publicKey.constData()), 32),
                  &EVP_PKEY_free);
    const Context context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    return key && context &&
           EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
           EVP_DigestVerify(context.get(),
                            reinterpret_cast<const unsigned char *>(signature.constData()), 64,
                            reinterpret_cast<const unsigned char *>(message.constData()),
                            size_t(message.size())) == 1;
}

} // namespace CareDesk
