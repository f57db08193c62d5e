// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/JourneyEvent.h"
#include "models/TriageTier.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace CareDesk {

// What an event must look like to fire a transition or complete a step.
struct JourneyTrigger {
    QString event;        // a JourneyEvent type
    QStringList codes;    // any of these (lower case); empty matches any
    QStringList statuses; // any of these; empty matches any
    int minCount = 0;     // fires only from the Nth matching event on (1 = the first)

    bool matches(const JourneyEvent &event) const; // minCount is the engine's business
};

// A step expected within a stage, due a number of days after the patient entered it.
struct JourneyStep {
    QString id;
    QString title;
    int dueDays = 0;
    int windowDays = 14; // an event earlier than dueDays - windowDays does not count
    QList<JourneyTrigger> doneBy;
};

struct JourneyStage {
    QString id;
    QString title;
    int expectedDays = 0; // longer than this in the stage is a stalled stage; 0 = no limit
    bool terminal = false;
    QList<JourneyStep> steps;
};

struct JourneyTransition {
    QStringList from; // stage ids; "*" is any stage that is not terminal
    QString to;
    JourneyTrigger on;

    bool leaves(const QString &stageId, bool stageTerminal) const;
};

// The queue tier and deadline of one kind of journey exception.
struct ExceptionRule {
    QString kind;
    TriageTier tier = TriageTier::Routine;
    int dueHours = 72;
};

struct ClockSettings {
    int expeditedHours = 72; // payer decision due after an expedited request
    int standardHours = 168; // ... after a standard one (7 days)
};

struct AdherenceSettings {
    double threshold = 0.8;       // PDC below this raises an exception
    int alertWindowDays = 90;     // the exception looks at the trailing window of this length
    int minimumObservedDays = 30; // no PDC exception before this many days of therapy
    int refillGraceDays = 7;      // days without supply before a refill counts as overdue
    int permissibleGapDays = 60;  // a longer gap ends persistence (discontinuation)
    QList<int> windows{30, 90, 180, 360};
    QStringList therapyTerms; // dispenses whose medication mentions one of these; empty = all
};

// A program's journey, as data an administrator edits: stages, what moves a patient between
// them, the payer clocks, the adherence method's parameters and the exceptions' tiers.
// Stored as JSON ("format": "caredesk-journey") with a version that only ever increases.
class JourneyDefinition
{
    Q_DECLARE_TR_FUNCTIONS(CareDesk::JourneyDefinition)

public:
    static constexpr const char *kFormat = "caredesk-journey";

    QString program;
    QString title;
    int version = 0;
    QString initialStage;
    QString timeZone;         // IANA zone of the program's patients, for dates and daytime
    int consentGraceDays = 3; // days in the journey without an active consent before an exception
    QList<JourneyStage> stages;
    QList<JourneyTransition> transitions;
    ClockSettings clocks;
    AdherenceSettings adherence;
    QList<ExceptionRule> exceptions;

    // Reads the JSON form; an error names the field that is wrong. Does not check the graph.
    static Result<JourneyDefinition> parse(const QByteArray &json);
    // parse() and then validate(): only a definition with no problem is returned.
    static Result<JourneyDefinition> fromJson(const QByteArray &json);
    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;

    // Every reason this definition cannot be used, in plain sentences; empty when it is sound.
    // Rejects unknown stage references, stages no path reaches from the initial stage, and
    // dead ends: a stage that is not terminal but has no way out, or from which no terminal
    // stage can ever be reached.
    QStringList problems() const;

    int stageIndex(const QString &id) const;
    const JourneyStage *stage(const QString &id) const;
    ExceptionRule rule(const QString &kind) const;
    // Stage ids reachable in one transition from stageId.
    QStringList nextStages(const QString &stageId) const;

    static QStringList eventTypes();
    static QStringList exceptionKinds();
};

} // namespace CareDesk
