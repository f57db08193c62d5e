// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/JourneyTimeline.h"

#include <QTimeZone>

namespace CareDesk {

namespace {

// A day span in the program's zone as instants: from the first day's start to the end of the
// last day.
QPair<QDateTime, QDateTime> daysAsTimes(const DaySpan &span, const QTimeZone &zone)
{
    return {QDateTime(span.first, QTime(0, 0), zone).toUTC(),
            QDateTime(span.last.addDays(1), QTime(0, 0), zone).toUTC()};
}

} // namespace

const QStringList &JourneyTimeline::laneOrder()
{
    static const QStringList order{
        QStringLiteral("stage"),      QStringLiteral("payer"),     QStringLiteral("dispense"),
        QStringLiteral("medication"), QStringLiteral("task"),      QStringLiteral("appointment"),
        QStringLiteral("message"),    QStringLiteral("consent"),   QStringLiteral("mentor"),
        QStringLiteral("action"),     QStringLiteral("encounter"), QStringLiteral("condition"),
        QStringLiteral("adt")};
    return order;
}

QString JourneyTimeline::laneOf(const QString &kind)
{
    if (kind == QLatin1String("eligibility") || kind == QLatin1String("authorization"))
        return QStringLiteral("payer");
    if (laneOrder().contains(kind) && kind != QLatin1String("stage") &&
        kind != QLatin1String("payer"))
        return kind;
    return QStringLiteral("adt"); // admission, discharge, transfer, ... from HL7 ADT
}

JourneyTimeline JourneyTimeline::fromJourney(const PatientJourney &journey)
{
    JourneyTimeline timeline;
    timeline.events = journey.timeline;
    timeline.now = journey.computedAt;
    const JourneyDefinition &definition = journey.definition;
    const QTimeZone zone(definition.timeZone.toLatin1());

    const JourneyState &state = journey.state;
    for (qsizetype i = 0; i < state.visits.size(); ++i) {
        const StageVisit &visit = state.visits.at(i);
        const JourneyStage *stage = definition.stage(visit.stageId);
        TimelineBand band;
        band.stageId = visit.stageId;
        band.title = stage ? stage->title : visit.stageId;
        band.start = visit.enteredAt;
        band.current = !visit.leftAt.isValid();
        band.end = band.current ? qMax(journey.computedAt, visit.enteredAt) : visit.leftAt;
        if (stage && !stage->terminal && stage->expectedDays > 0) {
            const QDateTime limit = visit.enteredAt.addDays(stage->expectedDays);
            if (limit < band.end)
                band.overdueFrom = limit;
        }
        timeline.bands.append(band);
    }
    for (const StepState &step : state.steps) {
        TimelineMarker marker;
        marker.lane = QStringLiteral("stage");
        marker.when = step.dueAt;
        marker.state = step.doneAt.isValid() ? TimelineMarker::State::Done
                       : step.overdue        ? TimelineMarker::State::Overdue
                                             : TimelineMarker::State::Pending;
        marker.label = step.title;
        timeline.markers.append(marker);
    }

    for (const AdherenceReport &report : journey.adherence) {
        for (const DaySpan &span : report.covered) {
            const auto [start, end] = daysAsTimes(span, zone);
            timeline.spans.append({QStringLiteral("dispense"), start, end,
                                   TimelineSpan::Style::Supply,
                                   QStringLiteral("Supply of %1").arg(report.medication)});
        }
        for (const RefillGap &gap : report.gaps) {
            const auto [start, end] = daysAsTimes(gap.span, zone);
            timeline.spans.append({QStringLiteral("dispense"), start, end, TimelineSpan::Style::Gap,
                                   QStringLiteral("%1 days without %2")
                                       .arg(gap.daysWithoutSupply)
                                       .arg(report.medication)});
        }
        for (const DaySpan &span : report.hospital) {
            const auto [start, end] = daysAsTimes(span, zone);
            timeline.spans.append({QStringLiteral("adt"), start, end, TimelineSpan::Style::Hospital,
                                   QStringLiteral("In hospital (%1 days)").arg(span.days())});
        }
    }

    for (const AuthorizationRequest &request : journey.authorizations) {
        if (!request.submittedAt.isValid())
            continue;
        const QDateTime stop = request.decided() ? request.decidedAt : journey.computedAt;
        const QString what = request.kind == AuthorizationRequest::Kind::Eligibility
                                 ? QStringLiteral("Eligibility")
                                 : QStringLiteral("Prior authorization");
        const QDateTime inTime = qMin(stop, request.dueAt);
        if (inTime > request.submittedAt)
            timeline.spans.append({QStringLiteral("payer"), request.submittedAt, inTime,
                                   TimelineSpan::Style::Clock,
                                   QStringLiteral("%1: %2").arg(what, request.status)});
        if (stop > request.dueAt)
            timeline.spans.append({QStringLiteral("payer"), request.dueAt, stop,
                                   TimelineSpan::Style::ClockOverdue,
                                   QStringLiteral("%1 decision overdue").arg(what)});
    }
    return timeline;
}

} // namespace CareDesk
