// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/SmsGatewayClient.h"

#include "services/outbox/RetryPolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcSms, "caredesk.comms.sms", QtInfoMsg)

namespace CareDesk {

namespace {

QUrl joined(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString prefix = url.path();
    if (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}

} // namespace

SmsGatewayClient::SmsGatewayClient(QUrl base, QByteArray token, QObject *parent)
    : QObject(parent)
    , m_base(std::move(base))
    , m_token(std::move(token))
    , m_network(new QNetworkAccessManager(this))
{}

void SmsGatewayClient::finish(QNetworkReply *reply,
                              const std::function<void(const QJsonObject &, int)> &ok,
                              const Callback &done)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(body, &parseError);
    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300 &&
        json.isObject()) {
        ok(json.object(), status);
        return;
    }

    ChannelResult result;
    result.detail = QJsonObject{{QStringLiteral("httpStatus"), status},
                                {QStringLiteral("body"), QString::fromUtf8(body.left(300))}};
    if (status == 0) {
        result.kind = ChannelResult::Kind::Retry;
        result.error =
            QStringLiteral("The SMS gateway could not be reached: %1.").arg(reply->errorString());
    } else if (status >= 200 && status < 300) {
        result.kind = ChannelResult::Kind::Retry;
        result.error = QStringLiteral("The SMS gateway answered %1 with something that is not "
                                      "JSON.")
                           .arg(status);
    } else {
        const bool passing = status == 408 || status == 429 || status >= 500;
        result.kind = passing ? ChannelResult::Kind::Retry : ChannelResult::Kind::Permanent;
        const QString said = json.object().value(QLatin1String("error")).toString();
        result.error = QStringLiteral("The SMS gateway refused the message (HTTP %1)%2.")
                           .arg(status)
                           .arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said);
        const QDateTime serverDate = parseHttpDate(reply->rawHeader(QByteArrayLiteral("Date")));
        result.retryAfterSeconds =
            parseRetryAfter(reply->rawHeader(QByteArrayLiteral("Retry-After")), serverDate,
                            QDateTime::currentDateTimeUtc());
    }
    done(result);
}

void SmsGatewayClient::send(const QString &to, const QString &body, const QString &clientRef,
                            Callback done)
{
    QNetworkRequest request(joined(m_base, QStringLiteral("/messages")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_token);
    request.setRawHeader(QByteArrayLiteral("Idempotency-Key"), clientRef.toUtf8());
    request.setTransferTimeout(m_timeoutSeconds * 1000);
    const QJsonObject payload{{QStringLiteral("to"), to},
                              {QStringLiteral("body"), body},
                              {QStringLiteral("client_ref"), clientRef}};
    QNetworkReply *reply =
        m_network->post(request, QJsonDocument(payload).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, done] {
        finish(
            reply,
            [done](const QJsonObject &json, int) {
                ChannelResult result;
                result.providerId = json.value(QLatin1String("id")).toString();
                result.status = json.value(QLatin1String("status")).toString();
                result.found = true;
                if (result.providerId.isEmpty()) {
                    result.kind = ChannelResult::Kind::Retry;
                    result.error = QStringLiteral("The SMS gateway accepted the message but "
                                                  "gave no id.");
                }
                done(result);
            },
            done);
    });
}

void SmsGatewayClient::lookup(const QString &clientRef, Callback done)
{
    QUrl url = joined(m_base, QStringLiteral("/messages"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("client_ref"), clientRef);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_token);
    request.setTransferTimeout(m_timeoutSeconds * 1000);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done] {
        finish(
            reply,
            [done](const QJsonObject &json, int) {
                ChannelResult result;
                const QJsonArray messages = json.value(QLatin1String("messages")).toArray();
                if (!messages.isEmpty()) {
                    const QJsonObject first = messages.first().toObject();
                    result.found = true;
                    result.providerId = first.value(QLatin1String("id")).toString();
                    result.status = first.value(QLatin1String("status")).toString();
                }
                done(result);
            },
            done);
    });
}

void SmsGatewayClient::receipt(const QString &providerId, Callback done)
{
    QNetworkRequest request(
        joined(m_base, QStringLiteral("/messages/") +
                           QString::fromLatin1(QUrl::toPercentEncoding(providerId))));
    request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_token);
    request.setTransferTimeout(m_timeoutSeconds * 1000);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done] {
        finish(
            reply,
            [done](const QJsonObject &json, int) {
                ChannelResult result;
                result.found = true;
                result.providerId = json.value(QLatin1String("id")).toString();
                result.status = json.value(QLatin1String("status")).toString();
                done(result);
            },
            done);
    });
}

} // namespace CareDesk
