// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Classification.h"
#include "models/Error.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <array>

namespace CareDesk {

class ReplyClassifier;

// One labelled reply of tests/data/triage/eval-set.tsv.
struct EvalCase {
    QString id;
    QString language;
    TriageTier tier = TriageTier::Routine;
    bool optOut = false;
    bool review = false;
    bool adverseEvent = false; // the reply ties a symptom of the patient's to the therapy
    QString text;
    QString note;
    int line = 0;
};

// One reply whose classification differs from its label.
struct EvalMiss {
    enum class Kind {
        UnderTriage,  // read at a lower tier than labelled: a safety miss
        OverTriage,   // read at a higher tier
        OptOut,       // opt-out recognised where none was meant, or missed
        AdverseEvent, // a possible adverse event missed, or found where there is none
        Review,       // review flag differs (reported, not scored)
    };
    Kind kind = Kind::UnderTriage;
    EvalCase expected;
    Classification actual;
};

struct TierScore {
    int labelled = 0;  // rows labelled with this tier
    int predicted = 0; // rows the classifier put at this tier
    int correct = 0;   // both
    double recall() const { return labelled ? double(correct) / labelled : 1.0; }
    double precision() const { return predicted ? double(correct) / predicted : 1.0; }
};

// Scores a classifier against an evaluation set: per-tier recall and precision over the rows
// in a language the packs read, opt-out accuracy, review agreement, and every miss.
struct EvalReport {
    std::array<TierScore, 3> tiers; // indexed by int(TriageTier)
    int scored = 0;                 // rows in a language the packs read
    int unread = 0;                 // rows in other languages: only "review" is checked
    int optOutLabelled = 0;
    int optOutFound = 0;
    int optOutCorrect = 0;
    TierScore adverseEvents; // labelled, predicted and correct possible adverse events
    int reviewAgreed = 0;
    QList<EvalMiss> misses;

    const TierScore &score(TriageTier tier) const { return tiers.at(std::size_t(tier)); }
    int count(EvalMiss::Kind kind) const;
    // Lines for a person: the figures, then every miss with what was matched.
    QStringList describe() const;
};

// Reads the TSV; the error names the line that is wrong.
Result<QList<EvalCase>> loadEvalSet(const QString &path);
EvalReport evaluate(const ReplyClassifier &classifier, const QList<EvalCase> &cases);
// "emergent; opt-out; review; chest-pain/affirmed "chest hurts"".
QString describeClassification(const Classification &result);

} // namespace CareDesk
