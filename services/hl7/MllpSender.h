// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/hl7/Hl7Ack.h"
#include "services/hl7/MllpFramer.h"

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QSslConfiguration>
#include <QString>

#include <optional>

class QTcpSocket;
class QTimer;

namespace CareDesk {

// What came back for a message sent.
struct MllpReply {
    QByteArray ack; // the ACK message, unframed
    Hl7AckCode code = Hl7AckCode::Error;
    QByteArray ackedControlId; // MSA-2
    QString text;              // MSA-3
};

// Sends HL7 messages over MLLP and waits for each ACK, reading until the frame's end however the
// answer is split across reads (case 07), within a time limit. One message at a time per sender;
// no resend of its own (the caller decides). Asynchronous: results come by signal.
class MllpSender : public QObject
{
    Q_OBJECT
public:
    explicit MllpSender(QObject *parent = nullptr);
    ~MllpSender() override;

    void connectToHost(const QString &host, quint16 port,
                       const std::optional<QSslConfiguration> &tls = std::nullopt);
    bool isConnected() const;
    // Sends `message` (unframed); `replied` or `failed` follows, once.
    void send(const QByteArray &message, int timeoutMs = 30'000);
    void disconnectFromHost();

signals:
    void connected();
    void replied(const CareDesk::MllpReply &reply);
    void failed(const QString &why);

private:
    void onReadyRead();
    void finish(const QString &error);

    QTcpSocket *m_socket = nullptr;
    QTimer *m_timeout = nullptr;
    MllpFramer m_framer;
    bool m_waiting = false;
};

// Reads MSA-1..3 of an ACK; nullopt when it is not an ACK this reader understands.
std::optional<MllpReply> readMllpReply(const QByteArray &ack);

} // namespace CareDesk

Q_DECLARE_METATYPE(CareDesk::MllpReply)
