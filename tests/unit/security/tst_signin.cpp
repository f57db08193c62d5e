// SPDX-License-Identifier: GPL-3.0-or-later
// Sign-in: the first administrator, enrolment of the second factor, TOTP and recovery codes,
// one-time codes, throttling after failures (also for names that are no user), disabled users,
// reset of the second factor, unlock; every attempt in the audit trail, never a secret.
#include "../store/TestCache.h"

#include "services/security/SignInService.h"
#include "services/security/Totp.h"
#include "services/security/UserDirectory.h"

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

struct Fixture : TestCache {
    std::unique_ptr<UserDirectory> users;
    std::unique_ptr<SignInService> signIn;

    bool begin()
    {
        if (!open())
            return false;
        users = std::make_unique<UserDirectory>(*access);
        signIn = std::make_unique<SignInService>(*access);
        return true;
    }

    qint64 now() const { return clock.now().toSecsSinceEpoch(); }

    // Enrols name and returns the secret (as a phone would hold it).
    QByteArray enrol(const QString &name, const QByteArray &password, QStringList *codes = nullptr)
    {
        auto enrolment = signIn->beginEnrolment(name, password);
        if (!enrolment)
            return {};
        const QByteArray secret = enrolment->secret;
        auto done = signIn->completeEnrolment(name, password, Totp::code(secret, now()), codes);
        return done ? secret : QByteArray();
    }

    qint64 entries(const QString &action, const QString &outcome)
    {
        QSqlQuery query(cache->connection());
        query.prepare(
            QStringLiteral("SELECT count(*) FROM audit_log WHERE action = ? AND outcome = ?"));
        query.addBindValue(action);
        query.addBindValue(outcome);
        return query.exec() && query.next() ? query.value(0).toLongLong() : -1;
    }

    QByteArray auditText()
    {
        QSqlQuery query(cache->connection());
        query.exec(QStringLiteral("SELECT actor || action || coalesce(object, '') || "
                                  "coalesce(detail, '') FROM audit_log"));
        QByteArray all;
        while (query.next())
            all += query.value(0).toString().toUtf8();
        return all;
    }
};

const QByteArray kPassword("a long admin password");

} // namespace

class TestSignIn : public QObject
{
    Q_OBJECT

private slots:
    void firstAdministratorOnlyOnce()
    {
        Fixture f;
        QVERIFY(f.begin());
        QCOMPARE(f.users->hasUsers().value(), false);
        QCOMPARE(
            f.users->createFirstAdministrator(QStringLiteral("Bad Name"), kPassword).error().code,
            Error::Code::InvalidInput);
        QCOMPARE(f.users->createFirstAdministrator(QStringLiteral("alice"), "short").error().code,
                 Error::Code::InvalidInput);
        QVERIFY(f.users->createFirstAdministrator(QStringLiteral("alice"), kPassword));
        QCOMPARE(f.users->hasUsers().value(), true);
        QCOMPARE(
            f.users->createFirstAdministrator(QStringLiteral("mallory"), kPassword).error().code,
            Error::Code::Conflict);
        // The stored hash is scrypt, never the password.
        QSqlQuery query(f.cache->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT password_hash, role FROM users")) &&
                query.next());
        QVERIFY(query.value(0).toString().startsWith(QStringLiteral("scrypt$")));
        QVERIFY(!query.value(0).toString().contains(QString::fromLatin1(kPassword)));
        QCOMPARE(query.value(1).toString(), QStringLiteral("administrator"));
    }

    void enrolThenSignInWithTotpAndRecoveryCodes()
    {
        Fixture f;
        QVERIFY(f.begin());
        QVERIFY(f.users->createFirstAdministrator(QStringLiteral("alice"), kPassword));
        // Password right, no second factor yet: no principal, enrolment first.
        auto first = f.signIn->signIn(QStringLiteral("alice"), kPassword, QString());
        QVERIFY(first);
        QVERIFY(first->needsEnrolment);
        QVERIFY(!first->principal.isValid());

        // A wrong confirmation code does not enrol.
        auto enrolment = f.signIn->beginEnrolment(QStringLiteral("alice"), kPassword);
        QVERIFY(enrolment);
        QVERIFY(enrolment->uri.startsWith(QStringLiteral("otpauth://totp/CareDesk:alice?")));
        const QString wrong = Totp::code(enrolment->secret, f.now() + 3600);
        QVERIFY(!f.signIn->completeEnrolment(QStringLiteral("alice"), kPassword, wrong, nullptr));
        QStringList codes;
        auto enrolled = f.signIn->completeEnrolment(QStringLiteral("alice"), kPassword,
                                                    Totp::code(enrolment->secret, f.now()), &codes);
        QVERIFY(enrolled);
        QCOMPARE(enrolled->principal,
                 (Principal{QStringLiteral("alice"), QStringLiteral("administrator")}));
        QCOMPARE(codes.size(), SignInService::kRecoveryCodes);
        const QByteArray secret = enrolment->secret;

        // The enrolment code was used: the same code again in the same step is refused.
        auto replay =
            f.signIn->signIn(QStringLiteral("alice"), kPassword, Totp::code(secret, f.now()));
        QVERIFY(!replay);
        f.clock.advanceSecs(30);
        auto withTotp =
            f.signIn->signIn(QStringLiteral("alice"), kPassword, Totp::code(secret, f.now()));
        QVERIFY2(withTotp, qPrintable(withTotp ? QString() : withTotp.error().message));
        QCOMPARE(withTotp->factor, QStringLiteral("totp"));
        QVERIFY(withTotp->principal.isValid());

        // A recovery code works once, in any case and with or without its dash.
        auto recovered = f.signIn->signIn(QStringLiteral("alice"), kPassword,
                                          codes.at(3).toLower().remove(u'-'));
        QVERIFY(recovered);
        QCOMPARE(recovered->factor, QStringLiteral("recovery-code"));
        QCOMPARE(recovered->recoveryCodesLeft, SignInService::kRecoveryCodes - 1);
        QVERIFY(!f.signIn->signIn(QStringLiteral("alice"), kPassword, codes.at(3)));
        // A wrong password with a right code is refused.
        f.clock.advanceSecs(30);
        QVERIFY(!f.signIn->signIn(QStringLiteral("alice"), "a long admin passworx",
                                  Totp::code(secret, f.now())));

        // Credential files: password and the secret itself.
        QVERIFY(f.signIn->signInWithSecret(QStringLiteral("alice"), kPassword, secret));
        QVERIFY(!f.signIn->signInWithSecret(QStringLiteral("alice"), kPassword, Totp::newSecret()));

        // Nothing secret reached the audit trail.
        const QByteArray audit = f.auditText();
        QVERIFY(!audit.contains(kPassword));
        QVERIFY(!audit.contains(Totp::toBase32(secret).toLatin1()));
        for (const QString &code : codes)
            QVERIFY(!audit.contains(code.toLatin1()));
        QVERIFY(f.entries(QStringLiteral("sign-in"), QStringLiteral("success")) >= 3);
        QVERIFY(f.entries(QStringLiteral("sign-in"), QStringLiteral("failure")) >= 3);
    }

    void failuresAreThrottled_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("a user") << QStringLiteral("alice");
        QTest::newRow("a name that is no user") << QStringLiteral("nobody");
    }

    void failuresAreThrottled()
    {
        QFETCH(QString, name);
        Fixture f;
        QVERIFY(f.begin());
        QVERIFY(f.users->createFirstAdministrator(QStringLiteral("alice"), kPassword));
        const QByteArray secret = f.enrol(QStringLiteral("alice"), kPassword);
        QVERIFY(!secret.isEmpty());
        QString lastMessage;
        for (int i = 0; i < SignInService::kFreeAttempts; ++i) {
            auto failed = f.signIn->signIn(name, "wrong password!!", QStringLiteral("000000"));
            QVERIFY(!failed);
            QCOMPARE(failed.error().code, Error::Code::Permission);
            lastMessage = failed.error().message;
        }
        // The same words for a user and a non-user: nothing tells which names exist.
        QVERIFY(lastMessage.contains(QStringLiteral("not right")));
        // Now even the right password waits (for a user), and the refusal is audited.
        f.clock.advanceSecs(10);
        auto locked = f.signIn->signIn(name, kPassword, Totp::code(secret, f.now()));
        QVERIFY(!locked);
        QVERIFY2(locked.error().message.contains(QStringLiteral("Too many")),
                 qPrintable(locked.error().message));
        QVERIFY(f.entries(QStringLiteral("sign-in"), QStringLiteral("refused")) >= 1);
        QCOMPARE(f.entries(QStringLiteral("sign-in"), QStringLiteral("failure")),
                 qint64(SignInService::kFreeAttempts));
        // After the wait the right credentials work again, and the count starts over.
        f.clock.advanceSecs(31);
        if (name == QLatin1String("alice")) {
            QVERIFY(f.signIn->signIn(name, kPassword, Totp::code(secret, f.now())));
            QVERIFY(!f.signIn->signIn(name, "wrong password!!", QStringLiteral("000000")));
            f.clock.advanceSecs(30);
            QVERIFY(f.signIn->signIn(name, kPassword, Totp::code(secret, f.now())));
        }
        // Each failure after the free ones doubles the wait: 30, 60, 120 seconds.
        if (name == QLatin1String("alice")) {
            for (int i = 0; i < SignInService::kFreeAttempts; ++i)
                (void)f.signIn->signIn(name, "wrong password!!", QStringLiteral("000000"));
            for (const int wait : {30, 60, 120}) {
                const auto refused = f.signIn->signIn(name, kPassword, QString());
                QVERIFY2(refused.error().message.contains(QStringLiteral("%1 seconds").arg(wait)),
                         qPrintable(refused.error().message));
                f.clock.advanceSecs(wait + 1);
                (void)f.signIn->signIn(name, "wrong password!!", QStringLiteral("000000"));
            }
        }
    }

    void disabledUsersAndResetSecondFactor()
    {
        Fixture f;
        QVERIFY(f.begin());
        QVERIFY(f.users->createFirstAdministrator(QStringLiteral("alice"), kPassword));
        const Principal alice{QStringLiteral("alice"), QStringLiteral("administrator")};
        const QByteArray nursePassword("nurse password 1");
        QVERIFY(f.users->addUser(alice, QStringLiteral("ana"), QStringLiteral("triage-nurse"),
                                 nursePassword));
        QCOMPARE(f.users
                     ->addUser(alice, QStringLiteral("ana"), QStringLiteral("triage-nurse"),
                               nursePassword)
                     .error()
                     .code,
                 Error::Code::Conflict);
        QCOMPARE(
            f.users
                ->addUser(alice, QStringLiteral("bob"), QStringLiteral("automation"), nursePassword)
                .error()
                .code,
            Error::Code::InvalidInput);
        const QByteArray secret = f.enrol(QStringLiteral("ana"), nursePassword);
        QVERIFY(!secret.isEmpty());
        QVERIFY(f.signIn->signInWithSecret(QStringLiteral("ana"), nursePassword, secret));

        // A nurse may not manage users.
        const Principal ana{QStringLiteral("ana"), QStringLiteral("triage-nurse")};
        QCOMPARE(f.users->setDisabled(ana, QStringLiteral("alice"), true).error().code,
                 Error::Code::Permission);
        QCOMPARE(f.users->list(ana).error().code, Error::Code::Permission);
        QCOMPARE(f.users->setDisabled(alice, QStringLiteral("alice"), true).error().code,
                 Error::Code::InvalidInput);

        QVERIFY(f.users->setDisabled(alice, QStringLiteral("ana"), true));
        QVERIFY(!f.signIn->signInWithSecret(QStringLiteral("ana"), nursePassword, secret));
        QVERIFY(f.users->setDisabled(alice, QStringLiteral("ana"), false));
        QVERIFY(f.signIn->signInWithSecret(QStringLiteral("ana"), nursePassword, secret));

        // Reset: the old secret stops working; the next sign-in enrols again.
        QVERIFY(f.users->resetMfa(alice, QStringLiteral("ana")));
        auto after = f.signIn->signInWithSecret(QStringLiteral("ana"), nursePassword, secret);
        QVERIFY(after && after->needsEnrolment && !after->principal.isValid());
        QVERIFY(!f.enrol(QStringLiteral("ana"), nursePassword).isEmpty());
        auto listed = f.users->list(alice);
        QVERIFY(listed);
        QCOMPARE(listed->size(), 2);
        QCOMPARE(listed->at(1).name, QStringLiteral("ana"));
        QVERIFY(listed->at(1).mfaEnrolled);
        QCOMPARE(f.users->resetMfa(alice, QStringLiteral("nobody")).error().code,
                 Error::Code::NotFound);
    }

    void unlockNeedsThePassword()
    {
        Fixture f;
        QVERIFY(f.begin());
        QVERIFY(f.users->createFirstAdministrator(QStringLiteral("alice"), kPassword));
        const Principal alice{QStringLiteral("alice"), QStringLiteral("administrator")};
        QVERIFY(f.signIn->confirmPassword(alice, kPassword));
        QVERIFY(!f.signIn->confirmPassword(alice, "not the password"));
        // A principal whose role no longer matches the user's must sign in again.
        QVERIFY(!f.signIn->confirmPassword({QStringLiteral("alice"), QStringLiteral("supervisor")},
                                           kPassword));
        QCOMPARE(f.entries(QStringLiteral("unlock"), QStringLiteral("success")), 1);
        QCOMPARE(f.entries(QStringLiteral("unlock"), QStringLiteral("failure")), 1);
    }
};

QTEST_GUILESS_MAIN(TestSignIn)
#include "tst_signin.moc"
