// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/ingest/ReplyIntake.h"

#include "models/Clock.h"
#include "services/security/AuditLog.h"
#include "services/store/SqlFailure.h"
#include "services/triage/AdverseEventLog.h"
#include "services/triage/ReplyClassifier.h"

#include <QCryptographicHash>

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcIntake, "caredesk.triage.intake", QtInfoMsg)

namespace CareDesk {

namespace {

bool endsSentence(QChar c)
{
    return c == u'.' || c == u'!' || c == u'?' || c == u';' || c == u'\n' || c == u'\r';
}

// Where the sentence holding position `at` starts and ends in `text`.
std::pair<qsizetype, qsizetype> sentenceAround(const QString &text, qsizetype at)
{
    qsizetype begin = qBound(qsizetype(0), at, text.size());
    while (begin > 0 && !endsSentence(text.at(begin - 1)))
        --begin;
    qsizetype end = qBound(qsizetype(0), at, text.size());
    while (end < text.size() && !endsSentence(text.at(end)))
        ++end;
    return {begin, end};
}

// True when clinical evidence at `at` shares its sentence with an affirmed opt-out.
bool sameSentence(const QString &text, qsizetype at, const QList<Evidence> &evidence)
{
    const auto sentence = sentenceAround(text, at);
    return std::ranges::any_of(evidence, [&](const Evidence &e) {
        return e.flag == QLatin1String("opt-out") && sentenceAround(text, e.start) == sentence;
    });
}

} // namespace

Result<IntakeOutcome> takeReply(QSqlDatabase &db, AuditLog &audit,
                                const ReplyClassifier &classifier, const Clock &clock,
                                const TriageSettings &settings, const QString &actor,
                                const InboundReply &reply)
{
    IntakeOutcome outcome;
    QString communicationId = reply.communicationId;
    QStringList reasons;
    if (!reply.reviewReason.isEmpty())
        reasons.append(reply.reviewReason);

    // The same id with the same patient and words is the same message again. The same id with
    // anything else is a different message that must not vanish: it is kept under an id that
    // adds a digest of its content, and a person is asked to look.
    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlQuery existing(db);
        existing.prepare(
            QStringLiteral("SELECT master_id, body FROM replies WHERE communication_id = ?"));
        existing.addBindValue(communicationId);
        if (!existing.exec())
            return sqlFailure(QStringLiteral("Checking for a repeated reply"), existing);
        if (!existing.next())
            break;
        if (existing.value(0).toString() == reply.masterId &&
            existing.value(1).toString() == reply.text) {
            outcome.duplicate = true;
            return outcome;
        }
        const QByteArray digest = QCryptographicHash::hash(
            (reply.masterId + u'\x1f' + reply.text).toUtf8(), QCryptographicHash::Sha256);
        communicationId =
            reply.communicationId + u'~' + QString::fromLatin1(digest.toHex().left(12));
        if (attempt == 0)
            reasons.append(QStringLiteral("another message arrived earlier with the same id"));
    }

    const QDateTime now = clock.now();
    const QDateTime receivedAt = reply.receivedAt.isValid() ? reply.receivedAt : now;
    // The classifier reads at most the first 64 Ki characters; a longer message is stored whole
    // and a person is asked to read the rest.
    constexpr qsizetype kClassifiedCharacters = 64 * 1024;
    outcome.classification = classifier.classify(reply.text.left(kClassifiedCharacters));
    Classification &result = outcome.classification;
    if (reply.text.size() > kClassifiedCharacters)
        reasons.append(QStringLiteral("the message is too long to classify whole"));
    if (reply.fromCaregiver) {
        // A caregiver writes about the patient in the third person ("my mother can't
        // breathe"): for them, the "other person" is the patient.
        for (const Evidence &evidence : std::as_const(result.evidence)) {
            if (evidence.context == EvidenceContext::OtherPerson && evidence.tier > result.tier)
                result.tier = evidence.tier;
        }
    }
    // Suppressing a patient's messages is automatic for an opt-out from the patient that
    // stands alone: the whole reply ("STOP"), or a sentence of its own beside clinical words
    // in other sentences ("stop. also i have chest pain": an opt-out and a triage item, case
    // 25). Opt-out words in the same sentence as anything clinical ("just end it", "stop it,
    // my chest hurts") or from someone else are held for a person to confirm.
    if (result.optOut) {
        const bool ownSentence = std::ranges::any_of(result.evidence, [&](const Evidence &e) {
            return e.flag == QLatin1String("opt-out") && e.context == EvidenceContext::Affirmed;
        });
        bool clinical = !ownSentence && result.tier != TriageTier::Routine;
        for (const Evidence &evidence : std::as_const(result.evidence)) {
            if (evidence.flag != QLatin1String("opt-out") &&
                evidence.context != EvidenceContext::Negated)
                clinical = true;
        }
        if (ownSentence && clinical) {
            clinical = !std::ranges::all_of(result.evidence, [&](const Evidence &e) {
                return e.flag == QLatin1String("opt-out") ||
                       e.context == EvidenceContext::Negated ||
                       !sameSentence(reply.text, e.start, result.evidence);
            });
        }
        if (clinical || !reasons.isEmpty()) {
            result.optOut = false;
            reasons.append(QStringLiteral("opt-out words with other content or from someone "
                                          "other than the patient: confirm before stopping "
                                          "messages"));
        }
    }
    if (result.possibleAdverseEvent)
        reasons.append(QStringLiteral("possible adverse event: confirm and report within 15 "
                                      "days"));
    if (!reasons.isEmpty())
        result.needsReview = true;
    const QString reviewReason = reasons.join(QStringLiteral("; "));

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO replies (communication_id, master_id, received_at, "
                                  "body, tier, opt_out, needs_review, language, evidence, "
                                  "lexicon, review_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                  "?)"));
    insert.addBindValue(communicationId);
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
    insert.addBindValue(reviewReason.isEmpty() ? QVariant() : QVariant(reviewReason));
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Storing a reply"), insert);

    // A reply that needs a person, including one the classifier was unsure about, opens an item
    // or joins the patient's open one (one per patient and episode); uncertain and
    // other-experiencer mentions get a routine review item rather than being dropped.
    const RoutedReply routed{
        communicationId, reply.masterId, reply.program,      receivedAt,
        reply.text,      result.tier,    result.needsReview, result.possibleAdverseEvent};
    auto routing = TriageRouter(db, audit, clock, settings, actor).route(routed);
    if (!routing)
        return std::unexpected(routing.error());
    outcome.routing = *routing;
    if (routing->action == RoutingOutcome::Action::Opened)
        outcome.triageItemId = routing->itemId;

    if (result.possibleAdverseEvent) {
        auto recorded = AdverseEventLog::record(db, audit, clock, actor, routing->itemId,
                                                reply.masterId, communicationId, result);
        if (!recorded)
            return std::unexpected(recorded.error());
        outcome.adverseEventId = *recorded;
    }

    if (result.optOut) {
        QSqlQuery consent(db);
        consent.prepare(QStringLiteral("INSERT INTO consent_events (master_id, kind, channel, "
                                       "purpose, source, source_id, raw_text, recorded_at) "
                                       "VALUES (?, 'revoked', ?, NULL, 'patient-reply', ?, ?, ?)"));
        consent.addBindValue(reply.masterId);
        consent.addBindValue(reply.channel);
        consent.addBindValue(communicationId);
        consent.addBindValue(reply.text);
        consent.addBindValue(toStorageTime(now));
        if (!consent.exec())
            return sqlFailure(QStringLiteral("Recording an opt-out"), consent);
        auto audited = audit.appendInTransaction(
            db, {actor, QStringLiteral("opt-out"), reply.masterId,
                 QStringLiteral("Communication/%1").arg(communicationId)});
        if (!audited)
            return std::unexpected(audited.error());
    }
    return outcome;
}

} // namespace CareDesk
