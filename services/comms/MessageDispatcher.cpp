// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/MessageDispatcher.h"

#include "models/Clock.h"
#include "services/comms/ConsentLedger.h"
#include "services/outbox/Outbox.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QUuid>

Q_LOGGING_CATEGORY(lcDispatch, "caredesk.comms.dispatch", QtInfoMsg)

namespace CareDesk {

namespace {

const QString kMessageColumns = QStringLiteral(
    "id, message_key, master_id, channel, purpose, kind, path, automated, program, specialty, "
    "appointment_ref, confirms_event, callback_item, keyword_received_at, template, language, "
    "recipient, subject, body, status, not_before, not_after, allowed_at, decision, created_at, "
    "created_by, sent_at, provider_id, receipt_status, receipt_at, last_error, version");

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant nullableTime(const QDateTime &when)
{
    return when.isValid() ? QVariant(toStorageTime(when)) : QVariant();
}

QDateTime optionalTime(const QVariant &value)
{
    return value.isNull() ? QDateTime() : fromStorageTime(value.toString());
}

MessageRecord recordFromRow(const QSqlQuery &row)
{
    MessageRecord m;
    m.id = row.value(0).toLongLong();
    m.key = row.value(1).toString();
    SendRequest &r = m.request;
    r.messageKey = m.key;
    r.masterId = row.value(2).toString();
    r.channel = channelFromName(row.value(3).toString()).value_or(Channel::Sms);
    r.purpose = purposeFromName(row.value(4).toString()).value_or(Purpose::Treatment);
    r.kind = messageKindFromName(row.value(5).toString()).value_or(MessageKind::Outreach);
    r.path = sendPathFromName(row.value(6).toString()).value_or(SendPath::Automated);
    r.firstPath = r.path;
    r.program = row.value(8).toString();
    m.specialty = row.value(9).toString();
    r.appointmentRef = row.value(10).toString();
    r.confirmsEventId = row.value(11).toLongLong();
    r.callbackItemId = row.value(12).toLongLong();
    r.keywordReceivedAt = optionalTime(row.value(13));
    m.templateId = row.value(14).toString();
    m.language = row.value(15).toString();
    m.recipient = row.value(16).toString();
    m.subject = row.value(17).toString();
    m.body = row.value(18).toString();
    m.status = row.value(19).toString();
    m.notBefore = optionalTime(row.value(20));
    r.notAfter = optionalTime(row.value(21));
    m.allowedAt = optionalTime(row.value(22));
    m.decision = QJsonDocument::fromJson(row.value(23).toString().toUtf8()).object();
    m.createdAt = optionalTime(row.value(24));
    m.createdBy = row.value(25).toString();
    m.sentAt = optionalTime(row.value(26));
    m.providerId = row.value(27).toString();
    m.receiptStatus = row.value(28).toString();
    m.receiptAt = optionalTime(row.value(29));
    m.lastError = row.value(30).toString();
    m.version = row.value(31).toInt();
    return m;
}

// Codes only: which rules held the message. Never its text.
QString auditDetail(const MessageRecord &m, const GateDecision &decision)
{
    QStringList rules;
    for (const GateReason &reason : decision.reasons) {
        if (reason.effect != Verdict::Allow && !rules.contains(reason.rule))
            rules.append(reason.rule);
    }
    return QStringLiteral("kind=%1;channel=%2;purpose=%3;path=%4;verdict=%5;rules=%6")
        .arg(messageKindName(m.request.kind), channelName(m.request.channel),
             purposeName(m.request.purpose), sendPathName(m.request.path),
             verdictName(decision.verdict), rules.join(u','));
}

QString decisionJson(const MessageRecord &m, const GateDecision &decision)
{
    return QString::fromUtf8(
        QJsonDocument(decision.toJson(m.request)).toJson(QJsonDocument::Compact));
}

} // namespace

MessageDispatcher::MessageDispatcher(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                                     const Clock &clock, SendPolicy policy,
                                     std::shared_ptr<const MessageTemplates> templates)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_clock(clock)
    , m_policy(std::move(policy))
    , m_templates(std::move(templates))
{}

QString MessageDispatcher::outboxKind(Channel channel)
{
    return channel == Channel::Email ? QStringLiteral("comms.email") : QStringLiteral("comms.sms");
}

QString MessageDispatcher::newMessageKey()
{
    return QStringLiteral("msg-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Result<GateFacts> MessageDispatcher::facts(const QSqlDatabase &db, const SendRequest &request,
                                           const QDateTime &at,
                                           const QDateTime &callbackAllowedAt) const
{
    GateFacts facts;
    auto history = ConsentLedger::history(db, request.masterId);
    if (!history)
        return std::unexpected(history.error());
    facts.consent = *history;

    QSqlQuery zone(db);
    zone.prepare(QStringLiteral("SELECT coalesce(time_zone_local, time_zone) FROM patients "
                                "WHERE master_id = ?"));
    zone.addBindValue(request.masterId);
    if (!zone.exec())
        return sqlFailure(QStringLiteral("Reading the patient's time zone"), zone);
    if (!zone.next())
        return fail(Error::Code::NotFound, QStringLiteral("No patient %1.").arg(request.masterId));
    facts.patientZoneId = zone.value(0).toString();

    // What went out (or is on its way) and can count against a cap: the last 8 days, every
    // reminder for this appointment, and every opt-out confirmation.
    QSqlQuery prior(db);
    prior.prepare(QStringLiteral(
        "SELECT message_key, allowed_at, channel, kind, automated, program, appointment_ref, "
        "confirms_event FROM comms_messages WHERE master_id = ? AND allowed_at IS NOT NULL "
        "AND allowed_at <= ? AND status NOT IN ('failed', 'cancelled', 'undelivered') AND "
        "(allowed_at >= ? OR (appointment_ref IS NOT NULL AND appointment_ref = ?) OR "
        "kind = 'opt-out-confirmation')"));
    prior.addBindValue(request.masterId);
    prior.addBindValue(toStorageTime(at));
    prior.addBindValue(toStorageTime(at.addDays(-8)));
    prior.addBindValue(request.appointmentRef);
    if (!prior.exec())
        return sqlFailure(QStringLiteral("Reading the patient's recent messages"), prior);
    while (prior.next()) {
        PriorMessage message;
        message.key = prior.value(0).toString();
        message.at = fromStorageTime(prior.value(1).toString());
        message.channel = channelFromName(prior.value(2).toString()).value_or(Channel::Sms);
        message.kind =
            messageKindFromName(prior.value(3).toString()).value_or(MessageKind::Outreach);
        message.automated = prior.value(4).toBool();
        message.program = prior.value(5).toString();
        message.appointmentRef = prior.value(6).toString();
        message.confirmsEventId = prior.value(7).toLongLong();
        facts.priorMessages.append(message);
    }

    if (request.callbackItemId != 0) {
        QSqlQuery item(db);
        item.prepare(QStringLiteral(
            "SELECT id, master_id, tier, status, resolved_at FROM triage_items WHERE id = ?"));
        item.addBindValue(request.callbackItemId);
        if (!item.exec())
            return sqlFailure(QStringLiteral("Reading the triage item"), item);
        if (item.next()) {
            // A callback already let go stays let go when the nurse resolves the item before
            // the channel gets to it (checkAtSend asks again with the first decision's time).
            const bool resolved = item.value(3).toString() == QLatin1String("resolved");
            const QDateTime resolvedAt = optionalTime(item.value(4));
            const bool before = !callbackAllowedAt.isValid() || !resolvedAt.isValid() ||
                                resolvedAt <= callbackAllowedAt;
            facts.callbackItem =
                CallbackItem{item.value(0).toLongLong(), item.value(1).toString(),
                             tierFromName(item.value(2).toString()).value_or(TriageTier::Routine),
                             resolved && before};
        }
    }
    return facts;
}

Result<GateDecision> MessageDispatcher::check(const SendRequest &request, const QDateTime &at) const
{
    auto known = facts(m_cache->connection(), request, at);
    if (!known)
        return std::unexpected(known.error());
    return decideSend(request, *known, m_policy, at);
}

Result<MessageRecord> MessageDispatcher::compose(const QSqlDatabase &db,
                                                 const MessageDraft &draft) const
{
    QSqlQuery patient(db);
    patient.prepare(QStringLiteral("SELECT given, phone, email, language, "
                                   "coalesce(time_zone_local, time_zone) FROM patients WHERE "
                                   "master_id = ?"));
    patient.addBindValue(draft.request.masterId);
    if (!patient.exec())
        return sqlFailure(QStringLiteral("Reading the patient"), patient);
    if (!patient.next())
        return fail(Error::Code::NotFound,
                    QStringLiteral("No patient %1.").arg(draft.request.masterId));

    MessageRecord m;
    m.request = draft.request;
    m.key = draft.request.messageKey.isEmpty() ? newMessageKey() : draft.request.messageKey;
    m.request.messageKey = m.key;
    m.specialty = draft.specialty;
    m.templateId = draft.templateId;
    m.createdBy = draft.requestedBy;
    const Channel channel = draft.request.channel;
    if (channel == Channel::Sms || channel == Channel::Phone)
        m.recipient = patient.value(1).toString();
    else if (channel == Channel::Email)
        m.recipient = patient.value(2).toString();
    if (m.recipient.trimmed().isEmpty() && channel != Channel::Mail)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Patient %1 has no %2 on file.")
                        .arg(draft.request.masterId, channel == Channel::Email
                                                         ? QStringLiteral("email address")
                                                         : QStringLiteral("phone number")));

    if (draft.templateId.isEmpty()) {
        if (draft.body.trimmed().isEmpty())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("A message needs a template or a text."));
        m.subject = draft.subject;
        m.body = draft.body;
        return m;
    }
    TemplateFields fields = draft.fields;
    if (fields.given.isEmpty())
        fields.given = patient.value(0).toString();
    if (fields.zoneId.isEmpty())
        fields.zoneId = patient.value(4).toString().isEmpty() ? m_policy.siteZoneId
                                                              : patient.value(4).toString();
    auto rendered = m_templates->render(draft.templateId, channel, draft.request.program,
                                        draft.specialty, patient.value(3).toString(), fields);
    if (!rendered)
        return std::unexpected(rendered.error());
    m.language = rendered->language;
    m.subject = rendered->subject;
    m.body = rendered->body;
    return m;
}

Result<DispatchOutcome> MessageDispatcher::submit(const MessageDraft &draft)
{
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    auto outcome = submitInTransaction(db, draft);
    if (!outcome || !db.commit()) {
        db.rollback();
        return outcome ? fail(Error::Code::Storage, QStringLiteral("Could not save the message."))
                       : outcome;
    }
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return outcome;
}

Result<DispatchOutcome> MessageDispatcher::submitInTransaction(QSqlDatabase &db,
                                                               const MessageDraft &draft)
{
    if (draft.requestedBy.trimmed().isEmpty())
        return fail(Error::Code::Permission, QStringLiteral("No user is signed in."));
    if (!draft.request.messageKey.isEmpty()) {
        QSqlQuery existing(db);
        existing.prepare(QStringLiteral("SELECT %1 FROM comms_messages WHERE message_key = ?")
                             .arg(kMessageColumns));
        existing.addBindValue(draft.request.messageKey);
        if (!existing.exec())
            return sqlFailure(QStringLiteral("Looking for the message"), existing);
        if (existing.next()) {
            // The same key again is the same message: it is not decided or sent twice.
            DispatchOutcome outcome;
            const MessageRecord m = recordFromRow(existing);
            outcome.messageId = m.id;
            outcome.status = m.status;
            outcome.duplicate = true;
            return outcome;
        }
    }
    auto composed = compose(db, draft);
    if (!composed)
        return std::unexpected(composed.error());
    return decideAndRecord(db, *composed, true, draft.requestedBy);
}

Result<DispatchOutcome> MessageDispatcher::decideAndRecord(QSqlDatabase &db, MessageRecord m,
                                                           bool isNew, const QString &actor)
{
    const QDateTime now = m_clock.now();
    auto known = facts(db, m.request, now);
    if (!known)
        return std::unexpected(known.error());
    DispatchOutcome outcome;
    outcome.decision = decideSend(m.request, *known, m_policy, now);
    const GateDecision &decision = outcome.decision;
    const bool delivered = m.request.channel == Channel::Sms || m.request.channel == Channel::Email;
    switch (decision.verdict) {
    case Verdict::Allow:
        m.status = delivered ? QStringLiteral("queued") : QStringLiteral("ready");
        m.allowedAt = now;
        m.notBefore = QDateTime();
        break;
    case Verdict::Defer:
        m.status = QStringLiteral("held");
        m.notBefore = decision.deferUntil;
        break;
    case Verdict::Deny:
        m.status = QStringLiteral("denied");
        break;
    }

    if (isNew) {
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral(
            "INSERT INTO comms_messages (message_key, master_id, channel, purpose, kind, path, "
            "automated, program, specialty, appointment_ref, confirms_event, callback_item, "
            "keyword_received_at, template, language, recipient, subject, body, status, "
            "not_before, not_after, allowed_at, decision, created_at, created_by) VALUES (?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        const SendRequest &r = m.request;
        insert.addBindValue(m.key);
        insert.addBindValue(r.masterId);
        insert.addBindValue(channelName(r.channel));
        insert.addBindValue(purposeName(r.purpose));
        insert.addBindValue(messageKindName(r.kind));
        insert.addBindValue(sendPathName(r.path));
        insert.addBindValue(r.automated() ? 1 : 0);
        insert.addBindValue(nullable(r.program));
        insert.addBindValue(nullable(m.specialty));
        insert.addBindValue(nullable(r.appointmentRef));
        insert.addBindValue(r.confirmsEventId ? QVariant(r.confirmsEventId) : QVariant());
        insert.addBindValue(r.callbackItemId ? QVariant(r.callbackItemId) : QVariant());
        insert.addBindValue(nullableTime(r.keywordReceivedAt));
        insert.addBindValue(nullable(m.templateId));
        insert.addBindValue(nullable(m.language));
        insert.addBindValue(nullable(m.recipient));
        insert.addBindValue(nullable(m.subject));
        insert.addBindValue(m.body);
        insert.addBindValue(m.status);
        insert.addBindValue(nullableTime(m.notBefore));
        insert.addBindValue(nullableTime(r.notAfter));
        insert.addBindValue(nullableTime(m.allowedAt));
        insert.addBindValue(decisionJson(m, decision));
        insert.addBindValue(toStorageTime(now));
        insert.addBindValue(actor);
        if (!insert.exec())
            return sqlFailure(QStringLiteral("Recording the message"), insert);
        m.id = insert.lastInsertId().toLongLong();
        m.version = 1;
    } else {
        QSqlQuery update(db);
        update.prepare(QStringLiteral(
            "UPDATE comms_messages SET status = ?, not_before = ?, allowed_at = ?, decision = ?, "
            "version = version + 1 WHERE id = ? AND version = ?"));
        update.addBindValue(m.status);
        update.addBindValue(nullableTime(m.notBefore));
        update.addBindValue(nullableTime(m.allowedAt));
        update.addBindValue(decisionJson(m, decision));
        update.addBindValue(m.id);
        update.addBindValue(m.version);
        if (!update.exec())
            return sqlFailure(QStringLiteral("Recording the gate's decision"), update);
        if (update.numRowsAffected() != 1)
            return fail(Error::Code::Conflict,
                        QStringLiteral("Message %1 changed while it was being decided.").arg(m.id));
        m.version += 1;
    }

    if (m.status == QLatin1String("queued")) {
        NewOutboxCommand command;
        command.kind = outboxKind(m.request.channel);
        // One command per release of the message; the channel sends the message's own key, so
        // the far side still sees one message however often it was queued.
        command.idempotencyKey = m.key + QStringLiteral("#v%1").arg(m.version);
        command.lane = QStringLiteral("comms/") + m.request.masterId;
        command.masterId = m.request.masterId;
        command.payload =
            QJsonObject{{QStringLiteral("messageId"), m.id}, {QStringLiteral("messageKey"), m.key}};
        command.requestedBy = actor;
        auto queued = Outbox::enqueue(db, command, now);
        if (!queued)
            return std::unexpected(queued.error());
    }

    const QString action = QStringLiteral("message-") + m.status;
    auto audited = m_audit.appendInTransaction(
        db, {actor, action, m.request.masterId, QStringLiteral("message/%1").arg(m.id),
             QStringLiteral("success"), auditDetail(m, decision)});
    if (!audited)
        return std::unexpected(audited.error());
    if (decision.bypassed) {
        auto bypass = m_audit.appendInTransaction(
            db, {actor, QStringLiteral("consent-bypass"), m.request.masterId,
                 QStringLiteral("message/%1").arg(m.id), QStringLiteral("success"),
                 QStringLiteral("bypass=clinical-callback;triage-item=%1")
                     .arg(m.request.callbackItemId)});
        if (!bypass)
            return std::unexpected(bypass.error());
    }
    qCInfo(lcDispatch) << "message" << m.id << messageKindName(m.request.kind) << m.status
                       << "patient" << m.request.masterId;
    outcome.messageId = m.id;
    outcome.status = m.status;
    return outcome;
}

Result<int> MessageDispatcher::releaseDue(const QString &actor)
{
    QSqlDatabase db = m_cache->connection();
    QList<qint64> due;
    {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("SELECT id FROM comms_messages WHERE status = 'held' AND "
                                     "not_before <= ? ORDER BY not_before, id LIMIT 500"));
        query.addBindValue(toStorageTime(m_clock.now()));
        if (!query.exec())
            return sqlFailure(QStringLiteral("Finding held messages"), query);
        while (query.next())
            due.append(query.value(0).toLongLong());
    }
    int decided = 0;
    for (const qint64 id : std::as_const(due)) {
        if (!db.transaction())
            return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
        auto current = message(id);
        Result<DispatchOutcome> outcome =
            current ? Result<DispatchOutcome>(DispatchOutcome{})
                    : Result<DispatchOutcome>(std::unexpected(current.error()));
        // Another workstation may have released it a moment ago.
        if (current && current->status == QLatin1String("held") &&
            current->notBefore <= m_clock.now())
            outcome = decideAndRecord(db, *current, false, actor);
        if (!outcome || !db.commit()) {
            db.rollback();
            if (!outcome && outcome.error().code == Error::Code::Conflict)
                continue;
            return outcome ? fail(Error::Code::Storage, QStringLiteral("Could not save."))
                           : Result<int>(std::unexpected(outcome.error()));
        }
        decided += outcome->messageId ? 1 : 0;
    }
    if (decided > 0)
        if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
            return std::unexpected(checkpointed.error());
    return decided;
}

Result<MessageDispatcher::SendTimeCheck> MessageDispatcher::checkAtSend(qint64 messageId,
                                                                        bool retry)
{
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    auto current = message(messageId);
    if (!current) {
        db.rollback();
        return std::unexpected(current.error());
    }
    SendTimeCheck check;
    check.message = *current;
    if (current->status != QLatin1String("queued")) {
        db.rollback();
        check.decision.verdict = Verdict::Deny;
        return check;
    }
    SendRequest request = current->request;
    if (retry) {
        request.firstPath = request.path;
        request.path = SendPath::Retry;
    }
    auto known = facts(db, request, m_clock.now(), current->allowedAt);
    if (!known) {
        db.rollback();
        return std::unexpected(known.error());
    }
    check.decision = decideSend(request, *known, m_policy, m_clock.now());
    if (check.decision.verdict == Verdict::Allow) {
        db.rollback();
        return check;
    }
    // Held or refused at the last moment: say so on the message and in the audit trail.
    MessageRecord &m = check.message;
    m.status = check.decision.verdict == Verdict::Defer ? QStringLiteral("held")
                                                        : QStringLiteral("cancelled");
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE comms_messages SET status = ?, not_before = ?, "
                                  "decision = ?, version = version + 1 WHERE id = ? AND "
                                  "version = ?"));
    update.addBindValue(m.status);
    update.addBindValue(nullableTime(check.decision.deferUntil));
    update.addBindValue(decisionJson(m, check.decision));
    update.addBindValue(m.id);
    update.addBindValue(m.version);
    auto audited = m_audit.appendInTransaction(
        db, {QStringLiteral("automation"), QStringLiteral("message-") + m.status,
             m.request.masterId, QStringLiteral("message/%1").arg(m.id), QStringLiteral("success"),
             auditDetail(m, check.decision)});
    if (!update.exec() || update.numRowsAffected() != 1 || !audited || !db.commit()) {
        db.rollback();
        return fail(
            Error::Code::Storage,
            QStringLiteral("Could not record the gate's decision on message %1.").arg(m.id));
    }
    m.notBefore = check.decision.deferUntil;
    m.version += 1;
    qCInfo(lcDispatch) << "message" << m.id << m.status << "at the moment of sending";
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return check;
}

VoidResult MessageDispatcher::markSent(qint64 messageId, const QString &providerId)
{
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral(
        "UPDATE comms_messages SET status = 'sent', sent_at = ?, provider_id = ?, "
        "attempts = attempts + 1, last_error = NULL, version = version + 1 WHERE id = ? AND "
        "status IN ('queued', 'unknown')"));
    query.addBindValue(toStorageTime(m_clock.now()));
    query.addBindValue(nullable(providerId));
    query.addBindValue(messageId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Marking a message sent"), query);
    qCInfo(lcDispatch) << "message" << messageId << "handed to the channel";
    return {};
}

VoidResult MessageDispatcher::markReceipt(const QString &providerId, const QString &status,
                                          const QDateTime &at)
{
    const bool delivered = status == QLatin1String("delivered");
    const bool undelivered =
        status == QLatin1String("failed") || status == QLatin1String("undelivered");
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral(
        "UPDATE comms_messages SET receipt_status = ?, receipt_at = ?, status = CASE WHEN ? "
        "THEN 'delivered' WHEN ? THEN 'undelivered' ELSE status END, version = version + 1 "
        "WHERE provider_id = ? AND status IN ('sent', 'delivered', 'undelivered')"));
    query.addBindValue(status);
    query.addBindValue(toStorageTime(at.isValid() ? at : m_clock.now()));
    query.addBindValue(delivered ? 1 : 0);
    query.addBindValue(undelivered ? 1 : 0);
    query.addBindValue(providerId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Recording a delivery receipt"), query);
    return {};
}

VoidResult MessageDispatcher::markFailed(qint64 messageId, const QString &error, bool permanent)
{
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral("UPDATE comms_messages SET status = CASE WHEN ? THEN 'failed' "
                                 "ELSE status END, attempts = attempts + 1, last_error = ?, "
                                 "version = version + 1 WHERE id = ? AND status = 'queued'"));
    query.addBindValue(permanent ? 1 : 0);
    query.addBindValue(error);
    query.addBindValue(messageId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Recording a failed send"), query);
    return {};
}

VoidResult MessageDispatcher::markUnknown(qint64 messageId)
{
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral("UPDATE comms_messages SET status = 'unknown', last_error = ?, "
                                 "version = version + 1 WHERE id = ? AND status = 'queued'"));
    query.addBindValue(QStringLiteral("CareDesk stopped while this was being sent; whether it "
                                      "arrived is not known."));
    query.addBindValue(messageId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Flagging a message for review"), query);
    return {};
}

Result<QList<MessageRecord>> MessageDispatcher::awaitingReceipt(int days) const
{
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral("SELECT %1 FROM comms_messages WHERE channel = 'sms' AND "
                                 "status = 'sent' AND provider_id IS NOT NULL AND sent_at >= ? "
                                 "ORDER BY id LIMIT 500")
                      .arg(kMessageColumns));
    query.addBindValue(toStorageTime(m_clock.now().addDays(-days)));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading messages awaiting a receipt"), query);
    QList<MessageRecord> list;
    while (query.next())
        list.append(recordFromRow(query));
    return list;
}

Result<MessageRecord> MessageDispatcher::message(qint64 id) const
{
    QSqlQuery query(m_cache->connection());
    query.prepare(
        QStringLiteral("SELECT %1 FROM comms_messages WHERE id = ?").arg(kMessageColumns));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading a message"), query);
    if (!query.next())
        return fail(Error::Code::NotFound, QStringLiteral("No message %1.").arg(id));
    return recordFromRow(query);
}

Result<QList<MessageRecord>> MessageDispatcher::messages(const QString &masterId, int limit) const
{
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral("SELECT %1 FROM comms_messages WHERE master_id = ? ORDER BY id "
                                 "DESC LIMIT ?")
                      .arg(kMessageColumns));
    query.addBindValue(masterId);
    query.addBindValue(limit);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading messages"), query);
    QList<MessageRecord> list;
    while (query.next())
        list.append(recordFromRow(query));
    return list;
}

} // namespace CareDesk
