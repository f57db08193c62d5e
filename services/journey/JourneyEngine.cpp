// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/journey/JourneyEngine.h"

#include <algorithm>

namespace CareDesk {

JourneyEngine::JourneyEngine(const JourneyDefinition &definition)
    : m_definition(definition)
{}

void JourneyEngine::sortEvents(QList<JourneyEvent> &events)
{
    // Time order; ties keep a stable, reproducible order by source.
    std::stable_sort(events.begin(), events.end(),
                     [](const JourneyEvent &a, const JourneyEvent &b) {
                         if (a.when != b.when)
                             return a.when < b.when;
                         return a.reference() < b.reference();
                     });
}

bool JourneyEngine::canMove(const QString &fromStage, const QString &toStage) const
{
    return fromStage != toStage && m_definition.nextStages(fromStage).contains(toStage);
}

void JourneyEngine::finishSteps(QList<StepState> &steps, qsizetype from, const QDateTime &until)
{
    // Steps of a visit that ended (or of the current one, until now) that came due undone.
    for (qsizetype s = from; s < steps.size(); ++s) {
        if (!steps.at(s).doneAt.isValid() && steps.at(s).dueAt < until)
            steps[s].overdue = true;
    }
}

JourneyState JourneyEngine::run(QList<JourneyEvent> events, const QDateTime &now) const
{
    JourneyState state;
    events.erase(std::remove_if(events.begin(), events.end(),
                                [](const JourneyEvent &event) { return !event.when.isValid(); }),
                 events.end());
    if (events.isEmpty() || !m_definition.stage(m_definition.initialStage))
        return state;
    sortEvents(events);

    state.enrolled = true;
    state.startedAt = events.first().when;
    QList<int> counts(m_definition.transitions.size(), 0);
    qsizetype firstStepOfVisit = 0;

    auto enter = [&](const QString &stageId, const JourneyEvent &by) {
        if (!state.visits.isEmpty()) {
            state.visits.last().leftAt = by.when;
            finishSteps(state.steps, firstStepOfVisit, by.when);
        }
        StageVisit visit;
        visit.stageId = stageId;
        visit.enteredAt = by.when;
        visit.movedInBy = by.text;
        visit.resourceType = by.resourceType;
        visit.resourceId = by.resourceId;
        state.visits.append(visit);
        firstStepOfVisit = state.steps.size();
        for (const JourneyStep &step : m_definition.stage(stageId)->steps) {
            StepState entry;
            entry.stageId = stageId;
            entry.stepId = step.id;
            entry.title = step.title;
            entry.dueAt = by.when.addDays(step.dueDays);
            state.steps.append(entry);
        }
    };
    JourneyEvent start = events.first();
    start.text = QStringLiteral("Journey started: ") + start.text;
    enter(m_definition.initialStage, start);

    for (const JourneyEvent &event : events) {
        const QString current = state.visits.last().stageId;
        const JourneyStage *stage = m_definition.stage(current);

        if (event.type == QLatin1String("action") && !event.targetStage.isEmpty()) {
            if (canMove(current, event.targetStage))
                enter(event.targetStage, event);
            else
                state.ignoredActions.append(
                    QStringLiteral("%1: %2 -> %3 is not a path of the "
                                   "journey")
                        .arg(event.reference(), current, event.targetStage));
            continue;
        }

        bool moved = false;
        for (qsizetype i = 0; i < m_definition.transitions.size(); ++i) {
            const JourneyTransition &transition = m_definition.transitions.at(i);
            if (!transition.on.matches(event))
                continue;
            ++counts[i];
            if (!moved && transition.leaves(current, stage->terminal) && transition.to != current &&
                counts[i] >= transition.on.minCount) {
                enter(transition.to, event);
                moved = true;
            }
        }
        if (moved)
            continue;

        // The event may complete a step of the visit it falls in: the earliest due one it fits.
        const StageVisit &visit = state.visits.last();
        for (qsizetype s = firstStepOfVisit; s < state.steps.size(); ++s) {
            StepState &step = state.steps[s];
            if (step.doneAt.isValid())
                continue;
            const JourneyStep *definitionStep = nullptr;
            for (const JourneyStep &candidate : stage->steps) {
                if (candidate.id == step.stepId)
                    definitionStep = &candidate;
            }
            bool fits = false;
            if (event.type == QLatin1String("action")) {
                fits = event.step == step.stepId;
            } else if (definitionStep &&
                       event.when >= visit.enteredAt.addDays(definitionStep->dueDays -
                                                             definitionStep->windowDays)) {
                fits = std::any_of(definitionStep->doneBy.cbegin(), definitionStep->doneBy.cend(),
                                   [&event](const JourneyTrigger &t) { return t.matches(event); });
            }
            if (fits) {
                step.doneAt = event.when;
                step.doneBy = event.reference();
                break;
            }
        }
    }

    const StageVisit &last = state.visits.last();
    finishSteps(state.steps, firstStepOfVisit, now);
    state.currentStage = last.stageId;
    state.currentSince = last.enteredAt;
    const JourneyStage *current = m_definition.stage(last.stageId);
    if (!current->terminal && current->expectedDays > 0) {
        const QDateTime limit = last.enteredAt.addDays(current->expectedDays);
        state.stalled = now > limit;
        if (state.stalled)
            state.stalledSince = limit;
    }
    return state;
}

} // namespace CareDesk
