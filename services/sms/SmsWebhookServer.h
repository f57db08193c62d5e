// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/sms/SmsIntake.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace CareDesk {

struct SmsWebhookConfig {
    QHostAddress address = QHostAddress::LocalHost; // behind the site's TLS proxy
    quint16 port = 0;                               // 0: any free port (tests)
    QByteArray secret;                              // shared with the gateway; from a file
    QString path = QStringLiteral("/sms/inbound");
    QHash<QString, QString> programsByNumber; // the number patients text -> program
    qint64 maxBodyBytes = 64 * 1024;
    int maxBatch = 200; // messages per transaction
};

// The SMS gateway's inbound webhook: POST of a form (sender, body, message id, optionally the
// number written to and the time), signed with HMAC-SHA256 over the raw body in the header
// X-CareDesk-Signature ("sha256=<hex>") with a secret shared with the gateway. A message is
// answered only once it is stored (200, also for a message id already received: idempotent),
// so a gateway that gets no answer sends it again and nothing is lost. Unsigned or wrongly
// signed requests get 401 and change nothing; malformed ones 400 naming the field. Messages
// arriving together are stored in one transaction (SmsIntake), off the thread that serves HTTP.
// Field names: from|sender|From, body|text|Body, message_id|id|MessageSid, to|To,
// timestamp (ISO 8601). See docs/sms-gateway.md.
class SmsWebhookServer : public QObject
{
    Q_OBJECT
public:
    SmsWebhookServer(std::unique_ptr<SmsIntake> intake, SmsWebhookConfig config,
                     QObject *parent = nullptr);
    ~SmsWebhookServer() override;

    // Starts listening; the port it listens on.
    Result<quint16> listen();
    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_config.address; }

    // "sha256=<hex>" over body: what the gateway sends, and what tests sign with.
    static QByteArray signature(const QByteArray &secret, const QByteArray &body);
    static const QByteArray &signatureHeader();

signals:
    // A signed request arrived and is queued for storing; emitted on the thread serving HTTP,
    // for latency measurements (bench/triage_latency.cpp). Carries no content.
    void received(const QString &messageId);
    // After the message is stored (on this object's thread).
    void replyTaken(const QString &messageId, qint64 itemId, bool duplicate);
    void failed(const QString &message);

private:
    struct Pending;
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void drain();
    // On this object's thread: answers what the writer stored (or could not).
    void answer(const QList<std::shared_ptr<Pending>> &batch, const QList<SmsOutcome> &outcomes,
                const QString &batchError);

    std::unique_ptr<SmsIntake> m_intake;
    SmsWebhookConfig m_config;
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
    QMutex m_mutex; // guards m_pending and m_draining
    QList<std::shared_ptr<Pending>> m_pending;
    bool m_draining = false;
    QThreadPool m_pool; // one thread: the cache writer
};

} // namespace CareDesk
