// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirClient.h"

#include "models/Clock.h"
#include "services/fhir/SmartBackendAuth.h"
#include "services/outbox/RetryPolicy.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

Q_LOGGING_CATEGORY(lcFhirClient, "caredesk.sync.fhir", QtInfoMsg)

namespace CareDesk {

QUrl FhirEndpoint::normalizedBase(const QUrl &url)
{
    QUrl base = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    base.setPath(path + u'/');
    return base;
}

QSslConfiguration FhirEndpoint::tlsConfiguration() const
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!extraCaCerts.isEmpty())
        tls.addCaCertificates(extraCaCerts);
    return tls;
}

QString FhirResponse::versionId() const
{
    // W/"3" or "3": the text between the quotes.
    const qsizetype open = etag.indexOf('"');
    const qsizetype close = etag.lastIndexOf('"');
    if (open >= 0 && close > open)
        return QString::fromLatin1(etag.mid(open + 1, close - open - 1));
    return json.value(QLatin1String("meta"))
        .toObject()
        .value(QLatin1String("versionId"))
        .toString();
}

FhirClient::FhirClient(QNetworkAccessManager &network, FhirEndpoint endpoint, const Clock &clock,
                       QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_endpoint(std::move(endpoint))
    , m_clock(clock)
{
    m_endpoint.base = FhirEndpoint::normalizedBase(m_endpoint.base);
}

QUrl FhirClient::resolve(const QString &reference) const
{
    // Encoded as given: a server's paging token must go back byte for byte.
    return m_endpoint.base.resolved(QUrl::fromEncoded(reference.toUtf8(), QUrl::TolerantMode));
}

bool FhirClient::sameOrigin(const QUrl &url) const
{
    const QUrl &base = m_endpoint.base;
    return url.scheme() == base.scheme() && url.host() == base.host() &&
           url.port(url.scheme() == QLatin1String("https") ? 443 : 80) ==
               base.port(base.scheme() == QLatin1String("https") ? 443 : 80);
}

void FhirClient::get(const QUrl &url, QObject *context, Callback done)
{
    send("GET", url, QByteArray(), {}, context, std::move(done));
}

void FhirClient::send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                      const Headers &headers, QObject *context, Callback done)
{
    if (!m_auth) {
        dispatch(verb, url, body, headers, QString(), false, context, std::move(done));
        return;
    }
    QPointer<QObject> guard(context);
    m_auth->accessToken(this, [this, verb, url, body, headers, guard,
                               done = std::move(done)](const Result<QString> &token) {
        if (!guard)
            return;
        if (!token) {
            FhirResponse response;
            response.url = url;
            FhirFailure failure;
            failure.kind = FhirFailure::Kind::Unauthorized;
            failure.networkError = token.error().message;
            failure.url = url.adjusted(QUrl::RemoveQuery).toString();
            response.failure = failure;
            done(response);
            return;
        }
        dispatch(verb, url, body, headers, *token, false, guard, done);
    });
}

void FhirClient::dispatch(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                          const Headers &headers, const QString &token, bool retriedAuth,
                          QObject *context, Callback done)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/fhir+json");
    if (!body.isEmpty())
        request.setRawHeader("Content-Type", "application/fhir+json; charset=utf-8");
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    request.setTransferTimeout(m_endpoint.timeoutMs);
    request.setSslConfiguration(m_endpoint.tlsConfiguration());
    // A redirect could carry the bearer token to another host: none are followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, verb, url, body, headers, retriedAuth, guard, done = std::move(done)] {
                reply->deleteLater();
                FhirResponse response = readReply(reply);
                if (!guard)
                    return;
                // An expired or revoked token: fetch a new one once, then report.
                if (response.status == 401 && m_auth && !retriedAuth) {
                    m_auth->invalidate();
                    m_auth->accessToken(this, [this, verb, url, body, headers, guard,
                                               done](const Result<QString> &renewed) {
                        if (!guard)
                            return;
                        dispatch(verb, url, body, headers, renewed.value_or(QString()), true, guard,
                                 done);
                    });
                    return;
                }
                done(response);
            });
}

FhirResponse FhirClient::readReply(QNetworkReply *reply)
{
    FhirResponse response;
    response.url = reply->url();
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.body = reply->readAll();
    response.etag = reply->rawHeader("ETag");
    response.location = reply->rawHeader("Location");
    response.serverDate = parseHttpDate(reply->rawHeader("Date"));
    const QString where = response.url.adjusted(QUrl::RemoveQuery).toString();

    if (response.status == 0) {
        // No HTTP answer at all.
        FhirFailure failure;
        const auto error = reply->error();
        failure.kind = error == QNetworkReply::SslHandshakeFailedError ? FhirFailure::Kind::Tls
                                                                       : FhirFailure::Kind::Network;
        failure.networkError = reply->errorString();
        failure.url = where;
        response.failure = failure;
        noteReachable(false);
        qCInfo(lcFhirClient) << "no answer from" << where << "-" << int(error);
        return response;
    }
    noteReachable(true);
    if (response.serverDate.isValid()) {
        m_lastServerDate = response.serverDate;
        m_lastSkew = response.serverDate.secsTo(m_clock.now());
        const bool skewed = qAbs(m_lastSkew) > m_endpoint.skewWarningSeconds;
        if (skewed && !m_skewReported) {
            qCWarning(lcFhirClient)
                << "local clock differs from the FHIR server's by" << m_lastSkew << "s";
            emit clockSkewDetected(m_lastSkew);
        }
        m_skewReported = skewed;
    }

    const QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (response.status >= 200 && response.status < 300) {
        if (response.body.isEmpty())
            return response;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
        if (error.error == QJsonParseError::NoError && document.isObject()) {
            response.json = document.object();
            return response;
        }
        FhirFailure failure = FhirFailure::fromHttp(response.status, contentType, response.body);
        failure.kind = FhirFailure::Kind::BadResponse;
        failure.url = where;
        response.failure = failure;
        return response;
    }
    FhirFailure failure = FhirFailure::fromHttp(response.status, contentType, response.body);
    failure.url = where;
    failure.retryAfterSeconds =
        parseRetryAfter(reply->rawHeader("Retry-After"), response.serverDate, m_clock.now());
    const QJsonDocument document = QJsonDocument::fromJson(response.body);
    response.json = document.object();
    response.failure = failure;
    qCInfo(lcFhirClient) << "status" << response.status << "from" << where;
    return response;
}

void FhirClient::noteReachable(bool reachable)
{
    if (m_reachable == reachable)
        return;
    m_reachable = reachable;
    emit reachabilityChanged(reachable);
}

} // namespace CareDesk
