// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/triage/Lexicon.h"
#include "services/triage/ReplyTokenizer.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QVarLengthArray>

#include <optional>

namespace CareDesk {

// A stretch of tokens [first, last] that met one term of a PatternSet.
struct PatternMatch {
    qsizetype first = 0;
    qsizetype last = 0; // inclusive
    int payload = 0;    // what the caller attached to the term
    bool fuzzy = false; // met with one typo
    // Bit i set: token first + i was skipped by a '*' of the term (the patient's own word, not
    // the lexicon's).
    quint64 skipped = 0;
    qsizetype size() const { return last - first + 1; }
};

// Terms compiled once and indexed by their first and second words, so a reply is matched in one
// pass without regular expressions. Not thread-affine; const use is safe from any thread.
class PatternSet
{
public:
    enum class Matching {
        Exact,
        // Red flags: one typo in a word of four or more letters of a multi-word term
        // ("chest pian"), one typo in a single word of nine or more letters ("dizzyness"),
        // and multi-word terms written as one word ("chestpain").
        Tolerant,
    };

    void add(const Term &term, int payload, Matching matching = Matching::Exact);
    // Words a '*' in a term may not skip, so "chest * hurts" never meets "chest doesn't hurt".
    void setGapBlockers(const QSet<QString> &blockers) { m_gapBlockers = blockers; }

    // Every match at every position, overlapping ones included, ordered by first token.
    QList<PatternMatch> findAll(const QList<Token> &tokens) const;
    // The longest match that begins at token `at`.
    std::optional<PatternMatch> longestAt(const QList<Token> &tokens, qsizetype at) const;

private:
    struct Entry {
        QList<TermToken> tokens;
        int payload = 0;
        bool typoAllowed = false;
    };

    using Candidates = QVarLengthArray<int, 64>;

    void addEntry(Entry entry);
    void candidatesAt(const QList<Token> &tokens, qsizetype at, Candidates &ids) const;
    std::optional<PatternMatch> matchEntry(int entryId, const QList<Token> &tokens,
                                           qsizetype at) const;
    struct Progress {
        qsizetype start = 0; // the token the match began at
        qsizetype last = -1;
        int typosLeftAtEnd = 0;
        quint64 skipped = 0;
    };
    bool matchFrom(const Entry &entry, qsizetype termPos, const QList<Token> &tokens, qsizetype at,
                   int typosLeft, Progress &progress) const;

    QList<Entry> m_entries;
    // Keyed by ReplyTokenizer::wordHash; a candidate is always checked word by word.
    QHash<quint64, QList<int>> m_byFirst;   // exact first word, and its squeezed form
    QHash<quint64, QList<int>> m_bySecond;  // typo-tolerant terms by their second word
    QHash<quint64, QList<int>> m_stemFirst; // terms that begin with a stem, by its first letters
    // One long word that tolerates a typo, under each (letter, length) of a word that can be
    // within one edit of it: its first or second letter, at its length or one apart.
    QHash<quint64, QList<int>> m_longSingles;
    QSet<QString> m_gapBlockers;
};

} // namespace CareDesk
