// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QString>

#include <memory>

class QObject;

namespace CareDesk {

class AppContext;
class MllpListener;

// How this site's HL7 v2 ADT interface listens (hl7/* keys in caredesk.ini, or caredesk-cli
// serve's options). Port 0: no listener.
struct Hl7FeedConfig {
    quint16 port = 0;
    QString bind = QStringLiteral("0.0.0.0"); // address to listen on
    QString tlsCertificate;                   // PEM; with tlsKey, the listener speaks TLS only
    QString tlsKey;                           // PEM private key (owner-only file)
    QString tlsClientCa;                      // PEM CAs: when set, senders must show a client
                                              // certificate issued by one of them
    QString defaultCharset;                   // for messages with MSH-18 empty: "UTF-8",
                                              // "8859/1", ...; empty: UTF-8 if valid, else 8859/1
    qint64 maxFrameBytes = 4 * 1024 * 1024;
    int maxConnections = 256;
    QString facility; // ACK MSH-4 when the sender named no MSH-6
};

struct Hl7InboxSettings;

// What the interface's storage side needs from the configuration (the default character set
// checked), for the listener and for replays of dead letters.
Result<Hl7InboxSettings> makeHl7InboxSettings(const Hl7FeedConfig &config);

// Builds the listener over ctx's cache from the configuration: TLS files read and checked, the
// character set name checked. Does not start it. What it takes in is stored as the embedded
// automation (principalForAutomation(), sync.run).
Result<std::unique_ptr<MllpListener>> makeMllpListener(AppContext &ctx, const Hl7FeedConfig &config,
                                                       QObject *parent = nullptr);

} // namespace CareDesk
