// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

namespace CareDesk {

// A message CareDesk received but could not apply, kept in the encrypted cache with its raw
// bytes and the reason until a person replays it (after a fix) or discards it.
struct Hl7DeadLetter {
    enum class Status { Open, Replayed, Discarded };

    qint64 id = 0;
    QDateTime receivedAt;
    QString channel;     // "mllp", "file"
    QString peer;        // "address:port" of the sender's connection
    QString sender;      // MSH-3@MSH-4 when the MSH could be read
    QString controlId;   // MSH-10 when it could be read
    QString messageType; // MSH-9 as sent
    QString ackCode;     // what the sender was told: AE, AR, or "none" (connection gone)
    int errorCode = 0;   // HL7 table 0357
    QString reason;      // names places, never values
    QByteArray raw;      // as received (only the first bytes of an oversized frame)
    qint64 rawSize = 0;  // bytes the frame had
    Status status = Status::Open;
    int attempts = 0;
    QDateTime lastAttemptAt;
    QString lastError;
    QDateTime resolvedAt;
    QString resolvedBy;
    qint64 messageId = 0; // the hl7_messages row a successful replay stored

    bool rawIsComplete() const { return raw.size() >= rawSize; }
};

QString hl7DeadLetterStatusName(Hl7DeadLetter::Status status);

// Reads and writes dead letters on the caller's connection (writes inside its transaction).
class Hl7DeadLetterStore
{
public:
    explicit Hl7DeadLetterStore(QSqlDatabase db);

    Result<qint64> add(const Hl7DeadLetter &letter);
    // Newest first; `withRaw` false leaves `raw` empty (lists need no payload).
    Result<QList<Hl7DeadLetter>> list(bool openOnly, int limit = 1000, bool withRaw = false);
    Result<Hl7DeadLetter> get(qint64 id);
    Result<int> openCount();
    VoidResult markReplayed(qint64 id, qint64 messageId, const QDateTime &at, const QString &by);
    VoidResult markFailedAttempt(qint64 id, const QDateTime &at, const QString &error);
    VoidResult markDiscarded(qint64 id, const QDateTime &at, const QString &by);

private:
    QSqlDatabase m_db;
};

} // namespace CareDesk

Q_DECLARE_METATYPE(CareDesk::Hl7DeadLetter)
