// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Classification.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace CareDesk {

enum class TriageStatus { Open, Claimed, Resolved };

QString triageStatusName(TriageStatus status);
TriageStatus triageStatusFromName(const QString &name);

// What put an item in the queue (TriageItem::source). Patient replies are triage items; journey
// exceptions (issue 8) share the queue, its tiers, deadlines and escalation ladder.
namespace ItemSource {
inline QString reply()
{
    return QStringLiteral("reply");
}
inline QString journey()
{
    return QStringLiteral("journey");
}
} // namespace ItemSource

// A patient's episode for replies: every reply from the patient, from the first one that needs a
// person until a nurse resolves the item, belongs to one episode and so to one item.
inline QString replyEpisode()
{
    return QStringLiteral("replies");
}

// A piece of work for a person (a patient reply, or an exception from the journey), with its
// deadline, who is working it, and how its tier rose and escalated. Reply items: one per
// patient and episode while open.
struct TriageItem {
    qint64 id = 0;
    QString episode = replyEpisode(); // reply items: the patient's open episode
    QString program;                  // patient-support program, when the source says; may be empty
    QString communicationId;          // the reply (or the exception's text) that opened it
    QString masterId;
    QString patientName; // from the identity table; empty when the source gave none
    TriageTier tier = TriageTier::Routine;
    QDateTime receivedAt; // when the patient sent it
    QDateTime ingestedAt; // when CareDesk first received it; the deadline counts from here
    QDateTime dueAt;      // acknowledgement deadline
    TriageStatus status = TriageStatus::Open;
    QString owner;
    QDateTime claimedAt;
    QString disposition;
    QString note;
    QDateTime resolvedAt;
    int version = 1;
    bool needsReview = false;
    QString reviewReason; // why a person must look whatever the words say (caregiver, no text)
    QList<Evidence> evidence;
    // Where the item came from: "reply" (a patient's message) or "journey" (an exception the
    // journey raised: a stalled stage, an overdue refill, ...), with what it is about.
    QString source = QStringLiteral("reply");
    QString summary;

    int replyCount = 1;       // replies in this episode, the first included
    QDateTime lastReplyAt;    // when CareDesk received the latest of them
    QDateTime raisedAt;       // when a later reply last raised the tier; null if never
    QDateTime acknowledgedAt; // the current acknowledgement; null while one is owed
    QString acknowledgedBy;
    QDateTime firstAcknowledgedAt; // the first acknowledgement ever: time to acknowledge
    int escalationLevel = 0;       // ladder steps taken while unacknowledged (0: none)
    QString escalatedTo;           // the role of the last step ("charge nurse"), if any
    QDateTime escalatedAt;

    bool possibleAdverseEvent = false;
    QDateTime adverseEventDueAt; // 15 days after CareDesk first received the report

    bool isOpen() const { return status != TriageStatus::Resolved; }
    // Open and not acknowledged since it was opened, released or raised.
    bool awaitsAcknowledgement() const { return isOpen() && !acknowledgedAt.isValid(); }
    bool isOverdue(const QDateTime &now) const { return awaitsAcknowledgement() && dueAt < now; }
    // Seconds from CareDesk's receipt to the first acknowledgement / the resolution; -1 if not yet.
    qint64 secondsToAcknowledge() const;
    qint64 secondsToResolve() const;

    // The reader's role may not see the reply and note text of this item: note and evidence
    // words hold the mask notice instead (minimum necessary; see docs/security.md).
    bool textMasked = false;
};

// Resolution codes a nurse chooses from; stored and exported as the code.
struct Disposition {
    QString code;
    const char *label = nullptr; // English source text, context "Disposition"; the UI translates
};

const QList<Disposition> &dispositions();
bool isKnownDisposition(const QString &code);

} // namespace CareDesk
