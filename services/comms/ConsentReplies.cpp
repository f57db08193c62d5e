// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/ConsentReplies.h"

#include "models/Clock.h"
#include "services/comms/ConsentLedger.h"
#include "services/comms/MessageDispatcher.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcReplies, "caredesk.comms.replies", QtInfoMsg)

namespace CareDesk {

namespace {

// The channel a reply came in on: the opt-out's, else the Communication's medium, else SMS
// (the keywords are SMS conventions).
Channel replyChannel(const QSqlDatabase &db, const QString &communicationId)
{
    QSqlQuery record(db);
    record.prepare(QStringLiteral("SELECT body FROM records WHERE resource_type = "
                                  "'Communication' AND resource_id = ?"));
    record.addBindValue(communicationId);
    if (record.exec() && record.next()) {
        const QJsonObject resource =
            QJsonDocument::fromJson(record.value(0).toByteArray()).object();
        const QString medium =
            QString::fromUtf8(QJsonDocument(resource.value(QLatin1String("medium")).toArray())
                                  .toJson(QJsonDocument::Compact))
                .toLower();
        if (medium.contains(QLatin1String("mail")))
            return Channel::Email;
        if (medium.contains(QLatin1String("phone")))
            return Channel::Phone;
    }
    return Channel::Sms;
}

} // namespace

ConsentReplies::ConsentReplies(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                               const Clock &clock, MessageDispatcher &dispatcher)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_clock(clock)
    , m_dispatcher(dispatcher)
{}

ConsentReplies::Keyword ConsentReplies::keywordOf(const QString &reply)
{
    QString letters;
    for (const QChar c : reply) {
        if (c.isLetter())
            letters.append(c.toLower());
        else if (!c.isSpace() && !c.isPunct() && !c.isSymbol())
            return Keyword::None; // digits and the like: not a bare keyword
    }
    if (letters == QLatin1String("start") || letters == QLatin1String("unstop"))
        return Keyword::OptIn;
    if (letters == QLatin1String("help") || letters == QLatin1String("info") ||
        letters == QLatin1String("ayuda"))
        return Keyword::Help;
    return Keyword::None;
}

Result<ConsentReplies::Report> ConsentReplies::processNewReplies(const QString &actor)
{
    Report report;
    QSqlDatabase db = m_cache->connection();
    for (;;) {
        if (!db.transaction())
            return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
        auto rollback = [&](const Error &error) -> Result<Report> {
            db.rollback();
            return std::unexpected(error);
        };

        QSqlQuery cursor(db);
        if (!cursor.exec(QStringLiteral("SELECT last_rowid FROM comms_reply_cursor WHERE id = 1")))
            return rollback(
                storageError(QStringLiteral("Reading the reply cursor"), cursor.lastError()));
        const qint64 after = cursor.next() ? cursor.value(0).toLongLong() : 0;
        cursor.finish();

        QSqlQuery next(db);
        next.prepare(QStringLiteral("SELECT rowid, communication_id, master_id, body, "
                                    "received_at, opt_out, review_reason FROM replies WHERE "
                                    "rowid > ? ORDER BY rowid LIMIT 1"));
        next.addBindValue(after);
        if (!next.exec())
            return rollback(storageError(QStringLiteral("Reading replies"), next.lastError()));
        if (!next.next()) {
            db.rollback();
            break;
        }
        const qint64 rowid = next.value(0).toLongLong();
        const QString communicationId = next.value(1).toString();
        const QString masterId = next.value(2).toString();
        const QString body = next.value(3).toString();
        const QDateTime now = m_clock.now();
        const QDateTime received = qMin(fromStorageTime(next.value(4).toString()), now);
        const bool optOut = next.value(5).toBool();
        // A keyword from a caregiver or an unknown sender waits for a person, like their STOP.
        const bool fromPatient = next.value(6).isNull();
        next.finish();
        ++report.replies;

        MessageDraft draft;
        draft.request.masterId = masterId;
        draft.request.purpose = Purpose::Operations;
        draft.request.path = SendPath::Automated;
        draft.request.keywordReceivedAt = received;
        draft.requestedBy = actor;
        Result<DispatchOutcome> sent = DispatchOutcome{};

        if (optOut) {
            QSqlQuery revocation(db);
            revocation.prepare(QStringLiteral(
                "SELECT id, channel FROM consent_events WHERE source = 'patient-reply' AND "
                "source_id = ? AND kind = 'revoked' ORDER BY id LIMIT 1"));
            revocation.addBindValue(communicationId);
            if (!revocation.exec())
                return rollback(
                    storageError(QStringLiteral("Reading the opt-out"), revocation.lastError()));
            if (revocation.next()) {
                draft.request.confirmsEventId = revocation.value(0).toLongLong();
                draft.request.channel =
                    channelFromName(revocation.value(1).toString()).value_or(Channel::Sms);
                draft.request.kind = MessageKind::OptOutConfirmation;
                draft.request.messageKey =
                    QStringLiteral("optout-confirm:%1").arg(draft.request.confirmsEventId);
                draft.templateId = QStringLiteral("opt-out-confirmation");
                revocation.finish();
                sent = m_dispatcher.submitInTransaction(db, draft);
                report.optOutConfirmations += sent && sent->status == QLatin1String("queued");
            }
        } else if (const Keyword keyword = keywordOf(body);
                   keyword != Keyword::None && fromPatient) {
            draft.request.channel = replyChannel(db, communicationId);
            if (keyword == Keyword::OptIn) {
                ConsentEvent grant;
                grant.masterId = masterId;
                grant.kind = ConsentKind::Granted;
                grant.channel = draft.request.channel;
                grant.source = QStringLiteral("patient-reply");
                grant.sourceId = communicationId;
                grant.rawText = body;
                grant.capturedBy = actor;
                grant.rule = QStringLiteral("opt-in keyword");
                grant.effectiveAt = received;
                grant.recordedAt = now;
                auto id = ConsentLedger::append(db, m_audit, actor, grant);
                if (!id)
                    return rollback(id.error());
                draft.request.kind = MessageKind::OptInConfirmation;
                draft.request.messageKey = QStringLiteral("optin-confirm:%1").arg(*id);
                draft.templateId = QStringLiteral("opt-in-confirmation");
                ++report.optIns;
            } else {
                draft.request.kind = MessageKind::HelpReply;
                draft.request.messageKey = QStringLiteral("help:") + communicationId;
                draft.templateId = QStringLiteral("help-reply");
                ++report.helpReplies;
            }
            sent = m_dispatcher.submitInTransaction(db, draft);
        }
        // A patient with no phone number on file cannot be answered; the reply is still done.
        if (!sent && sent.error().code != Error::Code::InvalidInput)
            return rollback(sent.error());
        if (!sent)
            qCWarning(lcReplies) << "could not answer reply" << communicationId << "patient"
                                 << masterId << ":" << sent.error().message;

        QSqlQuery advance(db);
        advance.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO comms_reply_cursor (id, last_rowid) VALUES (1, ?)"));
        advance.addBindValue(rowid);
        if (!advance.exec())
            return rollback(
                storageError(QStringLiteral("Moving the reply cursor"), advance.lastError()));
        if (!db.commit())
            return rollback(Error{Error::Code::Storage, QStringLiteral("Could not save.")});
        if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
            return std::unexpected(checkpointed.error());
    }
    if (report.replies > 0)
        qCInfo(lcReplies) << report.replies
                          << "replies read for consent:" << report.optOutConfirmations
                          << "opt-out confirmations," << report.optIns << "opt-ins,"
                          << report.helpReplies << "HELP";
    return report;
}

} // namespace CareDesk
