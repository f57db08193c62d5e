// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/TriageItem.h"
#include "services/security/Permission.h"
#include "services/security/Principal.h"
#include "services/triage/QueueEvents.h"

#include <QJsonArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;

struct TriageSettings {
    int emergentAckMinutes = 5;
    int urgentAckMinutes = 15;
    int routineReviewMinutes = 240; // replies the classifier was unsure about

    int ackMinutes(TriageTier tier) const
    {
        switch (tier) {
        case TriageTier::Emergent:
            return emergentAckMinutes;
        case TriageTier::Urgent:
            return urgentAckMinutes;
        case TriageTier::Routine:
            break;
        }
        return routineReviewMinutes;
    }
};

QJsonArray evidenceToJson(const QList<Evidence> &evidence);
// What the audit trail records of an opened item: its tier and a digest of the reply.
QString openingDetail(TriageTier tier, const QString &replyText);
// What the audit trail records of a resolution: the code and a digest of the note.
QString resolutionDetail(const QString &disposition, const QString &note);
QList<Evidence> evidenceFromJson(const QJsonArray &array);

// One reply of an item's episode, as a nurse reads it.
struct EpisodeReply {
    QString communicationId;
    QDateTime receivedAt; // the patient's clock
    QDateTime attachedAt; // when CareDesk received it
    QString text;
    TriageTier tier = TriageTier::Routine;
    bool raised = false; // this reply raised the item's tier
    bool needsReview = false;
    QString reviewReason;
    QString lexiconVersion;
    QList<Evidence> evidence; // offsets into text
};

// A triage item with the replies of its episode, oldest first, as a nurse sees it.
struct TriageItemDetail {
    TriageItem item;
    QString replyText; // the reply that opened the item; the mask notice when item.textMasked
    QString lexiconVersion;
    QList<EpisodeReply> replies;
};

// Turns a triage decision into a command for another system (the FHIR server's Task), queued
// in the same transaction as the local change, so one is never kept without the other.
class TriageCommandSink
{
public:
    virtual ~TriageCommandSink() = default;
    // action: "claim", "release" or "resolve"; item as it was before the change.
    virtual VoidResult queue(QSqlDatabase &db, const QString &action, const TriageItem &item,
                             const QString &actor, const QString &disposition,
                             const QString &note) = 0;
    // After the transaction committed: time to send.
    virtual void committed() {}
};

// The live triage queue: read it, claim, release and resolve items. Every step is checked with
// AccessControl for the principal's role and audited, and every change is a compare-and-set on
// the item's status, so two people can never both own one. Reply and note text that the role may
// not read (minimum necessary) is replaced by a notice saying it is masked.
class TriageService
{
public:
    static constexpr qsizetype kMaxNoteCharacters = 8000;

    TriageService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                  const Clock &clock, TriageSettings settings = {});

    // Decisions also go to the sink (the FHIR outbox) when one is set; it must outlive this.
    void setCommandSink(TriageCommandSink *sink) { m_sink = sink; }

    // Open and claimed items: highest tier first, then the longest waiting since CareDesk
    // received them (the patient's own clock may be wrong; ours orders the queue). queue.read.
    Result<QList<TriageItem>> openItems(const Principal &who);
    // The items among ids, in any status and in queue order (what the queue events named, for a
    // queue that is read again only where it changed). queue.read; text masked as in openItems.
    Result<QList<TriageItem>> itemsAmong(const QList<qint64> &ids, const Principal &who);
    // One item with the replies of its episode; recorded in the audit trail as a view by who.
    // item.view; text the role may not read is masked.
    Result<TriageItemDetail> viewItem(qint64 id, const Principal &who);
    // Any item, open or resolved, without recording a view (times, status); NotFound if none.
    // queue.read; text masked as in openItems.
    Result<TriageItem> item(qint64 id, const Principal &who);

    // Takes an open item and acknowledges it. The owner claiming again acknowledges a raise.
    // item.claim.
    VoidResult claim(qint64 id, const Principal &who);
    // Claims the first open, unclaimed item in queue order, among onlyAmong when it is given
    // (the items a nurse's filter shows). Returns its id, or 0 when there is none to take.
    // item.claim.
    Result<qint64> claimNext(const Principal &who, const QList<qint64> &onlyAmong = {});
    // Gives an open or claimed item to assignee (reassigning it from its owner). The one who
    // assigns acknowledges it. Recorded with both names. item.assign.
    VoidResult assign(qint64 id, const Principal &who, const QString &assignee);
    // Gives a claimed item back to the queue: it must be acknowledged again, within its tier's
    // deadline from now, and its escalation ladder starts again. item.release.
    VoidResult release(qint64 id, const Principal &who);
    // item.resolve.
    VoidResult resolve(qint64 id, const Principal &who, const QString &disposition,
                       const QString &note);

    // Compares the queue with what the audit trail recorded: every opened item still exists
    // with the reply and tier it was opened with, every item was opened on the record, resolved
    // items say what their audited resolution said, and recorded opt-outs are in the consent
    // ledger. Empty when all match, else the first difference found.
    Result<QString> verifyAgainstAudit() const;

private:
    struct Change {
        QString action; // audited as
        QString detail;
        std::optional<QueueEvent::Kind> event;
        QString eventTarget;
        // What the command sink (the FHIR Task) is told: "claim", "release" or "resolve", for
        // whom; empty when the change is nothing the server keeps.
        QString sinkAction;
        QString sinkActor;
        QString disposition;
        QString note;
    };
    Result<TriageItem> load(qint64 id) const;
    Result<QList<TriageItem>> query(const QString &where, const QVariantList &binds) const;
    // Replaces text the principal may not read with the mask notice.
    void mask(const Principal &who, TriageItem &item, QString *replyText) const;
    VoidResult change(qint64 id, const Principal &who, Permission permission, const Change &what,
                      const std::function<VoidResult(const TriageItem &)> &apply);
    VoidResult acknowledgeInPlace(const TriageItem &item, const QString &owner,
                                  const QString &acknowledgedBy);

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const Clock &m_clock;
    TriageSettings m_settings;
    TriageCommandSink *m_sink = nullptr;
};

} // namespace CareDesk
