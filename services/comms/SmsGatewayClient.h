// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace CareDesk {

// How a call to a channel's far side ended.
struct ChannelResult {
    enum class Kind { Accepted, Retry, Permanent };
    Kind kind = Kind::Accepted;
    QString providerId; // the gateway's message id (SMS) or the Message-ID (email)
    QString status;     // what the far side says of the message: queued, delivered, ...
    QString error;      // a sentence for people
    QJsonObject detail; // HTTP status, a snippet of the body
    std::optional<qint64> retryAfterSeconds;
    bool found = false; // for look-ups: the far side knows the message
};

// The SMS gateway's HTTP API (docs/consent.md):
//   POST {base}/messages  {"to", "body", "client_ref"} with "Idempotency-Key: client_ref" ->
//        201 {"id", "status"} (a client_ref seen before answers 200 with the same message)
//   GET  {base}/messages?client_ref=KEY -> {"messages": [...]}, for reconciliation
//   GET  {base}/messages/{id}           -> {"id", "status", "updated_at"}: delivery receipts
// 4xx other than 408/429 is permanent; 408, 429, 5xx and network faults are retried, honouring
// Retry-After. The bearer token is read from an owner-only file by the caller.
class SmsGatewayClient : public QObject
{
    Q_OBJECT
public:
    SmsGatewayClient(QUrl base, QByteArray token, QObject *parent = nullptr);

    using Callback = std::function<void(const ChannelResult &)>;
    void send(const QString &to, const QString &body, const QString &clientRef, Callback done);
    void lookup(const QString &clientRef, Callback done);
    void receipt(const QString &providerId, Callback done);

    // Seconds before an unanswered request is given up (and retried later).
    void setTimeoutSeconds(int seconds) { m_timeoutSeconds = seconds; }

private:
    void finish(QNetworkReply *reply, const std::function<void(const QJsonObject &, int)> &ok,
                const Callback &done);

    QUrl m_base;
    QByteArray m_token;
    QNetworkAccessManager *m_network;
    int m_timeoutSeconds = 30;
};

} // namespace CareDesk
