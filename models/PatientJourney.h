// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Adherence.h"
#include "models/Authorization.h"
#include "models/JourneyDefinition.h"
#include "models/JourneyState.h"
#include "models/Mentor.h"
#include "models/TimelineEvent.h"

namespace CareDesk {

// Something on a patient's journey that needs a person, raised to the triage queue once.
struct JourneyException {
    QString kind; // one of JourneyDefinition::exceptionKinds()
    QString key;  // the same condition always has the same key, so it is raised once
    QString masterId;
    TriageTier tier = TriageTier::Routine;
    int dueHours = 72;
    QString summary; // what the coordinator reads in the queue; never a name
    QDateTime aroseAt;
    QString sourceRef;       // the record that shows it, "ClaimResponse/r1"
    qint64 triageItemId = 0; // set once it is in the queue
    QString itemStatus;      // the queue item's status then
};

// A patient's whole journey as computed now: stages, payer clocks, adherence per medication,
// exceptions, and every record for the timeline.
struct PatientJourney {
    QString masterId;
    JourneyDefinition definition;
    QDateTime computedAt;
    JourneyState state;
    QList<AuthorizationRequest> authorizations;
    QList<AdherenceReport> adherence;
    QList<JourneyException> exceptions;
    QList<TimelineEvent> timeline; // source records, coordinator actions, introductions
    QList<MentorIntroduction> introductions;
};

// A source record as a coordinator opens it from the timeline.
struct SourceRecord {
    QString resourceType;
    QString resourceId;
    QString kind;
    QDateTime occurredAt;
    QString summary;
    QString status;
    QString source;
    QString content; // the stored resource as indented JSON, or a description
};

} // namespace CareDesk
