// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/journey/JourneyExceptionRules.h"

#include <QTimeZone>

namespace CareDesk {

namespace {

QString isoDate(const QDate &date)
{
    return date.toString(Qt::ISODate);
}

QString percent(double fraction)
{
    return QStringLiteral("%1%").arg(qRound(fraction * 100));
}

} // namespace

QList<JourneyException> journeyExceptions(const PatientJourney &journey,
                                          const QList<JourneyEvent> &events)
{
    QList<JourneyException> found;
    const JourneyDefinition &definition = journey.definition;
    const JourneyState &state = journey.state;
    const JourneyStage *current = definition.stage(state.currentStage);
    if (!state.enrolled || !current || current->terminal)
        return found;
    const QDateTime now = journey.computedAt;

    auto add = [&](const QString &kind, const QString &subject, const QString &summary,
                   const QDateTime &arose, const QString &sourceRef) {
        const ExceptionRule rule = definition.rule(kind);
        JourneyException exception;
        exception.kind = kind;
        exception.key = QStringLiteral("%1|%2|%3").arg(kind, journey.masterId, subject);
        exception.masterId = journey.masterId;
        exception.tier = rule.tier;
        exception.dueHours = rule.dueHours;
        exception.summary = summary;
        exception.aroseAt = arose;
        exception.sourceRef = sourceRef;
        found.append(exception);
    };

    if (state.stalled) {
        const StageVisit &visit = state.visits.last();
        add(QStringLiteral("stalled-stage"),
            QStringLiteral("%1|%2").arg(visit.stageId, visit.enteredAt.toString(Qt::ISODate)),
            QStringLiteral("Stalled in %1 for %2 days (the program expects %3)")
                .arg(current->title)
                .arg(visit.enteredAt.daysTo(now))
                .arg(current->expectedDays),
            state.stalledSince,
            visit.resourceType.isEmpty() ? QString()
                                         : visit.resourceType + u'/' + visit.resourceId);
    }

    // The latest Consent decides; a journey without one gets consentGraceDays.
    const JourneyEvent *consent = nullptr;
    for (const JourneyEvent &event : events) {
        if (event.type == QLatin1String("consent") && (!consent || event.when >= consent->when))
            consent = &event;
    }
    const QDateTime graceEnds = state.startedAt.addDays(definition.consentGraceDays);
    if (!consent && now > graceEnds) {
        add(QStringLiteral("missing-consent"), QStringLiteral("none"),
            QStringLiteral("No consent on file %1 days into the journey")
                .arg(state.startedAt.daysTo(now)),
            graceEnds, QString());
    } else if (consent && consent->status != QLatin1String("active")) {
        add(QStringLiteral("missing-consent"), consent->reference(),
            QStringLiteral("The patient's consent is no longer active (%1)").arg(consent->status),
            consent->when, consent->reference());
    }

    for (const AdherenceReport &report : journey.adherence) {
        if (report.refillOverdue) {
            const QDate due = report.supplyEndsOn.addDays(1);
            add(QStringLiteral("refill-overdue"),
                QStringLiteral("%1|%2").arg(report.medication, isoDate(due)),
                QStringLiteral("Refill overdue: %1 ran out on %2; %3 days without supply")
                    .arg(report.medication, isoDate(report.supplyEndsOn))
                    .arg(report.daysWithoutSupply),
                QDateTime(due.addDays(definition.adherence.refillGraceDays), QTime(0, 0),
                          QTimeZone(definition.timeZone.toLatin1())),
                QStringLiteral("MedicationDispense/") + report.fillIds.last());
        }
        if (report.belowThreshold) {
            // At most once a month while it stays low.
            const qint64 month = report.indexDate.daysTo(report.asOf) / 30;
            add(QStringLiteral("low-adherence"),
                QStringLiteral("%1|month-%2").arg(report.medication).arg(month),
                QStringLiteral("Adherence %1 over the last %2 days for %3 (below %4)")
                    .arg(percent(report.alertWindow.pdc))
                    .arg(report.alertWindow.eligibleDays)
                    .arg(report.medication, percent(definition.adherence.threshold)),
                now, QStringLiteral("MedicationDispense/") + report.fillIds.last());
        }
    }

    for (const AuthorizationRequest &request : journey.authorizations) {
        const QString ref =
            request.responseRef.isEmpty() ? request.requestRef : request.responseRef;
        const QString reasons = request.denialReasons.isEmpty()
                                    ? QStringLiteral("no reason given")
                                    : request.denialReasons.join(QStringLiteral("; "));
        if (request.kind == AuthorizationRequest::Kind::Eligibility &&
            (request.status == QLatin1String("ineligible") ||
             request.status == QLatin1String("error")) &&
            !request.resubmitted) {
            add(QStringLiteral("eligibility-failed"), ref,
                QStringLiteral("Benefits verification failed: %1").arg(reasons), request.decidedAt,
                ref);
        } else if (request.status == QLatin1String("denied") && !request.resubmitted) {
            add(QStringLiteral("authorization-denied"), ref,
                QStringLiteral("Prior authorization denied (attempt %1): %2")
                    .arg(request.attempt)
                    .arg(reasons),
                request.decidedAt, ref);
        } else if (request.status == QLatin1String("expired")) {
            add(QStringLiteral("authorization-expired"), request.requestRef,
                QStringLiteral("Payer decision overdue: %1 request (%2) was due %3")
                    .arg(
                        request.kind == AuthorizationRequest::Kind::Eligibility
                            ? QStringLiteral("eligibility")
                            : QStringLiteral("prior authorization"),
                        request.expedited
                            ? QStringLiteral("expedited, %1 h")
                                  .arg(definition.clocks.expeditedHours)
                            : QStringLiteral("standard, %1 h").arg(definition.clocks.standardHours),
                        request.dueAt.toString(Qt::ISODate)),
                request.dueAt, request.requestRef);
        }
    }
    return found;
}

} // namespace CareDesk
