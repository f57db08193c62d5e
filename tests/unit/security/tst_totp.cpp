// SPDX-License-Identifier: GPL-3.0-or-later
// TOTP against the published test vectors of RFC 6238 (appendix B), base 32 (RFC 4648), the
// enrolment URI and its QR code, and one-time use.
#include "services/security/QrMatrix.h"
#include "services/security/Totp.h"

#include <QTest>
#include <QUrl>
#include <QUrlQuery>

using namespace CareDesk;

class TestTotp : public QObject
{
    Q_OBJECT

private slots:
    void rfc6238Vectors_data()
    {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<QString>("expected");
        // RFC 6238 appendix B: 8 digits; the seed is "12345678901234567890" repeated to the
        // hash's length.
        const QList<std::tuple<qint64, QString, QString, QString>> table{
            {59, QStringLiteral("94287082"), QStringLiteral("46119246"),
             QStringLiteral("90693936")},
            {1111111109, QStringLiteral("07081804"), QStringLiteral("68084774"),
             QStringLiteral("25091201")},
            {1111111111, QStringLiteral("14050471"), QStringLiteral("67062674"),
             QStringLiteral("99943326")},
            {1234567890, QStringLiteral("89005924"), QStringLiteral("91819424"),
             QStringLiteral("93441116")},
            {2000000000, QStringLiteral("69279037"), QStringLiteral("90698825"),
             QStringLiteral("38618901")},
            {20000000000, QStringLiteral("65353130"), QStringLiteral("77737706"),
             QStringLiteral("47863826")},
        };
        for (const auto &[time, sha1, sha256, sha512] : table) {
            QTest::addRow("SHA1 at %lld", time) << time << int(Totp::Algorithm::Sha1) << sha1;
            QTest::addRow("SHA256 at %lld", time) << time << int(Totp::Algorithm::Sha256) << sha256;
            QTest::addRow("SHA512 at %lld", time) << time << int(Totp::Algorithm::Sha512) << sha512;
        }
    }

    void rfc6238Vectors()
    {
        QFETCH(qint64, time);
        QFETCH(int, algorithm);
        QFETCH(QString, expected);
        const auto kind = Totp::Algorithm(algorithm);
        const QByteArray seed20("12345678901234567890");
        const QByteArray seed = kind == Totp::Algorithm::Sha1 ? seed20
                                : kind == Totp::Algorithm::Sha256
                                    ? QByteArray(seed20 + seed20).left(32)
                                    : QByteArray(seed20.repeated(4)).left(64);
        QCOMPARE(Totp::code(seed, time, 8, kind), expected);
    }

    void base32RoundTrip_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("text");
        // RFC 4648 section 10 (without padding, as authenticator apps write it).
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("f") << QByteArray("f") << QStringLiteral("MY");
        QTest::newRow("fo") << QByteArray("fo") << QStringLiteral("MZXQ");
        QTest::newRow("foo") << QByteArray("foo") << QStringLiteral("MZXW6");
        QTest::newRow("foob") << QByteArray("foob") << QStringLiteral("MZXW6YQ");
        QTest::newRow("fooba") << QByteArray("fooba") << QStringLiteral("MZXW6YTB");
        QTest::newRow("foobar") << QByteArray("foobar") << QStringLiteral("MZXW6YTBOI");
    }

    void base32RoundTrip()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, text);
        QCOMPARE(Totp::toBase32(bytes), text);
        QCOMPARE(Totp::fromBase32(text).value_or("x"), bytes);
        QCOMPARE(Totp::fromBase32(text.toLower() + QStringLiteral("==")).value_or("x"), bytes);
    }

    void base32RefusesOtherLetters()
    {
        QVERIFY(!Totp::fromBase32(QStringLiteral("MZXW1")));
        QVERIFY(!Totp::fromBase32(QStringLiteral("MZ!W")));
    }

    void verifyWindowAndOneTimeUse()
    {
        const QByteArray secret("12345678901234567890");
        const qint64 now = 1111111111;
        const QString current = Totp::code(secret, now);
        QCOMPARE(current.size(), 6);
        QCOMPARE(Totp::verify(secret, current, now, 0), Totp::step(now));
        // One step of clock drift either way is accepted, two are not.
        QVERIFY(Totp::verify(secret, Totp::code(secret, now - 30), now, 0));
        QVERIFY(Totp::verify(secret, Totp::code(secret, now + 30), now, 0));
        QVERIFY(!Totp::verify(secret, Totp::code(secret, now - 90), now, 0));
        // A code already used (its step recorded) is refused, as RFC 6238 5.2 asks.
        QVERIFY(!Totp::verify(secret, current, now, Totp::step(now)));
        QVERIFY(!Totp::verify(secret, QStringLiteral("12345"), now, 0));
        QVERIFY(!Totp::verify(secret, QStringLiteral("abcdef"), now, 0));
        QVERIFY(!Totp::verify(QByteArray(), current, now, 0));
    }

    void provisioningUriAndQrCode()
    {
        const QByteArray secret = Totp::newSecret();
        QCOMPARE(secret.size(), 20);
        QVERIFY(secret != Totp::newSecret());
        const QUrl uri(Totp::provisioningUri(secret, QStringLiteral("nurse.ana")));
        QCOMPARE(uri.scheme(), QStringLiteral("otpauth"));
        QCOMPARE(uri.host(), QStringLiteral("totp"));
        QCOMPARE(uri.path(), QStringLiteral("/CareDesk:nurse.ana"));
        const QUrlQuery query(uri);
        QCOMPARE(Totp::fromBase32(query.queryItemValue(QStringLiteral("secret"))).value(), secret);
        QCOMPARE(query.queryItemValue(QStringLiteral("issuer")), QStringLiteral("CareDesk"));

        const QrMatrix matrix = QrMatrix::encode(uri.toString());
        QVERIFY(!matrix.isEmpty());
        QVERIFY(matrix.size() >= 21 && (matrix.size() - 17) % 4 == 0); // a QR version's size
        // The three finder patterns: dark 7x7 corners.
        for (const auto &[x, y] :
             QList<std::pair<int, int>>{{0, 0}, {matrix.size() - 7, 0}, {0, matrix.size() - 7}}) {
            QVERIFY(matrix.dark(x, y));
            QVERIFY(matrix.dark(x + 6, y + 6));
            QVERIFY(!matrix.dark(x + 1, y + 1));
            QVERIFY(matrix.dark(x + 3, y + 3));
        }
        const QString text = matrix.toTerminalText();
        QCOMPARE(text.count(u'\n'), (matrix.size() + 4 + 1) / 2);
    }
};

QTEST_GUILESS_MAIN(TestTotp)
#include "tst_totp.moc"
