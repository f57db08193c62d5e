// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/outbox/Outbox.h"

#include "models/Clock.h"
#include "services/outbox/OutboxStore.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcOutbox, "caredesk.sync.outbox", QtInfoMsg)

namespace CareDesk {

Outbox::Outbox(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
               const Clock &clock, RetryPolicy policy, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_clock(clock)
    , m_policy(std::move(policy))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Outbox::drain);
}

Outbox::~Outbox()
{
    *m_alive = false;
}

Result<qint64> Outbox::enqueue(QSqlDatabase &db, const NewOutboxCommand &command,
                               const QDateTime &now)
{
    return OutboxStore(db).enqueue(command, now);
}

void Outbox::registerHandler(const QString &kind, OutboxHandler *handler)
{
    m_handlers.insert(kind, handler);
}

void Outbox::start()
{
    if (!m_started) {
        m_started = true;
        auto recovered = OutboxStore(m_cache->connection()).recoverInFlight(m_clock.now());
        if (!recovered)
            qCWarning(lcOutbox) << "recovering in-flight commands failed";
        else if (*recovered > 0)
            qCInfo(lcOutbox) << *recovered << "commands were in flight at the last stop; each is "
                             << "looked up by its idempotency key before any resend";
    }
    wake();
}

void Outbox::wake()
{
    if (!m_started || m_paused)
        return;
    m_timer.start(0);
}

void Outbox::setPaused(bool paused)
{
    m_paused = paused;
    if (paused)
        m_timer.stop();
    else
        wake();
}

void Outbox::scheduleWake()
{
    auto next = OutboxStore(m_cache->connection()).nextAttemptAt(m_handlers.keys());
    if (!next || !next->isValid())
        return;
    const qint64 ms = qBound(qint64(0), m_clock.now().msecsTo(*next), qint64(24) * 3600 * 1000);
    // Wake when the next waiting command is due (at most a day ahead; wake() comes sooner).
    m_timer.start(std::chrono::milliseconds(ms));
}

void Outbox::drain()
{
    if (m_busy || m_paused)
        return;
    OutboxStore store(m_cache->connection());
    auto due = store.nextDue(m_handlers.keys(), m_clock.now());
    if (!due) {
        qCWarning(lcOutbox) << "reading the outbox failed; trying again in 5 s";
        m_timer.start(5000);
        return;
    }
    if (!due->has_value()) {
        scheduleWake();
        emit idle();
        return;
    }
    OutboxCommand command = **due;
    if (auto started = store.markInFlight(command.id, m_clock.now()); !started) {
        m_timer.start(0);
        return;
    }
    command.attempts += 1;
    command.status = OutboxStatus::InFlight;
    m_busy = true;
    emit changed();
    OutboxHandler *handler = m_handlers.value(command.kind);
    std::weak_ptr<bool> alive = m_alive;

    if (command.sentStateUnknown) {
        qCInfo(lcOutbox) << "reconciling command" << command.id << command.kind
                         << "by its idempotency key before any resend";
        handler->reconcile(command, [this, alive, command, handler](Reconciliation found,
                                                                    const QString &error) {
            if (alive.expired())
                return;
            if (found == Reconciliation::Applied) {
                handleAttempt(command, OutboxAttempt::done({{QStringLiteral("reconciled"), true}}));
            } else if (found == Reconciliation::Unsupported) {
                handleAttempt(command,
                              OutboxAttempt::failure(
                                  OutboxAttempt::Kind::Permanent,
                                  QStringLiteral("CareDesk stopped while this was being sent, and "
                                                 "the other side cannot say whether it arrived. "
                                                 "Check before retrying, or discard it.")));
            } else if (!error.isEmpty()) {
                handleAttempt(command, OutboxAttempt::failure(OutboxAttempt::Kind::Retry, error));
            } else {
                OutboxCommand known = command;
                known.sentStateUnknown = false;
                handler->send(known, [this, alive, known](const OutboxAttempt &attempt) {
                    if (!alive.expired())
                        handleAttempt(known, attempt);
                });
            }
        });
        return;
    }
    handler->send(command, [this, alive, command](const OutboxAttempt &attempt) {
        if (!alive.expired())
            handleAttempt(command, attempt);
    });
}

void Outbox::handleAttempt(const OutboxCommand &command, const OutboxAttempt &attempt)
{
    const QDateTime now = m_clock.now();
    OutboxStatus status = OutboxStatus::Done;
    QDateTime next = now;
    QJsonObject detail = attempt.detail;
    switch (attempt.kind) {
    case OutboxAttempt::Kind::Done:
        detail = attempt.result;
        break;
    case OutboxAttempt::Kind::Retry: {
        const RetryPolicy::Decision decision =
            m_policy.next(command.attempts, attempt.retryAfterSeconds);
        if (decision.giveUp) {
            status = OutboxStatus::Dead;
        } else {
            status = OutboxStatus::Failed;
            next = now.addSecs(decision.delaySeconds);
            detail.insert(QStringLiteral("retryInSeconds"), decision.delaySeconds);
            if (decision.deferred)
                detail.insert(QStringLiteral("deferred"), true);
        }
        break;
    }
    case OutboxAttempt::Kind::Permanent:
        status = OutboxStatus::Dead;
        break;
    case OutboxAttempt::Kind::Conflict:
        status = OutboxStatus::Dead;
        detail.insert(QStringLiteral("conflict"), true);
        break;
    }
    QString error = attempt.error;
    if (status == OutboxStatus::Dead && attempt.kind == OutboxAttempt::Kind::Retry)
        error = QStringLiteral("Gave up after %1 attempts. Last error: %2")
                    .arg(command.attempts)
                    .arg(attempt.error);

    if (auto recorded = record(command, status, next, error, detail); !recorded)
        qCWarning(lcOutbox) << "recording command" << command.id << "failed";
    qCInfo(lcOutbox) << "command" << command.id << command.kind << "attempt" << command.attempts
                     << "->" << outboxStatusName(status);
    m_busy = false;
    emit commandFinished(command.id, status, error);
    if (attempt.kind == OutboxAttempt::Kind::Conflict)
        emit conflictFound(command.id, error, detail);
    emit changed();
    if (!m_paused)
        m_timer.start(0);
}

VoidResult Outbox::record(const OutboxCommand &command, OutboxStatus status, const QDateTime &next,
                          const QString &error, const QJsonObject &detail)
{
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy."));
    VoidResult done =
        OutboxStore(db).finish(command.id, status, next, error, detail, m_clock.now());
    if (done && status == OutboxStatus::Dead) {
        // A dead letter is a fact a supervisor may need: which command, never its contents.
        done = m_audit.appendInTransaction(
            db, {QStringLiteral("outbox"), QStringLiteral("outbox-dead-letter"), command.masterId,
                 QStringLiteral("outbox/%1").arg(command.id),
                 detail.value(QLatin1String("conflict")).toBool() ? QStringLiteral("conflict")
                                                                  : QStringLiteral("failure"),
                 QStringLiteral("kind=%1;attempts=%2").arg(command.kind).arg(command.attempts)});
    }
    if (!done || !db.commit()) {
        db.rollback();
        return done ? fail(Error::Code::Storage, QStringLiteral("Could not save the outcome."))
                    : done;
    }
    return status == OutboxStatus::Dead ? m_audit.checkpoint() : VoidResult();
}

VoidResult Outbox::allowed(qint64 id, const Principal &who)
{
    // Read before the transaction: a refusal is audited in a transaction of its own.
    auto command = OutboxStore(m_cache->connection()).get(id);
    if (!command)
        return std::unexpected(command.error());
    const QString masterId = command->has_value() ? (*command)->masterId : QString();
    return m_access.require(who, Permission::OutboxManage, masterId,
                            QStringLiteral("outbox/%1").arg(id));
}

VoidResult Outbox::retry(qint64 id, const Principal &who)
{
    if (auto permitted = allowed(id, who); !permitted)
        return permitted;
    const QString &actor = who.user;
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    OutboxStore store(db);
    auto command = store.get(id);
    VoidResult done = command
                          ? (command->has_value()
                                 ? store.requeue(id, m_clock.now())
                                 : fail(Error::Code::NotFound,
                                        QStringLiteral("There is no outbox command %1.").arg(id)))
                          : VoidResult(std::unexpected(command.error()));
    if (done)
        done = m_audit.appendInTransaction(
            db, {actor, QStringLiteral("outbox-retry"), (*command)->masterId,
                 QStringLiteral("outbox/%1").arg(id), QStringLiteral("success"),
                 QStringLiteral("kind=%1").arg((*command)->kind)});
    if (!done || !db.commit()) {
        db.rollback();
        return done ? fail(Error::Code::Storage, QStringLiteral("Could not save the retry."))
                    : done;
    }
    emit changed();
    wake();
    return m_audit.checkpoint();
}

VoidResult Outbox::discard(qint64 id, const Principal &who)
{
    if (auto permitted = allowed(id, who); !permitted)
        return permitted;
    const QString &actor = who.user;
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    OutboxStore store(db);
    auto command = store.get(id);
    VoidResult done = command
                          ? (command->has_value()
                                 ? store.discard(id, m_clock.now())
                                 : fail(Error::Code::NotFound,
                                        QStringLiteral("There is no outbox command %1.").arg(id)))
                          : VoidResult(std::unexpected(command.error()));
    if (done)
        done = m_audit.appendInTransaction(
            db, {actor, QStringLiteral("outbox-discard"), (*command)->masterId,
                 QStringLiteral("outbox/%1").arg(id), QStringLiteral("success"),
                 QStringLiteral("kind=%1").arg((*command)->kind)});
    if (!done || !db.commit()) {
        db.rollback();
        return done ? fail(Error::Code::Storage, QStringLiteral("Could not save the discard."))
                    : done;
    }
    emit changed();
    return m_audit.checkpoint();
}

} // namespace CareDesk
