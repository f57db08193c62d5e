// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace CareDesk {

// One stay in a stage: from the event that moved the patient in to the one that moved them on.
struct StageVisit {
    QString stageId;
    QDateTime enteredAt;
    QDateTime leftAt;  // invalid while the patient is still in the stage
    QString movedInBy; // summary of the event (or coordinator action) that moved the patient in
    QString resourceType;
    QString resourceId;
};

// A step of a stage visit (a 30-day follow-up, say): when it is due and whether it was done.
struct StepState {
    QString stageId;
    QString stepId;
    QString title;
    QDateTime dueAt;
    QDateTime doneAt;     // invalid while not done
    QString doneBy;       // "MedicationDispense/123" or "action/7"
    bool overdue = false; // not done by its due time (within the stage visit)
};

// Where a patient is on the program's journey, computed from the events in time order.
struct JourneyState {
    bool enrolled = false; // at least one journey event
    QDateTime startedAt;
    QString currentStage;
    QDateTime currentSince;
    QList<StageVisit> visits;
    QList<StepState> steps;
    bool stalled = false;       // longer in a non-terminal stage than the stage expects
    QDateTime stalledSince;     // when the stage's expected time ran out
    QStringList ignoredActions; // coordinator moves the definition no longer allows
};

} // namespace CareDesk
