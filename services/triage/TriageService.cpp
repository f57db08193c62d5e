// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/TriageService.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

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
    "r.needs_review, r.evidence, trim(coalesce(p.given, '') || ' ' || coalesce(p.family, '')), "
    "r.review_reason, t.source, t.summary");

// The item, the reply it came from, and the name the nurse will call the patient by.
const QString kItemSource =
    QStringLiteral("triage_items t JOIN replies r ON r.communication_id = t.communication_id "
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
    item.summary = row.value(19).toString();
    return item;
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

    // Each item still holds the reply and tier it was opened with, and each resolved item
    // still says what its last audited resolution said.
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT t.id, t.tier, r.body, t.status, t.disposition, t.note, "
            "(SELECT a.detail FROM audit_log a WHERE a.object = 'triage-item/' || t.id AND "
            "a.action = 'open-item' ORDER BY a.seq LIMIT 1), "
            "(SELECT a.detail FROM audit_log a WHERE a.object = 'triage-item/' || t.id AND "
            "a.action = 'resolve' AND a.outcome = 'success' ORDER BY a.seq DESC LIMIT 1) "
            "FROM triage_items t JOIN replies r ON r.communication_id = t.communication_id "
            "ORDER BY t.id")))
        return sqlFailure(QStringLiteral("Checking items against the audit trail"), query);
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        const QString opened = query.value(6).toString();
        const TriageTier tier =
            tierFromName(query.value(1).toString()).value_or(TriageTier::Urgent);
        if (!opened.isEmpty() && opened != openingDetail(tier, query.value(2).toString()))
            return QStringLiteral("Triage item %1's reply or tier differs from when it was opened.")
                .arg(id);
        if (query.value(3).toString() == QLatin1String("resolved") &&
            query.value(7).toString() !=
                resolutionDetail(query.value(4).toString(), query.value(5).toString()))
            return QStringLiteral("Triage item %1's disposition or note differs from its audited "
                                  "resolution.")
                .arg(id);
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
                             AccessControl &access, const Clock &clock)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_clock(clock)
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

Result<QList<TriageItem>> TriageService::openItems(const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::QueueRead); !allowed)
        return std::unexpected(allowed.error());
    QSqlQuery query(m_cache->connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1 FROM %2 WHERE t.status IN ('open', 'claimed') "
                                   "ORDER BY t.tier_rank DESC, t.ingested_at ASC, t.id ASC")
                        .arg(kItemColumns, kItemSource)))
        return sqlFailure(QStringLiteral("Reading the triage queue"), query);
    QList<TriageItem> items;
    while (query.next())
        items.append(itemFromRow(query));
    query.finish();
    for (TriageItem &item : items)
        mask(who, item, nullptr);
    return items;
}

Result<TriageItem> TriageService::load(qint64 id) const
{
    QSqlQuery query(m_cache->connection());
    query.prepare(
        QStringLiteral("SELECT %1 FROM %2 WHERE t.id = ?").arg(kItemColumns, kItemSource));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading triage item %1").arg(id), query);
    if (!query.next())
        return fail(Error::Code::NotFound, QStringLiteral("There is no triage item %1.").arg(id));
    return itemFromRow(query);
}

Result<TriageItemDetail> TriageService::viewItem(qint64 id, const Principal &who)
{
    auto item = load(id);
    if (!item)
        return std::unexpected(item.error());
    const QString object = QStringLiteral("triage-item/%1").arg(id);
    if (auto allowed = m_access.require(who, Permission::ItemView, item->masterId, object);
        !allowed)
        return std::unexpected(allowed.error());
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral("SELECT body, lexicon FROM replies WHERE communication_id = ?"));
    query.addBindValue(item->communicationId);
    if (!query.exec() || !query.next())
        return sqlFailure(QStringLiteral("Reading the reply of item %1").arg(id), query);
    TriageItemDetail detail{*item, query.value(0).toString(), query.value(1).toString()};
    query.finish();
    mask(who, detail.item, &detail.replyText);
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
                                 const QString &action,
                                 const std::function<VoidResult(const TriageItem &)> &apply,
                                 const QString &detail, const QString &disposition,
                                 const QString &note)
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
    if (applied && m_sink)
        applied = m_sink->queue(db, action, *item, actor, disposition, note);
    if (applied) {
        applied = m_audit.appendInTransaction(db, {actor, action, item->masterId,
                                                   QStringLiteral("triage-item/%1").arg(id),
                                                   QStringLiteral("success"), detail});
    }
    if (!applied || !db.commit()) {
        db.rollback();
        if (item) {
            // A refused change is audited too: who tried what, and that it failed.
            m_audit.append({actor, action, item->masterId, QStringLiteral("triage-item/%1").arg(id),
                            QStringLiteral("denied")});
        }
        return applied ? fail(Error::Code::Storage, QStringLiteral("Could not save the change."))
                       : applied;
    }
    qCInfo(lcTriage) << action << "triage item" << id << "patient" << item->masterId;
    if (m_sink)
        m_sink->committed();
    return m_audit.checkpoint();
}

VoidResult TriageService::claim(qint64 id, const Principal &who)
{
    const QString &actor = who.user;
    return change(
        id, who, Permission::ItemClaim, QStringLiteral("claim"),
        [&](const TriageItem &item) -> VoidResult {
            if (item.status == TriageStatus::Resolved)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Item %1 is already resolved.").arg(id));
            if (item.status == TriageStatus::Claimed && item.owner != actor)
                return fail(
                    Error::Code::Conflict,
                    QStringLiteral("Item %1 is already claimed by %2.").arg(id).arg(item.owner));
            if (item.status == TriageStatus::Claimed)
                return {};
            QSqlQuery query(m_cache->connection());
            query.prepare(QStringLiteral("UPDATE triage_items SET status = 'claimed', owner = ?, "
                                         "claimed_at = ?, version = version + 1 WHERE id = ? AND "
                                         "version = ?"));
            query.addBindValue(actor);
            query.addBindValue(toStorageTime(m_clock.now()));
            query.addBindValue(id);
            query.addBindValue(item.version);
            if (!query.exec())
                return sqlFailure(QStringLiteral("Claiming item %1").arg(id), query);
            if (query.numRowsAffected() != 1)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Item %1 changed while you claimed it.").arg(id));
            return {};
        });
}

VoidResult TriageService::release(qint64 id, const Principal &who)
{
    const QString &actor = who.user;
    return change(
        id, who, Permission::ItemRelease, QStringLiteral("release"),
        [&](const TriageItem &item) -> VoidResult {
            if (item.status != TriageStatus::Claimed || item.owner != actor)
                return fail(
                    Error::Code::Conflict,
                    QStringLiteral("Item %1 is not claimed by you, so it cannot be released.")
                        .arg(id));
            QSqlQuery query(m_cache->connection());
            query.prepare(
                QStringLiteral("UPDATE triage_items SET status = 'open', owner = NULL, "
                               "claimed_at = NULL, version = version + 1 WHERE id = ? AND "
                               "version = ?"));
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

    return change(
        id, who, Permission::ItemResolve, QStringLiteral("resolve"),
        [&](const TriageItem &item) -> VoidResult {
            if (item.status == TriageStatus::Resolved)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Item %1 is already resolved.").arg(id));
            if (item.status == TriageStatus::Claimed && item.owner != actor)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Item %1 is claimed by %2; only they can resolve it.")
                                .arg(id)
                                .arg(item.owner));
            const QString now = toStorageTime(m_clock.now());
            QSqlQuery query(m_cache->connection());
            query.prepare(QStringLiteral(
                "UPDATE triage_items SET status = 'resolved', owner = ?, "
                "claimed_at = coalesce(claimed_at, ?), disposition = ?, note = ?, resolved_at = ?, "
                "version = version + 1 WHERE id = ? AND version = ?"));
            query.addBindValue(actor);
            query.addBindValue(now);
            query.addBindValue(disposition);
            query.addBindValue(note.trimmed());
            query.addBindValue(now);
            query.addBindValue(id);
            query.addBindValue(item.version);
            if (!query.exec() || query.numRowsAffected() != 1)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Item %1 changed while you resolved it.").arg(id));
            return {};
        },
        resolutionDetail(disposition, note.trimmed()), disposition, note.trimmed());
}

} // namespace CareDesk
