// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/MllpSender.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace CareDesk {

std::optional<MllpReply> readMllpReply(const QByteArray &ack)
{
    const Result<QList<Hl7Message>> parsed = parseEr7Messages(ack);
    if (!parsed || parsed->size() != 1)
        return std::nullopt;
    const Hl7Message &message = parsed->first();
    const qsizetype msa = message.indexOf(QLatin1StringView("MSA"));
    if (msa < 0)
        return std::nullopt;
    const Hl7Segment segment = message.segment(msa);
    MllpReply reply;
    reply.ack = ack;
    const QString code = segment.field(1).text().trimmed();
    // Enhanced-mode commit codes (CA, CE, CR) read as their original-mode twins.
    if (code == QLatin1String("AA") || code == QLatin1String("CA"))
        reply.code = Hl7AckCode::Accept;
    else if (code == QLatin1String("AR") || code == QLatin1String("CR"))
        reply.code = Hl7AckCode::Reject;
    else if (code == QLatin1String("AE") || code == QLatin1String("CE"))
        reply.code = Hl7AckCode::Error;
    else
        return std::nullopt;
    reply.ackedControlId = segment.field(2).raw().toByteArray();
    reply.text = segment.field(3).text();
    return reply;
}

MllpSender::MllpSender(QObject *parent)
    : QObject(parent)
    , m_timeout(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this,
            [this] { finish(QStringLiteral("no complete ACK within the time limit")); });
}

MllpSender::~MllpSender() = default;

void MllpSender::connectToHost(const QString &host, quint16 port,
                               const std::optional<QSslConfiguration> &tls)
{
    delete m_socket;
    m_framer = MllpFramer();
    if (tls) {
        auto *socket = new QSslSocket(this);
        socket->setSslConfiguration(*tls);
        connect(socket, &QSslSocket::encrypted, this, &MllpSender::connected);
        m_socket = socket;
        socket->connectToHostEncrypted(host, port);
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &MllpSender::connected);
        m_socket->connectToHost(host, port);
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &MllpSender::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_waiting)
            finish(m_socket->errorString());
        else
            emit failed(m_socket->errorString());
    });
}

bool MllpSender::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void MllpSender::send(const QByteArray &message, int timeoutMs)
{
    if (m_waiting) {
        emit failed(QStringLiteral("a message is still waiting for its ACK"));
        return;
    }
    if (!m_socket) {
        emit failed(QStringLiteral("not connected"));
        return;
    }
    m_waiting = true;
    m_timeout->start(timeoutMs);
    m_socket->write(Mllp::frame(message));
}

void MllpSender::disconnectFromHost()
{
    if (m_socket)
        m_socket->disconnectFromHost();
}

void MllpSender::onReadyRead()
{
    QList<MllpEvent> events;
    m_framer.feed(m_socket->readAll(), events);
    for (const MllpEvent &event : std::as_const(events)) {
        if (!m_waiting)
            continue; // an answer nobody asked for
        if (event.kind != MllpEvent::Kind::Frame) {
            finish(QStringLiteral("the ACK frame was broken"));
            continue;
        }
        const std::optional<MllpReply> reply = readMllpReply(event.payload);
        if (!reply) {
            finish(QStringLiteral("the answer is not an HL7 ACK"));
            continue;
        }
        m_waiting = false;
        m_timeout->stop();
        emit replied(*reply);
    }
}

void MllpSender::finish(const QString &error)
{
    if (!m_waiting)
        return;
    m_waiting = false;
    m_timeout->stop();
    emit failed(error);
}

} // namespace CareDesk
