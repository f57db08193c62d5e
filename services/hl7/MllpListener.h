// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/hl7/Hl7Inbox.h"
#include "services/hl7/MllpFramer.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <memory>
#include <optional>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace CareDesk {

class Hl7StorageWorker;

struct MllpListenerSettings {
    QHostAddress address = QHostAddress::Any;
    quint16 port = 0; // 0: any free port (see MllpListener::port())
    qsizetype maxFrameBytes = Mllp::kDefaultMaxFrameBytes;
    int maxConnections = 256;
    // Frames of one connection waiting for their ACKs; past it the listener stops reading that
    // socket (TCP then slows the sender down) until ACKs have gone out.
    int maxInFlightPerConnection = 64;
    int idleTimeoutSeconds = 900;  // a connection with no traffic for this long is closed
    int frameTimeoutSeconds = 120; // a frame begun and not ended by then is dead-lettered
    // TLS: a certificate and key for the listener, and optionally CAs to require and check
    // client certificates against. Absent: plain TCP.
    std::optional<QSslConfiguration> tls;
};

struct MllpListenerStats {
    qint64 connections = 0; // accepted since start
    qint64 refused = 0;     // over the connection limit
    qint64 frames = 0;
    qint64 accepted = 0; // AA
    qint64 errors = 0;   // AE
    qint64 rejected = 0; // AR
    qint64 duplicates = 0;
    qint64 deadLetters = 0;
    qint64 strayBytes = 0; // outside frames
};

// An HL7 v2 MLLP server: many connections at once, each with its frames reassembled and split
// by MllpFramer, every frame stored (or kept as a dead letter) by an Hl7StorageWorker on its own
// thread, and answered in order with the ACK that worker made after its commit. Optional TLS
// through QSslServer. Lives on the thread that created it; never waits for the database.
class MllpListener : public QObject
{
    Q_OBJECT
public:
    // The inbox's maxFrameBytes should be the listener's (it words the oversize reason).
    MllpListener(MllpListenerSettings settings, std::unique_ptr<Hl7Inbox> inbox,
                 QObject *parent = nullptr);
    ~MllpListener() override;

    VoidResult listen();
    void close();
    quint16 port() const;
    QHostAddress address() const;
    bool isTls() const { return m_settings.tls.has_value(); }
    int connectionCount() const { return int(m_connections.size()); }
    MllpListenerStats stats() const { return m_stats; }
    qsizetype backlog() const;

signals:
    // After each frame's receipt (ACK sent or, for a closed connection, not).
    void frameHandled(const CareDesk::Hl7Receipt &receipt);
    void connectionCountChanged(int count);

private:
    struct Connection;
    void acceptPending();
    void readFrom(quint64 id);
    void onReceipt(quint64 id, quint64 sequence, const Hl7Receipt &receipt);
    void flush(Connection &connection);
    void drop(quint64 id);
    void sweep();
    void submit(Connection &connection, Hl7Frame frame, bool expectsAck);

    MllpListenerSettings m_settings;
    QTcpServer *m_server = nullptr;
    QTimer *m_sweepTimer = nullptr;
    QHash<quint64, Connection *> m_connections;
    quint64 m_nextId = 1;
    MllpListenerStats m_stats;
    // Last: destroyed first, so its thread stops while this object can still take answers.
    std::unique_ptr<Hl7StorageWorker> m_worker;
};

} // namespace CareDesk
