// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/TriageRouter.h"

#include "models/Clock.h"
#include "services/security/AuditLog.h"
#include "services/store/SqlFailure.h"
#include "services/triage/QueueEvents.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcRouter, "caredesk.triage.router", QtInfoMsg)

namespace CareDesk {

namespace {

QString replyDigest(const QString &text)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString itemObject(qint64 id)
{
    return QStringLiteral("triage-item/%1").arg(id);
}

} // namespace

TriageRouter::TriageRouter(QSqlDatabase db, AuditLog &audit, const Clock &clock,
                           const TriageSettings &settings, QString actor)
    : m_db(std::move(db))
    , m_audit(audit)
    , m_clock(clock)
    , m_settings(settings)
    , m_actor(std::move(actor))
{}

QString TriageRouter::raiseDetail(TriageTier tier, TriageTier from, const QString &replyText)
{
    return QStringLiteral("tier=%1;from=%2;reply-sha256=%3")
        .arg(tierName(tier), tierName(from), replyDigest(replyText));
}

QString TriageRouter::attachDetail(TriageTier tier, const QString &replyText)
{
    return QStringLiteral("reply-tier=%1;reply-sha256=%2")
        .arg(tierName(tier), replyDigest(replyText));
}

Result<RoutingOutcome> TriageRouter::route(const RoutedReply &reply)
{
    QSqlQuery existing(m_db);
    existing.prepare(QStringLiteral("SELECT id, tier, acknowledged_at, due_at FROM triage_items "
                                    "WHERE master_id = ? AND source = ? AND episode = ? AND "
                                    "status <> 'resolved'"));
    existing.addBindValue(reply.masterId);
    existing.addBindValue(ItemSource::reply());
    existing.addBindValue(replyEpisode());
    if (!existing.exec())
        return sqlFailure(QStringLiteral("Finding the patient's open item"), existing);
    if (existing.next()) {
        const qint64 id = existing.value(0).toLongLong();
        const TriageTier tier =
            tierFromName(existing.value(1).toString()).value_or(TriageTier::Urgent);
        const bool awaitingAck = existing.value(2).isNull();
        const QDateTime dueAt = fromStorageTime(existing.value(3).toString());
        existing.finish();
        return attach(reply, id, tier, awaitingAck, dueAt);
    }
    existing.finish();

    const bool needsPerson =
        reply.tier != TriageTier::Routine || reply.needsReview || reply.possibleAdverseEvent;
    if (!needsPerson)
        return RoutingOutcome{};
    return open(reply);
}

VoidResult TriageRouter::linkReply(qint64 itemId, const RoutedReply &reply, bool raised)
{
    QSqlQuery link(m_db);
    link.prepare(QStringLiteral("INSERT INTO triage_item_replies (item_id, communication_id, "
                                "attached_at, tier, raised) VALUES (?, ?, ?, ?, ?)"));
    link.addBindValue(itemId);
    link.addBindValue(reply.communicationId);
    link.addBindValue(toStorageTime(m_clock.now()));
    link.addBindValue(tierName(reply.tier));
    link.addBindValue(raised ? 1 : 0);
    if (!link.exec())
        return sqlFailure(QStringLiteral("Attaching a reply to its item"), link);
    return {};
}

Result<RoutingOutcome> TriageRouter::open(const RoutedReply &reply)
{
    const QDateTime now = m_clock.now();
    const QDateTime receivedAt = reply.receivedAt.isValid() ? reply.receivedAt : now;
    const QDateTime dueAt = now.addSecs(qint64(m_settings.ackMinutes(reply.tier)) * 60);
    QSqlQuery item(m_db);
    item.prepare(QStringLiteral("INSERT INTO triage_items (source, episode, communication_id, "
                                "master_id, program, tier, tier_rank, received_at, ingested_at, "
                                "due_at, last_reply_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    item.addBindValue(ItemSource::reply());
    item.addBindValue(replyEpisode());
    item.addBindValue(reply.communicationId);
    item.addBindValue(reply.masterId);
    item.addBindValue(reply.program.isEmpty() ? QVariant() : QVariant(reply.program));
    item.addBindValue(tierName(reply.tier));
    item.addBindValue(int(reply.tier));
    item.addBindValue(toStorageTime(receivedAt));
    item.addBindValue(toStorageTime(now));
    item.addBindValue(toStorageTime(dueAt));
    item.addBindValue(toStorageTime(now));
    if (!item.exec())
        return sqlFailure(QStringLiteral("Opening a triage item"), item);
    RoutingOutcome outcome{RoutingOutcome::Action::Opened, item.lastInsertId().toLongLong(),
                           reply.tier, reply.tier};
    item.finish();

    if (auto linked = linkReply(outcome.itemId, reply, false); !linked)
        return std::unexpected(linked.error());
    if (auto audited = m_audit.appendInTransaction(
            m_db, {m_actor, QStringLiteral("open-item"), reply.masterId, itemObject(outcome.itemId),
                   QStringLiteral("success"), openingDetail(reply.tier, reply.text)});
        !audited)
        return std::unexpected(audited.error());
    if (auto logged = appendQueueEvent(
            m_db,
            {0, outcome.itemId, reply.masterId, QueueEvent::Kind::Opened, reply.tier, 0, {}, now});
        !logged)
        return std::unexpected(logged.error());
    qCInfo(lcRouter) << "opened" << tierName(reply.tier) << "triage item" << outcome.itemId
                     << "patient" << reply.masterId;
    return outcome;
}

Result<RoutingOutcome> TriageRouter::attach(const RoutedReply &reply, qint64 itemId,
                                            TriageTier itemTier, bool awaitingAck,
                                            const QDateTime &dueAt)
{
    const QDateTime now = m_clock.now();
    const bool raise = reply.tier > itemTier;
    RoutingOutcome outcome{raise ? RoutingOutcome::Action::Raised
                                 : RoutingOutcome::Action::Attached,
                           itemId, itemTier, raise ? reply.tier : itemTier};
    if (auto linked = linkReply(itemId, reply, raise); !linked)
        return std::unexpected(linked.error());

    QSqlQuery update(m_db);
    if (raise) {
        // The new tier's deadline counts from now, but never moves a deadline that is still owed
        // later: an unacknowledged item keeps the earlier of the two. The acknowledgement a nurse
        // gave the lower tier does not cover the higher one, and the ladder starts again.
        QDateTime newDue = now.addSecs(qint64(m_settings.ackMinutes(reply.tier)) * 60);
        if (awaitingAck && dueAt.isValid() && dueAt < newDue)
            newDue = dueAt;
        update.prepare(QStringLiteral(
            "UPDATE triage_items SET tier = ?, tier_rank = ?, raised_at = ?, due_at = ?, "
            "acknowledged_at = NULL, acknowledged_by = NULL, escalation_level = 0, "
            "escalated_to = NULL, escalated_at = NULL, reply_count = reply_count + 1, "
            "last_reply_at = ?, version = version + 1 WHERE id = ?"));
        update.addBindValue(tierName(reply.tier));
        update.addBindValue(int(reply.tier));
        update.addBindValue(toStorageTime(now));
        update.addBindValue(toStorageTime(newDue));
        update.addBindValue(toStorageTime(now));
        update.addBindValue(itemId);
    } else {
        update.prepare(QStringLiteral("UPDATE triage_items SET reply_count = reply_count + 1, "
                                      "last_reply_at = ?, version = version + 1 WHERE id = ?"));
        update.addBindValue(toStorageTime(now));
        update.addBindValue(itemId);
    }
    if (!update.exec() || update.numRowsAffected() != 1)
        return sqlFailure(QStringLiteral("Adding a reply to triage item %1").arg(itemId), update);
    update.finish();

    const QString action = raise ? QStringLiteral("raise") : QStringLiteral("attach-reply");
    const QString detail = raise ? raiseDetail(reply.tier, itemTier, reply.text)
                                 : attachDetail(reply.tier, reply.text);
    if (auto audited =
            m_audit.appendInTransaction(m_db, {m_actor, action, reply.masterId, itemObject(itemId),
                                               QStringLiteral("success"), detail});
        !audited)
        return std::unexpected(audited.error());
    const QueueEvent event{0,
                           itemId,
                           reply.masterId,
                           raise ? QueueEvent::Kind::Raised : QueueEvent::Kind::Attached,
                           outcome.tierAfter,
                           0,
                           {},
                           now};
    if (auto logged = appendQueueEvent(m_db, event); !logged)
        return std::unexpected(logged.error());
    qCInfo(lcRouter) << (raise ? "raised" : "attached a reply to") << "triage item" << itemId
                     << "patient" << reply.masterId << "tier" << tierName(outcome.tierAfter);
    return outcome;
}

} // namespace CareDesk
