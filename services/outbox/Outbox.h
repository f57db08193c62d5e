// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/outbox/OutboxCommand.h"
#include "services/outbox/OutboxHandler.h"
#include "services/outbox/RetryPolicy.h"
#include "services/security/Principal.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;

// The outbox: commands queued in the encrypted cache (in the same transaction as the change
// they come from) and applied by a handler per kind, one at a time, in the order of each lane.
// A passing fault is retried with jittered exponential backoff that honours Retry-After; after
// a bounded number of attempts, or a permanent refusal or a conflict, the command becomes a
// dead letter a person can retry or discard (both audited). A command that was in flight when
// CareDesk stopped is looked up by its idempotency key before anything is sent again.
//
// Lives on one thread (the sync thread, or the CLI's main thread); its cache connection is
// that thread's own.
class Outbox : public QObject
{
    Q_OBJECT
public:
    Outbox(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
           const Clock &clock, RetryPolicy policy, QObject *parent = nullptr);
    ~Outbox() override;

    // Queues a command inside the caller's open transaction on db.
    static Result<qint64> enqueue(QSqlDatabase &db, const NewOutboxCommand &command,
                                  const QDateTime &now);

    // The handler stays owned by the caller and must outlive the outbox.
    void registerHandler(const QString &kind, OutboxHandler *handler);
    // Recovers commands left in flight, then starts draining.
    void start();
    // Something was queued or the network came back: look for due work now.
    void wake();
    // While paused nothing is sent (commands keep queuing); unpausing drains.
    void setPaused(bool paused);
    bool isBusy() const { return m_busy; }

    // A person's decisions on a failed or dead command (outbox.manage); audited with their name.
    VoidResult retry(qint64 id, const Principal &who);
    VoidResult discard(qint64 id, const Principal &who);

signals:
    void commandFinished(qint64 id, CareDesk::OutboxStatus status, const QString &error);
    // A conflict: someone else's change won; detail holds both sides.
    void conflictFound(qint64 id, const QString &error, const QJsonObject &detail);
    // Nothing is due any more (some commands may be waiting for a later attempt).
    void idle();
    // The queue changed (for views to reload).
    void changed();

private:
    void drain();
    void scheduleWake();
    void handleAttempt(const OutboxCommand &command, const OutboxAttempt &attempt);
    VoidResult record(const OutboxCommand &command, OutboxStatus status, const QDateTime &next,
                      const QString &error, const QJsonObject &detail);

    // The one access check before a person's decision touches a command.
    VoidResult allowed(qint64 id, const Principal &who);

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const Clock &m_clock;
    RetryPolicy m_policy;
    QHash<QString, OutboxHandler *> m_handlers;
    QTimer m_timer;
    bool m_busy = false;
    bool m_paused = false;
    bool m_started = false;
    // Set while this object lives; handlers' late callbacks check it.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace CareDesk
