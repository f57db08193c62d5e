// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/TriageTier.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace CareDesk {

// One position of a lexicon term after normalisation. In the pack a word ending in '*' is a stem
// ("suicid*" meets "suicidal" and "suicide") and a lone '*' skips up to two words
// ("chest * hurts" meets "chest hurts" and "chest really hurts").
struct TermToken {
    enum class Kind { Exact, Prefix, Gap };

    Kind kind = Kind::Exact;
    QString text;     // normalised word, the stem without '*' for Prefix, empty for Gap
    QString squeezed; // text with repeated characters collapsed, to meet "painnnn"
    quint64 hash = 0; // ReplyTokenizer::wordHash of text and of squeezed
    quint64 squeezedHash = 0;
};

struct Term {
    QString written; // as written in the pack, for error messages
    QList<TermToken> tokens;
};

// A measurement that signals a concept: a number within one of the ranges, at most two words
// after one of the words ("temp 39.5", "temperature is 103"). Both scales may be listed.
struct NumberRule {
    QSet<QString> after;
    QList<std::pair<double, double>> ranges; // inclusive
};

// A concept that is worse beside certain others: black stool with fainting is a bleed that has
// already cost blood pressure. Raised to `tier` when one of `flags` is affirmed in the reply.
struct FlagEscalation {
    QSet<QString> flags;
    TriageTier tier = TriageTier::Emergent;
};

// A clinical concept ("chest-pain") with the tier it carries when the patient affirms it.
struct Concept {
    QString flag;
    TriageTier tier = TriageTier::Routine;
    // Raised to this tier when another concept is affirmed in the same reply ("missed my doses
    // and now I'm dizzy"); nullopt when the concept stands alone.
    std::optional<TriageTier> withOtherSymptom;
    bool reviewWhenNegated = false; // "no thoughts of hurting myself" still goes to a person
    QList<Term> terms;
    std::optional<NumberRule> numbers;
    std::optional<FlagEscalation> withFlags;
};

// ConText-style cue families. Pre cues look forward, post cues look back, both may do both.
enum class CueCategory {
    Negation,
    Uncertainty,
    Historical,
    OtherPerson,
    Affirmation,     // "never had chest pain like this": cancels a negation
    Recurrence,      // "went away but came back": cancels a negation across the sentence
    Hypothetical,    // "what should I do if I get chest pain": not happening now
    Pseudo,          // "no idea", "not only": look like triggers but are not
    Terminator,      // ends every scope: "but", "just", ".", "\n"
    SelfReference,   // "I", "me", "my": ends an other-person scope
    StrongConnector, // "or", "nor": a list under one negation
    WeakConnector,   // ",", "and": a list, or two clauses
};

struct Cue {
    CueCategory category = CueCategory::Pseudo;
    bool pre = false;
    bool post = false;
    Term term;
};

// One parsed and validated language pack, e.g. resources/lexicons/triage-en.json.
struct Lexicon {
    QString source; // file name, for messages
    QString language;
    QString version;

    QList<Concept> concepts;
    QList<Term> exclusions;    // "stroke of luck": phrases that contain a term but are not one
    QSet<QString> gapBlockers; // words a '*' in a term may never skip ("chest doesn't hurt")
    QList<Cue> cues;
    QSet<QString> negationGapWords; // words allowed between a negation and its concept

    QList<Term> optOutKeywords;
    QList<Term> optOutPrefixes;
    QList<Term> optOutNegators;
    QSet<QString> optOutFillers;

    // Possible adverse events: words that tie a symptom to the therapy ("since I started the
    // injection"), concepts that are such a tie by themselves ("side effect"), and concepts that
    // are no symptom ("missed-dose").
    QList<Term> therapyLinks;
    QSet<QString> adverseEventConcepts;
    QSet<QString> notSymptoms;
    QSet<QString> improvementWords; // "better", "gone": a symptom that improves is no event

    QSet<QString> vocabulary; // every word the pack knows, to guess the reply's language
    // Common words of languages the pack is often mistaken for ("je", "estou", "ich"): a reply
    // made of them is in a language no pack reads, unless another pack knows the word.
    QSet<QString> otherLanguageWords;
};

TermToken makeTermToken(TermToken::Kind kind, const QString &text);

// Parses and validates one pack. The error names the file and what is wrong with it.
// Keys: "format" (1), "language", "version", "concepts" [{flag, tier, terms, withOtherSymptom?,
// reviewWhenNegated?, numbers? {after, ranges}, withFlags? {flags, tier}}], "exclusions",
// "gapBlockers", "cues" {negation, uncertainty, historical, otherPerson, affirmation, recurrence,
// hypothetical: {pre, post, either}; negation.gapWords; otherPerson.selfReference; pseudo;
// terminators; connectors {strong, weak}}, "optOut" {keywords, prefixes, negators, fillers},
// "adverseEvent" {therapyLinks, linkConcepts, notSymptoms, improvementWords}, "commonWords",
// "otherLanguageWords". Unknown keys ("licence", "notes") are ignored.
// docs/triage.md describes the format.
Result<Lexicon> parseLexicon(const QByteArray &json, const QString &source);

// Compiles one term as written in a pack ("chest * hurt*"); exposed for tests.
Result<Term> compileTerm(const QString &written);

} // namespace CareDesk
