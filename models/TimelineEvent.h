// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace CareDesk {

// One mark on a patient's journey timeline, pointing back at its source record.
struct TimelineEvent {
    QDateTime when;  // UTC; invalid when the source had no date
    QString kind;    // "encounter", "condition", "medication", "dispense", "appointment",
                     // "message", "task", "consent", "admission"
    QString summary; // short text for the mark
    QString status;
    QString resourceType; // source record
    QString resourceId;
};

// What a coordinator needs at a glance; names come from the identity table only.
struct PatientSummary {
    QString masterId;
    QString displayName;
    QString birthDate;
    QString gender;
    QString phone;
    QStringList identifiers; // "system|value"
    bool smsOptedOut = false;
    // Set instead of the fields above when the reader's role may not see this patient's record.
    QString maskNotice;
};

} // namespace CareDesk
