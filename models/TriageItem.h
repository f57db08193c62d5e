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

// A patient reply that needs a person, with its deadline and who is working it.
struct TriageItem {
    qint64 id = 0;
    QString communicationId;
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
