// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/JourneyDefinition.h"
#include "models/JourneyEvent.h"
#include "models/JourneyState.h"

namespace CareDesk {

// The stage machine: replays a patient's events in time order through a program's journey
// definition. A pure function of its inputs, so the same records always give the same stages.
//
// - The journey starts in the initial stage at the first event.
// - Each event fires at most one transition: the first, in definition order, that leaves the
//   current stage and whose trigger matches (for minCount N, the Nth matching event or later).
// - A coordinator's move ("action" event with a target stage) is allowed when any transition
//   leads from the current stage to the target; otherwise it is listed in ignoredActions.
// - A step is done by the first matching event of its stage visit that is not earlier than
//   dueDays - windowDays after the patient entered the stage (or by a coordinator's
//   "complete-step" action); it is overdue when its due time passes first.
class JourneyEngine
{
public:
    explicit JourneyEngine(const JourneyDefinition &definition);

    JourneyState run(QList<JourneyEvent> events, const QDateTime &now) const;

    // Whether a coordinator may move a patient now in fromStage to toStage.
    bool canMove(const QString &fromStage, const QString &toStage) const;

    static void sortEvents(QList<JourneyEvent> &events);

private:
    static void finishSteps(QList<StepState> &steps, qsizetype from, const QDateTime &until);

    const JourneyDefinition &m_definition;
};

} // namespace CareDesk
