// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/ingest/ReplyIntake.h"

#include "models/Clock.h"
#include "services/security/AuditLog.h"
#include "services/store/SqlFailure.h"
#include "services/triage/ReplyClassifier.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcIntake, "caredesk.triage.intake", QtInfoMsg)

namespace CareDesk {

Result<IntakeOutcome> takeReply(QSqlDatabase &db, AuditLog &audit,
                                const ReplyClassifier &classifier, const Clock &clock,
                                const TriageSettings &settings, const QString &actor,
                                const InboundReply &reply)
{
    IntakeOutcome outcome;
    QSqlQuery existing(db);
    existing.prepare(QStringLiteral("SELECT 1 FROM replies WHERE communication_id = ?"));
    existing.addBindValue(reply.communicationId);
    if (!existing.exec())
        return sqlFailure(QStringLiteral("Checking for a repeated reply"), existing);
    if (existing.next()) {
        outcome.duplicate = true;
        return outcome;
    }

    const QDateTime now = clock.now();
    const QDateTime receivedAt = reply.receivedAt.isValid() ? reply.receivedAt : now;
    outcome.classification = classifier.classify(reply.text);
    const Classification &result = outcome.classification;

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO replies (communication_id, master_id, received_at, "
                                  "body, tier, opt_out, needs_review, language, evidence, "
                                  "lexicon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(reply.communicationId);
    insert.addBindValue(reply.masterId);
    insert.addBindValue(toStorageTime(receivedAt));
    insert.addBindValue(reply.text);
    insert.addBindValue(tierName(result.tier));
    insert.addBindValue(result.optOut ? 1 : 0);
    insert.addBindValue(result.needsReview ? 1 : 0);
    insert.addBindValue(result.language);
    insert.addBindValue(QString::fromUtf8(
        QJsonDocument(evidenceToJson(result.evidence)).toJson(QJsonDocument::Compact)));
    insert.addBindValue(classifier.lexiconVersion());
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Storing a reply"), insert);

    // A reply that needs a person, including one the classifier was unsure about.
    // When in doubt, route to a person: uncertain or other-experiencer mentions get a routine
    // review item rather than being dropped.
    const bool needsItem = result.tier != TriageTier::Routine || result.needsReview;
    if (needsItem) {
        const QDateTime dueAt = now.addSecs(qint64(settings.ackMinutes(result.tier)) * 60);
        QSqlQuery item(db);
        item.prepare(QStringLiteral("INSERT INTO triage_items (communication_id, master_id, "
                                    "tier, tier_rank, received_at, ingested_at, due_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?)"));
        item.addBindValue(reply.communicationId);
        item.addBindValue(reply.masterId);
        item.addBindValue(tierName(result.tier));
        item.addBindValue(int(result.tier));
        item.addBindValue(toStorageTime(receivedAt));
        item.addBindValue(toStorageTime(now));
        item.addBindValue(toStorageTime(dueAt));
        if (!item.exec())
            return sqlFailure(QStringLiteral("Opening a triage item"), item);
        outcome.triageItemId = item.lastInsertId().toLongLong();
        auto audited = audit.appendInTransaction(
            db, {actor, QStringLiteral("open-item"), reply.masterId,
                 QStringLiteral("triage-item/%1").arg(outcome.triageItemId)});
        if (!audited)
            return std::unexpected(audited.error());
        qCInfo(lcIntake) << "opened" << tierName(result.tier) << "triage item"
                         << outcome.triageItemId << "patient" << reply.masterId;
    }

    if (result.optOut) {
        QSqlQuery consent(db);
        consent.prepare(QStringLiteral("INSERT INTO consent_events (master_id, kind, channel, "
                                       "purpose, source, source_id, raw_text, recorded_at) "
                                       "VALUES (?, 'revoked', ?, NULL, 'patient-reply', ?, ?, ?)"));
        consent.addBindValue(reply.masterId);
        consent.addBindValue(reply.channel);
        consent.addBindValue(reply.communicationId);
        consent.addBindValue(reply.text);
        consent.addBindValue(toStorageTime(now));
        if (!consent.exec())
            return sqlFailure(QStringLiteral("Recording an opt-out"), consent);
        auto audited = audit.appendInTransaction(
            db, {actor, QStringLiteral("opt-out"), reply.masterId,
                 QStringLiteral("Communication/%1").arg(reply.communicationId)});
        if (!audited)
            return std::unexpected(audited.error());
    }
    return outcome;
}

} // namespace CareDesk
