// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/hl7/Hl7Ack.h"
#include "services/hl7/Hl7DeadLetterStore.h"
#include "services/hl7/Hl7Message.h"
#include "services/hl7/MllpFramer.h"
#include "services/security/Principal.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace CareDesk {

class AccessControl;
class AdtApplier;
class AuditLog;
class CacheDatabase;
class Clock;

// How an interface reads and answers messages.
struct Hl7InboxSettings {
    Hl7ReadOptions read;                 // the interface's default character set
    QByteArray application = "CareDesk"; // ACK MSH-3 when the sender named no MSH-5
    QByteArray facility;                 // ACK MSH-4 when the sender named no MSH-6
    qsizetype maxFrameBytes = Mllp::kDefaultMaxFrameBytes; // for the oversize message
};

// One frame as the MLLP layer delivered it.
struct Hl7Frame {
    QByteArray bytes;
    MllpEvent::Kind kind = MllpEvent::Kind::Frame;
    qsizetype size = 0;          // bytes the frame had (more than `bytes` when oversized)
    QString peer;                // "address:port"
    bool connectionLost = false; // the frame was cut off by a closed connection: no ACK goes
};

// What became of a frame, and the ACK for it.
struct Hl7Receipt {
    Hl7AckCode code = Hl7AckCode::Error;
    QByteArray ack; // the ACK message, not framed; empty when no ACK can be sent
    QString controlId;
    QString reason; // why it was not accepted; names places only
    bool duplicate = false;
    bool stored = false; // committed: applied, or kept as a dead letter
    qint64 deadLetterId = 0;
    qint64 messageId = 0;
    int merges = 0;
    QStringList masterIds;
};

// The storage side of an HL7 interface: takes frames, applies what it can through AdtApplier,
// keeps what it cannot as dead letters, and writes the ACK for each. Runs on one thread (it uses
// that thread's cache connection); the listener hands it work through Hl7StorageWorker.
//
// A batch of frames is one transaction (group commit), each frame in a savepoint of its own, so
// a bad frame never undoes a good one. Receipts are made only after COMMIT returned: no AA (and
// no AE either) is ever sent for something that is not durably stored. When the commit or the
// cache fails, every receipt of the batch is an AE that says so and nothing of it was kept; the
// sender's resend finds a clean slate.
//
// Every call acts as the principal the inbox was made for and asks AccessControl first: an MLLP
// listener's inbox is the embedded automation's (storing needs sync.run); a person's, for the
// dead letters, needs hl7.read to see them and hl7.manage to replay or discard one.
class Hl7Inbox
{
public:
    Hl7Inbox(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
             const Clock &clock, Principal who, Hl7InboxSettings settings);

    QList<Hl7Receipt> receive(const QList<Hl7Frame> &frames);
    Hl7Receipt receiveOne(const Hl7Frame &frame) { return receive({frame}).first(); }

    // Applies an open dead letter again with today's code and settings. A replay that works
    // closes the letter (the message may turn out to be stored already: then it is a
    // duplicate and closes too); one that fails keeps it open with the new reason. Audited.
    Result<Hl7Receipt> replay(qint64 deadLetterId);
    // Closes an open dead letter without applying it. Audited.
    VoidResult discard(qint64 deadLetterId);

    Result<QList<Hl7DeadLetter>> deadLetters(bool openOnly, int limit = 1000);
    Result<Hl7DeadLetter> deadLetter(qint64 id);

    const Hl7InboxSettings &settings() const { return m_settings; }
    // Closes the calling thread's cache connection (a worker thread, before it ends).
    void releaseConnection();

private:
    struct Taken;
    Result<Taken> takeFrame(AdtApplier &applier, const Hl7Frame &frame, const QString &channel);
    QByteArray nextAckControlId();
    Hl7Receipt receiptFor(const Hl7Frame &frame, const Taken &taken);

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const Clock &m_clock;
    Principal m_who;
    QString m_actor; // m_who's name, recorded as the actor
    Hl7InboxSettings m_settings;
    std::atomic<quint64> m_ackSerial{0};
};

} // namespace CareDesk
