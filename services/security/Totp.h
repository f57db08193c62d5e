// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

#include <optional>

namespace CareDesk {

// Time-based one-time passwords (RFC 6238 over RFC 4226), the second factor of a sign-in.
// Authenticator apps use SHA-1, 6 digits and 30-second steps; the others exist for the RFC's
// test vectors.
class Totp
{
public:
    enum class Algorithm { Sha1, Sha256, Sha512 };
    static constexpr int kPeriodSeconds = 30;
    static constexpr int kDigits = 6;

    static QString code(const QByteArray &secret, qint64 unixTime, int digits = kDigits,
                        Algorithm algorithm = Algorithm::Sha1);
    static qint64 step(qint64 unixTime) { return unixTime / kPeriodSeconds; }
    // The step whose code matches, within one step either side of now and later than
    // lastUsedStep (a code is good once: RFC 6238 section 5.2), or nothing.
    static std::optional<qint64> verify(const QByteArray &secret, const QString &code,
                                        qint64 unixTime, qint64 lastUsedStep);

    static QByteArray newSecret(); // 20 random bytes, as RFC 4226 recommends
    static QString toBase32(const QByteArray &bytes);
    static std::optional<QByteArray> fromBase32(const QString &text);
    // The otpauth:// URI an authenticator app reads from the enrolment QR code.
    static QString provisioningUri(const QByteArray &secret, const QString &account,
                                   const QString &issuer = QStringLiteral("CareDesk"));
};

} // namespace CareDesk
