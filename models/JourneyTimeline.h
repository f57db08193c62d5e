// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/PatientJourney.h"
#include "models/TimelineEvent.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace CareDesk {

// What the journey timeline draws, derived from a computed journey: stage bands across the
// top, spans (supply, refill gaps, hospital stays, payer clocks) and step markers in their
// lanes, and every record as a mark.
struct TimelineBand {
    QString stageId;
    QString title;
    QDateTime start;
    QDateTime end;         // the next stage's start, or now for the current stage
    QDateTime overdueFrom; // past the stage's expected time (stalled); invalid if not
    bool current = false;
};

struct TimelineSpan {
    enum class Style { Supply, Gap, Hospital, Clock, ClockOverdue };
    QString lane;
    QDateTime start;
    QDateTime end;
    Style style = Style::Supply;
    QString label;
};

struct TimelineMarker {
    QString lane;
    QDateTime when;
    QString label;
    enum class State { Pending, Done, Overdue } state = State::Pending;
};

struct JourneyTimeline {
    Q_DECLARE_TR_FUNCTIONS(CareDesk::JourneyTimeline)

public:
    QList<TimelineEvent> events;
    QList<TimelineBand> bands;
    QList<TimelineSpan> spans;
    QList<TimelineMarker> markers;
    QDateTime now;

    // The lane of an event kind: "stage", "payer", "dispense", "adt", ...
    static QString laneOf(const QString &kind);
    static const QStringList &laneOrder();
    static JourneyTimeline fromJourney(const PatientJourney &journey);

    // A record's kind ("dispense", "admission") and status ("completed", "denied") as the user
    // reads them, in the interface's language; a value not known here is shown as it is.
    static QString kindLabel(const QString &kind);
    static QString statusLabel(const QString &status);
};

} // namespace CareDesk
