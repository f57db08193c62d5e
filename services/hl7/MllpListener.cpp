// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/MllpListener.h"

#include "services/hl7/Hl7StorageWorker.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <deque>

namespace CareDesk {

Q_LOGGING_CATEGORY(lcMllp, "caredesk.hl7.mllp", QtInfoMsg)

namespace {

// Enough to hold several frames; past it Qt stops reading and TCP pushes back on the sender.
constexpr qint64 kReadBufferBytes = 256 * 1024;
constexpr qint64 kReadChunkBytes = 64 * 1024;

} // namespace

struct MllpListener::Connection {
    struct Pending {
        quint64 sequence = 0;
        bool answered = false;
        bool expectsAck = true;
        QByteArray ack;
    };

    quint64 id = 0;
    QTcpSocket *socket = nullptr;
    QString peer;
    MllpFramer framer;
    std::deque<Pending> pending;
    quint64 nextSequence = 0;
    QElapsedTimer lastActivity;
    QElapsedTimer frameStarted;
    bool paused = false;
    qint64 strayReported = 0;

    explicit Connection(qsizetype maxFrameBytes)
        : framer(maxFrameBytes)
    {}
};

MllpListener::MllpListener(MllpListenerSettings settings, std::unique_ptr<Hl7Inbox> inbox,
                           QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_worker(std::make_unique<Hl7StorageWorker>(std::move(inbox)))
{
    m_sweepTimer = new QTimer(this);
    m_sweepTimer->setInterval(1000);
    connect(m_sweepTimer, &QTimer::timeout, this, &MllpListener::sweep);
}

MllpListener::~MllpListener()
{
    close();
    // Finishes what is queued; answers it posts to this object die with its events.
    m_worker.reset();
}

qsizetype MllpListener::backlog() const
{
    return m_worker ? m_worker->backlog() : 0;
}

VoidResult MllpListener::listen()
{
    if (m_server && m_server->isListening())
        return {};
    if (m_settings.tls) {
        if (!QSslSocket::supportsSsl())
            return fail(Error::Code::Unknown,
                        QStringLiteral("TLS was asked for, but this system's Qt has no TLS "
                                       "backend."));
        if (m_settings.tls->localCertificate().isNull() || m_settings.tls->privateKey().isNull())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("TLS needs the listener's certificate and private key."));
        auto *server = new QSslServer(this);
        server->setSslConfiguration(*m_settings.tls);
        server->setHandshakeTimeout(10'000);
        connect(server, &QSslServer::errorOccurred, this,
                [](QSslSocket *socket, QAbstractSocket::SocketError) {
                    qCInfo(lcMllp) << "TLS connection from" << socket->peerAddress().toString()
                                   << "failed:" << socket->errorString();
                });
        connect(server, &QSslServer::peerVerifyError, this,
                [](QSslSocket *socket, const QSslError &error) {
                    qCInfo(lcMllp) << "TLS peer" << socket->peerAddress().toString()
                                   << "not verified:" << error.errorString();
                });
        m_server = server;
    } else {
        m_server = new QTcpServer(this);
    }
    m_server->setMaxPendingConnections(qMax(30, m_settings.maxConnections));
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &MllpListener::acceptPending);
    if (!m_server->listen(m_settings.address, m_settings.port)) {
        const QString why = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return fail(Error::Code::Unknown, QStringLiteral("Cannot listen for MLLP on %1 port %2: %3")
                                              .arg(m_settings.address.toString())
                                              .arg(m_settings.port)
                                              .arg(why));
    }
    m_sweepTimer->start();
    qCInfo(lcMllp) << "listening on" << m_server->serverAddress().toString()
                   << m_server->serverPort() << (m_settings.tls ? "with TLS" : "without TLS");
    return {};
}

void MllpListener::close()
{
    if (m_server)
        m_server->close();
    m_sweepTimer->stop();
    const QList<quint64> ids = m_connections.keys();
    for (const quint64 id : ids)
        drop(id);
}

quint16 MllpListener::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QHostAddress MllpListener::address() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

void MllpListener::acceptPending()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        const QString peer =
            QStringLiteral("%1:%2").arg(socket->peerAddress().toString()).arg(socket->peerPort());
        if (m_connections.size() >= m_settings.maxConnections) {
            ++m_stats.refused;
            qCWarning(lcMllp) << "refused a connection from" << peer << "(limit of"
                              << m_settings.maxConnections << "reached)";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new Connection(m_settings.maxFrameBytes);
        connection->id = m_nextId++;
        connection->socket = socket;
        connection->peer = peer;
        connection->lastActivity.start();
        m_connections.insert(connection->id, connection);
        ++m_stats.connections;
        socket->setReadBufferSize(kReadBufferBytes);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        const quint64 id = connection->id;
        connect(socket, &QTcpSocket::readyRead, this, [this, id] { readFrom(id); });
        connect(socket, &QTcpSocket::disconnected, this, [this, id] { drop(id); });
        qCDebug(lcMllp) << "connection" << id << "from" << peer;
        emit connectionCountChanged(connectionCount());
        if (socket->bytesAvailable() > 0)
            readFrom(id);
    }
}

void MllpListener::submit(Connection &connection, Hl7Frame frame, bool expectsAck)
{
    const quint64 sequence = connection.nextSequence++;
    connection.pending.push_back({sequence, false, expectsAck, {}});
    ++m_stats.frames;
    const quint64 id = connection.id;
    m_worker->submit(std::move(frame), this, [this, id, sequence](const Hl7Receipt &receipt) {
        onReceipt(id, sequence, receipt);
    });
}

void MllpListener::readFrom(quint64 id)
{
    Connection *connection = m_connections.value(id);
    if (!connection)
        return;
    QTcpSocket *socket = connection->socket;
    while (socket->bytesAvailable() > 0) {
        if (qsizetype(connection->pending.size()) >= m_settings.maxInFlightPerConnection) {
            connection->paused = true;
            return;
        }
        const QByteArray data = socket->read(kReadChunkBytes);
        if (data.isEmpty())
            break;
        connection->lastActivity.restart();
        const bool wasInFrame = connection->framer.inFrame();
        QList<MllpEvent> events;
        connection->framer.feed(data, events);
        for (MllpEvent &event : events) {
            Hl7Frame frame;
            frame.kind = event.kind;
            frame.size = event.size;
            frame.bytes = std::move(event.payload);
            frame.peer = connection->peer;
            submit(*connection, std::move(frame), event.kind != MllpEvent::Kind::Interrupted);
        }
        if (connection->framer.inFrame() && (!wasInFrame || !events.isEmpty()))
            connection->frameStarted.start();
        const qint64 stray = connection->framer.strayBytes();
        if (stray > connection->strayReported) {
            m_stats.strayBytes += stray - connection->strayReported;
            qCInfo(lcMllp) << "connection" << id << "sent" << stray - connection->strayReported
                           << "bytes outside any MLLP frame; they were skipped";
            connection->strayReported = stray;
        }
    }
}

void MllpListener::onReceipt(quint64 id, quint64 sequence, const Hl7Receipt &receipt)
{
    switch (receipt.code) {
    case Hl7AckCode::Accept:
        ++m_stats.accepted;
        m_stats.duplicates += receipt.duplicate ? 1 : 0;
        break;
    case Hl7AckCode::Error:
        ++m_stats.errors;
        break;
    case Hl7AckCode::Reject:
        ++m_stats.rejected;
        break;
    }
    m_stats.deadLetters += receipt.deadLetterId > 0 ? 1 : 0;
    emit frameHandled(receipt);

    Connection *connection = m_connections.value(id);
    if (!connection)
        return; // gone: the message is stored or kept either way, the sender will resend
    for (Connection::Pending &pending : connection->pending) {
        if (pending.sequence == sequence) {
            pending.answered = true;
            pending.ack = receipt.ack;
            break;
        }
    }
    flush(*connection);
}

void MllpListener::flush(Connection &connection)
{
    // ACKs leave in the order the frames came, whatever order the batches finished in.
    while (!connection.pending.empty() && connection.pending.front().answered) {
        const Connection::Pending &front = connection.pending.front();
        if (front.expectsAck && !front.ack.isEmpty())
            connection.socket->write(Mllp::frame(front.ack));
        connection.pending.pop_front();
    }
    if (connection.paused &&
        qsizetype(connection.pending.size()) < m_settings.maxInFlightPerConnection) {
        connection.paused = false;
        const quint64 id = connection.id;
        QMetaObject::invokeMethod(
            this, [this, id] { readFrom(id); }, Qt::QueuedConnection);
    }
}

void MllpListener::drop(quint64 id)
{
    Connection *connection = m_connections.take(id);
    if (!connection)
        return;
    QTcpSocket *socket = connection->socket;
    // What arrived just before the close still counts.
    const QByteArray rest = socket->readAll();
    if (!rest.isEmpty()) {
        QList<MllpEvent> events;
        connection->framer.feed(rest, events);
        for (MllpEvent &event : events) {
            Hl7Frame frame;
            frame.kind = event.kind;
            frame.size = event.size;
            frame.bytes = std::move(event.payload);
            frame.peer = connection->peer;
            submit(*connection, std::move(frame), false);
        }
    }
    if (connection->framer.inFrame() && connection->framer.pendingSize() > 0) {
        // A frame cut off by the close: no ACK can go, but the bytes are kept.
        Hl7Frame frame;
        frame.bytes = connection->framer.pending();
        frame.size = connection->framer.pendingSize();
        frame.peer = connection->peer;
        frame.connectionLost = true;
        qCInfo(lcMllp) << "connection" << id << "closed inside a frame of" << frame.size
                       << "bytes; kept as a dead letter";
        submit(*connection, std::move(frame), false);
    }
    qCDebug(lcMllp) << "connection" << id << "closed";
    disconnect(socket, nullptr, this, nullptr);
    if (socket->state() != QAbstractSocket::UnconnectedState)
        socket->disconnectFromHost();
    socket->deleteLater();
    delete connection;
    emit connectionCountChanged(connectionCount());
}

void MllpListener::sweep()
{
    const qint64 idleLimit = qint64(m_settings.idleTimeoutSeconds) * 1000;
    const qint64 frameLimit = qint64(m_settings.frameTimeoutSeconds) * 1000;
    QList<quint64> expired;
    for (Connection *connection : std::as_const(m_connections)) {
        const bool waiting = !connection->pending.empty();
        const bool stalledFrame = connection->framer.inFrame() &&
                                  connection->frameStarted.isValid() &&
                                  connection->frameStarted.elapsed() > frameLimit;
        const bool idle = !waiting && connection->lastActivity.elapsed() > idleLimit;
        if (stalledFrame || idle) {
            qCInfo(lcMllp) << "connection" << connection->id
                           << (stalledFrame ? "left a frame unfinished too long" : "idle too long")
                           << "; closing it";
            expired.append(connection->id);
        }
    }
    for (const quint64 id : std::as_const(expired))
        drop(id);
}

} // namespace CareDesk
