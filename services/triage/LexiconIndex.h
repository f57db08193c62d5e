// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/triage/ContextAnnotator.h"
#include "services/triage/Lexicon.h"
#include "services/triage/PatternSet.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace CareDesk {

// What a concept-set match stands for: a concept of one pack, or an exclusion ("stroke of luck")
// that only keeps a shorter concept from matching inside it.
struct ConceptRef {
    QString flag;
    TriageTier tier = TriageTier::Routine;
    std::optional<TriageTier> withOtherSymptom;
    bool reviewWhenNegated = false;
    bool exclusion = false;
    std::optional<FlagEscalation> withFlags;
};

// A pack's NumberRule, pointing at the concept it signals.
struct IndexedNumberRule {
    NumberRule rule;
    int ref = 0; // indexes LexiconIndex::conceptRefs
};

// All packs merged and compiled for matching. Every pack's terms apply to every reply, because
// patients mix languages ("tengo chest pain"); the packs only differ in which words they know.
struct LexiconIndex {
    PatternSet concepts; // payload indexes conceptRefs
    QList<ConceptRef> conceptRefs;
    QList<IndexedNumberRule> numberRules;
    PatternSet cues; // payload indexes cueInfo
    QList<CueInfo> cueInfo;
    QSet<QString> negationGapWords;

    PatternSet optOutKeywords;
    PatternSet optOutPrefixes;
    PatternSet optOutNegators;
    QSet<QString> optOutFillers;

    PatternSet therapyLinks;            // "since I started the injection"
    QSet<QString> adverseEventConcepts; // "side-effect": a link to the therapy by itself
    QSet<QString> notSymptoms;          // "missed-dose", never an adverse event
    QSet<QString> improvementWords;     // "better", "mejor"

    QStringList languages; // in load order
    // For each word any pack knows, one bit per pack (bit i for languages[i]) that knows it.
    QHash<quint64, quint32> vocabulary; // keyed by ReplyTokenizer::wordHash
    // Writing systems the packs' words use; a reply mostly in another one cannot be read.
    QSet<QChar::Script> scripts;
    // Words of languages no pack reads, less any word a pack knows; keyed like vocabulary.
    QSet<quint64> otherLanguageWords;
    QString version; // "en:2026.12.1,es:2026.12.1"

    static LexiconIndex build(const QList<Lexicon> &packs);
};

} // namespace CareDesk
