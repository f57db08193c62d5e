// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/ChannelHandlers.h"

#include "services/comms/MessageDispatcher.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcChannels, "caredesk.comms.channels", QtInfoMsg)

namespace CareDesk {

namespace {

OutboxAttempt::Kind attemptKind(ChannelResult::Kind kind)
{
    return kind == ChannelResult::Kind::Permanent ? OutboxAttempt::Kind::Permanent
                                                  : OutboxAttempt::Kind::Retry;
}

// The gate again, at the moment of sending. Returns the message to send, or nothing when the
// attempt is over already (done has been called).
std::optional<MessageRecord> admitted(MessageDispatcher &dispatcher, const OutboxCommand &command,
                                      const OutboxHandler::AttemptCallback &done)
{
    const qint64 id = command.payload.value(QLatin1String("messageId")).toInteger();
    auto check = dispatcher.checkAtSend(id, command.attempts > 1);
    if (!check) {
        done(OutboxAttempt::failure(check.error().code == Error::Code::NotFound
                                        ? OutboxAttempt::Kind::Permanent
                                        : OutboxAttempt::Kind::Retry,
                                    check.error().message));
        return std::nullopt;
    }
    const QString status = check->message.status;
    if (status == QLatin1String("sent") || status == QLatin1String("delivered")) {
        done(OutboxAttempt::done({{QStringLiteral("alreadySent"), true}}));
        return std::nullopt;
    }
    if (status != QLatin1String("queued") || check->decision.verdict != Verdict::Allow) {
        // Held or cancelled by the gate: the command is finished; a held message gets a new
        // command when it is released.
        done(OutboxAttempt::done({{QStringLiteral("suppressed"), status}}));
        return std::nullopt;
    }
    return check->message;
}

void failed(MessageDispatcher &dispatcher, const OutboxCommand &command, qint64 id,
            const ChannelResult &result, const OutboxHandler::AttemptCallback &done)
{
    // The last allowed attempt failing is the message failing.
    const bool final =
        result.kind == ChannelResult::Kind::Permanent || command.attempts >= command.maxAttempts;
    if (auto marked = dispatcher.markFailed(id, result.error, final); !marked)
        qCWarning(lcChannels) << "recording a failed send of message" << id << "failed";
    done(OutboxAttempt::failure(attemptKind(result.kind), result.error, result.detail,
                                result.retryAfterSeconds));
}

} // namespace

SmsSendHandler::SmsSendHandler(MessageDispatcher &dispatcher, SmsGatewayClient &gateway)
    : m_dispatcher(dispatcher)
    , m_gateway(gateway)
{}

void SmsSendHandler::send(const OutboxCommand &command, AttemptCallback done)
{
    const std::optional<MessageRecord> message = admitted(m_dispatcher, command, done);
    if (!message)
        return;
    const qint64 id = message->id;
    m_gateway.send(
        message->recipient, message->body, message->key,
        [this, command, id, done](const ChannelResult &result) {
            if (result.kind != ChannelResult::Kind::Accepted) {
                failed(m_dispatcher, command, id, result, done);
                return;
            }
            if (auto marked = m_dispatcher.markSent(id, result.providerId); !marked) {
                done(OutboxAttempt::failure(OutboxAttempt::Kind::Retry, marked.error().message));
                return;
            }
            done(OutboxAttempt::done({{QStringLiteral("providerId"), result.providerId}}));
        });
}

void SmsSendHandler::reconcile(const OutboxCommand &command, ReconcileCallback done)
{
    const qint64 id = command.payload.value(QLatin1String("messageId")).toInteger();
    const QString key = command.payload.value(QLatin1String("messageKey")).toString();
    m_gateway.lookup(key, [this, id, done](const ChannelResult &result) {
        if (result.kind != ChannelResult::Kind::Accepted) {
            done(Reconciliation::NotApplied, result.error);
            return;
        }
        if (!result.found) {
            qCInfo(lcChannels) << "message" << id << "is unknown to the SMS gateway: sending it";
            done(Reconciliation::NotApplied, QString());
            return;
        }
        qCInfo(lcChannels) << "message" << id << "was taken by the SMS gateway before the stop";
        m_dispatcher.markSent(id, result.providerId);
        done(Reconciliation::Applied, QString());
    });
}

EmailSendHandler::EmailSendHandler(MessageDispatcher &dispatcher, SmtpMailer &mailer, QString from,
                                   QString messageIdHost)
    : m_dispatcher(dispatcher)
    , m_mailer(mailer)
    , m_from(std::move(from))
    , m_host(std::move(messageIdHost))
{}

void EmailSendHandler::send(const OutboxCommand &command, AttemptCallback done)
{
    const std::optional<MessageRecord> message = admitted(m_dispatcher, command, done);
    if (!message)
        return;
    OutgoingEmail email;
    email.from = m_from;
    email.to = message->recipient;
    email.subject = message->subject;
    email.body = message->body;
    email.messageId = u'<' + message->key + u'@' + m_host + u'>';
    email.date = message->createdAt;
    const qint64 id = message->id;
    m_mailer.send(email, [this, command, id, done](const ChannelResult &result) {
        if (result.kind != ChannelResult::Kind::Accepted) {
            failed(m_dispatcher, command, id, result, done);
            return;
        }
        if (auto marked = m_dispatcher.markSent(id, result.providerId); !marked) {
            done(OutboxAttempt::failure(OutboxAttempt::Kind::Retry, marked.error().message));
            return;
        }
        done(OutboxAttempt::done({{QStringLiteral("messageId"), result.providerId}}));
    });
}

void EmailSendHandler::reconcile(const OutboxCommand &command, ReconcileCallback done)
{
    m_dispatcher.markUnknown(command.payload.value(QLatin1String("messageId")).toInteger());
    done(Reconciliation::Unsupported, QString());
}

ReceiptPoller::ReceiptPoller(MessageDispatcher &dispatcher, SmsGatewayClient &gateway,
                             QObject *parent)
    : QObject(parent)
    , m_dispatcher(dispatcher)
    , m_gateway(gateway)
{}

void ReceiptPoller::poll()
{
    if (m_pending > 0)
        return;
    auto waiting = m_dispatcher.awaitingReceipt();
    if (!waiting || waiting->isEmpty()) {
        emit finished(0);
        return;
    }
    m_pending = int(waiting->size());
    m_found = 0;
    for (const MessageRecord &message : std::as_const(*waiting)) {
        m_gateway.receipt(message.providerId, [this](const ChannelResult &result) {
            if (result.kind == ChannelResult::Kind::Accepted && result.found) {
                if (m_dispatcher.markReceipt(result.providerId, result.status, QDateTime()))
                    ++m_found;
            }
            if (--m_pending == 0)
                emit finished(m_found);
        });
    }
}

} // namespace CareDesk
