// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/SignInService.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/PasswordHash.h"
#include "services/security/Totp.h"
#include "services/security/UserDirectory.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>

#include <openssl/crypto.h>
#include <openssl/rand.h>

Q_LOGGING_CATEGORY(lcSignIn, "caredesk.security.signin", QtInfoMsg)

namespace CareDesk {

struct SignInService::Account {
    QString name;
    QString role;
    QByteArray totpSecret;
    bool enrolled = false;
    qint64 lastStep = 0;
    QJsonArray recoveryDigests;
};

namespace {

// Same cost as a real hash, so an unknown name takes as long as a wrong password.
const QString kDummyHash = [] {
    auto hashed = PasswordHash::hash(QByteArrayLiteral("caredesk-no-such-user"));
    return hashed ? *hashed : QString();
}();

QString recoveryDigest(const QString &code)
{
    QString normal = code.trimmed().toUpper();
    normal.remove(u'-');
    normal.remove(u' ');
    return QString::fromLatin1(
        QCryptographicHash::hash(normal.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString auditName(const QString &name)
{
    return UserDirectory::isValidName(name) ? name : QStringLiteral("(invalid user name)");
}

const QString kGenericFailure =
    QStringLiteral("The user name, password or code is not right, or the account is disabled.");

} // namespace

SignInService::SignInService(AccessControl &access)
    : m_access(access)
{}

VoidResult SignInService::recordFailure(const QString &name, const QString &action,
                                        const QString &reason)
{
    const QString key = auditName(name);
    QSqlDatabase db = m_access.cache()->connection();
    QSqlQuery read(db);
    read.prepare(QStringLiteral("SELECT failures FROM sign_in_throttle WHERE name = ?"));
    read.addBindValue(key);
    const int failures = (read.exec() && read.next() ? read.value(0).toInt() : 0) + 1;
    read.finish();
    QString lockedUntil;
    if (failures >= kFreeAttempts) {
        const int doublings = qMin(failures - kFreeAttempts, 5);
        const int seconds = qMin(30 << doublings, 15 * 60);
        lockedUntil = toStorageTime(m_access.clock().now().addSecs(seconds));
    }
    QSqlQuery write(db);
    write.prepare(QStringLiteral("INSERT OR REPLACE INTO sign_in_throttle (name, failures, "
                                 "locked_until) VALUES (?, ?, ?)"));
    write.addBindValue(key);
    write.addBindValue(failures);
    write.addBindValue(lockedUntil.isEmpty() ? QVariant() : QVariant(lockedUntil));
    write.exec();
    qCInfo(lcSignIn) << action << "failed for" << key << "reason" << reason << "failures"
                     << failures;
    return m_access.audit().append(
        {key, action, QString(), QStringLiteral("user/%1").arg(key), QStringLiteral("failure"),
         QStringLiteral("reason=%1;failures=%2").arg(reason).arg(failures)});
}

void SignInService::recordSuccess(const QString &name, const QString &action, const QString &factor)
{
    QSqlQuery clear(m_access.cache()->connection());
    clear.prepare(QStringLiteral("DELETE FROM sign_in_throttle WHERE name = ?"));
    clear.addBindValue(name);
    clear.exec();
    qCInfo(lcSignIn) << action << "by" << name << "with" << factor;
    m_access.audit().append({name, action, QString(), QStringLiteral("user/%1").arg(name),
                             QStringLiteral("success"), QStringLiteral("factor=%1").arg(factor)});
}

Result<SignInService::Account>
SignInService::checkPassword(const QString &name, const QByteArray &password, const QString &action)
{
    const QString key = auditName(name);
    QSqlDatabase db = m_access.cache()->connection();
    QSqlQuery throttle(db);
    throttle.prepare(QStringLiteral("SELECT locked_until FROM sign_in_throttle WHERE name = ?"));
    throttle.addBindValue(key);
    if (throttle.exec() && throttle.next() && !throttle.value(0).isNull()) {
        const QDateTime until = fromStorageTime(throttle.value(0).toString());
        if (until > m_access.clock().now()) {
            const qint64 wait = m_access.clock().now().secsTo(until);
            m_access.audit().append({key, action, QString(), QStringLiteral("user/%1").arg(key),
                                     QStringLiteral("refused"),
                                     QStringLiteral("reason=throttled")});
            return fail(Error::Code::Permission,
                        QStringLiteral("Too many failed sign-ins for this name; try again in %1 "
                                       "seconds.")
                            .arg(qMax<qint64>(wait, 1)));
        }
    }
    throttle.finish();

    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT name, role, password_hash, totp_secret, totp_enrolled, "
                                 "totp_last_step, recovery_codes, disabled FROM users "
                                 "WHERE name = ?"));
    query.addBindValue(name);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the user"), query);
    const bool found = query.next();
    const QString stored = found ? query.value(2).toString() : kDummyHash;
    const bool passwordOk = PasswordHash::verify(password, stored) && found;
    if (!passwordOk) {
        recordFailure(name, action,
                      found ? QStringLiteral("password") : QStringLiteral("unknown-user"));
        return fail(Error::Code::Permission, kGenericFailure);
    }
    if (query.value(7).toBool()) {
        recordFailure(name, action, QStringLiteral("disabled"));
        return fail(Error::Code::Permission, kGenericFailure);
    }
    Account account;
    account.name = query.value(0).toString();
    account.role = query.value(1).toString();
    account.totpSecret = QByteArray::fromBase64(query.value(3).toByteArray());
    account.enrolled = query.value(4).toBool();
    account.lastStep = query.value(5).toLongLong();
    account.recoveryDigests = QJsonDocument::fromJson(query.value(6).toByteArray()).array();
    return account;
}

Result<SignInResult> SignInService::signIn(const QString &name, const QByteArray &password,
                                           const QString &code)
{
    const QString action = QStringLiteral("sign-in");
    auto account = checkPassword(name, password, action);
    if (!account)
        return std::unexpected(account.error());
    SignInResult result;
    if (!account->enrolled) {
        result.needsEnrolment = true;
        return result;
    }

    QSqlDatabase db = m_access.cache()->connection();
    const qint64 now = m_access.clock().now().toSecsSinceEpoch();
    if (const auto step = Totp::verify(account->totpSecret, code, now, account->lastStep)) {
        QSqlQuery used(db);
        used.prepare(QStringLiteral("UPDATE users SET totp_last_step = ? WHERE name = ?"));
        used.addBindValue(*step);
        used.addBindValue(account->name);
        used.exec();
        result.factor = QStringLiteral("totp");
    } else {
        const QString digest = recoveryDigest(code);
        QJsonArray left;
        bool matched = false;
        for (const QJsonValue &value : std::as_const(account->recoveryDigests)) {
            const QByteArray stored = value.toString().toLatin1();
            const QByteArray given = digest.toLatin1();
            if (!matched && stored.size() == given.size() &&
                CRYPTO_memcmp(stored.constData(), given.constData(), size_t(given.size())) == 0)
                matched = true;
            else
                left.append(value);
        }
        if (!matched || code.trimmed().size() < 10) {
            recordFailure(name, action, QStringLiteral("second-factor"));
            wipeSecret(account->totpSecret);
            return fail(Error::Code::Permission, kGenericFailure);
        }
        QSqlQuery used(db);
        used.prepare(QStringLiteral("UPDATE users SET recovery_codes = ? WHERE name = ?"));
        used.addBindValue(QString::fromUtf8(QJsonDocument(left).toJson(QJsonDocument::Compact)));
        used.addBindValue(account->name);
        used.exec();
        account->recoveryDigests = left;
        result.factor = QStringLiteral("recovery-code");
    }
    wipeSecret(account->totpSecret);
    recordSuccess(account->name, action, result.factor);
    result.principal = {account->name, account->role};
    result.recoveryCodesLeft = int(account->recoveryDigests.size());
    return result;
}

Result<SignInResult> SignInService::signInWithSecret(const QString &name,
                                                     const QByteArray &password,
                                                     const QByteArray &totpSecret)
{
    const QString action = QStringLiteral("sign-in");
    auto account = checkPassword(name, password, action);
    if (!account)
        return std::unexpected(account.error());
    SignInResult result;
    if (!account->enrolled) {
        result.needsEnrolment = true;
        return result;
    }
    const bool same = account->totpSecret.size() == totpSecret.size() &&
                      CRYPTO_memcmp(account->totpSecret.constData(), totpSecret.constData(),
                                    size_t(totpSecret.size())) == 0;
    wipeSecret(account->totpSecret);
    if (!same) {
        recordFailure(name, action, QStringLiteral("second-factor"));
        return fail(Error::Code::Permission, kGenericFailure);
    }
    result.factor = QStringLiteral("credential-file");
    recordSuccess(account->name, action, result.factor);
    result.principal = {account->name, account->role};
    result.recoveryCodesLeft = int(account->recoveryDigests.size());
    return result;
}

Result<MfaEnrolment> SignInService::beginEnrolment(const QString &name, const QByteArray &password)
{
    auto account = checkPassword(name, password, QStringLiteral("mfa-enrol"));
    if (!account)
        return std::unexpected(account.error());
    wipeSecret(account->totpSecret);
    if (account->enrolled)
        return fail(Error::Code::Conflict,
                    QStringLiteral("This user already has a second factor; an administrator can "
                                   "reset it."));
    MfaEnrolment enrolment;
    enrolment.secret = Totp::newSecret();
    if (enrolment.secret.isEmpty())
        return fail(Error::Code::Unknown, QStringLiteral("No random bytes for a TOTP secret."));
    QSqlQuery query(m_access.cache()->connection());
    query.prepare(QStringLiteral("UPDATE users SET totp_secret = ? WHERE name = ? AND "
                                 "totp_enrolled = 0"));
    query.addBindValue(QString::fromLatin1(enrolment.secret.toBase64()));
    query.addBindValue(account->name);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Saving the new second factor"), query);
    enrolment.uri = Totp::provisioningUri(enrolment.secret, account->name);
    return enrolment;
}

Result<QStringList> SignInService::newRecoveryCodes(const QString &name)
{
    QStringList codes;
    QJsonArray digests;
    for (int i = 0; i < kRecoveryCodes; ++i) {
        QByteArray random(7, Qt::Uninitialized);
        if (RAND_bytes(reinterpret_cast<unsigned char *>(random.data()), int(random.size())) != 1)
            return fail(Error::Code::Unknown,
                        QStringLiteral("No random bytes for recovery codes."));
        // 50 bits as ten base-32 characters, read out in two groups of five.
        const QString code = Totp::toBase32(random).left(10);
        codes.append(code.left(5) + u'-' + code.mid(5));
        digests.append(recoveryDigest(code));
        wipeSecret(random);
    }
    QSqlQuery query(m_access.cache()->connection());
    query.prepare(QStringLiteral("UPDATE users SET recovery_codes = ? WHERE name = ?"));
    query.addBindValue(QString::fromUtf8(QJsonDocument(digests).toJson(QJsonDocument::Compact)));
    query.addBindValue(name);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Saving the recovery codes"), query);
    return codes;
}

Result<SignInResult> SignInService::completeEnrolment(const QString &name,
                                                      const QByteArray &password,
                                                      const QString &code,
                                                      QStringList *recoveryCodes)
{
    const QString action = QStringLiteral("mfa-enrol");
    auto account = checkPassword(name, password, action);
    if (!account)
        return std::unexpected(account.error());
    if (account->enrolled || account->totpSecret.isEmpty()) {
        wipeSecret(account->totpSecret);
        return fail(Error::Code::Conflict,
                    QStringLiteral("There is no second factor waiting to be confirmed."));
    }
    const auto step = Totp::verify(account->totpSecret, code,
                                   m_access.clock().now().toSecsSinceEpoch(), account->lastStep);
    wipeSecret(account->totpSecret);
    if (!step) {
        recordFailure(name, action, QStringLiteral("second-factor"));
        return fail(Error::Code::Permission,
                    QStringLiteral("That code does not match; check the device's clock and enter "
                                   "the code the app shows now."));
    }
    QSqlQuery query(m_access.cache()->connection());
    query.prepare(QStringLiteral("UPDATE users SET totp_enrolled = 1, totp_last_step = ? WHERE "
                                 "name = ?"));
    query.addBindValue(*step);
    query.addBindValue(account->name);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Saving the second factor"), query);
    auto codes = newRecoveryCodes(account->name);
    if (!codes)
        return std::unexpected(codes.error());
    if (recoveryCodes)
        *recoveryCodes = *codes;
    recordSuccess(account->name, action, QStringLiteral("totp"));
    SignInResult result;
    result.principal = {account->name, account->role};
    result.factor = QStringLiteral("totp");
    result.recoveryCodesLeft = int(codes->size());
    return result;
}

VoidResult SignInService::confirmPassword(const Principal &who, const QByteArray &password)
{
    auto account = checkPassword(who.user, password, QStringLiteral("unlock"));
    if (!account)
        return std::unexpected(account.error());
    wipeSecret(account->totpSecret);
    if (account->role != who.role)
        return fail(Error::Code::Permission,
                    QStringLiteral("Your role has changed; sign in again."));
    recordSuccess(account->name, QStringLiteral("unlock"), QStringLiteral("password"));
    return {};
}

} // namespace CareDesk
