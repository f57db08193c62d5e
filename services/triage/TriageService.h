// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/TriageItem.h"
#include "services/security/Permission.h"
#include "services/security/Principal.h"

#include <QJsonArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>

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

// A triage item with the reply it came from, as a nurse sees it.
struct TriageItemDetail {
    TriageItem item;
    QString replyText; // the mask notice instead when item.textMasked
    QString lexiconVersion;
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
                  const Clock &clock);

    // Decisions also go to the sink (the FHIR outbox) when one is set; it must outlive this.
    void setCommandSink(TriageCommandSink *sink) { m_sink = sink; }

    // Open and claimed items: highest tier first, then the longest waiting since CareDesk
    // received them (the patient's own clock may be wrong; ours orders the queue). queue.read.
    Result<QList<TriageItem>> openItems(const Principal &who);
    // One item with its reply text; recorded in the audit trail as a view by who. item.view.
    Result<TriageItemDetail> viewItem(qint64 id, const Principal &who);

    VoidResult claim(qint64 id, const Principal &who);
    VoidResult release(qint64 id, const Principal &who);
    VoidResult resolve(qint64 id, const Principal &who, const QString &disposition,
                       const QString &note);

    // Compares the queue with what the audit trail recorded: every opened item still exists
    // with the reply and tier it was opened with, every item was opened on the record, resolved
    // items say what their audited resolution said, and recorded opt-outs are in the consent
    // ledger. Empty when all match, else the first difference found.
    Result<QString> verifyAgainstAudit() const;

private:
    Result<TriageItem> load(qint64 id) const;
    // Replaces text the principal may not read with the mask notice.
    void mask(const Principal &who, TriageItem &item, QString *replyText) const;
    VoidResult change(qint64 id, const Principal &who, Permission permission, const QString &action,
                      const std::function<VoidResult(const TriageItem &)> &apply,
                      const QString &detail = QString(), const QString &disposition = QString(),
                      const QString &note = QString());

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const Clock &m_clock;
    TriageCommandSink *m_sink = nullptr;
};

} // namespace CareDesk
