// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/JourneyCommands.h"

#include "app/AppContext.h"
#include "services/journey/JourneyExceptions.h"
#include "services/journey/JourneyService.h"
#include "services/journey/MentorService.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace CareDesk {

namespace {

struct CommandShape {
    const char *name;
    int words; // including the command; 0: "program", which checks its own
    const char *usage;
};

const QList<CommandShape> &shapes()
{
    static const QList<CommandShape> list{
        {"journey", 2, "journey PATIENT [--json]"},
        {"journey-scan", 1, "journey-scan"},
        {"journey-move", 3, "journey-move PATIENT STAGE"},
        {"journey-step", 3, "journey-step PATIENT STEP"},
        {"adherence", 2, "adherence PATIENT [--json]"},
        {"mentors", 2, "mentors PATIENT [--json]"},
        {"mentor-registry", 2, "mentor-registry FILE"},
        {"mentor-propose", 3, "mentor-propose PATIENT MENTOR"},
        {"mentor-consent", 4, "mentor-consent INTRODUCTION patient|mentor yes|no"},
        {"mentor-introduce", 2, "mentor-introduce INTRODUCTION"},
        {"mentor-outcome", 3, "mentor-outcome INTRODUCTION met|declined|no-response"},
        {"program", 0, "program show | program set FILE"},
    };
    return list;
}

QJsonValue time(const QDateTime &when)
{
    return when.isValid() ? QJsonValue(when.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

QJsonValue date(const QDate &day)
{
    return day.isValid() ? QJsonValue(day.toString(Qt::ISODate)) : QJsonValue();
}

QJsonValue text(const QString &value)
{
    return value.isEmpty() ? QJsonValue() : QJsonValue(value);
}

QString written(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::NotFound,
                    QStringLiteral("%1: cannot be read (%2).").arg(path, file.errorString()));
    return file.read(16 << 20);
}

QJsonObject clockJson(const AuthorizationRequest &request, const QDateTime &now)
{
    QJsonObject object{
        {QStringLiteral("kind"), request.kindName()},
        {QStringLiteral("request"), text(request.requestRef)},
        {QStringLiteral("response"), text(request.responseRef)},
        {QStringLiteral("status"), request.status},
        {QStringLiteral("expedited"), request.expedited},
        {QStringLiteral("submittedAt"), time(request.submittedAt)},
        {QStringLiteral("dueAt"), time(request.dueAt)},
        {QStringLiteral("decidedAt"), time(request.decidedAt)},
        {QStringLiteral("decidedLate"), request.decidedLate},
        {QStringLiteral("attempt"), request.attempt},
        {QStringLiteral("resubmissionOf"), text(request.resubmissionOf)},
        {QStringLiteral("resubmitted"), request.resubmitted},
        {QStringLiteral("denialReasons"), QJsonArray::fromStringList(request.denialReasons)},
    };
    // Hours left on a running clock (negative once it ran out).
    if (!request.decided() && request.dueAt.isValid())
        object.insert(QStringLiteral("hoursLeft"),
                      qRound(now.secsTo(request.dueAt) / 360.0) / 10.0);
    return object;
}

QJsonObject journeyJson(const PatientJourney &journey)
{
    const JourneyDefinition &definition = journey.definition;
    const JourneyState &state = journey.state;
    QJsonArray stages;
    for (const StageVisit &visit : state.visits) {
        const JourneyStage *stage = definition.stage(visit.stageId);
        stages.append(
            QJsonObject{{QStringLiteral("id"), visit.stageId},
                        {QStringLiteral("title"), stage ? stage->title : visit.stageId},
                        {QStringLiteral("enteredAt"), time(visit.enteredAt)},
                        {QStringLiteral("leftAt"), time(visit.leftAt)},
                        {QStringLiteral("movedInBy"), visit.movedInBy},
                        {QStringLiteral("source"),
                         visit.resourceType.isEmpty()
                             ? QJsonValue()
                             : QJsonValue(visit.resourceType + u'/' + visit.resourceId)}});
    }
    QJsonArray steps;
    for (const StepState &step : state.steps)
        steps.append(QJsonObject{{QStringLiteral("stage"), step.stageId},
                                 {QStringLiteral("id"), step.stepId},
                                 {QStringLiteral("title"), step.title},
                                 {QStringLiteral("dueAt"), time(step.dueAt)},
                                 {QStringLiteral("doneAt"), time(step.doneAt)},
                                 {QStringLiteral("doneBy"), text(step.doneBy)},
                                 {QStringLiteral("overdue"), step.overdue}});
    QJsonArray clocks;
    for (const AuthorizationRequest &request : journey.authorizations)
        clocks.append(clockJson(request, journey.computedAt));
    QJsonArray exceptions;
    for (const JourneyException &exception : journey.exceptions)
        exceptions.append(QJsonObject{
            {QStringLiteral("kind"), exception.kind},
            {QStringLiteral("tier"), tierName(exception.tier)},
            {QStringLiteral("dueHours"), exception.dueHours},
            {QStringLiteral("summary"), exception.summary},
            {QStringLiteral("aroseAt"), time(exception.aroseAt)},
            {QStringLiteral("source"), text(exception.sourceRef)},
            {QStringLiteral("triageItem"),
             exception.triageItemId > 0 ? QJsonValue(exception.triageItemId) : QJsonValue()},
            {QStringLiteral("itemStatus"), text(exception.itemStatus)}});
    const JourneyStage *current = definition.stage(state.currentStage);
    QJsonObject currentJson;
    if (current)
        currentJson = QJsonObject{{QStringLiteral("id"), current->id},
                                  {QStringLiteral("title"), current->title},
                                  {QStringLiteral("since"), time(state.currentSince)},
                                  {QStringLiteral("expectedDays"), current->expectedDays},
                                  {QStringLiteral("terminal"), current->terminal},
                                  {QStringLiteral("stalled"), state.stalled},
                                  {QStringLiteral("stalledSince"), time(state.stalledSince)}};
    return QJsonObject{
        {QStringLiteral("patient"), journey.masterId},
        {QStringLiteral("program"), definition.program},
        {QStringLiteral("definitionVersion"), definition.version},
        {QStringLiteral("computedAt"), time(journey.computedAt)},
        {QStringLiteral("enrolled"), state.enrolled},
        {QStringLiteral("startedAt"), time(state.startedAt)},
        {QStringLiteral("currentStage"), current ? QJsonValue(currentJson) : QJsonValue()},
        {QStringLiteral("stages"), stages},
        {QStringLiteral("steps"), steps},
        {QStringLiteral("clocks"), clocks},
        {QStringLiteral("exceptions"), exceptions},
        {QStringLiteral("ignoredActions"), QJsonArray::fromStringList(state.ignoredActions)},
    };
}

QJsonObject windowJson(const PdcWindow &window)
{
    QJsonObject object{{QStringLiteral("start"), date(window.start)},
                       {QStringLiteral("end"), date(window.end)},
                       {QStringLiteral("eligibleDays"), window.eligibleDays},
                       {QStringLiteral("coveredDays"), window.coveredDays},
                       {QStringLiteral("pdc"), qRound(window.pdc * 10000) / 10000.0},
                       {QStringLiteral("complete"), window.complete}};
    if (window.days > 0)
        object.insert(QStringLiteral("days"), window.days);
    return object;
}

QJsonObject adherenceJson(const PatientJourney &journey)
{
    const AdherenceSettings &settings = journey.definition.adherence;
    QJsonArray medications;
    for (const AdherenceReport &report : journey.adherence) {
        QJsonArray windows;
        for (const PdcWindow &window : report.windows)
            windows.append(windowJson(window));
        QJsonArray persistence;
        for (const PersistencePoint &point : report.persistence)
            persistence.append(
                QJsonObject{{QStringLiteral("day"), point.day},
                            {QStringLiteral("state"), persistenceName(point.state)}});
        QJsonArray gaps;
        for (const RefillGap &gap : report.gaps)
            gaps.append(QJsonObject{{QStringLiteral("start"), date(gap.span.first)},
                                    {QStringLiteral("end"), date(gap.span.last)},
                                    {QStringLiteral("daysWithoutSupply"), gap.daysWithoutSupply},
                                    {QStringLiteral("open"), gap.open}});
        QJsonArray hospital;
        for (const DaySpan &span : report.hospital)
            hospital.append(QJsonObject{{QStringLiteral("start"), date(span.first)},
                                        {QStringLiteral("end"), date(span.last)},
                                        {QStringLiteral("days"), span.days()}});
        medications.append(
            QJsonObject{{QStringLiteral("medication"), report.medication},
                        {QStringLiteral("indexDate"), date(report.indexDate)},
                        {QStringLiteral("fills"), report.fills},
                        {QStringLiteral("supplyEndsOn"), date(report.supplyEndsOn)},
                        {QStringLiteral("daysWithoutSupply"), report.daysWithoutSupply},
                        {QStringLiteral("refillOverdue"), report.refillOverdue},
                        {QStringLiteral("belowThreshold"), report.belowThreshold},
                        {QStringLiteral("alertWindow"), windowJson(report.alertWindow)},
                        {QStringLiteral("windows"), windows},
                        {QStringLiteral("persistence"), persistence},
                        {QStringLiteral("gaps"), gaps},
                        {QStringLiteral("hospitalDays"), hospital},
                        {QStringLiteral("discontinuedOn"), date(report.discontinuedOn)},
                        {QStringLiteral("notes"), QJsonArray::fromStringList(report.notes)}});
    }
    return QJsonObject{
        {QStringLiteral("patient"), journey.masterId},
        {QStringLiteral("asOf"),
         date(journey.computedAt.toTimeZone(QTimeZone(journey.definition.timeZone.toLatin1()))
                  .date())},
        {QStringLiteral("threshold"), settings.threshold},
        {QStringLiteral("refillGraceDays"), settings.refillGraceDays},
        {QStringLiteral("permissibleGapDays"), settings.permissibleGapDays},
        {QStringLiteral("medications"), medications},
    };
}

QJsonObject introductionJson(const MentorIntroduction &intro)
{
    return QJsonObject{{QStringLiteral("id"), intro.id},
                       {QStringLiteral("mentor"), intro.mentorId},
                       {QStringLiteral("name"), intro.mentorName},
                       {QStringLiteral("status"), intro.status},
                       {QStringLiteral("proposedAt"), time(intro.proposedAt)},
                       {QStringLiteral("patientConsent"), text(intro.patientConsent)},
                       {QStringLiteral("mentorConsent"), text(intro.mentorConsent)},
                       {QStringLiteral("introducedAt"), time(intro.introducedAt)},
                       {QStringLiteral("outcome"), text(intro.outcome)},
                       {QStringLiteral("outcomeAt"), time(intro.outcomeAt)}};
}

QJsonObject mentorsJson(const MentorMatch &match)
{
    QJsonArray proposals;
    QJsonArray excluded;
    for (const MentorProposal &proposal : match.proposals) {
        QJsonArray reasons;
        for (const MatchReason &reason : proposal.reasons)
            reasons.append(QJsonObject{{QStringLiteral("factor"), reason.factor},
                                       {QStringLiteral("points"), reason.points},
                                       {QStringLiteral("max"), reason.maxPoints},
                                       {QStringLiteral("text"), reason.text}});
        QJsonObject object{
            {QStringLiteral("mentor"), proposal.mentor.mentorId},
            {QStringLiteral("name"), proposal.mentor.displayName},
            {QStringLiteral("score"), proposal.score},
            {QStringLiteral("reasons"), reasons},
            {QStringLiteral("languages"), QJsonArray::fromStringList(proposal.mentor.languages)},
            {QStringLiteral("timeZone"), proposal.mentor.timeZone},
            {QStringLiteral("capacity"), proposal.mentor.capacity},
            {QStringLiteral("openIntroductions"), proposal.mentor.openIntroductions},
            {QStringLiteral("availabilityHours"), qRound(proposal.availabilityHours * 10) / 10.0}};
        if (proposal.excludedBecause.isEmpty()) {
            object.insert(QStringLiteral("rank"), proposal.rank);
            proposals.append(object);
        } else {
            object.insert(QStringLiteral("excludedBecause"), proposal.excludedBecause);
            excluded.append(object);
        }
    }
    QJsonArray introductions;
    for (const MentorIntroduction &intro : match.introductions)
        introductions.append(introductionJson(intro));
    return QJsonObject{
        {QStringLiteral("patient"), match.patient.masterId},
        {QStringLiteral("stage"), match.patient.stageId},
        {QStringLiteral("language"), text(match.patient.language)},
        {QStringLiteral("ageBand"), text(match.patient.ageBand)},
        {QStringLiteral("timeZone"), match.patient.timeZone},
        {QStringLiteral("proposals"), proposals},
        {QStringLiteral("excluded"), excluded},
        {QStringLiteral("introductions"), introductions},
    };
}

void printJourney(const PatientJourney &journey, QTextStream &out)
{
    const JourneyState &state = journey.state;
    if (!state.enrolled) {
        out << journey.masterId << ": no journey yet (no journey records)" << Qt::endl;
        return;
    }
    const JourneyStage *current = journey.definition.stage(state.currentStage);
    out << journey.masterId << ": " << (current ? current->title : state.currentStage) << " since "
        << state.currentSince.toString(Qt::ISODate)
        << (state.stalled ? QStringLiteral(" (STALLED)") : QString()) << Qt::endl;
    for (const StageVisit &visit : state.visits)
        out << "  stage\t" << visit.stageId << "\t" << visit.enteredAt.toString(Qt::ISODate) << "\t"
            << visit.movedInBy << Qt::endl;
    for (const StepState &step : state.steps)
        out << "  step\t" << step.stepId << "\tdue " << step.dueAt.toString(Qt::ISODate) << "\t"
            << (step.doneAt.isValid() ? QStringLiteral("done ") + step.doneAt.toString(Qt::ISODate)
                : step.overdue        ? QStringLiteral("OVERDUE")
                                      : QStringLiteral("open"))
            << Qt::endl;
    for (const AuthorizationRequest &request : journey.authorizations)
        out << "  clock\t" << request.kindName() << "\t" << request.status << "\tdue "
            << request.dueAt.toString(Qt::ISODate) << "\t"
            << request.denialReasons.join(QStringLiteral("; ")) << Qt::endl;
    for (const JourneyException &exception : journey.exceptions)
        out << "  exception\t" << exception.kind << "\t" << tierName(exception.tier) << "\t"
            << (exception.triageItemId > 0 ? QStringLiteral("item %1").arg(exception.triageItemId)
                                           : QStringLiteral("not in the queue yet"))
            << "\t" << exception.summary << Qt::endl;
}

Result<qint64> introductionId(const QString &word)
{
    bool ok = false;
    const qint64 id = word.toLongLong(&ok);
    if (!ok || id <= 0)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("\"%1\" is not an introduction number.").arg(word));
    return id;
}

} // namespace

bool isJourneyCommand(const QString &command)
{
    return std::any_of(shapes().cbegin(), shapes().cend(), [&command](const CommandShape &shape) {
        return command == QLatin1String(shape.name);
    });
}

QString journeyCommandHelp()
{
    QStringList lines;
    for (const CommandShape &shape : shapes())
        lines.append(QStringLiteral("  ") + QLatin1String(shape.usage));
    return lines.join(u'\n');
}

Result<int> runJourneyCommand(AppContext &ctx, const QStringList &args, bool json, QTextStream &out)
{
    const QString command = args.value(0);
    const auto shape =
        std::find_if(shapes().cbegin(), shapes().cend(), [&command](const CommandShape &candidate) {
            return command == QLatin1String(candidate.name);
        });
    if (shape == shapes().cend())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("unknown command \"%1\"").arg(command));
    const bool programShape =
        shape->words == 0 && ((args.size() == 2 && args.at(1) == QLatin1String("show")) ||
                              (args.size() == 3 && args.at(1) == QLatin1String("set")));
    if (shape->words == 0 ? !programShape : args.size() != shape->words)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("usage: %1").arg(QLatin1String(shape->usage)));
    JourneyService &journeys = ctx.journeys();
    MentorService &mentors = ctx.mentors();
    const Principal who = ctx.principal();
    auto patient = [&journeys, &args] {
        return journeys.findPatient(args.at(1));
    };

    if (command == QLatin1String("journey") || command == QLatin1String("adherence")) {
        auto masterId = patient();
        if (!masterId)
            return std::unexpected(masterId.error());
        auto journey = journeys.journey(who, *masterId);
        if (!journey)
            return std::unexpected(journey.error());
        if (command == QLatin1String("adherence")) {
            if (json) {
                out << written(adherenceJson(*journey));
                return 0;
            }
            for (const AdherenceReport &report : journey->adherence) {
                out << report.medication << ": " << report.fills << " fills from "
                    << report.indexDate.toString(Qt::ISODate) << Qt::endl;
                for (const PdcWindow &window : report.windows)
                    out << "  PDC " << window.days << " days\t"
                        << QString::number(window.pdc * 100, 'f', 1) << "%"
                        << (window.complete ? QString() : QStringLiteral(" (so far)")) << Qt::endl;
                for (const RefillGap &gap : report.gaps)
                    out << "  gap\t" << gap.span.first.toString(Qt::ISODate) << " .. "
                        << gap.span.last.toString(Qt::ISODate) << "\t" << gap.daysWithoutSupply
                        << " days" << (gap.open ? QStringLiteral(" (open)") : QString())
                        << Qt::endl;
            }
            if (journey->adherence.isEmpty())
                out << *masterId << ": no completed dispenses" << Qt::endl;
            return 0;
        }
        if (json)
            out << written(journeyJson(*journey));
        else
            printJourney(*journey, out);
        return 0;
    }

    if (command == QLatin1String("journey-scan")) {
        auto report = JourneyExceptions(ctx.cache(), ctx.audit(), ctx.clock(), journeys).raise(who);
        if (!report)
            return std::unexpected(report.error());
        out << report->describe() << Qt::endl;
        return 0;
    }

    if (command == QLatin1String("journey-move") || command == QLatin1String("journey-step")) {
        auto masterId = patient();
        if (!masterId)
            return std::unexpected(masterId.error());
        JourneyAction action;
        action.kind = command == QLatin1String("journey-move") ? JourneyAction::Kind::Move
                                                               : JourneyAction::Kind::CompleteStep;
        (action.kind == JourneyAction::Kind::Move ? action.stage : action.step) = args.at(2);
        auto id = journeys.recordAction(*masterId, action, who);
        if (!id)
            return std::unexpected(id.error());
        out << QStringLiteral("journey action %1 recorded for %2").arg(*id).arg(*masterId)
            << Qt::endl;
        return 0;
    }

    if (command == QLatin1String("mentors")) {
        auto masterId = patient();
        if (!masterId)
            return std::unexpected(masterId.error());
        auto match = mentors.proposals(who, *masterId);
        if (!match)
            return std::unexpected(match.error());
        if (json) {
            out << written(mentorsJson(*match));
            return 0;
        }
        for (const MentorProposal &proposal : match->proposals) {
            out << (proposal.rank > 0 ? QString::number(proposal.rank) : QStringLiteral("-"))
                << "\t" << proposal.mentor.mentorId << "\t" << proposal.score << "\t"
                << (proposal.excludedBecause.isEmpty()
                        ? QString()
                        : QStringLiteral("(not proposed: %1) ").arg(proposal.excludedBecause));
            QStringList reasons;
            for (const MatchReason &reason : proposal.reasons)
                reasons.append(QStringLiteral("%1 +%2").arg(reason.text).arg(reason.points));
            out << reasons.join(QStringLiteral("; ")) << Qt::endl;
        }
        return 0;
    }

    if (command == QLatin1String("mentor-registry")) {
        auto bytes = readFile(args.at(1));
        if (!bytes)
            return std::unexpected(bytes.error());
        auto count = mentors.importRegistry(*bytes, who);
        if (!count)
            return std::unexpected(count.error());
        out << QStringLiteral("mentor registry: %1 mentors added or updated").arg(*count)
            << Qt::endl;
        return 0;
    }

    if (command == QLatin1String("mentor-propose")) {
        auto masterId = patient();
        if (!masterId)
            return std::unexpected(masterId.error());
        auto id = mentors.propose(*masterId, args.at(2), who);
        if (!id)
            return std::unexpected(id.error());
        out << QStringLiteral("introduction %1 proposed").arg(*id) << Qt::endl;
        return 0;
    }

    if (command.startsWith(QLatin1String("mentor-"))) {
        auto id = introductionId(args.at(1));
        if (!id)
            return std::unexpected(id.error());
        VoidResult done;
        if (command == QLatin1String("mentor-consent")) {
            const QString answer = args.at(3);
            if (answer != QLatin1String("yes") && answer != QLatin1String("no"))
                return fail(Error::Code::InvalidInput,
                            QStringLiteral("usage: %1").arg(QLatin1String(shape->usage)));
            done = mentors.recordConsent(*id, args.at(2), answer == QLatin1String("yes"), who);
        } else if (command == QLatin1String("mentor-introduce")) {
            done = mentors.introduce(*id, who);
        } else {
            done = mentors.recordOutcome(*id, args.at(2), who);
        }
        if (!done)
            return std::unexpected(done.error());
        out << QStringLiteral("%1: introduction %2 done").arg(command).arg(*id) << Qt::endl;
        return 0;
    }

    // program show | program set FILE
    if (args.at(1) == QLatin1String("show")) {
        auto definition = journeys.definition();
        if (!definition)
            return std::unexpected(definition.error());
        out << QString::fromUtf8(definition->toJsonBytes());
        return 0;
    }
    if (args.at(1) == QLatin1String("set")) {
        auto bytes = readFile(args.at(2));
        if (!bytes)
            return std::unexpected(bytes.error());
        auto version = journeys.saveDefinition(*bytes, who);
        if (!version)
            return std::unexpected(version.error());
        out << QStringLiteral("journey definition version %1 saved").arg(*version) << Qt::endl;
        return 0;
    }
    return fail(Error::Code::InvalidInput,
                QStringLiteral("usage: %1").arg(QLatin1String(shape->usage)));
}

} // namespace CareDesk
