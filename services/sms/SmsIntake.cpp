// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/sms/SmsIntake.h"

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"
#include "services/store/SqlFailure.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcSmsIntake, "caredesk.sms.intake", QtInfoMsg)

namespace CareDesk {

namespace {

// The patients' numbers as stored ("555-897-2109", "(555) 897 2109", "+1 555 897 2109") with
// their punctuation taken out, to compare with a normalised number.
const QString kStoredDigits = QStringLiteral(
    "replace(replace(replace(replace(replace(replace(phone, '-', ''), ' ', ''), '(', ''), ')', "
    "''), '+', ''), '.', '')");

} // namespace

SmsIntake::SmsIntake(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                     const ReplyClassifier &classifier, const Clock &clock, TriageSettings settings,
                     Principal who, QHash<QString, QString> programsByNumber)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_classifier(classifier)
    , m_clock(clock)
    , m_settings(settings)
    , m_who(std::move(who))
{
    for (auto it = programsByNumber.cbegin(); it != programsByNumber.cend(); ++it)
        m_programs.insert(normalisedNumber(it.key()), it.value());
}

QString SmsIntake::normalisedNumber(const QString &number)
{
    QString digits;
    for (const QChar c : number) {
        if (c.isDigit())
            digits.append(c);
    }
    if (digits.size() == 11 && digits.startsWith(u'1'))
        digits.remove(0, 1);
    return digits;
}

void SmsIntake::releaseThreadConnection() const
{
    m_cache->releaseThreadConnection();
}

QString SmsIntake::communicationIdFor(const QString &messageId)
{
    return QStringLiteral("sms:") + messageId;
}

Result<InboundReply> SmsIntake::toReply(QSqlDatabase &db, const InboundSms &message)
{
    InboundReply reply;
    reply.communicationId = communicationIdFor(message.messageId);
    reply.text = message.body;
    reply.receivedAt = message.sentAt;
    reply.channel = QStringLiteral("sms");
    reply.program = m_programs.value(normalisedNumber(message.recipient));

    const QString digits = normalisedNumber(message.sender);
    QStringList masters;
    if (digits.size() >= 7) {
        QSqlQuery find(db);
        find.prepare(QStringLiteral("SELECT master_id FROM patients WHERE %1 IN (?, ?) LIMIT 3")
                         .arg(kStoredDigits));
        find.addBindValue(digits);
        find.addBindValue(QString(QStringLiteral("1") + digits));
        if (!find.exec())
            return sqlFailure(QStringLiteral("Finding the sender of a text message"), find);
        while (find.next())
            masters.append(find.value(0).toString());
    }
    if (masters.size() == 1) {
        reply.masterId = masters.first();
        return reply;
    }
    // Not a number CareDesk knows, or one several patients share (a family phone): the message
    // reaches a person under a placeholder patient for that number, never a guessed patient.
    PatientStore store(db, m_clock);
    auto placeholder =
        store.resolve({{QStringLiteral("sms-sender"), digits.isEmpty() ? message.sender : digits}});
    if (!placeholder)
        return std::unexpected(placeholder.error());
    reply.masterId = *placeholder;
    reply.reviewReason =
        masters.isEmpty()
            ? QStringLiteral("the sender's number is not on file: identify the patient")
            : QStringLiteral("the sender's number is on file for several patients: identify "
                             "who wrote");
    return reply;
}

Result<QList<SmsOutcome>> SmsIntake::take(const QList<InboundSms> &messages)
{
    // data.import, like any other way replies come in.
    if (auto allowed = m_access.require(m_who, Permission::DataImport, QString(),
                                        QStringLiteral("sms-webhook"));
        !allowed)
        return std::unexpected(allowed.error());
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return std::unexpected(storageError(
            QStringLiteral("The cache is busy; the messages were not taken"), db.lastError()));
    QList<SmsOutcome> outcomes;
    QSqlQuery savepoint(db);
    for (qsizetype i = 0; i < messages.size(); ++i) {
        SmsOutcome outcome;
        if (!savepoint.exec(QStringLiteral("SAVEPOINT sms_message"))) {
            db.rollback();
            return sqlFailure(QStringLiteral("Taking a text message"), savepoint);
        }
        auto reply = toReply(db, messages.at(i));
        auto taken =
            reply ? takeReply(db, m_audit, m_classifier, m_clock, m_settings, m_who.user, *reply)
                  : Result<IntakeOutcome>(std::unexpected(reply.error()));
        if (taken) {
            outcome.duplicate = taken->duplicate;
            outcome.itemId = taken->routing.itemId;
            outcome.action = taken->routing.action;
            savepoint.exec(QStringLiteral("RELEASE SAVEPOINT sms_message"));
        } else {
            // This message is undone; the ones before and after it are kept.
            outcome.error = taken.error().message;
            savepoint.exec(QStringLiteral("ROLLBACK TO SAVEPOINT sms_message"));
            savepoint.exec(QStringLiteral("RELEASE SAVEPOINT sms_message"));
        }
        outcomes.append(outcome);
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        return fail(Error::Code::Storage,
                    QStringLiteral("The text messages could not be saved: %1").arg(why));
    }
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    qCInfo(lcSmsIntake) << "took" << messages.size() << "text messages";
    return outcomes;
}

} // namespace CareDesk
