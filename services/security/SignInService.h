// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Principal.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace CareDesk {

class AccessControl;

struct SignInResult {
    Principal principal;         // valid once signed in
    bool needsEnrolment = false; // password right, no second factor yet: enrol first
    QString factor;              // "totp", "recovery-code", "credential-file"
    int recoveryCodesLeft = 0;
};

struct MfaEnrolment {
    QByteArray secret; // shown once, as a QR code and as text; wipe after use
    QString uri;       // otpauth://totp/...
};

// Sign-in: the password (scrypt) and a second factor (TOTP, or a one-time recovery code).
// Failures per name are counted; after kFreeAttempts in a row the name is locked for 30 s,
// doubling with each further failure up to 15 minutes. Names that are no user are throttled the
// same way and cost the same scrypt work, so timing and messages do not tell which names exist.
// Every attempt, good or bad, is in the audit trail (never the password or the code).
class SignInService
{
public:
    static constexpr int kFreeAttempts = 5;
    static constexpr int kRecoveryCodes = 10;

    explicit SignInService(AccessControl &access);

    // code: six TOTP digits or a recovery code; ignored while the user has no second factor.
    Result<SignInResult> signIn(const QString &name, const QByteArray &password,
                                const QString &code);
    // Scripts and services: the password and the TOTP secret itself, from a credential file.
    Result<SignInResult> signInWithSecret(const QString &name, const QByteArray &password,
                                          const QByteArray &totpSecret);
    // A user with no second factor yet: a new secret, kept until completeEnrolment().
    Result<MfaEnrolment> beginEnrolment(const QString &name, const QByteArray &password);
    // Confirms the secret with a code from the authenticator; signs in and returns the recovery
    // codes (shown once; only their digests are kept).
    Result<SignInResult> completeEnrolment(const QString &name, const QByteArray &password,
                                           const QString &code, QStringList *recoveryCodes);
    // Unlocking a locked session: the signed-in user's password again (throttled and audited).
    VoidResult confirmPassword(const Principal &who, const QByteArray &password);

private:
    struct Account;
    Result<Account> checkPassword(const QString &name, const QByteArray &password,
                                  const QString &action);
    VoidResult recordFailure(const QString &name, const QString &action, const QString &reason);
    void recordSuccess(const QString &name, const QString &action, const QString &factor);
    Result<QStringList> newRecoveryCodes(const QString &name);

    AccessControl &m_access;
};

} // namespace CareDesk
