// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/TriageService.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"
#include "services/triage/AdverseEventLog.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcTriage, "caredesk.triage.queue", QtInfoMsg)

namespace CareDesk {

namespace {

const QString kItemColumns = QStringLiteral(
    "t.id, t.communication_id, t.master_id, t.tier, t.received_at, t.ingested_at, t.due_at, "
    "t.status, t.owner, t.claimed_at, t.disposition, t.note, t.resolved_at, t.version, "
    "coalesce(r.needs_review, 0), coalesce(r.evidence, '[]'), "
    "trim(coalesce(p.given, '') || ' ' || coalesce(p.family, '')), r.review_reason, t.source, "
    "t.episode, t.program, t.reply_count, t.last_reply_at, t.raised_at, t.acknowledged_at, "
    "t.acknowledged_by, t.first_acknowledged_at, t.escalation_level, t.escalated_to, "
    "t.escalated_at, (SELECT min(a.report_due_at) FROM adverse_events a WHERE a.item_id = t.id), "
    "t.summary");

// The item, the reply that opened it (none for other kinds), and the name the nurse will call
// the patient by.
const QString kItemSource =
    QStringLiteral("triage_items t LEFT JOIN replies r ON r.communication_id = t.communication_id "
                   "LEFT JOIN patients p ON p.master_id = t.master_id");

QDateTime optionalTime(const QVariant &value)
{
    return value.isNull() ? QDateTime() : fromStorageTime(value.toString());
}

TriageItem itemFromRow(const QSqlQuery &row)
{
    TriageItem item;
    item.id = row.value(0).toLongLong();
    item.communicationId = row.value(1).toString();
    item.masterId = row.value(2).toString();
    item.tier = tierFromName(row.value(3).toString()).value_or(TriageTier::Urgent);
    item.receivedAt = optionalTime(row.value(4));
    item.ingestedAt = optionalTime(row.value(5));
    item.dueAt = optionalTime(row.value(6));
    item.status = triageStatusFromName(row.value(7).toString());
    item.owner = row.value(8).toString();
    item.claimedAt = optionalTime(row.value(9));
    item.disposition = row.value(10).toString();
    item.note = row.value(11).toString();
    item.resolvedAt = optionalTime(row.value(12));
    item.version = row.value(13).toInt();
    item.needsReview = row.value(14).toBool();
    item.evidence =
        evidenceFromJson(QJsonDocument::fromJson(row.value(15).toString().toUtf8()).array());
    item.patientName = row.value(16).toString();
    item.reviewReason = row.value(17).toString();
    item.source = row.value(18).toString();
    item.episode = row.value(19).toString();
    item.program = row.value(20).toString();
    item.replyCount = row.value(21).toInt();
    item.lastReplyAt = optionalTime(row.value(22));
    item.raisedAt = optionalTime(row.value(23));
    item.acknowledgedAt = optionalTime(row.value(24));
    item.acknowledgedBy = row.value(25).toString();
    item.firstAcknowledgedAt = optionalTime(row.value(26));
    item.escalationLevel = row.value(27).toInt();
    item.escalatedTo = row.value(28).toString();
    item.escalatedAt = optionalTime(row.value(29));
    item.adverseEventDueAt = optionalTime(row.value(30));
    item.possibleAdverseEvent = item.adverseEventDueAt.isValid();
    item.summary = row.value(31).toString();
    return item;
}

struct ReplyRow {
    qint64 itemId = 0;
    EpisodeReply reply;
};

// The replies of the items matching itemFilter (an SQL condition on i.item_id), oldest first.
Result<QList<ReplyRow>> episodeReplies(const QSqlDatabase &db, const QString &itemFilter,
                                       const QVariantList &binds, bool withText)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT i.item_id, i.communication_id, r.received_at, "
                       "i.attached_at, i.tier, i.raised, r.needs_review, "
                       "r.review_reason, r.lexicon, r.evidence, %1 FROM "
                       "triage_item_replies i JOIN replies r ON r.communication_id = "
                       "i.communication_id WHERE %2 ORDER BY i.item_id, i.attached_at, "
                       "i.rowid")
            .arg(withText ? QStringLiteral("r.body") : QStringLiteral("NULL"), itemFilter));
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the replies of triage items"), query);
    QList<ReplyRow> rows;
    while (query.next()) {
        ReplyRow row;
        row.itemId = query.value(0).toLongLong();
        row.reply.communicationId = query.value(1).toString();
        row.reply.receivedAt = optionalTime(query.value(2));
        row.reply.attachedAt = optionalTime(query.value(3));
        row.reply.tier = tierFromName(query.value(4).toString()).value_or(TriageTier::Urgent);
        row.reply.raised = query.value(5).toBool();
        row.reply.needsReview = query.value(6).toBool();
        row.reply.reviewReason = query.value(7).toString();
        row.reply.lexiconVersion = query.value(8).toString();
        row.reply.evidence =
            evidenceFromJson(QJsonDocument::fromJson(query.value(9).toString().toUtf8()).array());
        row.reply.text = query.value(10).toString();
        rows.append(row);
    }
    return rows;
}

// An item shows what every reply of its episode said: the evidence of all of them, and review
// when any of them needs it, with every reason given once.
void mergeReplies(TriageItem &item, const QList<EpisodeReply> &replies)
{
    if (replies.isEmpty())
        return;
    item.evidence.clear();
    QStringList reasons;
    bool review = false;
    for (const EpisodeReply &reply : replies) {
        item.evidence.append(reply.evidence);
        review = review || reply.needsReview;
        for (const QString &reason :
             reply.reviewReason.split(QStringLiteral("; "), Qt::SkipEmptyParts)) {
            if (!reasons.contains(reason))
                reasons.append(reason);
        }
    }
    item.needsReview = review;
    item.reviewReason = reasons.join(QStringLiteral("; "));
}

QString itemObject(qint64 id)
{
    return QStringLiteral("triage-item/%1").arg(id);
}

} // namespace

QString resolutionDetail(const QString &disposition, const QString &note)
{
    // The note itself stays out of the audit trail; its digest proves it was not changed.
    const QByteArray digest = QCryptographicHash::hash(note.toUtf8(), QCryptographicHash::Sha256);
    return QStringLiteral("disposition=%1;note-sha256=%2")
        .arg(disposition, QString::fromLatin1(digest.toHex()));
}

QString openingDetail(TriageTier tier, const QString &replyText)
{
    const QByteArray digest =
        QCryptographicHash::hash(replyText.toUtf8(), QCryptographicHash::Sha256);
    return QStringLiteral("tier=%1;reply-sha256=%2")
        .arg(tierName(tier), QString::fromLatin1(digest.toHex()));
}

Result<QString> TriageService::verifyAgainstAudit() const
{
    QSqlDatabase db = m_cache->connection();
    auto problemIn = [&db](const QString &sql, const QString &what) -> Result<QString> {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(sql))
            return sqlFailure(QStringLiteral("Checking the cache against the audit trail"), query);
        return query.next() ? what.arg(query.value(0).toString()) : QString();
    };
    // Items that were opened on the record but are gone, and items with no opening on record.
    const QList<QPair<QString, QString>> checks{
        {QStringLiteral("SELECT substr(a.object, 13) FROM audit_log a WHERE a.action = "
                        "'open-item' AND a.outcome = 'success' AND NOT EXISTS (SELECT 1 FROM "
                        "triage_items t WHERE 'triage-item/' || t.id = a.object) AND NOT EXISTS "
                        "(SELECT 1 FROM audit_log p WHERE p.action = 'purge' AND p.outcome = "
                        "'success' AND p.object = a.object) LIMIT 1"),
         QStringLiteral("Triage item %1 was opened on the record but is missing (and no purge "
                        "removed it).")},
        {QStringLiteral("SELECT t.id FROM triage_items t WHERE NOT EXISTS (SELECT 1 FROM "
                        "audit_log a WHERE a.action = 'open-item' AND a.object = "
                        "'triage-item/' || t.id) LIMIT 1"),
         QStringLiteral("Triage item %1 has no audited opening.")},
        {QStringLiteral("SELECT id FROM triage_items WHERE status NOT IN ('open', 'claimed', "
                        "'resolved') LIMIT 1"),
         QStringLiteral("Triage item %1 has a status CareDesk never sets.")},
        {QStringLiteral("SELECT substr(a.object, 15) FROM audit_log a WHERE a.action = "
                        "'opt-out' AND NOT EXISTS (SELECT 1 FROM consent_events c WHERE "
                        "'Communication/' || c.source_id = a.object AND c.kind = 'revoked') "
                        "LIMIT 1"),
         QStringLiteral("The opt-out recorded from message %1 is missing from the consent "
                        "ledger.")},
    };
    for (const auto &[sql, what] : checks) {
        auto problem = problemIn(sql, what);
        if (!problem || !problem->isEmpty())
            return problem;
    }

    // Each item still holds the reply it was opened with, its tier is the one it was opened
    // with or the last audited raise gave it, and each resolved item still says what its last
    // audited resolution said.
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT t.id, t.tier, r.body, t.status, t.disposition, t.note, "
            "(SELECT a.detail FROM audit_log a WHERE a.object = 'triage-item/' || t.id AND "
            "a.action = 'open-item' ORDER BY a.seq LIMIT 1), "
            "(SELECT a.detail FROM audit_log a WHERE a.object = 'triage-item/' || t.id AND "
            "a.action = 'resolve' AND a.outcome = 'success' ORDER BY a.seq DESC LIMIT 1), "
            "(SELECT a.detail FROM audit_log a WHERE a.object = 'triage-item/' || t.id AND "
            "a.action = 'raise' AND a.outcome = 'success' ORDER BY a.seq DESC LIMIT 1) "
            "FROM triage_items t JOIN replies r ON r.communication_id = t.communication_id "
            "ORDER BY t.id")))
        return sqlFailure(QStringLiteral("Checking items against the audit trail"), query);
    const auto tierIn = [](const QString &detail) {
        const QString field = detail.section(u';', 0, 0);
        return field.startsWith(QLatin1String("tier=")) ? tierFromName(field.mid(5))
                                                        : std::optional<TriageTier>();
    };
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        const QString opened = query.value(6).toString();
        const QString raised = query.value(8).toString();
        const auto tier = tierFromName(query.value(1).toString());
        const auto openedTier = tierIn(opened);
        if (!opened.isEmpty() &&
            (!openedTier || opened != openingDetail(*openedTier, query.value(2).toString())))
            return QStringLiteral("Triage item %1's reply differs from when it was opened.")
                .arg(id);
        const auto expectedTier = raised.isEmpty() ? openedTier : tierIn(raised);
        if (!opened.isEmpty() && (!tier || tier != expectedTier))
            return QStringLiteral("Triage item %1's tier differs from what it was opened with or "
                                  "raised to on the record.")
                .arg(id);
        if (query.value(3).toString() == QLatin1String("resolved") &&
            query.value(7).toString() !=
                resolutionDetail(query.value(4).toString(), query.value(5).toString()))
            return QStringLiteral("Triage item %1's disposition or note differs from its audited "
                                  "resolution.")
                .arg(id);
    }
    query.finish();

    // Every later reply of an episode is the one whose digest its attach or raise recorded.
    QSqlQuery attached(db);
    attached.setForwardOnly(true);
    if (!attached.exec(QStringLiteral(
            "SELECT i.item_id, i.communication_id, r.body FROM triage_item_replies i JOIN "
            "triage_items t ON t.id = i.item_id JOIN replies r ON r.communication_id = "
            "i.communication_id WHERE i.communication_id IS NOT t.communication_id ORDER BY "
            "i.item_id")))
        return sqlFailure(QStringLiteral("Checking replies against the audit trail"), attached);
    QHash<qint64, QSet<QString>> recorded;
    QSqlQuery details(db);
    details.setForwardOnly(true);
    if (!details.exec(QStringLiteral("SELECT object, detail FROM audit_log WHERE action IN "
                                     "('attach-reply', 'raise') AND outcome = 'success'")))
        return sqlFailure(QStringLiteral("Reading audited replies"), details);
    while (details.next()) {
        const QString digest =
            details.value(1).toString().section(QStringLiteral("reply-sha256="), 1, 1);
        recorded[details.value(0).toString().mid(12).toLongLong()].insert(digest);
    }
    while (attached.next()) {
        const QString digest =
            QString::fromLatin1(QCryptographicHash::hash(attached.value(2).toString().toUtf8(),
                                                         QCryptographicHash::Sha256)
                                    .toHex());
        if (!recorded.value(attached.value(0).toLongLong()).contains(digest))
            return QStringLiteral("A reply of triage item %1 (message %2) is not the one the "
                                  "audit trail recorded joining it.")
                .arg(attached.value(0).toLongLong())
                .arg(attached.value(1).toString());
    }
    return QString();
}

QJsonArray evidenceToJson(const QList<Evidence> &evidence)
{
    QJsonArray array;
    for (const Evidence &entry : evidence) {
        array.append(QJsonObject{
            {QStringLiteral("start"), qint64(entry.start)},
            {QStringLiteral("length"), qint64(entry.length)},
            {QStringLiteral("text"), entry.matchedText},
            {QStringLiteral("flag"), entry.flag},
            {QStringLiteral("tier"), tierName(entry.tier)},
            {QStringLiteral("context"), evidenceContextName(entry.context)},
        });
    }
    return array;
}

QList<Evidence> evidenceFromJson(const QJsonArray &array)
{
    QList<Evidence> evidence;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        Evidence entry;
        entry.start = object.value(QLatin1String("start")).toInteger();
        entry.length = object.value(QLatin1String("length")).toInteger();
        entry.matchedText = object.value(QLatin1String("text")).toString();
        entry.flag = object.value(QLatin1String("flag")).toString();
        entry.tier = tierFromName(object.value(QLatin1String("tier")).toString())
                         .value_or(TriageTier::Routine);
        const QString context = object.value(QLatin1String("context")).toString();
        for (auto candidate :
             {EvidenceContext::Affirmed, EvidenceContext::Negated, EvidenceContext::Uncertain,
              EvidenceContext::Historical, EvidenceContext::OtherPerson}) {
            if (evidenceContextName(candidate) == context)
                entry.context = candidate;
        }
        evidence.append(entry);
    }
    return evidence;
}

TriageService::TriageService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                             AccessControl &access, const Clock &clock, TriageSettings settings)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_clock(clock)
    , m_settings(settings)
{}

void TriageService::mask(const Principal &who, TriageItem &item, QString *replyText) const
{
    if (m_access.mayReadClinicalText(who, item.masterId, item.owner))
        return;
    const QString notice = m_access.maskNotice(who);
    item.textMasked = true;
    if (!item.note.isEmpty())
        item.note = notice;
    // The flags stay (they say why the item is here); the patient's own words go.
    for (Evidence &evidence : item.evidence) {
        evidence.matchedText.clear();
        evidence.start = 0;
        evidence.length = 0;
    }
    // A journey exception's text is CareDesk's own summary ("Refill overdue by 12 days"), not
    // the patient's words: it stays, as it does in the queue; a note on the item is masked.
    if (replyText && item.source != QLatin1String("journey"))
        *replyText = notice;
}

Result<QList<TriageItem>> TriageService::query(const QString &where,
                                               const QVariantList &binds) const
{
    QSqlDatabase db = m_cache->connection();
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    rows.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE %3 ORDER BY t.tier_rank DESC, "
                                "t.ingested_at ASC, t.id ASC")
                     .arg(kItemColumns, kItemSource, where));
    for (const QVariant &bind : binds)
        rows.addBindValue(bind);
    if (!rows.exec())
        return sqlFailure(QStringLiteral("Reading the triage queue"), rows);
    QList<TriageItem> items;
    QHash<qint64, qsizetype> rowOf;
    while (rows.next()) {
        rowOf.insert(rows.value(0).toLongLong(), items.size());
        items.append(itemFromRow(rows));
    }
    rows.finish();

    // The same condition picks the replies of the same items.
    auto replies = episodeReplies(
        db, QStringLiteral("i.item_id IN (SELECT t.id FROM triage_items t WHERE %1)").arg(where),
        binds, false);
    if (!replies)
        return std::unexpected(replies.error());
    QHash<qint64, QList<EpisodeReply>> byItem;
    for (const ReplyRow &row : std::as_const(*replies))
        byItem[row.itemId].append(row.reply);
    for (auto it = byItem.cbegin(); it != byItem.cend(); ++it) {
        if (const auto found = rowOf.constFind(it.key()); found != rowOf.cend())
            mergeReplies(items[*found], it.value());
    }
    return items;
}

Result<QList<TriageItem>> TriageService::openItems(const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::QueueRead); !allowed)
        return std::unexpected(allowed.error());
    auto items = query(QStringLiteral("t.status IN ('open', 'claimed')"), {});
    if (!items)
        return items;
    for (TriageItem &item : *items)
        mask(who, item, nullptr);
    return items;
}

Result<QList<TriageItem>> TriageService::itemsAmong(const QList<qint64> &ids, const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::QueueRead); !allowed)
        return std::unexpected(allowed.error());
    if (ids.isEmpty())
        return QList<TriageItem>();
    QVariantList binds;
    for (qint64 id : ids)
        binds.append(id);
    auto items = query(
        QStringLiteral("t.id IN (%1)").arg(QStringList(ids.size(), QStringLiteral("?")).join(u',')),
        binds);
    if (!items)
        return items;
    for (TriageItem &item : *items)
        mask(who, item, nullptr);
    return items;
}

Result<TriageItem> TriageService::load(qint64 id) const
{
    auto items = query(QStringLiteral("t.id = ?"), {id});
    if (!items)
        return std::unexpected(items.error());
    if (items->isEmpty())
        return fail(Error::Code::NotFound, QStringLiteral("There is no triage item %1.").arg(id));
    return items->first();
}

Result<TriageItem> TriageService::item(qint64 id, const Principal &who)
{
    auto found = load(id);
    if (!found)
        return found;
    if (auto allowed =
            m_access.require(who, Permission::QueueRead, found->masterId, itemObject(id));
        !allowed)
        return std::unexpected(allowed.error());
    mask(who, *found, nullptr);
    return found;
}

Result<TriageItemDetail> TriageService::viewItem(qint64 id, const Principal &who)
{
    auto item = load(id);
    if (!item)
        return std::unexpected(item.error());
    const QString object = itemObject(id);
    if (auto allowed = m_access.require(who, Permission::ItemView, item->masterId, object);
        !allowed)
        return std::unexpected(allowed.error());
    auto replies =
        episodeReplies(m_cache->connection(), QStringLiteral("i.item_id = ?"), {id}, true);
    if (!replies)
        return std::unexpected(replies.error());
    TriageItemDetail detail{*item, QString(), QString(), {}};
    for (const ReplyRow &row : std::as_const(*replies))
        detail.replies.append(row.reply);
    if (!detail.replies.isEmpty()) {
        detail.replyText = detail.replies.first().text;
        detail.lexiconVersion = detail.replies.last().lexiconVersion;
    } else if (!item->communicationId.isEmpty()) {
        // An item opened by another source (a journey exception) keeps its text as a reply.
        QSqlQuery text(m_cache->connection());
        text.prepare(
            QStringLiteral("SELECT body, lexicon FROM replies WHERE communication_id = ?"));
        text.addBindValue(item->communicationId);
        if (!text.exec())
            return sqlFailure(QStringLiteral("Reading the text of item %1").arg(id), text);
        if (text.next()) {
            detail.replyText = text.value(0).toString();
            detail.lexiconVersion = text.value(1).toString();
        }
    }

    // The patient's words the role may not read: every reply of the episode is masked.
    mask(who, detail.item, &detail.replyText);
    if (detail.item.textMasked) {
        const QString notice = detail.replyText;
        for (EpisodeReply &reply : detail.replies) {
            reply.text = notice;
            reply.evidence.clear();
        }
    }
    const bool textByRole = m_access.allowsByRole(who, Permission::ClinicalText) ||
                            (detail.item.owner == who.user &&
                             m_access.allowsByRole(who, Permission::ClinicalTextAssigned));
    if (!detail.item.textMasked && !textByRole) {
        // Shown by a break-glass grant: that use goes on the record as such.
        if (auto used = m_access.require(who, Permission::ClinicalText, item->masterId, object);
            !used)
            return std::unexpected(used.error());
    }

    if (auto audited =
            m_audit.append({who.user, QStringLiteral("view-item"), item->masterId, object,
                            QStringLiteral("success"),
                            detail.item.textMasked ? QStringLiteral("text=masked") : QString()});
        !audited)
        return std::unexpected(audited.error());
    return detail;
}

VoidResult TriageService::change(qint64 id, const Principal &who, Permission permission,
                                 const Change &what,
                                 const std::function<VoidResult(const TriageItem &)> &apply)
{
    const QString actor = who.user;
    if (auto before = load(id); !before) {
        return std::unexpected(before.error());
    } else if (auto allowed = m_access.require(who, permission, before->masterId,
                                               QStringLiteral("triage-item/%1").arg(id));
               !allowed) {
        return allowed;
    }
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    auto item = load(id);
    VoidResult applied = item ? apply(*item) : VoidResult(std::unexpected(item.error()));
    if (applied && m_sink && !what.sinkAction.isEmpty())
        applied =
            m_sink->queue(db, what.sinkAction, *item, what.sinkActor, what.disposition, what.note);
    if (applied) {
        applied =
            m_audit.appendInTransaction(db, {actor, what.action, item->masterId, itemObject(id),
                                             QStringLiteral("success"), what.detail});
    }
    if (applied && what.event) {
        // The tier the item has after the change (a change never alters it).
        applied = appendQueueEvent(db, {0, id, item->masterId, *what.event, item->tier, 0,
                                        what.eventTarget, m_clock.now()});
    }
    if (!applied || !db.commit()) {
        db.rollback();
        if (item) {
            // A refused change is audited too: who tried what, and that it failed.
            m_audit.append(
                {actor, what.action, item->masterId, itemObject(id), QStringLiteral("denied")});
        }
        return applied ? fail(Error::Code::Storage, QStringLiteral("Could not save the change."))
                       : applied;
    }
    qCInfo(lcTriage) << what.action << "triage item" << id << "patient" << item->masterId;
    if (m_sink)
        m_sink->committed();
    return m_audit.checkpoint();
}

VoidResult TriageService::acknowledgeInPlace(const TriageItem &item, const QString &owner,
                                             const QString &acknowledgedBy)
{
    const QString now = toStorageTime(m_clock.now());
    QSqlQuery update(m_cache->connection());
    update.prepare(QStringLiteral(
        "UPDATE triage_items SET status = 'claimed', owner = ?, claimed_at = CASE WHEN owner IS ? "
        "AND claimed_at IS NOT NULL THEN claimed_at ELSE ? END, acknowledged_at = coalesce("
        "acknowledged_at, ?), acknowledged_by = coalesce(acknowledged_by, ?), "
        "first_acknowledged_at = coalesce(first_acknowledged_at, ?), version = version + 1 "
        "WHERE id = ? AND version = ?"));
    update.addBindValue(owner);
    update.addBindValue(owner);
    update.addBindValue(now);
    update.addBindValue(now);
    update.addBindValue(acknowledgedBy);
    update.addBindValue(now);
    update.addBindValue(item.id);
    update.addBindValue(item.version);
    if (!update.exec())
        return sqlFailure(QStringLiteral("Claiming item %1").arg(item.id), update);
    if (update.numRowsAffected() != 1)
        return fail(Error::Code::Conflict,
                    QStringLiteral("Item %1 changed meanwhile (a new reply may have arrived); "
                                   "look at it again.")
                        .arg(item.id));
    return {};
}

VoidResult TriageService::claim(qint64 id, const Principal &who)
{
    const QString &actor = who.user;
    const Change what{QStringLiteral("claim"),
                      QString(),
                      QueueEvent::Kind::Acknowledged,
                      actor,
                      QStringLiteral("claim"),
                      actor,
                      {},
                      {}};
    return change(id, who, Permission::ItemClaim, what, [&](const TriageItem &item) -> VoidResult {
        if (item.status == TriageStatus::Resolved)
            return fail(Error::Code::Conflict,
                        QStringLiteral("Item %1 is already resolved.").arg(id));
        if (item.status == TriageStatus::Claimed && item.owner != actor)
            return fail(
                Error::Code::Conflict,
                QStringLiteral("Item %1 is already claimed by %2.").arg(id).arg(item.owner));
        if (item.status == TriageStatus::Claimed && !item.awaitsAcknowledgement())
            return {};
        return acknowledgeInPlace(item, actor, actor);
    });
}

Result<qint64> TriageService::claimNext(const Principal &who, const QList<qint64> &onlyAmong)
{
    auto items = openItems(who);
    if (!items)
        return std::unexpected(items.error());
    const QSet<qint64> allowed(onlyAmong.cbegin(), onlyAmong.cend());
    for (const TriageItem &candidate : std::as_const(*items)) {
        if (candidate.status != TriageStatus::Open ||
            (!onlyAmong.isEmpty() && !allowed.contains(candidate.id)))
            continue;
        // Another workstation may take it first: then the next one is tried.
        const VoidResult claimed = claim(candidate.id, who);
        if (claimed)
            return candidate.id;
        if (claimed.error().code != Error::Code::Conflict)
            return std::unexpected(claimed.error());
    }
    return qint64(0);
}

VoidResult TriageService::assign(qint64 id, const Principal &who, const QString &assignee)
{
    const QString &actor = who.user;
    const QString to = assignee.trimmed();
    if (to.isEmpty() || to.size() > 64 ||
        std::any_of(to.cbegin(), to.cend(), [](QChar c) { return c.isSpace() || !c.isPrint(); }))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("\"%1\" is not a user name (one word, at most 64 characters).")
                        .arg(assignee));
    // The server's Task knows owners, not who assigned them: it is told the assignee claimed it.
    Change what{QStringLiteral("assign"),
                QString(),
                QueueEvent::Kind::Acknowledged,
                to,
                QStringLiteral("claim"),
                to,
                {},
                {}};
    // change() reads what.detail after this has run, so the trail names the previous owner.
    return change(id, who, Permission::ItemAssign, what, [&](const TriageItem &item) -> VoidResult {
        if (item.status == TriageStatus::Resolved)
            return fail(Error::Code::Conflict,
                        QStringLiteral("Item %1 is already resolved.").arg(id));
        what.detail = QStringLiteral("to=%1;from=%2").arg(to, item.owner);
        if (item.status == TriageStatus::Claimed && item.owner == to &&
            !item.awaitsAcknowledgement())
            return {};
        return acknowledgeInPlace(item, to, actor);
    });
}

VoidResult TriageService::release(qint64 id, const Principal &who)
{
    const QString &actor = who.user;
    const Change what{QStringLiteral("release"),
                      QString(),
                      QueueEvent::Kind::Released,
                      {},
                      QStringLiteral("release"),
                      actor,
                      {},
                      {}};
    return change(
        id, who, Permission::ItemRelease, what, [&](const TriageItem &item) -> VoidResult {
            if (item.status != TriageStatus::Claimed || item.owner != actor)
                return fail(
                    Error::Code::Conflict,
                    QStringLiteral("Item %1 is not claimed by you, so it cannot be released.")
                        .arg(id));
            // Back in the queue it is owed a new acknowledgement, as if it had just arrived.
            const QDateTime now = m_clock.now();
            QSqlQuery query(m_cache->connection());
            query.prepare(QStringLiteral(
                "UPDATE triage_items SET status = 'open', owner = NULL, claimed_at = NULL, "
                "acknowledged_at = NULL, acknowledged_by = NULL, due_at = ?, escalation_level = 0, "
                "escalated_to = NULL, escalated_at = NULL, version = version + 1 WHERE id = ? AND "
                "version = ?"));
            query.addBindValue(
                toStorageTime(now.addSecs(qint64(m_settings.ackMinutes(item.tier)) * 60)));
            query.addBindValue(id);
            query.addBindValue(item.version);
            if (!query.exec() || query.numRowsAffected() != 1)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Item %1 changed while you released it.").arg(id));
            return {};
        });
}

VoidResult TriageService::resolve(qint64 id, const Principal &who, const QString &disposition,
                                  const QString &note)
{
    const QString &actor = who.user;
    if (!isKnownDisposition(disposition)) {
        QStringList codes;
        for (const Disposition &known : dispositions())
            codes.append(known.code);
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Unknown disposition \"%1\"; use one of: %2.")
                        .arg(disposition, codes.join(QLatin1String(", "))));
    }
    if (note.trimmed().isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("A resolution needs a note saying what was done."));
    if (note.size() > kMaxNoteCharacters)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The note is longer than %1 characters; keep the details in "
                                   "the patient's record and summarise here.")
                        .arg(kMaxNoteCharacters));
    for (const QChar c : note) {
        // Text only: a NUL or other control character means a binary file was given as a note.
        if (c.category() == QChar::Other_Control && c != u'\n' && c != u'\r' && c != u'\t')
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("The note contains characters that are not text; was a "
                                       "binary file given as the note?"));
    }

    const Change what{QStringLiteral("resolve"),
                      resolutionDetail(disposition, note.trimmed()),
                      QueueEvent::Kind::Resolved,
                      {},
                      QStringLiteral("resolve"),
                      actor,
                      disposition,
                      note.trimmed()};
    return change(
        id, who, Permission::ItemResolve, what, [&](const TriageItem &item) -> VoidResult {
            if (item.status == TriageStatus::Resolved)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Item %1 is already resolved.").arg(id));
            if (item.status == TriageStatus::Claimed && item.owner != actor)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Item %1 is claimed by %2; only they can resolve it.")
                                .arg(id)
                                .arg(item.owner));
            // Resolving answers the item, and so acknowledges it if nobody had.
            const QString now = toStorageTime(m_clock.now());
            QSqlDatabase db = m_cache->connection();
            QSqlQuery query(db);
            query.prepare(QStringLiteral(
                "UPDATE triage_items SET status = 'resolved', owner = ?, "
                "claimed_at = coalesce(claimed_at, ?), acknowledged_at = coalesce(acknowledged_at, "
                "?), acknowledged_by = coalesce(acknowledged_by, ?), first_acknowledged_at = "
                "coalesce(first_acknowledged_at, ?), disposition = ?, note = ?, resolved_at = ?, "
                "version = version + 1 WHERE id = ? AND version = ?"));
            for (const QVariant &value : QVariantList{actor, now, now, actor, now, disposition,
                                                      note.trimmed(), now, id, item.version})
                query.addBindValue(value);
            if (!query.exec() || query.numRowsAffected() != 1)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Item %1 changed while you resolved it (a new reply may "
                                           "have arrived); read it and resolve again.")
                                .arg(id));
            return AdverseEventLog::closeForItem(db, id, disposition, actor, m_clock.now());
        });
}

} // namespace CareDesk
