// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/JourneyTimeline.h"

#include <QHash>
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
                                   tr("Supply of %1").arg(report.medication)});
        }
        for (const RefillGap &gap : report.gaps) {
            const auto [start, end] = daysAsTimes(gap.span, zone);
            timeline.spans.append({QStringLiteral("dispense"), start, end, TimelineSpan::Style::Gap,
                                   tr("%n day(s) without %1", nullptr, gap.daysWithoutSupply)
                                       .arg(report.medication)});
        }
        for (const DaySpan &span : report.hospital) {
            const auto [start, end] = daysAsTimes(span, zone);
            timeline.spans.append({QStringLiteral("adt"), start, end, TimelineSpan::Style::Hospital,
                                   tr("In hospital (%n day(s))", nullptr, int(span.days()))});
        }
    }

    for (const AuthorizationRequest &request : journey.authorizations) {
        if (!request.submittedAt.isValid())
            continue;
        const QDateTime stop = request.decided() ? request.decidedAt : journey.computedAt;
        const QString what = request.kind == AuthorizationRequest::Kind::Eligibility
                                 ? tr("Eligibility")
                                 : tr("Prior authorization");
        const QDateTime inTime = qMin(stop, request.dueAt);
        if (inTime > request.submittedAt)
            timeline.spans.append({QStringLiteral("payer"), request.submittedAt, inTime,
                                   TimelineSpan::Style::Clock,
                                   tr("%1: %2").arg(what, statusLabel(request.status))});
        if (stop > request.dueAt)
            timeline.spans.append({QStringLiteral("payer"), request.dueAt, stop,
                                   TimelineSpan::Style::ClockOverdue,
                                   tr("%1: decision overdue").arg(what)});
    }
    return timeline;
}

QString JourneyTimeline::kindLabel(const QString &kind)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("task"), QT_TR_NOOP("task")},
        {QStringLiteral("eligibility"), QT_TR_NOOP("benefits check")},
        {QStringLiteral("authorization"), QT_TR_NOOP("prior authorization")},
        {QStringLiteral("dispense"), QT_TR_NOOP("dispense")},
        {QStringLiteral("medication"), QT_TR_NOOP("medication")},
        {QStringLiteral("appointment"), QT_TR_NOOP("appointment")},
        {QStringLiteral("message"), QT_TR_NOOP("message")},
        {QStringLiteral("consent"), QT_TR_NOOP("consent")},
        {QStringLiteral("mentor"), QT_TR_NOOP("mentor")},
        {QStringLiteral("action"), QT_TR_NOOP("coordinator")},
        {QStringLiteral("encounter"), QT_TR_NOOP("encounter")},
        {QStringLiteral("condition"), QT_TR_NOOP("condition")},
        {QStringLiteral("admission"), QT_TR_NOOP("admission")},
        {QStringLiteral("discharge"), QT_TR_NOOP("discharge")},
        {QStringLiteral("transfer"), QT_TR_NOOP("transfer")},
        {QStringLiteral("registration"), QT_TR_NOOP("registration")},
        {QStringLiteral("pre-admission"), QT_TR_NOOP("pre-admission")},
        {QStringLiteral("update"), QT_TR_NOOP("update")},
        {QStringLiteral("merge"), QT_TR_NOOP("merge")},
        {QStringLiteral("admission-cancelled"), QT_TR_NOOP("admission cancelled")},
        {QStringLiteral("transfer-cancelled"), QT_TR_NOOP("transfer cancelled")},
        {QStringLiteral("discharge-cancelled"), QT_TR_NOOP("discharge cancelled")},
        {QStringLiteral("adt"), QT_TR_NOOP("hospital event")},
    };
    const auto it = labels.constFind(kind);
    return it == labels.cend() ? kind : tr(*it);
}

QString JourneyTimeline::statusLabel(const QString &status)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("completed"), QT_TR_NOOP("completed")},
        {QStringLiteral("complete"), QT_TR_NOOP("complete")},
        {QStringLiteral("queued"), QT_TR_NOOP("queued")},
        {QStringLiteral("requested"), QT_TR_NOOP("requested")},
        {QStringLiteral("accepted"), QT_TR_NOOP("accepted")},
        {QStringLiteral("received"), QT_TR_NOOP("received")},
        {QStringLiteral("ready"), QT_TR_NOOP("ready")},
        {QStringLiteral("in-progress"), QT_TR_NOOP("in progress")},
        {QStringLiteral("on-hold"), QT_TR_NOOP("on hold")},
        {QStringLiteral("cancelled"), QT_TR_NOOP("cancelled")},
        {QStringLiteral("rejected"), QT_TR_NOOP("rejected")},
        {QStringLiteral("failed"), QT_TR_NOOP("failed")},
        {QStringLiteral("draft"), QT_TR_NOOP("draft")},
        {QStringLiteral("active"), QT_TR_NOOP("active")},
        {QStringLiteral("inactive"), QT_TR_NOOP("inactive")},
        {QStringLiteral("entered-in-error"), QT_TR_NOOP("entered in error")},
        {QStringLiteral("booked"), QT_TR_NOOP("booked")},
        {QStringLiteral("fulfilled"), QT_TR_NOOP("attended")},
        {QStringLiteral("noshow"), QT_TR_NOOP("did not attend")},
        {QStringLiteral("arrived"), QT_TR_NOOP("arrived")},
        {QStringLiteral("proposed"), QT_TR_NOOP("proposed")},
        {QStringLiteral("pending"), QT_TR_NOOP("pending")},
        {QStringLiteral("submitted"), QT_TR_NOOP("submitted")},
        {QStringLiteral("pended"), QT_TR_NOOP("pended by the payer")},
        {QStringLiteral("eligible"), QT_TR_NOOP("eligible")},
        {QStringLiteral("ineligible"), QT_TR_NOOP("not eligible")},
        {QStringLiteral("approved"), QT_TR_NOOP("approved")},
        {QStringLiteral("partial"), QT_TR_NOOP("partly approved")},
        {QStringLiteral("denied"), QT_TR_NOOP("denied")},
        {QStringLiteral("error"), QT_TR_NOOP("error")},
        {QStringLiteral("expired"), QT_TR_NOOP("no decision in time")},
        {QStringLiteral("done"), QT_TR_NOOP("done")},
        {QStringLiteral("finished"), QT_TR_NOOP("finished")},
        {QStringLiteral("planned"), QT_TR_NOOP("planned")},
        {QStringLiteral("stopped"), QT_TR_NOOP("stopped")},
        {QStringLiteral("introduced"), QT_TR_NOOP("introduced")},
        {QStringLiteral("closed"), QT_TR_NOOP("closed")},
        {QStringLiteral("met"), QT_TR_NOOP("met")},
        {QStringLiteral("declined"), QT_TR_NOOP("declined")},
        {QStringLiteral("no-response"), QT_TR_NOOP("no response")},
    };
    const auto it = labels.constFind(status);
    return it == labels.cend() ? status : tr(*it);
}

} // namespace CareDesk
