// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/sms/SmsWebhookServer.h"

#include "services/store/CacheDatabase.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QMutexLocker>
#include <QPointer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <optional>

Q_LOGGING_CATEGORY(lcSmsWebhook, "caredesk.sms.webhook", QtInfoMsg)

namespace CareDesk {

// A request waiting for its message to be stored. Its answer is written on the server's thread
// once the writer is done; a client that hung up meanwhile gets none (it sends the message
// again, and the message id makes that harmless).
struct SmsWebhookServer::Pending {
    InboundSms message;
    std::optional<QHttpServerResponder> responder;
    QPointer<QTcpSocket> socket;
};

namespace {

using Status = QHttpServerResponder::StatusCode;

void write(QHttpServerResponder &responder, const QJsonObject &body, Status status)
{
    responder.write(QJsonDocument(body), status);
}

void refuse(QHttpServerResponder &responder, const QString &why, Status status)
{
    write(responder, {{QStringLiteral("error"), why}}, status);
}

// Equal in time whatever the content, so a forged signature learns nothing from timing.
bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

QString firstOf(const QUrlQuery &form, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QString key = QLatin1String(name);
        if (form.hasQueryItem(key))
            return form.queryItemValue(key, QUrl::FullyDecoded);
    }
    return QString();
}

} // namespace

SmsWebhookServer::SmsWebhookServer(std::unique_ptr<SmsIntake> intake, SmsWebhookConfig config,
                                   QObject *parent)
    : QObject(parent)
    , m_intake(std::move(intake))
    , m_config(std::move(config))
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
}

SmsWebhookServer::~SmsWebhookServer()
{
    // The writer finishes what it took; what still waits was not stored and is not answered:
    // the gateway sends it again. The writer thread closes its own cache connection before it
    // ends, as Qt SQL requires.
    {
        QMutexLocker lock(&m_mutex);
        m_pending.clear();
    }
    m_pool.start([this] { m_intake->releaseThreadConnection(); });
    m_pool.waitForDone();
    m_server.reset();
}

const QByteArray &SmsWebhookServer::signatureHeader()
{
    static const QByteArray name("X-CareDesk-Signature");
    return name;
}

QByteArray SmsWebhookServer::signature(const QByteArray &secret, const QByteArray &body)
{
    return "sha256=" +
           QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

Result<quint16> SmsWebhookServer::listen()
{
    if (m_config.secret.size() < 16)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The SMS webhook secret must be at least 16 bytes; the webhook "
                                   "was not started."));
    m_server = std::make_unique<QHttpServer>();
    m_server->route(m_config.path, QHttpServerRequest::Method::Post,
                    [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                        handle(request, std::move(responder));
                    });
    m_server->route(m_config.path, [](const QHttpServerRequest &) {
        return QHttpServerResponse(
            QJsonObject{{QStringLiteral("error"), QStringLiteral("use POST")}},
            Status::MethodNotAllowed);
    });
    m_port = m_server->listen(m_config.address, m_config.port);
    if (m_port == 0) {
        m_server.reset();
        return fail(Error::Code::Unknown,
                    QStringLiteral("The SMS webhook cannot listen on %1 port %2 (in use, or not "
                                   "allowed).")
                        .arg(m_config.address.toString())
                        .arg(m_config.port));
    }
    qCInfo(lcSmsWebhook) << "SMS webhook listening on" << m_config.address.toString() << m_port
                         << m_config.path;
    return m_port;
}

void SmsWebhookServer::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QByteArray body = request.body();
    if (body.size() > m_config.maxBodyBytes)
        return refuse(
            responder,
            QStringLiteral("the request is larger than %1 bytes").arg(m_config.maxBodyBytes),
            Status::PayloadTooLarge);
    // The signature first: nothing an unsigned sender wrote is read any further.
    if (!sameBytes(request.value(signatureHeader()).trimmed(), signature(m_config.secret, body))) {
        qCWarning(lcSmsWebhook) << "refused a request with a missing or wrong signature from"
                                << request.remoteAddress().toString();
        return refuse(responder, QStringLiteral("missing or wrong signature"),
                      Status::Unauthorized);
    }
    if (!request.value("Content-Type").toLower().startsWith("application/x-www-form-urlencoded"))
        return refuse(responder, QStringLiteral("expected application/x-www-form-urlencoded"),
                      Status::UnsupportedMediaType);

    // A form encodes spaces as '+'; QUrlQuery reads only %20.
    QByteArray encoded = body;
    encoded.replace('+', "%20");
    const QUrlQuery form(QString::fromUtf8(encoded));
    InboundSms message;
    message.messageId = firstOf(form, {"message_id", "id", "MessageSid"}).trimmed();
    message.sender = firstOf(form, {"from", "sender", "From"}).trimmed();
    message.recipient = firstOf(form, {"to", "To"}).trimmed();
    message.body = firstOf(form, {"body", "text", "Body"});
    const QString sentAt = firstOf(form, {"timestamp"});
    if (!sentAt.isEmpty())
        message.sentAt = QDateTime::fromString(sentAt, Qt::ISODateWithMs).toUTC();
    if (message.messageId.isEmpty() || message.messageId.size() > 128)
        return refuse(responder,
                      QStringLiteral("message_id is missing or longer than 128 characters"),
                      Status::BadRequest);
    if (message.sender.isEmpty() || message.sender.size() > 64)
        return refuse(responder, QStringLiteral("from is missing or longer than 64 characters"),
                      Status::BadRequest);
    if (!form.hasQueryItem(QStringLiteral("body")) && !form.hasQueryItem(QStringLiteral("text")) &&
        !form.hasQueryItem(QStringLiteral("Body")))
        return refuse(responder, QStringLiteral("body is missing"), Status::BadRequest);
    if (!sentAt.isEmpty() && !message.sentAt.isValid())
        return refuse(responder, QStringLiteral("timestamp is not an ISO 8601 time"),
                      Status::BadRequest);

    emit received(message.messageId);
    auto pending = std::make_shared<Pending>();
    pending->message = message;
    pending->socket = responder.socket();
    pending->responder.emplace(std::move(responder));
    bool startDrain = false;
    {
        QMutexLocker lock(&m_mutex);
        m_pending.append(pending);
        startDrain = !m_draining;
        m_draining = true;
    }
    if (startDrain)
        m_pool.start([this] { drain(); });
}

void SmsWebhookServer::drain()
{
    // Runs on the pool's one thread: takes what has arrived, stores it in one transaction, and
    // answers each request; again while more came in meanwhile.
    for (;;) {
        QList<std::shared_ptr<Pending>> batch;
        {
            QMutexLocker lock(&m_mutex);
            if (m_pending.isEmpty()) {
                m_draining = false;
                return;
            }
            const qsizetype count = qMin<qsizetype>(m_pending.size(), m_config.maxBatch);
            batch = m_pending.mid(0, count);
            m_pending.remove(0, count);
        }
        QList<InboundSms> messages;
        for (const auto &pending : std::as_const(batch))
            messages.append(pending->message);
        const auto taken = m_intake->take(messages);
        const QList<SmsOutcome> outcomes = taken.value_or(QList<SmsOutcome>{});
        const QString batchError = taken ? QString() : taken.error().message;
        QMetaObject::invokeMethod(
            this, [this, batch, outcomes, batchError] { answer(batch, outcomes, batchError); });
    }
}

void SmsWebhookServer::answer(const QList<std::shared_ptr<Pending>> &batch,
                              const QList<SmsOutcome> &outcomes, const QString &batchError)
{
    for (qsizetype i = 0; i < batch.size(); ++i) {
        Pending &pending = *batch.at(i);
        const QString error = batchError.isEmpty() ? outcomes.at(i).error : batchError;
        if (!error.isEmpty()) {
            qCWarning(lcSmsWebhook) << "could not store a text message:" << error;
            emit failed(error);
        } else {
            emit replyTaken(pending.message.messageId, outcomes.at(i).itemId,
                            outcomes.at(i).duplicate);
        }
        if (!pending.socket || !pending.responder)
            continue; // the gateway hung up; it will send the message again
        if (!error.isEmpty()) {
            pending.responder->write(
                QJsonDocument(QJsonObject{
                    {QStringLiteral("error"), QStringLiteral("not stored; send it again")}}),
                {{"Retry-After", "5"}}, Status::ServiceUnavailable);
        } else {
            write(
                *pending.responder,
                {{QStringLiteral("status"), outcomes.at(i).duplicate ? QStringLiteral("duplicate")
                                                                     : QStringLiteral("received")},
                 {QStringLiteral("messageId"), pending.message.messageId}},
                Status::Ok);
        }
        pending.responder.reset();
    }
}

} // namespace CareDesk
