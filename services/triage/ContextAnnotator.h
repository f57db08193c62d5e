// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/triage/Lexicon.h"
#include "services/triage/PatternSet.h"
#include "services/triage/ReplyTokenizer.h"

#include <QList>
#include <QSet>

namespace CareDesk {

struct CueInfo {
    CueCategory category = CueCategory::Pseudo;
    bool pre = false;
    bool post = false;
};

// How the patient framed one matched concept. More than one flag may hold.
struct ContextFlags {
    bool negated = false;
    // Reached from a negation only across "," or "and" ("no fever, chest pain since noon"):
    // a list or two clauses; treated as uncertain so a person decides.
    bool negationAmbiguous = false;
    bool uncertain = false;
    bool historical = false;
    bool otherPerson = false;
    bool reaffirmed = false;   // "never had chest pain like this": the negation does not hold
    bool hypothetical = false; // "what should I do if I get chest pain"
};

// NegEx/ConText over one reply. A cue reaches the nearest concept in its direction within a few
// words and inside the clause, then every concept listed after it with connectors only
// ("denies chest pain, shortness of breath or palpitations"). Clauses end at terminators
// ("but", "just", ".", new line) and at the next cue. Between a negation and its concept only
// filler words may stand ("don't have any chest pain"), so "I could not sleep, chest pain" and
// "not ok can't breathe" stay affirmed: a wrong negation would drop a red flag. A recurrence
// cue ("came back") looks back across clauses to the start of its sentence, so "chest pain went
// away but came back" is affirmed. docs/triage.md describes the rules.
class ContextAnnotator
{
public:
    // concepts and cues must not overlap among themselves or each other, ordered by position;
    // a cue's payload indexes cueInfo.
    ContextAnnotator(const QList<Token> &tokens, const QList<PatternMatch> &concepts,
                     const QList<PatternMatch> &cues, const QList<CueInfo> &cueInfo,
                     const QSet<QString> &negationGapWords);

    QList<ContextFlags> annotate() const; // one per concept, in the order given

private:
    const CueInfo &infoAt(qsizetype token) const;
    bool endsScope(qsizetype token, CueCategory scope) const;
    bool isGapWord(qsizetype token, CueCategory scope) const;
    std::optional<qsizetype> nearestConcept(const PatternMatch &cue, CueCategory category,
                                            bool forward) const;
    // How concept k + 1 of a list is joined to the one before it.
    enum class Link {
        Strong,    // "or", "nor": one list under one cue
        Word,      // "and", "&": a list, or two clauses
        PunctOnly, // ",", "/": a list, or a new clause ("a stroke?, I can't feel my leg")
    };
    // The concept itself and those listed after it, with links[k] joining concept k + 1.
    QList<qsizetype> listFrom(qsizetype start, bool forward, QList<Link> *links) const;
    void apply(CueCategory category, const QList<qsizetype> &list, const QList<Link> &links,
               QList<ContextFlags> &flags) const;

    const QList<Token> &m_tokens;
    const QList<PatternMatch> &m_concepts;
    const QList<PatternMatch> &m_cues;
    const QList<CueInfo> &m_cueInfo;
    const QSet<QString> &m_negationGapWords;
    QList<qsizetype> m_conceptStartAt; // concept index starting at a token, or -1
    QList<qsizetype> m_conceptEndAt;   // concept index ending at a token, or -1
    QList<qsizetype> m_cueAt;          // cue index covering a token, or -1
};

} // namespace CareDesk
