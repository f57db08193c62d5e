// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/Hl7Inbox.h"

#include "models/Clock.h"
#include "services/hl7/AdtEvent.h"
#include "services/ingest/AdtApplier.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include <expected>
#include <optional>

namespace CareDesk {

Q_LOGGING_CATEGORY(lcHl7Inbox, "caredesk.hl7.inbox", QtInfoMsg)

namespace {

using ParsedMessages = QList<std::pair<Hl7Message, AdtMessageRead>>;

Hl7Problem problem(const QString &text, Hl7ErrorCode code, bool rejected,
                   Hl7ErrorLocation location = {})
{
    return Hl7Problem{text, std::move(location), code, rejected};
}

// Everything that can be said about a frame without the cache.
std::expected<ParsedMessages, Hl7Problem> parseFrame(const Hl7Frame &frame,
                                                     const Hl7InboxSettings &settings)
{
    if (frame.connectionLost) {
        return std::unexpected(
            problem(QStringLiteral("the connection closed before the end of the frame (%1 bytes "
                                   "received)")
                        .arg(frame.size),
                    Hl7ErrorCode::SegmentSequence, false));
    }
    if (frame.kind == MllpEvent::Kind::Interrupted) {
        return std::unexpected(
            problem(QStringLiteral("a new frame started before this one ended (%1 bytes "
                                   "received)")
                        .arg(frame.size),
                    Hl7ErrorCode::SegmentSequence, false));
    }
    if (frame.kind == MllpEvent::Kind::Oversized) {
        return std::unexpected(
            problem(QStringLiteral("the frame of %1 bytes is larger than this interface's limit "
                                   "of %2 bytes")
                        .arg(frame.size)
                        .arg(settings.maxFrameBytes),
                    Hl7ErrorCode::InternalError, true));
    }

    Hl7Problem found;
    const Result<QList<Hl7Message>> messages = parseEr7Messages(frame.bytes, settings.read, &found);
    if (!messages) {
        if (found.text.isEmpty())
            found = problem(messages.error().message, Hl7ErrorCode::SegmentSequence, true);
        return std::unexpected(found);
    }
    if (messages->isEmpty()) {
        return std::unexpected(problem(QStringLiteral("the frame holds no message, only batch "
                                                      "headers"),
                                       Hl7ErrorCode::SegmentSequence, true,
                                       {QStringLiteral("MSH"), 1}));
    }
    ParsedMessages parsed;
    for (const Hl7Message &message : *messages) {
        found = Hl7Problem{};
        Result<AdtMessageRead> read = readAdtMessage(message, &found);
        if (!read) {
            if (found.text.isEmpty())
                found = problem(read.error().message, Hl7ErrorCode::InternalError, false);
            return std::unexpected(found);
        }
        if (!read->isAdt) {
            return std::unexpected(
                problem(QStringLiteral("message %1: this interface takes ADT messages, not %2")
                            .arg(message.index() + 1)
                            .arg(read->type.left(20)),
                        Hl7ErrorCode::UnsupportedMessageType, true, message.locate(0, 9, 1)));
        }
        const QString version = read->groups.first().version;
        if (!version.isEmpty() && !version.startsWith(QLatin1String("2."))) {
            return std::unexpected(problem(QStringLiteral("message %1: MSH-12 does not name an "
                                                          "HL7 version 2 (2.1 to 2.8)")
                                               .arg(message.index() + 1),
                                           Hl7ErrorCode::UnsupportedVersion, true,
                                           message.locate(0, 12)));
        }
        parsed.append({message, std::move(*read)});
    }
    return parsed;
}

bool exec(QSqlDatabase &db, const QString &statement)
{
    QSqlQuery query(db);
    return query.exec(statement);
}

} // namespace

struct Hl7Inbox::Taken {
    Hl7AckHeader header;
    std::optional<Hl7Problem> problem;
    QString sender;
    QString messageType;
    bool duplicate = false;
    qint64 messageId = 0;
    qint64 deadLetterId = 0;
    int merges = 0;
    QStringList masterIds;
};

Hl7Inbox::Hl7Inbox(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                   const Clock &clock, Principal who, Hl7InboxSettings settings)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_clock(clock)
    , m_who(std::move(who))
    , m_actor(m_who.user)
    , m_settings(std::move(settings))
{}

QByteArray Hl7Inbox::nextAckControlId()
{
    // Unique per ACK and short enough for MSH-10 in every version (20 characters).
    const quint64 serial = ++m_ackSerial;
    return "CD" + QByteArray::number(m_clock.now().toMSecsSinceEpoch(), 36).toUpper() +
           QByteArray::number(serial % 46656, 36).toUpper().rightJustified(3, '0');
}

Result<Hl7Inbox::Taken> Hl7Inbox::takeFrame(AdtApplier &applier, const Hl7Frame &frame,
                                            const QString &channel)
{
    Taken taken;
    taken.header = readAckHeader(frame.bytes);
    if (taken.header.found) {
        taken.sender = QString::fromLatin1(taken.header.sendingApplication + '@' +
                                           taken.header.sendingFacility);
        taken.messageType = QString::fromLatin1(taken.header.messageType) +
                            (taken.header.triggerEvent.isEmpty()
                                 ? QString()
                                 : u'^' + QString::fromLatin1(taken.header.triggerEvent));
    }
    auto parsed = parseFrame(frame, m_settings);
    if (!parsed) {
        taken.problem = parsed.error();
        return taken;
    }
    taken.sender = AdtApplier::senderScope(parsed->first().second.groups.first());

    QSqlDatabase db = m_cache->connection();
    if (!exec(db, QStringLiteral("SAVEPOINT hl7_frame")))
        return fail(Error::Code::Storage,
                    QStringLiteral("starting the message: %1").arg(db.lastError().text()));
    bool allDuplicates = true;
    for (const auto &[message, read] : std::as_const(*parsed)) {
        Result<AdtApplied> applied = applier.apply(message, read, channel);
        if (!applied) {
            exec(db, QStringLiteral("ROLLBACK TO hl7_frame"));
            exec(db, QStringLiteral("RELEASE hl7_frame"));
            // The cache failing is not the message's fault: the whole batch is answered AE and
            // nothing is kept, so the sender's resend finds a clean slate.
            if (applied.error().code == Error::Code::Storage)
                return std::unexpected(applied.error());
            const bool locked = applied.error().code == Error::Code::Conflict;
            taken.problem =
                problem(QStringLiteral("message %1: %2")
                            .arg(message.index() + 1)
                            .arg(applied.error().message),
                        locked ? Hl7ErrorCode::RecordLocked : Hl7ErrorCode::InternalError, false);
            taken.masterIds.clear();
            taken.merges = 0;
            return taken;
        }
        allDuplicates = allDuplicates && applied->duplicate;
        taken.messageId = applied->messageId;
        taken.merges += applied->merges;
        taken.masterIds += applied->masterIds;
    }
    if (!exec(db, QStringLiteral("RELEASE hl7_frame")))
        return fail(Error::Code::Storage,
                    QStringLiteral("finishing the message: %1").arg(db.lastError().text()));
    taken.duplicate = allDuplicates;
    return taken;
}

Hl7Receipt Hl7Inbox::receiptFor(const Hl7Frame &frame, const Taken &taken)
{
    Hl7Receipt receipt;
    receipt.controlId = QString::fromLatin1(taken.header.controlId);
    receipt.duplicate = taken.duplicate;
    receipt.stored = true;
    receipt.deadLetterId = taken.deadLetterId;
    receipt.messageId = taken.messageId;
    receipt.merges = taken.merges;
    receipt.masterIds = taken.masterIds;
    receipt.code = !taken.problem            ? Hl7AckCode::Accept
                   : taken.problem->rejected ? Hl7AckCode::Reject
                                             : Hl7AckCode::Error;
    if (taken.problem)
        receipt.reason = taken.problem->text;
    // A frame cut off by a closed connection or abandoned by its sender has nobody to answer.
    if (frame.connectionLost || frame.kind == MllpEvent::Kind::Interrupted)
        return receipt;
    const Hl7AckOptions options{m_settings.application, m_settings.facility, m_clock.now(),
                                nextAckControlId()};
    receipt.ack =
        buildHl7Ack(taken.header, receipt.code, taken.problem ? &*taken.problem : nullptr, options,
                    taken.duplicate ? QStringLiteral("duplicate, already received") : QString());
    return receipt;
}

QList<Hl7Receipt> Hl7Inbox::receive(const QList<Hl7Frame> &frames)
{
    QSqlDatabase db = m_cache->connection();
    const auto failAll = [&](const QString &why) {
        QList<Hl7Receipt> receipts;
        for (const Hl7Frame &frame : frames) {
            Taken taken;
            taken.header = readAckHeader(frame.bytes);
            taken.problem = problem(QStringLiteral("the message could not be stored (%1); send "
                                                   "it again")
                                        .arg(why),
                                    Hl7ErrorCode::InternalError, false);
            Hl7Receipt receipt = receiptFor(frame, taken);
            receipt.stored = false;
            receipts.append(receipt);
        }
        qCWarning(lcHl7Inbox) << "a batch of" << frames.size() << "frames was not stored:" << why;
        return receipts;
    };
    if (frames.isEmpty())
        return {};
    // The one access check, before the batch's transaction (a refusal is audited on its own).
    if (auto allowed = m_access.require(m_who, Permission::SyncRun, QString(),
                                        QStringLiteral("hl7-feed/mllp"));
        !allowed)
        return failAll(allowed.error().message);
    if (!db.transaction())
        return failAll(QStringLiteral("the cache is busy or cannot be written"));

    QList<Taken> taken;
    taken.reserve(frames.size());
    Hl7DeadLetterStore deadLetters(db);
    // One applier for the batch: its prepared statements serve every frame.
    AdtApplier applier(db, m_audit, m_clock, m_actor);
    bool audited = false;
    for (const Hl7Frame &frame : frames) {
        Result<Taken> one = takeFrame(applier, frame, QStringLiteral("mllp"));
        if (!one) {
            db.rollback();
            return failAll(one.error().message);
        }
        if (one->problem) {
            Hl7DeadLetter letter;
            letter.receivedAt = m_clock.now();
            letter.channel = QStringLiteral("mllp");
            letter.peer = frame.peer;
            letter.sender = one->sender;
            letter.controlId = QString::fromLatin1(one->header.controlId);
            letter.messageType = one->messageType;
            letter.ackCode =
                frame.connectionLost || frame.kind == MllpEvent::Kind::Interrupted
                    ? QStringLiteral("none")
                    : QString::fromLatin1(hl7AckCodeText(
                          one->problem->rejected ? Hl7AckCode::Reject : Hl7AckCode::Error));
            letter.errorCode = int(one->problem->code);
            letter.reason = one->problem->text;
            letter.raw = frame.bytes;
            letter.rawSize = qMax<qint64>(frame.size, frame.bytes.size());
            Result<qint64> id = deadLetters.add(letter);
            if (!id) {
                db.rollback();
                return failAll(id.error().message);
            }
            one->deadLetterId = *id;
        }
        audited = audited || one->merges > 0;
        taken.append(std::move(*one));
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        return failAll(QStringLiteral("the commit failed: %1").arg(why));
    }
    if (audited) {
        if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
            qCWarning(lcHl7Inbox) << "audit checkpoint failed:" << checkpointed.error().message;
    }

    QList<Hl7Receipt> receipts;
    receipts.reserve(frames.size());
    for (qsizetype i = 0; i < frames.size(); ++i) {
        receipts.append(receiptFor(frames.at(i), taken.at(i)));
        const Hl7Receipt &receipt = receipts.last();
        if (receipt.code == Hl7AckCode::Accept) {
            qCDebug(lcHl7Inbox) << "message" << receipt.controlId << "stored"
                                << (receipt.duplicate ? "(duplicate)" : "") << receipt.masterIds;
        } else {
            qCInfo(lcHl7Inbox) << "message" << receipt.controlId << "kept as dead letter"
                               << receipt.deadLetterId << ":" << receipt.reason;
        }
    }
    return receipts;
}

Result<Hl7Receipt> Hl7Inbox::replay(qint64 deadLetterId)
{
    if (auto allowed = m_access.require(m_who, Permission::Hl7Manage, QString(),
                                        QStringLiteral("dead-letter/%1").arg(deadLetterId));
        !allowed)
        return std::unexpected(allowed.error());
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    Hl7DeadLetterStore store(db);
    auto letter = store.get(deadLetterId);
    if (!letter) {
        db.rollback();
        return std::unexpected(letter.error());
    }
    if (letter->status != Hl7DeadLetter::Status::Open) {
        db.rollback();
        return fail(Error::Code::Conflict,
                    QStringLiteral("Dead letter %1 is %2; only open ones can be replayed.")
                        .arg(deadLetterId)
                        .arg(hl7DeadLetterStatusName(letter->status)));
    }
    if (!letter->rawIsComplete()) {
        db.rollback();
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Dead letter %1 kept only the first %2 of its %3 bytes, so it "
                                   "cannot be replayed; ask the sender to send it again.")
                        .arg(deadLetterId)
                        .arg(letter->raw.size())
                        .arg(letter->rawSize));
    }

    Hl7Frame frame;
    frame.bytes = letter->raw;
    frame.size = letter->raw.size();
    frame.peer = letter->peer;
    AdtApplier applier(db, m_audit, m_clock, m_actor);
    Result<Taken> taken = takeFrame(applier, frame, QStringLiteral("replay"));
    if (!taken) {
        db.rollback();
        return std::unexpected(taken.error());
    }
    const QDateTime now = m_clock.now();
    VoidResult marked = taken->problem
                            ? store.markFailedAttempt(deadLetterId, now, taken->problem->text)
                            : store.markReplayed(deadLetterId, taken->messageId, now, m_actor);
    const AuditRecord record(m_actor, QStringLiteral("hl7-replay"), taken->masterIds.value(0),
                             QStringLiteral("dead-letter/%1").arg(deadLetterId),
                             taken->problem ? QStringLiteral("failed") : QStringLiteral("success"),
                             taken->duplicate ? QStringLiteral("duplicate") : QString());
    VoidResult audited = marked ? m_audit.appendInTransaction(db, record) : marked;
    if (!audited || !db.commit()) {
        db.rollback();
        return fail(Error::Code::Storage,
                    QStringLiteral("The replay could not be recorded: %1")
                        .arg(audited ? db.lastError().text() : audited.error().message));
    }
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    taken->deadLetterId = deadLetterId;
    Hl7Receipt receipt = receiptFor(frame, *taken);
    qCInfo(lcHl7Inbox) << "dead letter" << deadLetterId
                       << (taken->problem ? "replay failed" : "replayed");
    return receipt;
}

VoidResult Hl7Inbox::discard(qint64 deadLetterId)
{
    if (auto allowed = m_access.require(m_who, Permission::Hl7Manage, QString(),
                                        QStringLiteral("dead-letter/%1").arg(deadLetterId));
        !allowed)
        return allowed;
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    Hl7DeadLetterStore store(db);
    VoidResult done = store.markDiscarded(deadLetterId, m_clock.now(), m_actor);
    if (done)
        done =
            m_audit.appendInTransaction(db, {m_actor, QStringLiteral("hl7-discard"), QString(),
                                             QStringLiteral("dead-letter/%1").arg(deadLetterId)});
    if (!done) {
        db.rollback();
        return done;
    }
    if (!db.commit()) {
        db.rollback();
        return fail(Error::Code::Storage, QStringLiteral("The discard could not be committed."));
    }
    qCInfo(lcHl7Inbox) << "dead letter" << deadLetterId << "discarded";
    return m_audit.checkpoint();
}

void Hl7Inbox::releaseConnection()
{
    m_cache->releaseThreadConnection();
}

Result<QList<Hl7DeadLetter>> Hl7Inbox::deadLetters(bool openOnly, int limit)
{
    if (auto allowed =
            m_access.require(m_who, Permission::Hl7Read, QString(), QStringLiteral("dead-letters"));
        !allowed)
        return std::unexpected(allowed.error());
    return Hl7DeadLetterStore(m_cache->connection()).list(openOnly, limit);
}

Result<Hl7DeadLetter> Hl7Inbox::deadLetter(qint64 id)
{
    const QString object = QStringLiteral("dead-letter/%1").arg(id);
    if (auto allowed = m_access.require(m_who, Permission::Hl7Read, QString(), object); !allowed)
        return std::unexpected(allowed.error());
    auto letter = Hl7DeadLetterStore(m_cache->connection()).get(id);
    if (!letter)
        return letter;
    // The raw message is the patient's record as the sender wrote it: a look at it is audited.
    if (auto audited =
            m_audit.append({m_actor, QStringLiteral("view-dead-letter"), QString(), object});
        !audited)
        return std::unexpected(audited.error());
    return letter;
}

} // namespace CareDesk
