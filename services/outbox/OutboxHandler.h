// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/outbox/OutboxCommand.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace CareDesk {

// How one attempt at a command ended, as a handler reports it.
struct OutboxAttempt {
    enum class Kind {
        Done,      // applied (or found already applied)
        Retry,     // a passing fault: network, 5xx, 429; try again later
        Permanent, // the far side refused it for good (4xx); retrying cannot help
        Conflict,  // someone else's change won (409/412): shown to the person, never overwritten
    };
    Kind kind = Kind::Done;
    QString error;      // a sentence for people
    QJsonObject detail; // status, OperationOutcome issues, body snippet, conflict texts
    std::optional<qint64> retryAfterSeconds; // what the far side asked for, already parsed
    QJsonObject result; // for Done: what the handler learnt (new versions), kept on the row

    static OutboxAttempt done(QJsonObject result = {})
    {
        OutboxAttempt attempt;
        attempt.result = std::move(result);
        return attempt;
    }
    static OutboxAttempt failure(Kind kind, QString error, QJsonObject detail = {},
                                 std::optional<qint64> retryAfter = std::nullopt)
    {
        OutboxAttempt attempt;
        attempt.kind = kind;
        attempt.error = std::move(error);
        attempt.detail = std::move(detail);
        attempt.retryAfterSeconds = retryAfter;
        return attempt;
    }
};

// What a look-up by idempotency key found, for a command whose fate is unknown after a crash.
enum class Reconciliation {
    Applied,    // the far side has it: mark done, send nothing
    NotApplied, // the far side has no trace of it: safe to send
    Unsupported // no way to tell: flag it for a person instead of resending blindly
};

// Applies one kind of outbox command. Calls are made on the outbox's thread, one at a time,
// and must answer through the callback exactly once (asynchronously is fine).
class OutboxHandler
{
public:
    using AttemptCallback = std::function<void(const OutboxAttempt &)>;
    using ReconcileCallback = std::function<void(Reconciliation, const QString &error)>;

    virtual ~OutboxHandler() = default;
    virtual void send(const OutboxCommand &command, AttemptCallback done) = 0;
    // Looks the command up by its idempotency key. The default cannot, so such commands go to
    // a person rather than out twice.
    virtual void reconcile(const OutboxCommand &command, ReconcileCallback done)
    {
        Q_UNUSED(command);
        done(Reconciliation::Unsupported, QString());
    }
};

} // namespace CareDesk
