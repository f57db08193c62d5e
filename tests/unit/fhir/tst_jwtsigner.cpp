// SPDX-License-Identifier: GPL-3.0-or-later
// SMART Backend Services client assertions signed with OpenSSL: the published RS384 vector is
// reproduced byte for byte, the published ES384 one verifies, and our own ES384 signatures
// verify with the public key (ECDSA is randomised, so they never repeat).
#include "services/fhir/JwtSigner.h"
#include "services/fhir/SmartBackendAuth.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace CareDesk;

namespace {

QString vectorPath(const char *name)
{
    return QStringLiteral(CAREDESK_SHARED_TESTDATA "/smart-backend-services/") +
           QString::fromLatin1(name);
}

QByteArray readVector(const char *name)
{
    QFile file(vectorPath(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
}

QJsonObject claimsOf(const QByteArray &token)
{
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(token.split('.').value(1), QByteArray::Base64UrlEncoding))
        .object();
}

} // namespace

class tst_JwtSigner : public QObject
{
    Q_OBJECT

private slots:
    void rs384VectorReproducedByteForByte();
    void es384VectorVerifies();
    void ownSignaturesVerify_data();
    void ownSignaturesVerify();
    void tamperingIsDetected_data();
    void tamperingIsDetected();
    void badKeysAreRefused_data();
    void badKeysAreRefused();
};

void tst_JwtSigner::rs384VectorReproducedByteForByte()
{
    const QByteArray published = readVector("client-assertion-RS384.jwt");
    QVERIFY(!published.isEmpty());
    auto key = JsonWebKey::fromFile(vectorPath("RS384.private.json"), true);
    QVERIFY2(key, key ? "" : qPrintable(key.error().message));
    QCOMPARE(key->algorithm(), QStringLiteral("RS384"));

    // The claims the example was made with, through CareDesk's own assertion builder.
    const QJsonObject claims = claimsOf(published);
    auto ours =
        SmartBackendAuth::clientAssertion(claims.value(QLatin1String("iss")).toString(),
                                          claims.value(QLatin1String("aud")).toString(),
                                          claims.value(QLatin1String("exp")).toInteger(),
                                          claims.value(QLatin1String("jti")).toString(), *key);
    QVERIFY(ours);
    QCOMPARE(*ours, published);
}

void tst_JwtSigner::es384VectorVerifies()
{
    const QByteArray published = readVector("client-assertion-ES384.jwt");
    auto key = JsonWebKey::fromFile(vectorPath("ES384.public.json"), false);
    QVERIFY2(key, key ? "" : qPrintable(key.error().message));
    QVERIFY(Jwt::verify(published, *key));
    // The RS384 public key does not verify it, nor the ES384 key an RS384 token.
    auto rsa = JsonWebKey::fromFile(vectorPath("RS384.public.json"), false);
    QVERIFY(!Jwt::verify(published, *rsa));
    QVERIFY(!Jwt::verify(readVector("client-assertion-RS384.jwt"), *key));
    QVERIFY(Jwt::verify(readVector("client-assertion-RS384.jwt"), *rsa));
}

void tst_JwtSigner::ownSignaturesVerify_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("RS384") << QStringLiteral("RS384");
    QTest::newRow("ES384") << QStringLiteral("ES384");
}

void tst_JwtSigner::ownSignaturesVerify()
{
    QFETCH(QString, algorithm);
    const QByteArray base = algorithm.toLatin1();
    auto signer =
        JsonWebKey::fromFile(vectorPath(QByteArray(base + ".private.json").constData()), true);
    auto verifier =
        JsonWebKey::fromFile(vectorPath(QByteArray(base + ".public.json").constData()), false);
    QVERIFY(signer && verifier);
    auto token = SmartBackendAuth::clientAssertion(QStringLiteral("caredesk-test"),
                                                   QStringLiteral("https://ehr.test/auth/token"),
                                                   2000000000, QStringLiteral("jti-1"), *signer);
    QVERIFY(token);
    QVERIFY(Jwt::verify(*token, *verifier));
    const QByteArray signature =
        QByteArray::fromBase64(token->split('.').at(2), QByteArray::Base64UrlEncoding);
    QCOMPARE(signature.size(), algorithm == QLatin1String("ES384") ? 96 : 256);
    const QJsonObject claims = claimsOf(*token);
    QCOMPARE(claims.value(QLatin1String("iss")).toString(), QStringLiteral("caredesk-test"));
    QCOMPARE(claims.value(QLatin1String("sub")).toString(), QStringLiteral("caredesk-test"));
    QCOMPARE(claims.value(QLatin1String("exp")).toInteger(), 2000000000);
    // The header names the key the server must use.
    const QJsonObject header =
        QJsonDocument::fromJson(
            QByteArray::fromBase64(token->split('.').at(0), QByteArray::Base64UrlEncoding))
            .object();
    QCOMPARE(header.value(QLatin1String("kid")).toString(), signer->keyId());
    QCOMPARE(header.value(QLatin1String("alg")).toString(), algorithm);
}

void tst_JwtSigner::tamperingIsDetected_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("publicKey");
    QTest::newRow("RS384") << QStringLiteral("client-assertion-RS384.jwt")
                           << QStringLiteral("RS384.public.json");
    QTest::newRow("ES384") << QStringLiteral("client-assertion-ES384.jwt")
                           << QStringLiteral("ES384.public.json");
}

void tst_JwtSigner::tamperingIsDetected()
{
    QFETCH(QString, file);
    QFETCH(QString, publicKey);
    const QByteArray token = readVector(file.toLatin1().constData());
    auto key = JsonWebKey::fromFile(vectorPath(publicKey.toLatin1().constData()), false);
    QVERIFY(key);
    QList<QByteArray> parts = token.split('.');
    QJsonObject claims = claimsOf(token);
    claims.insert(QStringLiteral("sub"), QStringLiteral("someone-else"));
    const QByteArray changedClaims =
        parts[0] + '.' + Jwt::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) +
        '.' + parts[2];
    QVERIFY(!Jwt::verify(changedClaims, *key));
    QByteArray flipped = QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding);
    flipped[10] = char(flipped[10] ^ 0x01);
    QVERIFY(!Jwt::verify(parts[0] + '.' + parts[1] + '.' + Jwt::base64Url(flipped), *key));
    QVERIFY(!Jwt::verify(parts[0] + '.' + parts[1], *key));
    QVERIFY(!Jwt::verify(QByteArray("garbage"), *key));
}

void tst_JwtSigner::badKeysAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("wantPrivate");
    QTest::newRow("public key asked to sign") << readVector("RS384.public.json") << true;
    QTest::newRow("unsupported algorithm")
        << QByteArray(R"({"kty":"RSA","alg":"RS256","n":"AQAB","e":"AQAB"})") << false;
    QTest::newRow("EC point of the wrong size")
        << QByteArray(R"({"kty":"EC","alg":"ES384","crv":"P-384","x":"AAAA","y":"AAAA"})") << false;
    QTest::newRow("RSA without modulus")
        << QByteArray(R"({"kty":"RSA","alg":"RS384","e":"AQAB"})") << false;
    QTest::newRow("empty set") << QByteArray(R"({"keys":[]})") << false;
}

void tst_JwtSigner::badKeysAreRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, wantPrivate);
    auto key = JsonWebKey::fromJson(QJsonDocument::fromJson(json).object(), wantPrivate);
    QVERIFY(!key);
    QCOMPARE(key.error().code, Error::Code::InvalidInput);
    QVERIFY(!key.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(tst_JwtSigner)
#include "tst_jwtsigner.moc"
