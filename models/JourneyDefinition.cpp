// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/JourneyDefinition.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>

namespace CareDesk {

namespace {

// Reads one JSON object field by field, remembering the first thing that was wrong.
class Reader
{
public:
    Reader(const QJsonObject &object, QString where, QString *error)
        : m_object(object)
        , m_where(std::move(where))
        , m_error(error)
    {}

    QString text(const char *key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull()) {
            if (required)
                problem(QStringLiteral("%1 needs \"%2\"").arg(m_where, QLatin1String(key)));
            return QString();
        }
        if (!value.isString()) {
            problem(QStringLiteral("%1: \"%2\" must be text").arg(m_where, QLatin1String(key)));
            return QString();
        }
        return value.toString().trimmed();
    }

    int number(const char *key, int fallback, int minimum, int maximum)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull())
            return fallback;
        const double number = value.toDouble(-1e18);
        if (!value.isDouble() || number != double(qint64(number)) || number < minimum ||
            number > maximum) {
            problem(QStringLiteral("%1: \"%2\" must be a whole number from %3 to %4")
                        .arg(m_where, QLatin1String(key))
                        .arg(minimum)
                        .arg(maximum));
            return fallback;
        }
        return int(number);
    }

    bool flag(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isBool())
            problem(QStringLiteral("%1: \"%2\" must be true or false")
                        .arg(m_where, QLatin1String(key)));
        return value.toBool(false);
    }

    // A string or an array of strings; lower-cased when asked (codes compare so).
    QStringList texts(const char *key, bool lower)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        QStringList out;
        if (value.isUndefined() || value.isNull())
            return out;
        const QJsonArray array = value.isArray() ? value.toArray() : QJsonArray{value};
        for (const QJsonValue &entry : array) {
            if (!entry.isString() || entry.toString().trimmed().isEmpty()) {
                problem(QStringLiteral("%1: \"%2\" must be text or a list of text")
                            .arg(m_where, QLatin1String(key)));
                return {};
            }
            out.append(lower ? entry.toString().trimmed().toLower() : entry.toString().trimmed());
        }
        return out;
    }

    QJsonArray array(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isArray())
            problem(QStringLiteral("%1: \"%2\" must be a list").arg(m_where, QLatin1String(key)));
        return value.toArray();
    }

    QJsonObject object(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isObject())
            problem(
                QStringLiteral("%1: \"%2\" must be an object").arg(m_where, QLatin1String(key)));
        return value.toObject();
    }

    void problem(const QString &message)
    {
        if (m_error->isEmpty())
            *m_error = message;
    }

private:
    QJsonObject m_object;
    QString m_where;
    QString *m_error;
};

JourneyTrigger readTrigger(const QJsonValue &value, const QString &where, QString *error)
{
    Reader reader(value.toObject(), where, error);
    if (!value.isObject())
        reader.problem(QStringLiteral("%1 must be an object with \"event\"").arg(where));
    JourneyTrigger trigger;
    trigger.event = reader.text("event", true);
    trigger.codes = reader.texts("codes", true);
    trigger.statuses = reader.texts("statuses", true);
    trigger.minCount = reader.number("minCount", 0, 0, 1000);
    return trigger;
}

QJsonObject triggerJson(const JourneyTrigger &trigger)
{
    QJsonObject object{{QStringLiteral("event"), trigger.event}};
    if (!trigger.codes.isEmpty())
        object.insert(QStringLiteral("codes"), QJsonArray::fromStringList(trigger.codes));
    if (!trigger.statuses.isEmpty())
        object.insert(QStringLiteral("statuses"), QJsonArray::fromStringList(trigger.statuses));
    if (trigger.minCount > 0)
        object.insert(QStringLiteral("minCount"), trigger.minCount);
    return object;
}

void readStages(const QJsonArray &array, JourneyDefinition &definition, QString *error)
{
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("stage %1").arg(i + 1);
        Reader reader(array.at(i).toObject(), where, error);
        JourneyStage stage;
        stage.id = reader.text("id", true);
        stage.title = reader.text("title");
        if (stage.title.isEmpty())
            stage.title = stage.id;
        stage.expectedDays = reader.number("expectedDays", 0, 0, 3650);
        stage.terminal = reader.flag("terminal");
        const QJsonArray steps = reader.array("steps");
        for (qsizetype s = 0; s < steps.size(); ++s) {
            const QString stepWhere = QStringLiteral("%1 step %2").arg(where).arg(s + 1);
            Reader stepReader(steps.at(s).toObject(), stepWhere, error);
            JourneyStep step;
            step.id = stepReader.text("id", true);
            step.title = stepReader.text("title");
            if (step.title.isEmpty())
                step.title = step.id;
            step.dueDays = stepReader.number("dueDays", 0, 1, 3650);
            step.windowDays = stepReader.number("windowDays", 14, 0, 3650);
            const QJsonValue doneBy = steps.at(s).toObject().value(QLatin1String("doneBy"));
            const QJsonArray triggers = doneBy.isArray() ? doneBy.toArray() : QJsonArray{doneBy};
            for (qsizetype t = 0; t < triggers.size(); ++t) {
                if (triggers.at(t).isUndefined())
                    continue;
                step.doneBy.append(
                    readTrigger(triggers.at(t),
                                QStringLiteral("%1 doneBy %2").arg(stepWhere).arg(t + 1), error));
            }
            stage.steps.append(step);
        }
        definition.stages.append(stage);
    }
}

} // namespace

bool JourneyTrigger::matches(const JourneyEvent &event) const
{
    if (event.type != this->event)
        return false;
    if (!statuses.isEmpty() && !statuses.contains(event.status.toLower()))
        return false;
    if (codes.isEmpty())
        return true;
    for (const QString &code : event.codes) {
        if (codes.contains(code))
            return true;
    }
    return false;
}

bool JourneyTransition::leaves(const QString &stageId, bool stageTerminal) const
{
    return from.contains(stageId) || (!stageTerminal && from.contains(QStringLiteral("*")));
}

QStringList JourneyDefinition::eventTypes()
{
    return {QStringLiteral("task"),        QStringLiteral("eligibility-request"),
            QStringLiteral("eligibility"), QStringLiteral("preauth-request"),
            QStringLiteral("preauth"),     QStringLiteral("dispense"),
            QStringLiteral("appointment"), QStringLiteral("adt"),
            QStringLiteral("consent"),     QStringLiteral("action")};
}

QStringList JourneyDefinition::exceptionKinds()
{
    return {QStringLiteral("stalled-stage"),        QStringLiteral("missing-consent"),
            QStringLiteral("refill-overdue"),       QStringLiteral("low-adherence"),
            QStringLiteral("eligibility-failed"),   QStringLiteral("authorization-denied"),
            QStringLiteral("authorization-expired")};
}

Result<JourneyDefinition> JourneyDefinition::parse(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The journey definition is not valid JSON (at byte %1: %2).")
                        .arg(parseError.offset)
                        .arg(parseError.errorString()));
    if (!document.isObject())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The journey definition must be a JSON object."));

    QString error;
    const QJsonObject root = document.object();
    Reader reader(root, QStringLiteral("The journey definition"), &error);
    if (reader.text("format", true) != QLatin1String(kFormat) && error.isEmpty())
        error = QStringLiteral("The journey definition's \"format\" must be \"%1\".")
                    .arg(QLatin1String(kFormat));

    JourneyDefinition definition;
    definition.version = reader.number("version", 0, 1, 1000000);
    if (definition.version == 0)
        reader.problem(QStringLiteral("The journey definition needs a \"version\" of 1 or more."));
    definition.program = reader.text("program", true);
    definition.title = reader.text("title");
    definition.initialStage = reader.text("initialStage", true);
    definition.timeZone = reader.text("timeZone");
    if (definition.timeZone.isEmpty())
        definition.timeZone = QStringLiteral("UTC");
    definition.consentGraceDays = reader.number("consentGraceDays", 3, 0, 365);
    readStages(reader.array("stages"), definition, &error);

    const QJsonArray transitions = reader.array("transitions");
    for (qsizetype i = 0; i < transitions.size(); ++i) {
        const QString where = QStringLiteral("transition %1").arg(i + 1);
        Reader transitionReader(transitions.at(i).toObject(), where, &error);
        JourneyTransition transition;
        transition.from = transitionReader.texts("from", false);
        transition.to = transitionReader.text("to", true);
        transition.on = readTrigger(transitions.at(i).toObject().value(QLatin1String("on")),
                                    where + QStringLiteral(" \"on\""), &error);
        if (transition.from.isEmpty())
            transitionReader.problem(QStringLiteral("%1 needs \"from\"").arg(where));
        definition.transitions.append(transition);
    }

    Reader clocks(reader.object("clocks"), QStringLiteral("clocks"), &error);
    definition.clocks.expeditedHours = clocks.number("expeditedHours", 72, 1, 24 * 90);
    definition.clocks.standardHours = clocks.number("standardHours", 168, 1, 24 * 90);

    const QJsonObject adherenceObject = reader.object("adherence");
    Reader adherence(adherenceObject, QStringLiteral("adherence"), &error);
    AdherenceSettings &settings = definition.adherence;
    settings.threshold = adherence.number("thresholdPercent", 80, 1, 100) / 100.0;
    settings.alertWindowDays = adherence.number("alertWindowDays", 90, 7, 720);
    settings.minimumObservedDays = adherence.number("minimumObservedDays", 30, 1, 720);
    settings.refillGraceDays = adherence.number("refillGraceDays", 7, 0, 180);
    settings.permissibleGapDays = adherence.number("permissibleGapDays", 60, 1, 365);
    settings.therapyTerms = adherence.texts("therapyTerms", true);
    if (adherenceObject.contains(QLatin1String("windows"))) {
        settings.windows.clear();
        for (const QJsonValue &days : adherence.array("windows")) {
            const int value = days.toInt(0);
            if (value < 7 || value > 720)
                adherence.problem(QStringLiteral("adherence: each window is 7 to 720 days"));
            settings.windows.append(value);
        }
    }

    const QJsonObject exceptions = reader.object("exceptions");
    for (const QString &kind : exceptionKinds()) {
        ExceptionRule rule;
        rule.kind = kind;
        const QJsonObject object = exceptions.value(kind).toObject();
        Reader ruleReader(object, QStringLiteral("exceptions \"%1\"").arg(kind), &error);
        const QString tier = ruleReader.text("tier");
        if (!tier.isEmpty()) {
            const auto parsed = tierFromName(tier);
            if (!parsed || *parsed == TriageTier::Emergent)
                ruleReader.problem(QStringLiteral("exceptions \"%1\": the tier must be \"urgent\" "
                                                  "or \"routine\" (journey exceptions never page "
                                                  "like an emergency)")
                                       .arg(kind));
            else
                rule.tier = *parsed;
        }
        rule.dueHours = ruleReader.number("dueHours", 72, 1, 24 * 60);
        definition.exceptions.append(rule);
    }
    for (auto it = exceptions.begin(); it != exceptions.end(); ++it) {
        if (!exceptionKinds().contains(it.key()) && error.isEmpty())
            error = QStringLiteral("exceptions: unknown kind \"%1\"; the kinds are %2.")
                        .arg(it.key(), exceptionKinds().join(QStringLiteral(", ")));
    }

    if (!error.isEmpty())
        return fail(Error::Code::InvalidInput,
                    error.endsWith(u'.') ? error : error + QStringLiteral("."));
    return definition;
}

Result<JourneyDefinition> JourneyDefinition::fromJson(const QByteArray &json)
{
    auto definition = parse(json);
    if (!definition)
        return definition;
    const QStringList found = definition->problems();
    if (!found.isEmpty())
        return fail(Error::Code::InvalidInput, found.join(u' '));
    return definition;
}

QStringList JourneyDefinition::problems() const
{
    QStringList found;
    QSet<QString> ids;
    for (const JourneyStage &candidate : stages) {
        if (candidate.id.isEmpty())
            found.append(tr("A stage has no id."));
        else if (ids.contains(candidate.id))
            found.append(tr("Stage \"%1\" is defined twice.").arg(candidate.id));
        ids.insert(candidate.id);
        QSet<QString> stepIds;
        for (const JourneyStep &step : candidate.steps) {
            if (stepIds.contains(step.id))
                found.append(tr("Stage \"%1\" has step \"%2\" twice.").arg(candidate.id, step.id));
            stepIds.insert(step.id);
            if (step.doneBy.isEmpty())
                found.append(tr("Step \"%1\" of stage \"%2\" says nothing about what "
                                "completes it (\"doneBy\").")
                                 .arg(step.id, candidate.id));
            for (const JourneyTrigger &trigger : step.doneBy) {
                if (!eventTypes().contains(trigger.event))
                    found.append(tr("Step \"%1\" waits for an unknown event \"%2\".")
                                     .arg(step.id, trigger.event));
            }
        }
    }
    if (stages.isEmpty())
        return {tr("The journey has no stages.")};
    if (!ids.contains(initialStage))
        found.append(tr("The initial stage \"%1\" is not one of the stages.").arg(initialStage));

    for (qsizetype i = 0; i < transitions.size(); ++i) {
        const JourneyTransition &transition = transitions.at(i);
        for (const QString &from : transition.from) {
            if (from != QLatin1String("*") && !ids.contains(from))
                found.append(
                    tr("Transition %1 leaves from unknown stage \"%2\".").arg(i + 1).arg(from));
        }
        if (!ids.contains(transition.to))
            found.append(
                tr("Transition %1 goes to unknown stage \"%2\".").arg(i + 1).arg(transition.to));
        if (!eventTypes().contains(transition.on.event))
            found.append(tr("Transition %1 waits for an unknown event \"%2\"; the "
                            "events are %3.")
                             .arg(i + 1)
                             .arg(transition.on.event, eventTypes().join(QStringLiteral(", "))));
    }
    if (!QTimeZone::isTimeZoneIdAvailable(timeZone.toLatin1()))
        found.append(tr("The time zone \"%1\" is not an IANA time zone this system "
                        "knows.")
                         .arg(timeZone));
    for (int days : adherence.windows) {
        if (days < 7 || days > 720)
            found.append(tr("Adherence windows are 7 to 720 days; got %1.").arg(days));
    }
    if (!found.isEmpty())
        return found; // the graph checks below need sound references

    // Reachability from the initial stage.
    QSet<QString> reached{initialStage};
    QStringList frontier{initialStage};
    while (!frontier.isEmpty()) {
        const QString current = frontier.takeFirst();
        for (const QString &next : nextStages(current)) {
            if (!reached.contains(next)) {
                reached.insert(next);
                frontier.append(next);
            }
        }
    }
    bool anyTerminal = false;
    for (const JourneyStage &candidate : stages) {
        anyTerminal = anyTerminal || candidate.terminal;
        if (!reached.contains(candidate.id))
            found.append(tr("Stage \"%1\" cannot be reached from the initial stage "
                            "\"%2\".")
                             .arg(candidate.id, initialStage));
    }
    if (!anyTerminal)
        found.append(tr("No stage is terminal, so no journey can ever close."));

    // Dead ends: no way out, or no way to any terminal stage (a loop with no exit).
    QSet<QString> canFinish;
    for (const JourneyStage &candidate : stages) {
        if (candidate.terminal)
            canFinish.insert(candidate.id);
    }
    for (bool grew = true; grew;) {
        grew = false;
        for (const JourneyStage &candidate : stages) {
            if (canFinish.contains(candidate.id))
                continue;
            for (const QString &next : nextStages(candidate.id)) {
                if (canFinish.contains(next)) {
                    canFinish.insert(candidate.id);
                    grew = true;
                    break;
                }
            }
        }
    }
    for (const JourneyStage &candidate : stages) {
        if (candidate.terminal)
            continue;
        if (nextStages(candidate.id).isEmpty())
            found.append(tr("Stage \"%1\" is a dead end: no transition leaves it and "
                            "it is not terminal.")
                             .arg(candidate.id));
        else if (anyTerminal && !canFinish.contains(candidate.id))
            found.append(tr("Stage \"%1\" is a dead end: no terminal stage can be "
                            "reached from it.")
                             .arg(candidate.id));
    }
    return found;
}

QStringList JourneyDefinition::nextStages(const QString &stageId) const
{
    const JourneyStage *from = stage(stageId);
    QStringList next;
    for (const JourneyTransition &transition : transitions) {
        if (from && transition.leaves(stageId, from->terminal) && transition.to != stageId &&
            !next.contains(transition.to))
            next.append(transition.to);
    }
    return next;
}

int JourneyDefinition::stageIndex(const QString &id) const
{
    for (qsizetype i = 0; i < stages.size(); ++i) {
        if (stages.at(i).id == id)
            return int(i);
    }
    return -1;
}

const JourneyStage *JourneyDefinition::stage(const QString &id) const
{
    const int index = stageIndex(id);
    return index < 0 ? nullptr : &stages.at(index);
}

ExceptionRule JourneyDefinition::rule(const QString &kind) const
{
    for (const ExceptionRule &candidate : exceptions) {
        if (candidate.kind == kind)
            return candidate;
    }
    return ExceptionRule{kind, TriageTier::Routine, 72};
}

QJsonObject JourneyDefinition::toJson() const
{
    QJsonArray stageArray;
    for (const JourneyStage &stage : stages) {
        QJsonObject object{{QStringLiteral("id"), stage.id},
                           {QStringLiteral("title"), stage.title}};
        if (stage.expectedDays > 0)
            object.insert(QStringLiteral("expectedDays"), stage.expectedDays);
        if (stage.terminal)
            object.insert(QStringLiteral("terminal"), true);
        QJsonArray steps;
        for (const JourneyStep &step : stage.steps) {
            QJsonArray doneBy;
            for (const JourneyTrigger &trigger : step.doneBy)
                doneBy.append(triggerJson(trigger));
            steps.append(QJsonObject{{QStringLiteral("id"), step.id},
                                     {QStringLiteral("title"), step.title},
                                     {QStringLiteral("dueDays"), step.dueDays},
                                     {QStringLiteral("windowDays"), step.windowDays},
                                     {QStringLiteral("doneBy"), doneBy}});
        }
        if (!steps.isEmpty())
            object.insert(QStringLiteral("steps"), steps);
        stageArray.append(object);
    }
    QJsonArray transitionArray;
    for (const JourneyTransition &transition : transitions) {
        transitionArray.append(QJsonObject{
            {QStringLiteral("from"), transition.from.size() == 1
                                         ? QJsonValue(transition.from.first())
                                         : QJsonValue(QJsonArray::fromStringList(transition.from))},
            {QStringLiteral("to"), transition.to},
            {QStringLiteral("on"), triggerJson(transition.on)}});
    }
    QJsonObject exceptionObject;
    for (const ExceptionRule &rule : exceptions)
        exceptionObject.insert(rule.kind, QJsonObject{{QStringLiteral("tier"), tierName(rule.tier)},
                                                      {QStringLiteral("dueHours"), rule.dueHours}});
    QJsonArray windows;
    for (int days : adherence.windows)
        windows.append(days);
    QJsonObject adherenceObject{
        {QStringLiteral("thresholdPercent"), qRound(adherence.threshold * 100)},
        {QStringLiteral("alertWindowDays"), adherence.alertWindowDays},
        {QStringLiteral("minimumObservedDays"), adherence.minimumObservedDays},
        {QStringLiteral("refillGraceDays"), adherence.refillGraceDays},
        {QStringLiteral("permissibleGapDays"), adherence.permissibleGapDays},
        {QStringLiteral("windows"), windows}};
    if (!adherence.therapyTerms.isEmpty())
        adherenceObject.insert(QStringLiteral("therapyTerms"),
                               QJsonArray::fromStringList(adherence.therapyTerms));
    return QJsonObject{
        {QStringLiteral("format"), QLatin1String(kFormat)},
        {QStringLiteral("version"), version},
        {QStringLiteral("program"), program},
        {QStringLiteral("title"), title},
        {QStringLiteral("timeZone"), timeZone},
        {QStringLiteral("initialStage"), initialStage},
        {QStringLiteral("consentGraceDays"), consentGraceDays},
        {QStringLiteral("stages"), stageArray},
        {QStringLiteral("transitions"), transitionArray},
        {QStringLiteral("clocks"),
         QJsonObject{{QStringLiteral("expeditedHours"), clocks.expeditedHours},
                     {QStringLiteral("standardHours"), clocks.standardHours}}},
        {QStringLiteral("adherence"), adherenceObject},
        {QStringLiteral("exceptions"), exceptionObject},
    };
}

QByteArray JourneyDefinition::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

} // namespace CareDesk
