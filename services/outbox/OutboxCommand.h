// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace CareDesk {

// Where an outbox command is in its life. Pending and Failed wait for their next attempt;
// InFlight was handed to a handler; Dead gave up (a person retries or discards it); Done was
// applied; Discarded was dropped by a person.
enum class OutboxStatus { Pending, InFlight, Failed, Dead, Done, Discarded };

QString outboxStatusName(OutboxStatus status);
std::optional<OutboxStatus> outboxStatusFromName(const QString &name);

// A command CareDesk has yet to apply somewhere else (a FHIR write, later an SMS or an email).
// The idempotency key goes with every attempt, so the far side, or a lookup after a crash, can
// tell a resend from a new command.
struct OutboxCommand {
    qint64 id = 0;
    QString kind;           // "fhir.triage.claim", "sms.send", ... picks the handler
    QString idempotencyKey; // unique; sent with the command
    QString lane;           // commands in one lane are applied in the order they were queued
    QString masterId;       // the patient it concerns, for the audit trail; may be empty
    QJsonObject payload;
    OutboxStatus status = OutboxStatus::Pending;
    int attempts = 0;
    int maxAttempts = 8;
    QDateTime nextAttemptAt;
    QDateTime createdAt;
    QDateTime updatedAt;
    // Set when CareDesk stopped while this command was in flight: whether it was applied is
    // unknown, so it is looked up by its key before anything is sent again.
    bool sentStateUnknown = false;
    QString lastError;           // for people: what went wrong, in a sentence
    QJsonObject lastErrorDetail; // for the record: HTTP status, every OperationOutcome issue
    QString requestedBy;         // who asked for it
};

// What a caller queues; the outbox fills in the rest.
struct NewOutboxCommand {
    QString kind;
    QString idempotencyKey;
    QString lane;
    QString masterId;
    QJsonObject payload;
    QString requestedBy;
    int maxAttempts = 8;
};

} // namespace CareDesk
