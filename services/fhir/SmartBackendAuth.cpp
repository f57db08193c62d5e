// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/SmartBackendAuth.h"

#include "models/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include <openssl/rand.h>

Q_LOGGING_CATEGORY(lcSmart, "caredesk.sync.smart", QtInfoMsg)

namespace CareDesk {

SmartBackendAuth::SmartBackendAuth(QNetworkAccessManager &network, SmartSettings settings,
                                   JsonWebKey key, const Clock &clock, QSslConfiguration tls,
                                   QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_settings(std::move(settings))
    , m_key(std::move(key))
    , m_clock(clock)
    , m_tls(std::move(tls))
{}

Result<QByteArray> SmartBackendAuth::clientAssertion(const QString &clientId,
                                                     const QString &audience, qint64 expiresAtEpoch,
                                                     const QString &jti, const JsonWebKey &key)
{
    const Jwt::Members header{{QStringLiteral("alg"), key.algorithm()},
                              {QStringLiteral("kid"), key.keyId()},
                              {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const Jwt::Members claims{{QStringLiteral("iss"), clientId},
                              {QStringLiteral("sub"), clientId},
                              {QStringLiteral("aud"), audience},
                              {QStringLiteral("exp"), expiresAtEpoch},
                              {QStringLiteral("jti"), jti}};
    return Jwt::sign(header, claims, key);
}

void SmartBackendAuth::invalidate()
{
    m_token.clear();
    m_validUntil = QDeadlineTimer();
}

void SmartBackendAuth::accessToken(QObject *context,
                                   std::function<void(const Result<QString> &)> done)
{
    if (!m_token.isEmpty() && !m_validUntil.hasExpired()) {
        done(m_token);
        return;
    }
    m_waiting.append({QPointer<QObject>(context), std::move(done)});
    if (!m_fetching)
        fetch();
}

void SmartBackendAuth::discover()
{
    QNetworkRequest request(m_settings.discoveryUrl);
    request.setRawHeader("Accept", "application/json");
    request.setSslConfiguration(m_tls);
    request.setTransferTimeout(30000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        const QUrl endpoint(answer.value(QLatin1String("token_endpoint")).toString());
        if (!endpoint.isValid() || endpoint.scheme().isEmpty()) {
            finish(fail(Error::Code::Permission,
                        QStringLiteral("The FHIR server does not say where its token endpoint is "
                                       "(.well-known/smart-configuration); set it in the "
                                       "settings.")));
            return;
        }
        m_settings.tokenUrl = endpoint;
        fetch();
    });
}

void SmartBackendAuth::fetch()
{
    m_fetching = true;
    if (m_settings.tokenUrl.isEmpty() && m_settings.discoveryUrl.isValid()) {
        discover();
        return;
    }
    unsigned char random[16];
    if (RAND_bytes(random, sizeof random) != 1) {
        finish(fail(Error::Code::Unknown, QStringLiteral("The system random generator failed.")));
        return;
    }
    const QString jti = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(random), sizeof random).toHex());
    // exp comes from the local clock: a server that disagrees by minutes refuses the assertion,
    // which the skew warning explains.
    const qint64 exp = m_clock.now().toSecsSinceEpoch() + m_settings.assertionLifetimeSeconds;
    auto assertion =
        clientAssertion(m_settings.clientId, m_settings.tokenUrl.toString(), exp, jti, m_key);
    if (!assertion) {
        finish(std::unexpected(assertion.error()));
        return;
    }
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    form.addQueryItem(QStringLiteral("scope"), m_settings.scope);
    form.addQueryItem(QStringLiteral("client_assertion_type"),
                      QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
    form.addQueryItem(QStringLiteral("client_assertion"), QString::fromLatin1(*assertion));
    QNetworkRequest request(m_settings.tokenUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArray("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setSslConfiguration(m_tls);
    request.setTransferTimeout(30000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.post(request, form.toString(QUrl::FullyEncoded).toLatin1());
    const qint64 startedMs = QDeadlineTimer::current().deadline();
    connect(reply, &QNetworkReply::finished, this, [this, reply, startedMs] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        const QString token = answer.value(QLatin1String("access_token")).toString();
        if (status != 200 || token.isEmpty()) {
            const QString why = status == 0 ? reply->errorString()
                                            : QStringLiteral("%1 %2").arg(status).arg(
                                                  answer.value(QLatin1String("error")).toString());
            qCWarning(lcSmart) << "token request refused:" << status;
            finish(fail(Error::Code::Permission,
                        QStringLiteral("The FHIR server's token endpoint refused CareDesk's "
                                       "client assertion (%1). Check the client id, the key and "
                                       "this computer's clock.")
                            .arg(why)));
            return;
        }
        const qint64 lifetime = answer.value(QLatin1String("expires_in")).toInteger(300);
        // Counted from when the request left, on the monotonic clock, less the margin.
        const qint64 usable = qMax<qint64>(0, lifetime - m_settings.refreshMarginSeconds);
        m_validUntil = QDeadlineTimer(
            qMax<qint64>(0, startedMs + usable * 1000 - QDeadlineTimer::current().deadline()));
        m_token = token;
        m_fetched += 1;
        qCInfo(lcSmart) << "access token received, usable for" << usable << "s";
        finish(token);
    });
}

void SmartBackendAuth::finish(const Result<QString> &token)
{
    m_fetching = false;
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &[context, done] : waiting) {
        if (context)
            done(token);
    }
}

} // namespace CareDesk
